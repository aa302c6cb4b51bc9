"""The xlsx plugin through its real entry point: export, fill in, read back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from openpyxl import Workbook, load_workbook
from rekrytera_xlsx import read_rating_sheets

import rekrytera
from rekrytera import InvalidRecruitment
from rekrytera.model import Phase, Recusal, Stage, recused
from rekrytera.plugins import get_registry

EXAMPLES = Path(__file__).parents[3] / "examples"
SOCIAL = EXAMPLES / "socialsekreterare-barn-unga.toml"
REC = "hbg-2026-017"


def _export(tmp_path: Path, rec: rekrytera.Recruitment | None = None) -> Path:
    folder = tmp_path / "bedomning"
    rekrytera.export(rec or rekrytera.load(SOCIAL), folder, format="xlsx")
    return folder


def test_registered() -> None:
    """Both exporters come from this distribution; .xlsx picks the rating workbooks."""
    exporters = get_registry().exporters()
    assert exporters["xlsx"].distribution == "rekrytera-xlsx 0.1.0"
    assert exporters["xlsx-results"].distribution == "rekrytera-xlsx 0.1.0"
    assert rekrytera.exporters.choose_exporter("x.xlsx").name == "xlsx"


def test_one_workbook_per_panelist(tmp_path: Path) -> None:
    """Each panelist who rates gets a workbook with their own sheet only: no results,
    no one else's scores or notes, no names, the metadata hidden. A panelist a declared
    conflict keeps out of the recruitment (inv3) gets none."""
    rec = rekrytera.load(SOCIAL)
    folder = _export(tmp_path, rec)
    raters = [p.id for p in rec.panel if p.rates and p.id not in recused(rec)]
    assert "inv3" not in raters
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{REC}-{p}.xlsx" for p in raters)
    for panelist in raters:
        book = load_workbook(folder / f"{REC}-{panelist}.xlsx")
        assert book.sheetnames == ["Bedömning", "_rekrytera"]
        assert book["_rekrytera"].sheet_state == "hidden"
        text = {str(c.value) for sheet in book for row in sheet.iter_rows() for c in row}
        assert "Anna Andersson" not in text
        for other in rec.ratings:
            if other.panelist != panelist and other.note:
                assert other.note not in text, (panelist, other.note)
    # With per-candidate recusal, a panelist's sheet leaves out only that candidate.
    per = attrs.evolve(
        rec,
        profile=attrs.evolve(rec.profile, recusal=Recusal.CANDIDATE),
        panel=[attrs.evolve(p, conflicts=["k3"]) if p.id == "inv2" else p for p in rec.panel],
    )
    inv2 = load_workbook(_export(tmp_path / "per", per) / f"{REC}-inv2.xlsx")["Bedömning"]
    candidates = [row[0] for row in inv2.iter_rows(values_only=True)]
    assert "k1" in candidates
    assert "k3" not in candidates  # jäv


def test_results_workbook(tmp_path: Path) -> None:
    """xlsx-results: the ranking alone."""
    rec = rekrytera.load(SOCIAL)
    path = tmp_path / "resultat.xlsx"
    rekrytera.export(rec, path, format="xlsx-results")
    book = load_workbook(path)
    assert book.sheetnames == ["Resultat"]
    ranking = [row[1] for row in book["Resultat"].iter_rows(min_row=2, values_only=True)]
    assert ranking == [c.id for c in rekrytera.score(rec).candidates]


def test_round_trip_of_existing_scores(tmp_path: Path) -> None:
    """Reading back every untouched workbook gives the same independent ratings."""
    rec = rekrytera.load(SOCIAL)
    folder = _export(tmp_path, rec)
    again = rec
    for p in rec.panel:
        if p.rates and p.id not in recused(rec):
            again = read_rating_sheets(again, folder / f"{REC}-{p.id}.xlsx", panelist=p.id)
    assert again == rec


def test_filled_in(tmp_path: Path) -> None:
    """Scores typed into a sheet become ratings; a blank cell is a competence not scored."""
    rec = rekrytera.load(SOCIAL)
    rec = attrs.evolve(rec, ratings=[r for r in rec.ratings if r.panelist != "hr"])
    path = _export(tmp_path, rec) / f"{REC}-hr.xlsx"
    book = load_workbook(path)
    rows = list(book["Bedömning"].iter_rows())
    k1 = next(r for r in rows if r[0].value == "k1")
    k1[1].value, k1[2].value, k1[-1].value = 4, 5, "Tydliga exempel."
    book.save(path)
    merged = read_rating_sheets(rec, path, panelist="hr")
    (new,) = [r for r in merged.ratings if r.panelist == "hr"]
    assert (new.candidate, new.stage, new.phase, new.note) == (
        "k1",
        Stage.INTERVIEW,
        Phase.INDEPENDENT,
        "Tydliga exempel.",
    )
    assert new.scores == {"trygghet": 4, "relationsskapande": 5}


def test_attribution(tmp_path: Path) -> None:
    """A workbook is read as the panelist it came from, and as no one else: editing the
    hidden sheet cannot hand a resident's scores to the hiring manager."""
    rec = rekrytera.load(SOCIAL)
    path = _export(tmp_path, rec) / f"{REC}-inv1.xlsx"
    with pytest.raises(InvalidRecruitment, match=r"no rating sheet of 'chef'.*sheet of inv1"):
        read_rating_sheets(rec, path, panelist="chef")
    book = load_workbook(path)
    book["_rekrytera"]["C3"] = "chef"  # the sheet now claims to be the manager's
    book.save(path)
    with pytest.raises(InvalidRecruitment, match="no rating sheet of 'inv1'"):
        read_rating_sheets(rec, path, panelist="inv1")
    with pytest.raises(InvalidRecruitment, match="has no panelist 'nobody'"):
        read_rating_sheets(rec, path, panelist="nobody")


