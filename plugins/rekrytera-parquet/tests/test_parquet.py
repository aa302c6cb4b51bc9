"""The parquet plugin through its real entry point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
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
    assert ratings.schema.metadata[b"rekrytera.schema"] == b"2"
    assert ratings.schema.metadata[b"rekrytera.table"] == b"ratings"
    perspectives = set(ratings.column("perspective").to_pylist())
    assert perspectives == {"staff", "resident"}
    results = pq.read_table(out / "results.parquet").to_pylist()
    assert len(results) == sum(len(rec.candidates) for rec in recs)
    first = next(r for r in results if r["recruitment"] == recs[0].id and r["rank"] == 1)
    assert first["candidate"] == rekrytera.score(recs[0]).ranking[0].id
    ineligible = [r for r in results if not r["eligible"]]
    assert all(r["rank"] is None and r["missing_requirements"] for r in ineligible)


def test_no_personal_data(tmp_path: Path) -> None:
    """Ids only: names, contact details, notes and lived experience do not reach the files."""
    recs = [rekrytera.load(p) for p in EXAMPLES]
    rekrytera.export(recs, tmp_path / "p.parquet")
    text = " ".join(
        str(pq.read_table(tmp_path / "p.parquet" / f"{t}.parquet").to_pylist())
        for t in ("ratings", "results", "recruitments")
    )
    secrets = [
        v
        for rec in recs
        for person in (*rec.candidates, *rec.panel)
        for v in (person.identity.name, person.identity.email, person.identity.phone)
        if v
    ]
    secrets += [r.note for rec in recs for r in rec.ratings if r.note]
    secrets += [rec.decision.motivation for rec in recs if rec.decision and rec.decision.motivation]
    assert secrets
    assert [s for s in secrets if s in text] == []
    structures = pq.read_table(tmp_path / "p.parquet" / "recruitments.parquet").column("structure")
    assert all('"experience"' not in s for s in structures.to_pylist())


def test_recruitments_table(tmp_path: Path) -> None:
    """One row per recruitment with its attributes, and a structure that loads."""
    recs = [rekrytera.load(p) for p in EXAMPLES]
    rekrytera.export(recs, tmp_path / "p.parquet")
    table = pq.read_table(tmp_path / "p.parquet" / "recruitments.parquet")
    assert table.schema.metadata[b"rekrytera.table"] == b"recruitments"
    rows = table.to_pylist()
    assert [r["recruitment"] for r in rows] == [r.id for r in recs]
    for row, rec in zip(rows, recs, strict=True):
        assert dict(row["attributes"]) == dict(rec.info.attributes)
        structure = rekrytera.loads(row["structure"], "json")
        assert structure.profile == rec.profile
        assert [c.id for c in structure.candidates] == [c.id for c in rec.candidates]


def test_analysis_reads_the_export(tmp_path: Path) -> None:
    """rekrytera.analysis loads the export to the same numbers as the files (to 1e-12)."""
    from rekrytera import analysis
    from rekrytera.simulate import simulate

    recs = list(simulate(15, seed=6))
    rekrytera.export(recs, tmp_path / "p.parquet")
    from_parquet = analysis.load(tmp_path / "p.parquet")
    direct = analysis.Dataset.from_recruitments(recs)
    assert from_parquet.ids == direct.ids
    for a, b in zip(
        analysis.agreement(from_parquet).rows(), analysis.agreement(direct).rows(), strict=True
    ):
        assert a.keys() == b.keys()
        for key in a:
            if isinstance(a[key], float):
                assert a[key] == pytest.approx(b[key], abs=1e-12), key
            else:
                assert a[key] == b[key], key


def test_analysis_reports_bad_rows(tmp_path: Path) -> None:
    """A score edited off the scale is reported against its recruitment, not a traceback."""
    from rekrytera import analysis
    from rekrytera.simulate import simulate

    rekrytera.export(list(simulate(2, seed=6)), tmp_path / "p.parquet")
    path = tmp_path / "p.parquet" / "ratings.parquet"
    table = pq.read_table(path)
    scores = table.column("score").to_pylist()
    scores[0] = 9.0
    pq.write_table(table.set_column(9, "score", pa.array(scores)), path)
    with pytest.raises(analysis.InvalidSources) as info:
        analysis.load(tmp_path / "p.parquet")
    [line] = info.value.lines()
    assert line.startswith(f"{tmp_path / 'p.parquet'}#sim-000000: ratings[")
    assert line.endswith("9 is outside the scale 1–5")


def test_analysis_reports_a_missing_number(tmp_path: Path) -> None:
    """A score edited to NaN is a problem of its recruitment, not a score left out."""
    from rekrytera import analysis
    from rekrytera.simulate import simulate

    rekrytera.export(list(simulate(2, seed=6)), tmp_path / "p.parquet")
    path = tmp_path / "p.parquet" / "ratings.parquet"
    table = pq.read_table(path)
    scores = table.column("score").to_pylist()
    scores[0] = float("nan")
    pq.write_table(table.set_column(9, "score", pa.array(scores)), path)
    with pytest.raises(analysis.InvalidSources) as info:
        analysis.load(tmp_path / "p.parquet")
    [line] = info.value.lines()
    assert line.endswith("nan is not a finite number")


def test_analysis_refuses_a_competence_twice(tmp_path: Path) -> None:
    """Two rows for one competence of one rating would lose one: refused in one line."""
    from rekrytera import analysis
    from rekrytera.simulate import simulate

    rekrytera.export(list(simulate(2, seed=6)), tmp_path / "p.parquet")
    path = tmp_path / "p.parquet" / "ratings.parquet"
    table = pq.read_table(path)
    pq.write_table(pa.concat_tables([table, table.slice(0, 1)]), path)
    with pytest.raises(rekrytera.RekryteraError) as info:
        analysis.load(tmp_path / "p.parquet")
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{tmp_path / 'p.parquet'}: ratings.parquet has a competence twice")


def test_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while writing leaves the previous files and no temporary file."""
    recs = [rekrytera.load(p) for p in EXAMPLES]
    out = tmp_path / "p.parquet"
    rekrytera.export(recs, out)
    before = (out / "ratings.parquet").read_bytes()

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(rekrytera.RekryteraError, match="the disk is full"):
        rekrytera.export(recs[:1], out)
    assert (out / "ratings.parquet").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == [
        "ratings.parquet",
        "recruitments.parquet",
        "results.parquet",
    ]


