"""Loading 100,000 scores from JSON against msgspec decoding the same files.

Run: python benchmarks/load_json.py [--scores N] [--seed S]
Needs: pip install ".[analysis]"

Two shapes of the same number of scores (100,000 by default), both written by
``rekrytera simulate`` and timed in the same process:

- one file: a single recruitment of 15 × 5 × 8-sized ratings grown to N
  scores (many candidates), so the ratings are nearly all of it;
- a folder: realistic recruitments (a profile with anchors, an interview
  guide, a panel and 5–15 candidates each) until there are N scores. Like a
  real corpus, they share a few profiles and guides (``simulate`` makes them
  from the built-in templates), which ``analysis.load`` builds once each;
- the same folder with every profile and guide its own (one competence's
  description and one question differ per file): the worst case for that
  sharing. It has no target; it shows what the sharing is worth.

For each it times msgspec decoding every file into typed structs that mirror
the file format (unknown fields refused: the baseline, with the files already
in memory; and again reading each file, as issue #18's target counts it), the
standard library's ``json.loads`` (no checks at all),
``rekrytera.analysis.load`` (reads the files, checks every one as
``rekrytera.load`` checks it, and builds the columns), and ``rekrytera.load``
(the model objects). Ratios are against msgspec.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
from pathlib import Path
from typing import Literal

import attrs
import msgspec
from _timing import best

import rekrytera
from rekrytera import analysis
from rekrytera.simulate import Settings, simulate


class Strict(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """Typed, with unknown fields refused, as rekrytera's format is."""


class Scale(Strict, frozen=True):
    min: int = 1
    max: int = 5


class Requirement(Strict, frozen=True):
    key: str
    label: str
    basis: str | None = None
    description: str = ""


class Competence(Strict, frozen=True):
    key: str
    label: str
    weight: float = 1.0
    stages: list[Literal["screening", "interview", "work_sample"]] | None = None
    anchors: dict[str, str] = {}
    description: str = ""


class Profile(Strict, frozen=True):
    competences: list[Competence]
    scale: Scale = Scale()
    stages: dict[Literal["screening", "interview", "work_sample"], float] = {}
    requirements: list[Requirement] = []
    merits: list[Requirement] = []


class Info(Strict, frozen=True):
    id: str
    title: str
    organisation: str = ""
    area: str = ""
    attributes: dict[str, str] = {}


Role = Literal["hiring_manager", "hr", "colleague", "union", "resident", "supporter"]


class Panelist(Strict, frozen=True):
    id: str
    role: Role
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    personal_id: str | None = None
    identifiers: dict[str, str] = {}
    experience: list[str] = []
    conflicts: list[str] = []


class Candidate(Strict, frozen=True):
    id: str
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    personal_id: str | None = None
    identifiers: dict[str, str] = {}
    meets: list[str] = []
    merits: list[str] = []


class Rating(Strict, frozen=True):
    panelist: str
    candidate: str
    stage: Literal["screening", "interview", "work_sample"]
    scores: dict[str, float]
    phase: Literal["independent", "calibrated"] = "independent"
    note: str = ""


class Question(Strict, frozen=True):
    id: str
    text: str
    competence: str | None = None
    kind: str = "open"
    stage: Literal["screening", "interview", "work_sample"] = "interview"
    follow_ups: list[str] = []


class Guide(Strict, frozen=True):
    questions: list[Question] = []


class Decision(Strict, frozen=True):
    decided_by: str
    hired: list[str] = []
    date: str | None = None
    motivation: str = ""


class File(Strict, frozen=True):
    schema: int
    recruitment: Info
    profile: Profile
    panel: list[Panelist] = []
    candidates: list[Candidate] = []
    ratings: list[Rating] = []
    guide: Guide = Guide()
    decision: Decision | None = None


def measure(label: str, folder: Path, target: str = "target 2") -> None:
    files = sorted(folder.glob("*.json"))
    data = [f.read_bytes() for f in files]
    decoder = msgspec.json.Decoder(File)
    scores = sum(len(r.scores) for f in files for r in decoder.decode(f.read_bytes()).ratings)
    megabytes = sum(map(len, data)) / 1e6
    print(f"{label}: {len(files):,} files, {scores:,} scores, {megabytes:.1f} MB")
    base = best(lambda: [decoder.decode(d) for d in data])
    rows = [
        ("baseline: msgspec, typed structs", base),
        # Issue #18's baseline: the same decoding, reading each file as analysis.load does.
        (
            "msgspec, typed structs, reads included",
            best(lambda: [decoder.decode(f.read_bytes()) for f in files]),
        ),
        ("json.loads (no checks)", best(lambda: [json.loads(d) for d in data])),
        ("rekrytera.analysis.load (columnar, checked)", best(lambda: analysis.load(folder))),
        (
            "rekrytera.load (model objects, checked)",
            best(lambda: [rekrytera.load(f) for f in files], 2),
        ),
    ]
    for name, seconds in rows:
        print(f"  {name:48}{seconds:9.4f}{seconds / base:8.2f}")
    with_reads = rows[1][1]
    print(
        f"  rekrytera.analysis.load / msgspec with reads: {rows[3][1] / with_reads:.2f} ({target})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scores", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(
        f"rekrytera {rekrytera.__version__}, msgspec {msgspec.__version__}, "
        f"Python {platform.python_version()}, {platform.machine()}"
    )
    print(f"  {'':48}{'seconds':>9}{'ratio':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one"
        per_candidate = 5 * 8  # panelists × competences of the enhetschef template
        n = max(1, args.scores // per_candidate)
        settings = Settings(
            templates=("enhetschef",),
            candidates=(n, n),
            staff=(3, 3),
            residents=(2, 2),
            missing=0.0,
            calibrated=0.0,
        )
        rekrytera.export(list(simulate(1, seed=args.seed, settings=settings)), one, format="json")
        # Issue #18's target is for a folder; this shape is the ratings' worst case.
        measure("one file", one, "target 2 is for a folder")

        many = Path(tmp) / "many"
        recs, total = [], 0
        for rec in simulate(10**9, seed=args.seed):
            recs.append(rec)
            total += sum(len(r.scores) for r in rec.ratings)
            if total >= args.scores:
                break
        rekrytera.export(recs, many, format="json")
        measure("a folder", many)

        own = Path(tmp) / "own"
        rekrytera.export([own_profile(rec, i) for i, rec in enumerate(recs)], own, format="json")
        measure("the folder, every profile and guide its own", own, "no target")


def own_profile(rec: rekrytera.Recruitment, i: int) -> rekrytera.Recruitment:
    """*rec* with a profile and a guide no other file has: one text in each differs."""
    first, *rest = rec.profile.competences
    profile = attrs.evolve(
        rec.profile,
        competences=(attrs.evolve(first, description=f"{first.description} ({i})"), *rest),
    )
    guide = rec.guide
    if guide.questions:
        question, *others = guide.questions
        guide = attrs.evolve(
            guide, questions=(attrs.evolve(question, text=f"{question.text} ({i})"), *others)
        )
    return attrs.evolve(rec, profile=profile, guide=guide)


if __name__ == "__main__":
    main()
