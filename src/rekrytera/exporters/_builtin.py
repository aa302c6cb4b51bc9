"""The built-in exporters: json, toml, csv and sqlite, registered like any plugin's."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from .._atomic import atomic_write
from .._hookimpl import hookimpl
from .._table import csv_number, safe_cell
from ..io import dumps
from ..model import Recruitment
from ._sqlite import Store
from ._tables import RATING_COLUMNS, RESULT_COLUMNS, rating_rows, result_rows

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


def _cell(value: object) -> str:
    """A CSV cell: numbers rounded to six decimals without trailing zeros, lists joined by
    ';', booleans in lower case, text made safe from spreadsheet formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return csv_number(value)
    if isinstance(value, list):
        return safe_cell(";".join(value))
    if isinstance(value, str):
        return safe_cell(value)
    return str(value)


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
        rw.writerow(RATING_COLUMNS)
        sw.writerow(RESULT_COLUMNS)
        for r in rating_rows(recruitments):
            rw.writerow([_cell(getattr(r, column)) for column in RATING_COLUMNS])
        for c in result_rows(recruitments):
            sw.writerow([_cell(getattr(c, column)) for column in RESULT_COLUMNS])
        destination.mkdir(parents=True, exist_ok=True)
        atomic_write(destination / "ratings.csv", ("\ufeff" + ratings.getvalue()).encode())
        atomic_write(destination / "results.csv", ("\ufeff" + results.getvalue()).encode())


#: How many scores the SQLite exporter writes in one transaction, at least:
#: whole recruitments up to this many, so that a bulk export commits rarely
#: and another writer (the workspace) never waits long for the store.
SQLITE_BATCH_SCORES = 100_000


@attrs.frozen
class SqliteExporter:
    """The embedded SQLite store: many recruitments, whole ones per transaction."""

    name: str = "sqlite"
    description: str = (
        "An SQLite store of many recruitments (tables for SQL, the full document for "
        "lossless load-back); re-exporting replaces by id"
    )
    suffixes: tuple[str, ...] = (".sqlite", ".sqlite3", ".db")

    def export(self, recruitments: Sequence[Recruitment], destination: Path) -> None:
        pending = iter(recruitments)
        with Store(destination) as store:
            more = True
            while more:
                more, scores = False, 0
                with store.transaction():
                    for rec in pending:
                        store.put(rec)
                        scores += sum(len(r.scores) for r in rec.ratings)
                        if scores >= SQLITE_BATCH_SCORES:
                            more = True
                            break


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
