"""SQLite export throughput against a raw ``sqlite3.executemany`` baseline.

Run: python benchmarks/export_sqlite.py [--ratings N] [--seed S]

Builds synthetic recruitments of 15 candidates × 5 panelists (one of them a
resident) × 8 competences at one stage until there are N scores (1,000,000 by
default), then times, in the same process:

- same rows, same schema: every row the store holds, inserted into an empty
  copy of its schema (tables and indexes) in one transaction;
- baseline: ``executemany`` of the same N score rows into one bare table, in
  one transaction;
- rekrytera: ``rekrytera.export(recruitments, "….sqlite")`` — every table of
  the store, the balanced result of each recruitment, its JSON document for
  lossless load-back, one transaction per recruitment.

It prints scores per second for both and the ratio of the times.
"""

from __future__ import annotations

import argparse
import platform
import random
import sqlite3
import tempfile
import time
from pathlib import Path

import rekrytera
from rekrytera.model import (
    Candidate,
    Competence,
    CompetenceProfile,
    Panelist,
    Rating,
    Recruitment,
    RecruitmentInfo,
    Role,
    Stage,
)

CANDIDATES, COMPETENCES = 15, 8
ROLES = [Role.HIRING_MANAGER, Role.HR, Role.COLLEAGUE, Role.UNION, Role.RESIDENT]


def synthetic(n: int, rng: random.Random) -> Recruitment:
    competences = [
        Competence(key=f"c{k}", label=f"Kompetens {k}", weight=rng.choice([1, 2, 3]))
        for k in range(COMPETENCES)
    ]
    panel = [Panelist(id=f"p{i}", role=role) for i, role in enumerate(ROLES)]
    candidates = [Candidate(id=f"k{c}") for c in range(CANDIDATES)]
    ratings = [
        Rating(
            panelist=p.id,
            candidate=c.id,
            stage=Stage.INTERVIEW,
            scores={k.key: float(rng.randint(1, 5)) for k in competences},
        )
        for p in panel
        for c in candidates
    ]
    return Recruitment(
        info=RecruitmentInfo(id=f"sim-{n:06}", title=f"Syntetisk rekrytering {n}"),
        profile=CompetenceProfile(competences=competences),
        panel=panel,
        candidates=candidates,
        ratings=ratings,
    )


def same_schema(store: Path, copy: Path) -> float:
    """Seconds to insert every row of *store* into an empty copy of its schema, in one transaction.

    The rows are read first (not timed): the baseline is what the store writes,
    without computing, serialising or committing per recruitment.
    """
    source = sqlite3.connect(store)
    tables = [
        (name, sql)
        for name, sql in source.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL "
            "AND name NOT LIKE 'sqlite_%'"
        )
    ]
    rows = {name: source.execute(f'SELECT * FROM "{name}"').fetchall() for name, _ in tables}
    indexes = [
        sql
        for (sql,) in source.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        )
    ]
    source.close()
    target = sqlite3.connect(copy)
    for _, sql in tables:
        target.execute(sql)
    for sql in indexes:
        target.execute(sql)
    target.commit()
    start = time.perf_counter()
    with target:
        for name, values in rows.items():
            if values:
                marks = ", ".join("?" * len(values[0]))
                target.executemany(f'INSERT INTO "{name}" VALUES ({marks})', values)
    seconds = time.perf_counter() - start
    target.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ratings", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    per = CANDIDATES * len(ROLES) * COMPETENCES
    rng = random.Random(args.seed)
    recruitments = [synthetic(n, rng) for n in range(max(1, args.ratings // per))]
    rows = [
        (rec.id, r.panelist, r.candidate, r.stage.value, r.phase.value, k, s)
        for rec in recruitments
        for r in rec.ratings
        for k, s in r.scores.items()
    ]

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        db = sqlite3.connect(Path(tmp) / "baseline.sqlite")
        db.execute(
            "CREATE TABLE ratings (recruitment_id TEXT, panelist_id TEXT, candidate_id TEXT, "
            "stage TEXT, phase TEXT, competence TEXT, score REAL)"
        )
        with db:
            db.executemany("INSERT INTO ratings VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        db.close()
        baseline = time.perf_counter() - start

        start = time.perf_counter()
        rekrytera.export(recruitments, Path(tmp) / "store.sqlite")
        ours = time.perf_counter() - start
        schema = same_schema(Path(tmp) / "store.sqlite", Path(tmp) / "copy.sqlite")

    python = platform.python_version()
    print(f"rekrytera {rekrytera.__version__}, Python {python}, {platform.machine()}")
    print(f"{len(rows):,} scores in {len(recruitments):,} recruitments")
    print(f"{'':34}{'seconds':>9}{'scores/s':>12}")
    print(f"{'baseline: executemany, one table':34}{baseline:9.2f}{len(rows) / baseline:12,.0f}")
    print(f"{'rekrytera: export to the store':34}{ours:9.2f}{len(rows) / ours:12,.0f}")
    print(f"{'baseline: same rows, same schema':34}{schema:9.2f}{len(rows) / schema:12,.0f}")
    print(f"time ratio rekrytera / baseline: {ours / baseline:.1f}")
    print(f"time ratio rekrytera / same rows, same schema: {ours / schema:.1f} (target 2)")


if __name__ == "__main__":
    main()
