"""The published SQL computes ``balanced`` as rekrytera does, on more than one engine.

``docs/reference/sql/balanced.sql`` is plain SQL over the Parquet dataset's
tables. It is run here on DuckDB and on SQLite (its tables loaded through
Arrow), and on Spark SQL where pyspark is installed (``nox -s spark``
installs it; elsewhere the Spark cases are not collected), and held equal
to :func:`rekrytera.analysis.scores` to 1e-9.
"""

from __future__ import annotations

import importlib.util
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rekrytera
from rekrytera import analysis
from rekrytera.model import Recruitment
from rekrytera.simulate import simulate
from rekrytera.testing import recruitments

from .test_analysis import distinct

pytest.importorskip("pyarrow")

SQL = Path(__file__).parent.parent / "docs" / "reference" / "sql" / "balanced.sql"
EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.toml"))
TABLES = ("recruitments", "competences", "candidates", "panel", "scores")
DEFAULT_WEIGHT = "CAST(0.5 AS DOUBLE) AS resident_weight"

Rows = list[tuple[Any, ...]]


def query(resident_weight: float) -> str:
    """The published query with its one parameter set, as its comment tells users to."""
    text = SQL.read_text(encoding="utf-8")
    assert text.count(DEFAULT_WEIGHT) == 1
    return text.replace(DEFAULT_WEIGHT, f"CAST({resident_weight!r} AS DOUBLE) AS resident_weight")


def on_duckdb(folder: Path, sql: str) -> Rows:
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    try:
        for table in TABLES:
            files = f"{folder}/{table}/**/*.parquet"
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{files}')")
        rows: Rows = con.execute(sql).fetchall()
        return rows
    finally:
        con.close()


def on_sqlite(folder: Path, sql: str) -> Rows:
    """SQLite reads no Parquet: the tables' plain columns are copied in through Arrow."""
    import pyarrow as pa
    import pyarrow.dataset as pads

    con = sqlite3.connect(":memory:")
    try:
        for name in TABLES:
            # The folders' key=value pairs repeat the attributes column: not read.
            table = pads.dataset(folder / name, format="parquet", partitioning=None).to_table()
            plain = [f.name for f in table.schema if not pa.types.is_nested(f.type)]
            con.execute(f"CREATE TABLE {name} ({', '.join(plain)})")
            rows = zip(*(table.column(c).to_pylist() for c in plain), strict=True)
            con.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(plain))})", rows)
        return con.execute(sql).fetchall()
    finally:
        con.close()


_SPARK: list[Any] = []


def on_spark(folder: Path, sql: str) -> Rows:
    """Spark SQL in local mode, with the tables registered as the schema page shows."""
    import pyspark.sql as pyspark_sql

    if not _SPARK:
        builder = pyspark_sql.SparkSession.builder.master("local[1]")
        for key, value in {
            "spark.ui.enabled": "false",
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
            "spark.sql.shuffle.partitions": "2",
        }.items():
            builder = builder.config(key, value)
        _SPARK.append(builder.getOrCreate())
    spark = _SPARK[0]
    for table in TABLES:
        spark.sql(
            f"CREATE OR REPLACE TEMPORARY VIEW {table} USING parquet "
            f"OPTIONS (path '{folder / table}')"
        )
    return [tuple(row) for row in spark.sql(sql).collect()]


@pytest.fixture(scope="module", autouse=True)
def _stop_spark() -> Iterator[None]:
    """The Spark session the tests started, and its JVM, stopped with them."""
    yield
    while _SPARK:
        from pyspark import SparkContext

        _SPARK.pop().stop()
        gateway, SparkContext._gateway, SparkContext._jvm = SparkContext._gateway, None, None
        if gateway is not None:
            gateway.shutdown()
            proc = gateway.proc  # the JVM pyspark launched: it ends when its stdin closes
            if proc is not None:
                if proc.stdin is not None:
                    proc.stdin.close()
                proc.kill()
                proc.wait(timeout=30)


ENGINES: dict[str, Callable[[Path, str], Rows]] = {
    "duckdb": on_duckdb,
    "sqlite": on_sqlite,
}
# Spark where pyspark is installed, and always under `nox -s spark` (which
# installs it, and fails rather than leave the engine out).
if os.environ.get("REKRYTERA_NEEDS_SPARK") or importlib.util.find_spec("pyspark") is not None:
    ENGINES["spark"] = on_spark


def agrees(folder: Path, engine: str, resident_weight: float) -> None:
    """The engine's rows are rekrytera's: same candidates in order, totals to 1e-9, ranks."""
    got = ENGINES[engine](folder, query(resident_weight))
    want = list(analysis.scores(analysis.load(folder), resident_weight=resident_weight).rows())
    assert [(r[0], r[1]) for r in got] == [(w["recruitment"], w["candidate"]) for w in want]
    for row, expected in zip(got, want, strict=True):
        for value, name in zip(row[2:5], ("total", "staff", "resident"), strict=True):
            assert (value is None) == (expected[name] is None), (row, name)
            if value is not None:
                assert value == pytest.approx(expected[name], rel=1e-9, abs=1e-9), (row, name)
        assert row[5] == expected["rank"], row


def corpus(folder: Path, recs: Sequence[Recruitment]) -> Path:
    analysis.write_dataset(recs, folder)
    return folder


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    recs = [rekrytera.load(p) for p in EXAMPLES] + list(simulate(120, seed=5))
    return corpus(tmp_path_factory.mktemp("sql") / "d", recs)


@pytest.mark.parametrize("engine", list(ENGINES))
@pytest.mark.parametrize("resident_weight", [0.5, 0.0, 0.8, 1.0])
def test_examples_and_a_simulated_corpus(
    simulated: Path, engine: str, resident_weight: float
) -> None:
    agrees(simulated, engine, resident_weight)


@pytest.mark.parametrize("engine", list(ENGINES))
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    recs=st.lists(recruitments(), max_size=3),
    resident_weight=st.sampled_from([0.0, 0.3, 0.5, 1.0]),
)
def test_any_recruitments(
    tmp_path_factory: pytest.TempPathFactory,
    engine: str,
    recs: list[Recruitment],
    resident_weight: float,
) -> None:
    """Supporters, conflicts, missing ratings, empty panels: the same totals and ranks."""
    folder = corpus(tmp_path_factory.mktemp("sql") / "d", distinct(recs))
    agrees(folder, engine, resident_weight)


def test_the_query_is_on_the_schema_page() -> None:
    """The schema page includes the very file the tests run."""
    page = (SQL.parent.parent / "parquet-dataset.md").read_text(encoding="utf-8")
    assert "sql/balanced.sql" in page