def test_bad_cells(tmp_path: Path) -> None:
    """Bad cells are reported by sheet and cell, all of them; a formula is one."""
    rec = rekrytera.load(SOCIAL)
    path = _export(tmp_path, rec) / f"{REC}-inv1.xlsx"
    book = load_workbook(path)
    k1 = next(r for r in book["Bedömning"].iter_rows() if r[0].value == "k1")
    k1[1].value = 7
    k1[2].value = "bra"
    k1[3].value = "=2+2"
    k1[-1].value = "=A1"
    book.save(path)
    with pytest.raises(InvalidRecruitment) as info:
        read_rating_sheets(rec, path, panelist="inv1")
    assert [str(p) for p in info.value.problems] == [
        f"Bedömning!{k1[1].coordinate}: 7 is outside the scale 1–5",
        f"Bedömning!{k1[2].coordinate}: 'bra' is not a number",
        f"Bedömning!{k1[3].coordinate}: a formula (=2+2); type the score itself",
        f"Bedömning!{k1[-1].coordinate}: a formula; to keep a note that starts with = as "
        "text, start it with an apostrophe (')",
    ]


@pytest.mark.parametrize(
    "note", ['=HYPERLINK("http://x")', "+46 är bra", "-1 för sent", "@chef", "\tindrag"]
)
def test_notes_that_look_like_formulas(tmp_path: Path, note: str) -> None:
    """A note starting with = + - @ or a tab is written as text (never a live formula)
    and read back exactly as it was."""
    rec = rekrytera.load(SOCIAL)
    first = next(i for i, r in enumerate(rec.ratings) if r.panelist == "inv1")
    ratings = list(rec.ratings)
    ratings[first] = attrs.evolve(ratings[first], note=note)
    rec = attrs.evolve(rec, ratings=ratings)
    path = _export(tmp_path, rec) / f"{REC}-inv1.xlsx"
    cells = [c for row in load_workbook(path)["Bedömning"].iter_rows() for c in row]
    (cell,) = [c for c in cells if c.value == note]
    assert cell.data_type == "s"
    assert cell.quotePrefix
    assert read_rating_sheets(rec, path, panelist="inv1") == rec


