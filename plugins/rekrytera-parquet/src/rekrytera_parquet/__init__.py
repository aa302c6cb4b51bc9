"""Parquet export of ratings and results for rekrytera."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs
import pyarrow as pa
import pyarrow.parquet as pq

import rekrytera
from rekrytera.exporters import RATING_COLUMNS, RESULT_COLUMNS, rating_rows, result_rows
from rekrytera.io import atomic_writer
from rekrytera.model import Recruitment
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
assert tuple(RATINGS.names) == RATING_COLUMNS, "the Parquet schema follows rekrytera's columns"
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


assert tuple(RESULTS.names) == RESULT_COLUMNS, "the Parquet schema follows rekrytera's columns"


def _metadata(table: str) -> dict[bytes, bytes]:
    return {
        b"rekrytera.schema": str(LAYOUT).encode(),
        b"rekrytera.version": rekrytera.__version__.encode(),
        b"rekrytera.table": table.encode(),
    }


def _write(table: pa.Table, destination: Path) -> None:
    with atomic_writer(destination, binary=True) as f:
        pq.write_table(table, f)


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
        ratings = [attrs.astuple(row) for row in rating_rows(recruitments)]
        results = [attrs.astuple(row) for row in result_rows(recruitments)]
        destination.mkdir(parents=True, exist_ok=True)
        _write(_table(ratings, RATINGS, "ratings"), destination / "ratings.parquet")
        _write(_table(results, RESULTS, "results"), destination / "results.parquet")


def _table(rows: list[tuple[object, ...]], schema: pa.Schema, name: str) -> pa.Table:
    columns = {field: [row[i] for row in rows] for i, field in enumerate(schema.names)}
    return pa.table(columns, schema=schema.with_metadata(_metadata(name)))


@rekrytera.hookimpl
def rekrytera_register_exporters() -> Iterable[Exporter]:
    """Register the parquet exporter."""
    return [ParquetExporter()]
