"""Parquet export of ratings and results for rekrytera."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs
import pyarrow as pa
import pyarrow.parquet as pq

import rekrytera
from rekrytera.model import Perspective, Recruitment
from rekrytera.plugins import Exporter

__all__ = ["LAYOUT", "RATINGS", "RESULTS", "ParquetExporter"]

#: The version of the tables' layout, in each file's metadata as ``rekrytera.schema``.
LAYOUT = 1

RATINGS = pa.schema(
    [
        ("recruitment", pa.string()),
        ("panelist", pa.string()),
        ("role", pa.string()),
        ("perspective", pa.string()),
        ("candidate", pa.string()),
        ("stage", pa.string()),
        ("phase", pa.string()),
        ("competence", pa.string()),
        ("weight", pa.float64()),
        ("score", pa.float64()),
    ]
)
RESULTS = pa.schema(
    [
        ("recruitment", pa.string()),
        ("candidate", pa.string()),
        ("method", pa.string()),
        ("rank", pa.int32()),
        ("total", pa.float64()),
        ("staff", pa.float64()),
        ("resident", pa.float64()),
        ("eligible", pa.bool_()),
        ("flags", pa.list_(pa.string())),
        ("missing_requirements", pa.list_(pa.string())),
    ]
)


def _metadata(table: str) -> dict[bytes, bytes]:
    return {
        b"rekrytera.schema": str(LAYOUT).encode(),
        b"rekrytera.version": rekrytera.__version__.encode(),
        b"rekrytera.table": table.encode(),
    }


def _write(table: pa.Table, destination: Path) -> None:
    fd, tmp = tempfile.mkstemp(
        dir=destination.parent, prefix=f".{destination.name}.", suffix=".tmp"
    )
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, destination)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@attrs.frozen
class ParquetExporter:
    """``ratings.parquet`` and ``results.parquet`` in a directory, typed, ids only."""

    name: str = "parquet"
    description: str = (
        "ratings.parquet and results.parquet (typed, layout version in the metadata); "
        "ids only, one-way"
    )
    suffixes: tuple[str, ...] = (".parquet",)

    def export(self, recruitments: Sequence[Recruitment], destination: Path) -> None:
        ratings: dict[str, list[object]] = {name: [] for name in RATINGS.names}
        results: dict[str, list[object]] = {name: [] for name in RESULTS.names}
        for rec in recruitments:
            panel = {p.id: p for p in rec.panel}
            weights = {c.key: c.weight for c in rec.profile.competences}
            for r in rec.ratings:
                p = panel[r.panelist]
                for key, value in r.scores.items():
                    for column, item in zip(
                        RATINGS.names,
                        (
                            rec.id,
                            r.panelist,
                            p.role.value,
                            p.perspective.value if p.perspective else None,
                            r.candidate,
                            r.stage.value,
                            r.phase.value,
                            key,
                            weights[key],
                            value,
                        ),
                        strict=True,
                    ):
                        ratings[column].append(item)
            result = rekrytera.score(rec)
            for c in result.candidates:
                row: tuple[object, ...] = (
                    rec.id,
                    c.id,
                    result.method,
                    c.rank,
                    c.total,
                    c.perspectives.get(Perspective.STAFF),
                    c.perspectives.get(Perspective.RESIDENT),
                    c.eligible,
                    list(c.flags),
                    list(c.missing_requirements),
                )
                for name, cell in zip(RESULTS.names, row, strict=True):
                    results[name].append(cell)
        destination.mkdir(parents=True, exist_ok=True)
        _write(
            pa.table(ratings, schema=RATINGS.with_metadata(_metadata("ratings"))),
            destination / "ratings.parquet",
        )
        _write(
            pa.table(results, schema=RESULTS.with_metadata(_metadata("results"))),
            destination / "results.parquet",
        )


@rekrytera.hookimpl
def rekrytera_register_exporters() -> Iterable[Exporter]:
    """Register the parquet exporter."""
    return [ParquetExporter()]
