"""Privacy at scale: anonymise, a resident's view and the memo with names, against score.

Run: python benchmarks/privacy_scale.py [--candidates N] [--per-candidate K]

One recruitment of N candidates and 20 panelists (5 residents), each
candidate rated at the interview by K of them, every note naming its
candidate and giving a phone number, as notes do. Each step is timed on the
same recruitment and printed as a ratio of ``rekrytera.score``'s time: what
grows with the recruitment should grow no faster than scoring it (the
privacy issue asked for at most 3x at 10,000 candidates).
"""

from __future__ import annotations

import argparse
import platform
import tempfile
from pathlib import Path

import attrs
from _timing import best

import rekrytera
from rekrytera import __version__
from rekrytera.model import Candidate, Identity, Panelist, Rating, Recruitment, Role, Stage
from rekrytera.privacy import view
from rekrytera.report import report

EXAMPLE = Path(__file__).parent.parent / "examples" / "socialsekreterare-barn-unga.toml"
FIRST = ["Anna", "Johan", "Sara", "Elin", "Åsa", "Leila", "Mohammed", "Karl", "Märta", "Örjan"]
LAST = ["Andersson", "Berg", "Nyström", "Öberg", "Rahimi", "Lindqvist", "Holm", "Ek"]
PANELISTS = 20


def recruitment(candidates: int, per_candidate: int) -> Recruitment:
    base = rekrytera.load(EXAMPLE)
    competences = [c.key for c in base.profile.assessed_at(Stage.INTERVIEW)]
    people = [
        Candidate(
            id=f"c{i}",
            identity=Identity(
                name=f"{FIRST[i % 10]} {LAST[i // 10 % 8]}{i}",
                email=f"c{i}@example.se",
                phone=f"070-{i % 1000:03} {i % 100:02} {i % 97:02}",
            ),
            meets=["socionomexamen"],
        )
        for i in range(candidates)
    ]
    panel = [
        Panelist(
            id=f"p{j}",
            role=Role.RESIDENT if j < 5 else Role.COLLEAGUE,
            identity=Identity(name=f"Bedömare {j}"),
        )
        for j in range(PANELISTS)
    ]
    ratings = [
        Rating(
            panelist=f"p{(i + k * 7) % PANELISTS}",
            candidate=c.id,
            stage=Stage.INTERVIEW,
            scores={key: 1 + (i + k + n) % 5 for n, key in enumerate(competences)},
            note=f"{c.identity.name} gav goda exempel; ring {c.identity.phone}.",
        )
        for i, c in enumerate(people)
        for k in range(per_candidate)
    ]
    return attrs.evolve(
        base,
        candidates=people,
        panel=panel,
        ratings=ratings,
        interviews=[],
        rankings=[],
        decision=None,
        screening=[],
        suggestions=[],
        need=None,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--per-candidate", type=int, default=3, help="ratings per candidate")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()

    rec = recruitment(args.candidates, min(args.per_candidate, PANELISTS))
    folder = Path(tempfile.mkdtemp())
    steps = {
        "rekrytera.score": lambda: rekrytera.score(rec),
        "anonymise": lambda: rekrytera.anonymise(rec, b"k" * 32),
        "a resident's view": lambda: view(rec, "p0").recruitment(),
        "report --names": lambda: report(rec, folder / "memo.html", names=True),
        "report": lambda: report(rec, folder / "memo2.html"),
    }
    print(f"rekrytera {__version__}, Python {platform.python_version()}, {platform.machine()}")
    print(
        f"{args.candidates} candidates, {PANELISTS} panelists, "
        f"{len(rec.ratings)} ratings with notes, best of {args.runs}"
    )
    print(f"{'':22}{'seconds':>9}{'ratio':>8}")
    baseline = 0.0
    for label, step in steps.items():
        seconds = best(step, runs=args.runs)
        baseline = baseline or seconds
        print(f"{label:22}{seconds:9.2f}{seconds / baseline:8.2f}")


if __name__ == "__main__":
    main()
