"""The xlsx plugin through its real entry point: export, fill in, read back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from openpyxl import load_workbook
from rekrytera_xlsx import read_rating_sheets

import rekrytera
from rekrytera import InvalidRecruitment
from rekrytera.model import Phase, Stage
from rekrytera.plugins import get_registry

EXAMPLES = Path(__file__).parents[3] / "examples"
SOCIAL = EXAMPLES / "socialsekreterare-barn-unga.toml"


def test_registered() -> None:
    """The exporter comes from this distribution and is chosen by the .xlsx suffix."""
    exporter = get_registry().exporters()["xlsx"]
    assert exporter.distribution == "rekrytera-xlsx 0.1.0"
    assert rekrytera.exporters.choose_exporter("x.xlsx").name == "xlsx"


def test_workbook(tmp_path: Path) -> None:
    """Results, a sheet per rating panelist (not the supporter), no names, hidden metadata."""
    rec = rekrytera.load(SOCIAL)
    path = tmp_path / "b.xlsx"
    rekrytera.export(rec, path)
    book = load_workbook(path)
    raters = [p.id for p in rec.panel if p.rates]
    assert book.sheetnames == ["Resultat", "_rekrytera", *(f"Bedömning {p}" for p in raters)]
    assert book["_rekrytera"].sheet_state == "hidden"
    ranking = [row[1] for row in book["Resultat"].iter_rows(min_row=2, values_only=True)]
    assert ranking == [c.id for c in rekrytera.score(rec).candidates]
    values = {str(c.value) for sheet in book for row in sheet.iter_rows() for c in row}
    assert "Anna Andersson" not in values
    inv2 = [row[0] for row in book["Bedömning inv2"].iter_rows(values_only=True)]
    assert "k3" not in inv2  # inv2 declared a conflict of interest with k3


def test_round_trip_of_existing_scores(tmp_path: Path) -> None:
    """Reading back an untouched workbook gives the same independent ratings."""
    rec = rekrytera.load(SOCIAL)
    path = tmp_path / "b.xlsx"
    rekrytera.export(rec, path)
    again = read_rating_sheets(rec, path)
    assert again == rec


def test_filled_in(tmp_path: Path) -> None:
    """Scores typed into a sheet become ratings; a blank cell is a competence not scored."""
    rec = rekrytera.load(SOCIAL)
    rec = attrs.evolve(rec, ratings=[r for r in rec.ratings if r.panelist != "hr"])
    path = tmp_path / "b.xlsx"
    rekrytera.export(rec, path)
    book = load_workbook(path)
    sheet = book["Bedömning hr"]
    rows = list(sheet.iter_rows())
    k1 = next(r for r in rows if r[0].value == "k1")
    k1[1].value, k1[2].value, k1[-1].value = 4, 5, "Tydliga exempel."
    book.save(path)
    merged = read_rating_sheets(rec, path)
    (new,) = [r for r in merged.ratings if r.panelist == "hr"]
    assert (new.candidate, new.stage, new.phase, new.note) == (
        "k1",
        Stage.INTERVIEW,
        Phase.INDEPENDENT,
        "Tydliga exempel.",
    )
    assert new.scores == {"trygghet": 4, "relationsskapande": 5}
    assert (
        rekrytera.score(merged).candidate("k1").total != rekrytera.score(rec).candidate("k1").total
    )


def test_bad_cells(tmp_path: Path) -> None:
    """Bad cells are reported by sheet and cell, all of them."""
    rec = rekrytera.load(SOCIAL)
    path = tmp_path / "b.xlsx"
    rekrytera.export(rec, path)
    book = load_workbook(path)
    sheet = book["Bedömning inv1"]
    k1 = next(r for r in sheet.iter_rows() if r[0].value == "k1")
    k1[1].value = 7
    k1[2].value = "bra"
    book.save(path)
    with pytest.raises(InvalidRecruitment) as info:
        read_rating_sheets(rec, path)
    assert [str(p) for p in info.value.problems] == [
        f"Bedömning inv1!{k1[1].coordinate}: 7 is outside the scale 1–5",
        f"Bedömning inv1!{k1[2].coordinate}: 'bra' is not a number",
    ]


def test_not_ours(tmp_path: Path) -> None:
    """A workbook not written by the plugin is refused with a message."""
    from openpyxl import Workbook

    Workbook().save(tmp_path / "other.xlsx")
    with pytest.raises(InvalidRecruitment, match="not a workbook written by rekrytera-xlsx"):
        read_rating_sheets(rekrytera.load(SOCIAL), tmp_path / "other.xlsx")


def test_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while saving leaves the previous workbook and no temporary file."""
    rec = rekrytera.load(SOCIAL)
    path = tmp_path / "b.xlsx"
    rekrytera.export(rec, path)
    before = path.read_bytes()

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(rekrytera.RekryteraError, match="No space left"):
        rekrytera.export(rec, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["b.xlsx"]


def test_cli(tmp_path: Path) -> None:
    """`rekrytera export --to x.xlsx` then `rekrytera-xlsx read` from the command line."""
    book = tmp_path / "b.xlsx"
    subprocess.run(
        [sys.executable, "-m", "rekrytera", "export", str(SOCIAL), "--to", str(book)], check=True
    )
    out = tmp_path / "merged.toml"
    script = Path(sys.executable).parent / "rekrytera-xlsx"
    subprocess.run([str(script), "read", str(SOCIAL), str(book), "-o", str(out)], check=True)
    assert rekrytera.load(out) == rekrytera.load(SOCIAL)
    bad = subprocess.run(
        [str(script), "read", str(SOCIAL), str(tmp_path / "none.xlsx"), "-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2
    assert "no such file" in bad.stderr
