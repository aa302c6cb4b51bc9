"""Excel workbooks for rekrytera: one rating workbook per panelist, results, reading back.

Handing one workbook with everyone's sheets round would break sealing (each
panelist would see the others' scores and notes), so the ``xlsx`` exporter
writes a folder with one workbook per panelist who rates, holding only that
panelist's sheet and no results. ``xlsx-results`` writes the results alone.
Reading back takes the panelist the workbook came from and reads that
panelist's sheet only, so a sheet cannot change another panelist's ratings.
Every text cell is written as text (a note starting with ``=`` is never a
formula), and a formula typed into a cell is reported, never read as blank.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

import rekrytera
from rekrytera import InvalidRecruitment, Problem, RekryteraError
from rekrytera.exporters import RESULT_COLUMNS, result_rows
from rekrytera.io import atomic_writer
from rekrytera.model import Phase, Rating, Recruitment, Stage, may_assess, recused
from rekrytera.plugins import Exporter

if TYPE_CHECKING:
    # openpyxl loads in the functions that write or read a workbook: installing
    # the plugin does not slow down the commands that never touch Excel.
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["XlsxExporter", "XlsxResultsExporter", "main", "read_rating_sheets"]

META = "_rekrytera"
RESULTS = "Resultat"
SHEET = "Bedömning"
#: The version of the workbook layout, kept in the hidden sheet: 2 is one
#: panelist per workbook (1, every panelist in one workbook, is still read).
LAYOUT = 2

#: What spreadsheet programs read as the start of a formula (the OWASP list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _append(sheet: Worksheet, values: Sequence[object]) -> None:
    """Append a row, every text as text: never a formula, shown as typed."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(_FORMULA_START):
                cell.quotePrefix = True


