"""The Parquet tables: pyarrow is imported here, when the first export is written."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import attrs
import pyarrow as pa
import pyarrow.parquet as pq

import rekrytera
from rekrytera.exporters import (
    RATING_COLUMNS,
    RECRUITMENT_COLUMNS,
    RESULT_COLUMNS,
    rating_rows,
    recruitment_rows,
    result_rows,
)
from rekrytera.io import atomic_writer
from rekrytera.model import Recruitment

from . import LAYOUT

__all__ = ["RATINGS", "RECRUITMENTS", "RESULTS", "write_tables"]

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
RECRUITMENTS = pa.schema(
    [
        ("recruitment", pa.string()),
        ("title", pa.string()),
        ("organisation", pa.string()),
        ("area", pa.string()),
        ("decided", pa.string()),
        ("attributes", pa.map_(pa.string(), pa.string())),
        ("structure", pa.string()),
    ]
)
assert tuple(RECRUITMENTS.names) == RECRUITMENT_COLUMNS, "the Parquet schema follows rekrytera's"


def _metadata(table: str) -> dict[bytes, bytes]:
    return {
        b"rekrytera.schema": str(LAYOUT).encode(),
        b"rekrytera.version": rekrytera.__version__.encode(),
        b"rekrytera.table": table.encode(),
    }


def _write(table: pa.Table, destination: Path) -> None:
    with atomic_writer(destination, binary=True) as f:
        pq.write_table(table, f)


def write_tables(recruitments: Sequence[Recruitment], destination: Path) -> None:
    """Write the three tables of *recruitments* into the directory *destination*."""
    ratings = [attrs.astuple(row) for row in rating_rows(recruitments)]
    results = [attrs.astuple(row) for row in result_rows(recruitments)]
    recs = [attrs.astuple(row, recurse=False) for row in recruitment_rows(recruitments)]
    destination.mkdir(parents=True, exist_ok=True)
    _write(_table(ratings, RATINGS, "ratings"), destination / "ratings.parquet")
    _write(_table(results, RESULTS, "results"), destination / "results.parquet")
    recs = [(*row[:5], list(row[5].items()), row[6]) for row in recs]
    _write(_table(recs, RECRUITMENTS, "recruitments"), destination / "recruitments.parquet")


def _table(rows: list[tuple[object, ...]], schema: pa.Schema, name: str) -> pa.Table:
    columns = {field: [row[i] for row in rows] for i, field in enumerate(schema.names)}
    return pa.table(columns, schema=schema.with_metadata(_metadata(name)))
