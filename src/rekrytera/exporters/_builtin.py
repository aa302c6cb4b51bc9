"""The built-in exporters: json, toml, csv and sqlite, registered like any plugin's."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from .._atomic import atomic_write
from .._hookimpl import hookimpl
from ..io import dumps
from ..model import Perspective, Recruitment
from ..scoring import score
from ._sqlite import Store

__all__ = ["CsvExporter", "FileExporter", "SqliteExporter"]


@attrs.frozen
class FileExporter:
    """The recruitment file itself, in JSON or TOML: lossless, ``load`` gives it back.

    One recruitment to a file; several to a directory, one ``<id>.json`` (or
    ``.toml``) each.
    """

    format: str
    name: str
    description: str
    suffixes: tuple[str, ...]

    def export(self, recruitments: Sequence[Recruitment], destination: Path) -> None:
        if len(recruitments) == 1 and destination.suffix.lower() in self.suffixes:
            destination.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(destination, dumps(recruitments[0], self.format))  # type: ignore[arg-type]
            return
        destination.mkdir(parents=True, exist_ok=True)
        for rec in recruitments:
            atomic_write(destination / f"{rec.id}.{self.format}", dumps(rec, self.format))  # type: ignore[arg-type]


RATINGS_HEADER = [
    "recruitment",
    "panelist",
    "role",
    "perspective",
    "candidate",
    "stage",
    "phase",
    "competence",
    "weight",
    "score",
]
RESULTS_HEADER = [
    "recruitment",
    "candidate",
    "method",
    "rank",
    "total",
    "staff",
    "resident",
    "eligible",
    "flags",
    "missing_requirements",
]


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(value)


@attrs.frozen
class CsvExporter:
    """Two tidy tables in a directory: ``ratings.csv`` (long) and ``results.csv``.

    One row per panelist × candidate × stage × phase × competence in
    ``ratings.csv``; one row per candidate in ``results.csv`` (the ``balanced``
    method). UTF-8 with a byte-order mark, so spreadsheets read Swedish letters
    right. Ids only: no names, no notes. A one-way export.
    """

    name: str = "csv"
    description: str = (
        "ratings.csv (one row per panelist, candidate, stage, phase and competence) and "
        "results.csv, UTF-8; ids only, no names or notes (one-way)"
    )
    suffixes: tuple[str, ...] = (".csv",)

    def export(self, recruitments: Sequence[Recruitment], destination: Path) -> None:
        ratings, results = io.StringIO(), io.StringIO()
        rw = csv.writer(ratings, lineterminator="\n")
        sw = csv.writer(results, lineterminator="\n")
        rw.writerow(RATINGS_HEADER)
        sw.writerow(RESULTS_HEADER)
        for rec in recruitments:
            panel = {p.id: p for p in rec.panel}
            weights = {c.key: c.weight for c in rec.profile.competences}
            for r in rec.ratings:
                p = panel[r.panelist]
                for key, value in r.scores.items():
                    rw.writerow(
                        [
                            rec.id,
                            r.panelist,
                            p.role.value,
                            p.perspective.value if p.perspective else "",
                            r.candidate,
                            r.stage.value,
                            r.phase.value,
                            key,
                            _number(weights[key]),
                            _number(value),
                        ]
                    )
            result = score(rec)
            for c in result.candidates:
                sw.writerow(
                    [
                        rec.id,
                        c.id,
                        result.method,
                        "" if c.rank is None else c.rank,
                        _number(c.total),
                        _number(c.perspectives.get(Perspective.STAFF)),
                        _number(c.perspectives.get(Perspective.RESIDENT)),
                        str(c.eligible).lower(),
                        ";".join(c.flags),
                        ";".join(c.missing_requirements),
                    ]
                )
        destination.mkdir(parents=True, exist_ok=True)
        atomic_write(destination / "ratings.csv", ("\ufeff" + ratings.getvalue()).encode())
        atomic_write(destination / "results.csv", ("\ufeff" + results.getvalue()).encode())


@attrs.frozen
class SqliteExporter:
    """The embedded SQLite store: many recruitments, one transaction each."""

    name: str = "sqlite"
    description: str = (
        "An SQLite store of many recruitments (tables for SQL, the full document for "
        "lossless load-back); re-exporting replaces by id"
    )
    suffixes: tuple[str, ...] = (".sqlite", ".sqlite3", ".db")

    def export(self, recruitments: Sequence[Recruitment], destination: Path) -> None:
        with Store(destination) as store:
            for rec in recruitments:
                store.put(rec)


BUILTIN_EXPORTERS = (
    FileExporter(
        format="json",
        name="json",
        description="The recruitment file as JSON (lossless); several go to a directory",
        suffixes=(".json",),
    ),
    FileExporter(
        format="toml",
        name="toml",
        description="The recruitment file as TOML (lossless); several go to a directory",
        suffixes=(".toml",),
    ),
    CsvExporter(),
    SqliteExporter(),
)


@hookimpl
def rekrytera_register_exporters() -> Iterable[object]:
    """The library's own exporters."""
    return BUILTIN_EXPORTERS