def _save(workbook: Workbook, destination: Path) -> None:
    """Save atomically: a temporary file beside the destination, then os.replace."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    with atomic_writer(destination, binary=True) as f:
        workbook.save(f)


def _rating_sheet(sheet: Worksheet, rec: Recruitment, panelist: str) -> None:
    from openpyxl.styles import Font

    profile = rec.profile
    bold = Font(bold=True)
    person = rec.panelist(panelist)
    _append(sheet, [f"{rec.title} ({rec.id})"])
    _append(sheet, [f"Bedömare: {panelist} ({person.role.label_sv})", f"Skala {profile.scale}"])
    existing = {
        (r.candidate, r.stage): r
        for r in rec.ratings
        if r.panelist == panelist and r.phase is Phase.INDEPENDENT
    }
    for stage in profile.stages:
        competences = profile.assessed_at(stage)
        if not competences:
            continue
        sheet.append([])
        _append(sheet, ["stage", stage.value, stage.label_sv])
        _append(sheet, ["candidate", *(c.key for c in competences), "note"])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        _append(sheet, ["", *(c.label for c in competences), ""])
        for candidate in rec.candidates:
            if not may_assess(rec, panelist, candidate.id):
                continue
            rating = existing.get((candidate.id, stage))
            scores = rating.scores if rating else {}
            _append(
                sheet,
                [
                    candidate.id,
                    *(scores.get(c.key) for c in competences),
                    rating.note if rating else None,
                ],
            )


def _results_sheet(sheet: Worksheet, recruitments: Sequence[Recruitment]) -> None:
    from openpyxl.styles import Font

    sheet.title = RESULTS
    _append(sheet, list(RESULT_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in result_rows(recruitments):
        _append(sheet, [", ".join(v) if isinstance(v, list) else v for v in attrs.astuple(row)])


@attrs.frozen
class XlsxExporter:
    """A folder with one rating workbook per panelist who rates: their sheet only."""

    name: str = "xlsx"
    description: str = (
        "Excel rating workbooks, one per panelist (their own sheet only, no results), in a "
        "folder; read filled-in ones back with rekrytera-xlsx read"
    )
    suffixes: tuple[str, ...] = (".xlsx",)

    def export(self, recruitments: Sequence[Recruitment], destination: Path) -> None:
        from openpyxl import Workbook

        destination.mkdir(parents=True, exist_ok=True)
        for rec in recruitments:
            barred = recused(rec)  # a declared conflict: no part in the recruitment
            for panelist in rec.panel:
                if not panelist.rates or panelist.id in barred:
                    continue
                workbook = Workbook()
                sheet = workbook.active
                assert sheet is not None
                sheet.title = SHEET
                _rating_sheet(sheet, rec, panelist.id)
                meta = workbook.create_sheet(META)
                meta.append(["layout", LAYOUT])
                _append(meta, ["sheet", "recruitment", "panelist"])
                _append(meta, [SHEET, rec.id, panelist.id])
                meta.sheet_state = "hidden"
                _save(workbook, destination / f"{rec.id}-{panelist.id}.xlsx")


@attrs.frozen
class XlsxResultsExporter:
    """One workbook with the results only: the ranking and both perspective totals."""

    name: str = "xlsx-results"
    description: str = "Excel workbook with the results only (no scores, no notes)"
    suffixes: tuple[str, ...] = ()

    def export(self, recruitments: Sequence[Recruitment], destination: Path) -> None:
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        _results_sheet(sheet, recruitments)
        _save(workbook, destination)


def _formula(cell: Cell) -> str | None:
    """The formula in *cell*, if a formula is what it holds."""
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    value = cell.value
    if isinstance(value, ArrayFormula | DataTableFormula):
        return str(getattr(value, "text", None) or "=…")
    if cell.data_type == "f" and isinstance(value, str):
        return value
    return None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def read_rating_sheets(
    recruitment: Recruitment,
    path: str | os.PathLike[str],
    *,
    panelist: str,
    phase: Phase | str = Phase.INDEPENDENT,
) -> Recruitment:
    """The recruitment with the scores *panelist* filled into their workbook.

    *panelist* is who the workbook came from: only that panelist's sheet is
    read, so a workbook (or an edited hidden sheet) cannot change another
    panelist's ratings. Each row with at least one score becomes the
    panelist's rating of that candidate at that stage in *phase*, replacing
    any earlier one. Blank cells are competences not scored; a formula is a
    problem, never a blank. Every problem is reported with its sheet and cell.

    :raises InvalidRecruitment: listing every problem, located as ``Sheet!B7``.
    """
    chosen = Phase(phase)
    try:
        recruitment.panelist(panelist)
    except KeyError:
        raise InvalidRecruitment(
            [Problem("", f"{recruitment.id} has no panelist {panelist!r}")]
        ) from None
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path)
    except FileNotFoundError:
        raise InvalidRecruitment([Problem("", f"no such file: {path}")]) from None
    except Exception as e:
        raise InvalidRecruitment([Problem("", f"not a readable Excel workbook: {e}")]) from None
    if META not in workbook.sheetnames:
        raise InvalidRecruitment(
            [Problem("", "not a workbook written by rekrytera-xlsx (no _rekrytera sheet)")]
        )
    owners: dict[str, str] = {}
    for row in workbook[META].iter_rows(min_row=3, values_only=True):
        sheet_name, rec_id, owner = (*row, None, None, None)[:3]
        if rec_id == recruitment.id and isinstance(sheet_name, str) and isinstance(owner, str):
            owners[sheet_name] = owner
    mine = [name for name, owner in owners.items() if owner == panelist]
    if len(mine) != 1 or mine[0] not in workbook.sheetnames:
        whose = sorted(set(owners.values()))
        held = f"; it holds the sheet of {', '.join(whose)}" if whose else ""
        raise InvalidRecruitment(
            [
                Problem(
                    "",
                    f"the workbook has no rating sheet of {panelist!r} for "
                    f"{recruitment.id!r}{held}",
                )
            ]
        )
    sheet_name = mine[0]
    problems: list[Problem] = []
    read: list[Rating] = []
    candidates = {c.id for c in recruitment.candidates}
    scale = recruitment.profile.scale
    sheet = workbook[sheet_name]
    stage: Stage | None = None
    columns: list[str] = []
    for cells in sheet.iter_rows():
        values = [c.value for c in cells]
        if not values or values[0] is None or values[0] == "":
            continue
        if values[0] == "stage":
            stage = Stage(str(values[1]))
            continue
        if values[0] == "candidate":
            columns = [str(v) for v in values[1:] if v not in (None, "note")]
            continue
        if stage is None or not columns:
            continue
        candidate = str(values[0])
        where = f"{sheet_name}!{cells[0].coordinate}"
        if candidate not in candidates:
            problems.append(Problem(where, f"unknown candidate {candidate!r}"))
            continue
        if not may_assess(recruitment, panelist, candidate):
            problems.append(
                Problem(where, f"{panelist} declared a conflict of interest with {candidate}")
            )
            continue
        scores: dict[str, float] = {}
        for key, cell in zip(columns, cells[1 : 1 + len(columns)], strict=False):
            at = f"{sheet_name}!{cell.coordinate}"
            formula = _formula(cell)
            if formula is not None:
                problems.append(Problem(at, f"a formula ({formula}); type the score itself"))
            elif cell.value is None or cell.value == "":
                continue
            elif not _is_number(cell.value):
                problems.append(Problem(at, f"{cell.value!r} is not a number"))
            elif cell.value not in scale:
                problems.append(Problem(at, f"{cell.value:g} is outside the scale {scale}"))
            else:
                scores[key] = float(cell.value)
        note_cell = cells[1 + len(columns)] if len(cells) > 1 + len(columns) else None
        note = ""
        if note_cell is not None and _formula(note_cell) is not None:
            problems.append(
                Problem(
                    f"{sheet_name}!{note_cell.coordinate}",
                    "a formula; to keep a note that starts with = as text, "
                    "start it with an apostrophe (')",
                )
            )
        elif note_cell is not None and note_cell.value:
            note = str(note_cell.value)
        if scores:
            read.append(
                Rating(
                    panelist=panelist,
                    candidate=candidate,
                    stage=stage,
                    phase=chosen,
                    scores=scores,
                    note=note,
                )
            )
    if problems:
        raise InvalidRecruitment(problems)
    # A rating read back takes the place of the one it replaces; new ones go last.
    new = {(r.panelist, r.candidate, r.stage, r.phase): r for r in read}
    ratings = [new.pop((r.panelist, r.candidate, r.stage, r.phase), r) for r in recruitment.ratings]
    return attrs.evolve(recruitment, ratings=[*ratings, *new.values()])


@rekrytera.hookimpl
def rekrytera_register_exporters() -> Iterable[Exporter]:
    """Register the xlsx exporters: rating workbooks, and results."""
    return [XlsxExporter(), XlsxResultsExporter()]


def main(argv: Sequence[str] | None = None) -> int:
    """``rekrytera-xlsx read RECRUITMENT WORKBOOK --panelist ID -o OUT``: merge one sheet."""
    parser = argparse.ArgumentParser(
        prog="rekrytera-xlsx", description="Read filled-in rating sheets back."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    read = commands.add_parser(
        "read", help="merge the scores of a filled-in workbook into a recruitment"
    )
    read.add_argument("recruitment", help="the recruitment file the workbook was exported from")
    read.add_argument("workbook", help="the filled-in .xlsx")
    read.add_argument(
        "--panelist",
        required=True,
        help="who the workbook came from: only their sheet is read",
    )
    read.add_argument(
        "-o", "--output", required=True, help="the recruitment with the scores (.toml or .json)"
    )
    read.add_argument("--phase", choices=[p.value for p in Phase], default="independent")
    args = parser.parse_args(argv)
    try:
        rec = rekrytera.load(args.recruitment)
        merged = read_rating_sheets(rec, args.workbook, panelist=args.panelist, phase=args.phase)
        rekrytera.dump(merged, args.output)
    except InvalidRecruitment as e:
        for problem in e.problems:
            print(
                f"{args.workbook}: {problem}" if not problem.path else str(problem), file=sys.stderr
            )
        return 2
    except RekryteraError as e:
        print(f"rekrytera-xlsx: {e}", file=sys.stderr)
        return 2
    return 0
