"""The numpy and DuckDB engines give the same analyses of the same Parquet dataset."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rekrytera
from rekrytera import analysis
from rekrytera.analysis import InvalidSources
from rekrytera.cli import main
from rekrytera.model import Recruitment
from rekrytera.simulate import simulate
from rekrytera.testing import recruitments

from .test_analysis import distinct

pytest.importorskip("pyarrow")
pytest.importorskip("duckdb")

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.toml"))
PHASES = ("independent", "calibrated")


def same(a: analysis.Table, b: analysis.Table, what: str) -> None:
    """Equal tables: numbers to 1e-9, everything else exactly."""
    assert a.names == b.names, what
    for name in a.names:
        left, right = a[name], b[name]
        if left.dtype.kind == "f":
            assert np.allclose(left, right, rtol=1e-9, atol=1e-9, equal_nan=True), (what, name)
        else:
            assert left.tolist() == right.tolist(), (what, name)


def both_engines(path: Path, by: str | None = None) -> None:
    """Every analysis, in both phases, gives the same table with either engine."""
    numpy_ds = analysis.load(path)
    duck_ds = analysis.load(path, engine="duckdb")
    assert duck_ds.engine is not None
    assert len(duck_ds.score_value) == 0  # the scores stay with DuckDB
    for phase in PHASES:
        runs = {
            "scores": partial(analysis.scores, phase=phase, resident_weight=0.7),
            "agreement": partial(analysis.agreement, phase=phase),
            "summarise": partial(analysis.summarise, by=by, phase=phase),
            "sensitivity": partial(analysis.sensitivity, by=by, phase=phase),
        }
        for name, run in runs.items():
            results: list[Any] = []
            for ds in (numpy_ds, duck_ds):
                try:
                    results.append(run(ds))
                except rekrytera.RekryteraError as e:  # e.g. pooling different scales
                    results.append(str(e))
            if isinstance(results[0], str):
                assert results[0] == results[1], name
            else:
                same(results[0], results[1], f"{name}, {phase}")


class TestSameFigures:
    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.lists(recruitments(), max_size=4))
    def test_any_recruitments(
        self, tmp_path_factory: pytest.TempPathFactory, recs: list[Recruitment]
    ) -> None:
        """Any valid recruitments: supporters, recusal, calibrated ratings, empty panels."""
        path = tmp_path_factory.mktemp("ds") / "d"
        analysis.write_dataset(distinct(recs), path, partition_by=("id",))
        both_engines(path)

    def test_examples_and_a_simulated_corpus(self, tmp_path: Path) -> None:
        recs = [rekrytera.load(p) for p in EXAMPLES] + list(simulate(150, seed=11))
        analysis.write_dataset(recs, tmp_path / "d")
        both_engines(tmp_path / "d", by="kommungrupp")


class TestCommandLine:
    def test_every_table_prints_the_same(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """analyse prints the very same figures with either engine, table, CSV and JSON."""
        data = str(tmp_path / "d")
        assert main(["simulate", "--recruitments", "60", "--to", data, "--format", "dataset"]) == 0
        capsys.readouterr()
        for table in ("summary", "recruitments", "sensitivity", "candidates"):
            for fmt in ("table", "csv"):
                args = ["analyse", data, "--table", table, "--format", fmt, "--by", "ar"]
                outputs = []
                for engine in ("numpy", "duckdb"):
                    assert main([*args, "--engine", engine, "--phase", "calibrated"]) == 0
                    outputs.append(capsys.readouterr().out)
                assert outputs[0] == outputs[1], (table, fmt)
        rows = []
        for engine in ("numpy", "duckdb"):
            assert main(["analyse", data, "--format", "json", "--engine", engine]) == 0
            rows.append(json.loads(capsys.readouterr().out))
        assert rows[0][0].keys() == rows[1][0].keys()
        for key, value in rows[0][0].items():
            other = rows[1][0][key]
            if isinstance(value, float):
                assert other == pytest.approx(value, rel=1e-9, abs=1e-9), key
            else:
                assert other == value, key

    def test_a_broken_dataset(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The DuckDB engine checks the dataset too: one line per problem, exit code 2."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        analysis.write_dataset(simulate(3, seed=2), tmp_path / "d", partition_by=())
        for file in (tmp_path / "d" / "scores").rglob("*.parquet"):
            table = pq.ParquetFile(file).read()
            values = table.column("score").to_pylist()
            values[0] = 99.0
            pq.write_table(table.set_column(6, "score", pa.array(values)), file)
        for engine in ("numpy", "duckdb"):
            assert main(["analyse", str(tmp_path / "d"), "--engine", engine]) == 2
            err = capsys.readouterr().err.splitlines()
            assert len(err) == 1, err
            assert "sim-000000: scores:" in err[0]

    def test_duckdb_needs_a_dataset(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["analyse", str(EXAMPLES[0]), "--engine", "duckdb"]) == 2
        assert "Parquet" in capsys.readouterr().err


def test_unknown_engine() -> None:
    with pytest.raises(rekrytera.RekryteraError, match="no engine 'spark'"):
        analysis.load(EXAMPLES[0], engine="spark")


@pytest.mark.parametrize(
    ("column", "change", "message"),
    [
        ("candidate", lambda v: ["okänd", *v[1:]], "scores.okänd: not a candidate"),
        ("score", lambda v: [v[0] + 100, *v[1:]], "scores: a score off the scale"),
        ("competence", lambda v: [v[1], *v[1:]], "scores: a competence scored twice"),
    ],
)
def test_the_same_problems_found_by_sql(
    tmp_path: Path, column: str, change: Callable[[list[Any]], list[Any]], message: str
) -> None:
    """What the numpy reader finds wrong, the DuckDB engine finds with SQL, in the same words."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    analysis.write_dataset(simulate(3, seed=2), tmp_path / "d", partition_by=())
    for file in (tmp_path / "d" / "scores").rglob("*.parquet"):
        table = pq.ParquetFile(file).read()
        index = table.column_names.index(column)
        values = change(table.column(column).to_pylist())
        pq.write_table(table.set_column(index, column, pa.array(values)), file)
    lines = []
    for engine in ("numpy", "duckdb"):
        with pytest.raises(InvalidSources) as e:
            analysis.load(tmp_path / "d", engine=engine)
        lines.append(e.value.lines())
    assert lines[0] == lines[1]
    assert len(lines[0]) == 1
    assert lines[0][0].startswith(f"{tmp_path / 'd'}#sim-000000: {message}")


def test_the_database_goes_with_the_dataset(tmp_path: Path) -> None:
    """DuckDB's temporary folder is removed when the dataset is no longer used."""
    analysis.write_dataset(simulate(3, seed=2), tmp_path / "d")
    ds = analysis.load(tmp_path / "d", engine="duckdb")
    analysis.summarise(ds)
    folder = ds.engine.folder
    assert folder.is_dir()
    del ds
    gc.collect()
    assert not folder.exists()