def test_cli(tmp_path: Path) -> None:
    """`rekrytera export … --to x.parquet` works from the command line."""
    out = tmp_path / "x.parquet"
    subprocess.run(
        [sys.executable, "-m", "rekrytera", "export", *map(str, EXAMPLES), "--to", str(out)],
        check=True,
    )
    assert pq.read_table(out / "results.parquet").num_rows > 0


def test_planted_identifiers_reach_no_file(tmp_path: Path) -> None:
    """Identifiers planted in every free-text field (rekrytera.testing) reach no table."""
    import unicodedata

    from rekrytera.testing import planted_recruitment

    rec, contact, names = planted_recruitment(rekrytera.load(EXAMPLES[-1]))
    rekrytera.export([rec], tmp_path / "p.parquet")
    text = unicodedata.normalize(
        "NFC",
        " ".join(
            str(pq.read_table(tmp_path / "p.parquet" / f"{t}.parquet").to_pylist())
            for t in ("ratings", "results", "recruitments")
        ),
    )
    leaked = [s for s in [*contact, *names] if unicodedata.normalize("NFC", s) in text]
    assert leaked == []


def test_registering_does_not_load_pyarrow() -> None:
    """Every rekrytera command loads this plugin; pyarrow waits until the plugin works."""
    from rekrytera.pytest_plugin import loaded_with

    assert "pyarrow" not in loaded_with("rekrytera_parquet")
