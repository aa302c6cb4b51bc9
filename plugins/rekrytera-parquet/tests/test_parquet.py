"""The parquet plugin through its real entry point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import rekrytera
from rekrytera.plugins import get_registry

EXAMPLES = sorted((Path(__file__).parents[3] / "examples").glob("*.toml"))


def test_registered() -> None:
    """The exporter comes from this distribution and is chosen by the .parquet suffix."""
    exporter = get_registry().exporters()["parquet"]
    assert exporter.distribution == "rekrytera-parquet 0.1.0"
    assert rekrytera.exporters.choose_exporter("pooled.parquet").name == "parquet"


def test_tables(tmp_path: Path) -> None:
    """Every score is a row; results follow the balanced ranking; the layout is in the metadata."""
    recs = [rekrytera.load(p) for p in EXAMPLES]
    out = tmp_path / "pooled.parquet"
    rekrytera.export(recs, out)
    ratings = pq.read_table(out / "ratings.parquet")
    assert ratings.num_rows == sum(len(r.scores) for rec in recs for r in rec.ratings)
    assert ratings.schema.field("score").type == "double"
    assert ratings.schema.metadata[b"rekrytera.schema"] == b"1"
    assert ratings.schema.metadata[b"rekrytera.table"] == b"ratings"
    perspectives = set(ratings.column("perspective").to_pylist())
    assert perspectives == {"staff", "resident"}
    results = pq.read_table(out / "results.parquet").to_pylist()
    assert len(results) == sum(len(rec.candidates) for rec in recs)
    first = next(r for r in results if r["recruitment"] == recs[0].id and r["rank"] == 1)
    assert first["candidate"] == rekrytera.score(recs[0]).ranking[0].id
    ineligible = [r for r in results if not r["eligible"]]
    assert all(r["rank"] is None and r["missing_requirements"] for r in ineligible)


def test_no_names(tmp_path: Path) -> None:
    """Ids only: names do not reach the files."""
    recs = [rekrytera.load(p) for p in EXAMPLES]
    rekrytera.export(recs, tmp_path / "p.parquet")
    data = (tmp_path / "p.parquet" / "ratings.parquet").read_bytes() + (
        tmp_path / "p.parquet" / "results.parquet"
    ).read_bytes()
    for rec in recs:
        for c in rec.candidates:
            if c.identity.name:
                assert c.identity.name.encode() not in data


def test_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while writing leaves the previous files and no temporary file."""
    recs = [rekrytera.load(p) for p in EXAMPLES]
    out = tmp_path / "p.parquet"
    rekrytera.export(recs, out)
    before = (out / "ratings.parquet").read_bytes()

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(rekrytera.RekryteraError, match="No space left"):
        rekrytera.export(recs[:1], out)
    assert (out / "ratings.parquet").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["ratings.parquet", "results.parquet"]


def test_cli(tmp_path: Path) -> None:
    """`rekrytera export … --to x.parquet` works from the command line."""
    out = tmp_path / "x.parquet"
    subprocess.run(
        [sys.executable, "-m", "rekrytera", "export", *map(str, EXAMPLES), "--to", str(out)],
        check=True,
    )
    assert pq.read_table(out / "results.parquet").num_rows > 0