def test_not_ours(tmp_path: Path) -> None:
    """A workbook not written by the plugin is refused with a message."""
    Workbook().save(tmp_path / "other.xlsx")
    with pytest.raises(InvalidRecruitment, match="not a workbook written by rekrytera-xlsx"):
        read_rating_sheets(rekrytera.load(SOCIAL), tmp_path / "other.xlsx", panelist="inv1")


def test_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while saving leaves the previous workbook and no temporary file."""
    rec = rekrytera.load(SOCIAL)
    path = tmp_path / "r.xlsx"
    rekrytera.export(rec, path, format="xlsx-results")
    before = path.read_bytes()

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(rekrytera.RekryteraError, match="the disk is full"):
        rekrytera.export(rec, path, format="xlsx-results")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_cli(tmp_path: Path) -> None:
    """`rekrytera export --to x.xlsx`, then `rekrytera-xlsx read --panelist` per workbook."""
    folder = tmp_path / "bedomning.xlsx"
    subprocess.run(
        [sys.executable, "-m", "rekrytera", "export", str(SOCIAL), "--to", str(folder)], check=True
    )
    out = tmp_path / "merged.toml"
    script = Path(sys.executable).parent / "rekrytera-xlsx"
    book = folder / f"{REC}-inv1.xlsx"
    read = [str(script), "read", str(SOCIAL), str(book), "-o", str(out)]
    subprocess.run([*read, "--panelist", "inv1"], check=True)
    assert rekrytera.load(out) == rekrytera.load(SOCIAL)
    wrong = subprocess.run([*read, "--panelist", "chef"], capture_output=True, text=True)
    assert wrong.returncode == 2
    assert "no rating sheet of 'chef'" in wrong.stderr
    bad = subprocess.run(
        [*read[:3], str(tmp_path / "none.xlsx"), "-o", str(out), "--panelist", "inv1"],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2
    assert "no such file" in bad.stderr


def test_planted_identifiers(tmp_path: Path) -> None:
    """With identifiers planted in every free-text field (rekrytera.testing), a panelist's
    workbook holds no one's identity fields and no one else's text: only their own notes,
    which go back to them as they wrote them."""
    from rekrytera.testing import planted_recruitment

    rec, contact, names = planted_recruitment(rekrytera.load(SOCIAL))
    folder = _export(tmp_path, rec)
    stored = [
        v
        for person in (*rec.candidates, *rec.panel)
        for v in (
            person.identity.name,
            person.identity.email,
            person.identity.phone,
            person.identity.personal_id,
            *person.identity.identifiers.values(),
        )
        if v
    ]
    assert set(stored) <= {*contact, *names}
    for panelist in (p.id for p in rec.panel if p.rates and p.id not in recused(rec)):
        book = load_workbook(folder / f"{REC}-{panelist}.xlsx")
        own = {r.note for r in rec.ratings if r.panelist == panelist}
        cells = [str(c.value) for s in book for row in s.iter_rows() for c in row if c.value]
        text = " ".join(c for c in cells if c not in own)
        assert [v for v in stored if v in text] == [], panelist
        others = {r.note for r in rec.ratings if r.panelist != panelist} - own
        assert [n for n in others if n in cells] == [], panelist
    resultat = tmp_path / "r.xlsx"
    rekrytera.export(rec, resultat, format="xlsx-results")
    book = load_workbook(resultat)
    text = " ".join(str(c.value) for row in book["Resultat"].iter_rows() for c in row)
    assert [s for s in [*contact, *names] if s in text] == []


def test_registering_does_not_load_openpyxl() -> None:
    """Every rekrytera command loads this plugin; openpyxl waits until the plugin works."""
    from rekrytera.pytest_plugin import loaded_with

    assert "openpyxl" not in loaded_with("rekrytera_xlsx")
