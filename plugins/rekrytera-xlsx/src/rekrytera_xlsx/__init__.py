"""Excel workbooks for rekrytera: results, rating sheets, and reading them back."""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

import rekrytera
from rekrytera import InvalidRecruitment, Problem, RekryteraError
from rekrytera.exporters import RESULT_COLUMNS, result_rows
from rekrytera.io import atomic_writer
from rekrytera.model import Phase, Rating, Recruitment, Stage
from rekrytera.plugins import Exporter

__all__ = ["XlsxExporter", "main", "read_rating_sheets"]

META = "_rekrytera"
RESULTS = "Resultat"
#: The version of the workbook layout, kept in the hidden sheet.
LAYOUT = 1


def _save(workbook: Workbook, destination: Path) -> None:
    """Save atomically: a temporary file beside the destination, then os.replace."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    with atomic_writer(destination, binary=True) as f:
        workbook.save(f)


def _sheet_title(prefix: str, panelist: str, used: set[str]) -> str:
    base = f"{prefix}{panelist}"[:31]
    title, n = base, 2
    while title in used:
        suffix = f"~{n}"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title)
    return title


def _rating_sheet(sheet: Worksheet, rec: Recruitment, panelist: str) -> None:
    profile = rec.profile
    bold = Font(bold=True)
    person = rec.panelist(panelist)
    sheet.append([f"{rec.title} ({rec.id})"])
    sheet.append([f"Bedömare: {panelist} ({person.role.label_sv})", f"Skala {profile.scale}"])
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
        sheet.append(["stage", stage.value, stage.label_sv])
        header = ["candidate", *(c.key for c in competences), "note"]
        sheet.append(header)
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        sheet.append(["", *(c.label for c in competences), ""])
        for candidate in rec.candidates:
            if candidate.id in person.conflicts:
                continue
            rating = existing.get((candidate.id, stage))
            scores = rating.scores if rating else {}
            sheet.append(
                [
                    candidate.id,
                    *(scores.get(c.key) for c in competences),
                    rating.note if rating else None,
                ]
            )


@attrs.frozen
class XlsxExporter:
    """A workbook with the results and a rating sheet for each panelist who rates."""

    name: str = "xlsx"
    description: str = (
        "Excel workbook: results and a rating sheet per panelist; filled-in sheets can be "
        "read back with rekrytera-xlsx read"
    )
    suffixes: tuple[str, ...] = (".xlsx",)

    def export(self, recruitments: Sequence[Recruitment], destination: Path) -> None:
        workbook = Workbook()
        results = workbook.active
        assert results is not None
        results.title = RESULTS
        results.append(list(RESULT_COLUMNS))
        for cell in results[1]:
            cell.font = Font(bold=True)
        meta = workbook.create_sheet(META)
        meta.append(["layout", LAYOUT])
        meta.append(["sheet", "recruitment", "panelist"])
        used = {RESULTS, META}
        for row in result_rows(recruitments):
            results.append([", ".join(v) if isinstance(v, list) else v for v in attrs.astuple(row)])
        for n, rec in enumerate(recruitments):
            prefix = "Bedömning " if len(recruitments) == 1 else f"{n + 1} "
            for panelist in rec.panel:
                if not panelist.rates:
                    continue
                title = _sheet_title(prefix, panelist.id, used)
                _rating_sheet(workbook.create_sheet(title), rec, panelist.id)
                meta.append([title, rec.id, panelist.id])
        meta.sheet_state = "hidden"
        _save(workbook, destination)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def read_rating_sheets(
    recruitment: Recruitment,
    path: str | os.PathLike[str],
    *,
    phase: Phase | str = Phase.INDEPENDENT,
) -> Recruitment:
    """The recruitment with the scores from a filled-in workbook.

    Each row with at least one score becomes the panelist's rating of that
    candidate at that stage in *phase*, replacing any earlier one. Blank cells
    are competences not scored. Every problem is reported with its sheet and
    cell.

    :raises InvalidRecruitment: listing every problem, located as ``Sheet!B7``.
    """
    chosen = Phase(phase)
    try:
        workbook = load_workbook(path, data_only=True)
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
        sheet_name, rec_id, panelist = row[:3]
        if rec_id == recruitment.id and isinstance(sheet_name, str) and isinstance(panelist, str):
            owners[sheet_name] = panelist
    if not owners:
        raise InvalidRecruitment(
            [Problem("", f"the workbook has no rating sheets for {recruitment.id!r}")]
        )

    problems: list[Problem] = []
    read: list[Rating] = []
    candidates = {c.id for c in recruitment.candidates}
    scale = recruitment.profile.scale
    for sheet_name, panelist in owners.items():
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
            scores: dict[str, float] = {}
            for key, cell in zip(columns, cells[1 : 1 + len(columns)], strict=False):
                if cell.value is None or cell.value == "":
                    continue
                if not _is_number(cell.value):
                    problems.append(
                        Problem(
                            f"{sheet_name}!{cell.coordinate}", f"{cell.value!r} is not a number"
                        )
                    )
                elif cell.value not in scale:
                    problems.append(
                        Problem(
                            f"{sheet_name}!{cell.coordinate}",
                            f"{cell.value:g} is outside the scale {scale}",
                        )
                    )
                else:
                    scores[key] = float(cell.value)
            note_cell = cells[1 + len(columns)] if len(cells) > 1 + len(columns) else None
            note = str(note_cell.value) if note_cell is not None and note_cell.value else ""
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
    """Register the xlsx exporter."""
    return [XlsxExporter()]


def main(argv: Sequence[str] | None = None) -> int:
    """``rekrytera-xlsx read RECRUITMENT WORKBOOK -o OUT``: merge filled-in sheets."""
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
        "-o", "--output", required=True, help="the recruitment with the scores (.toml or .json)"
    )
    read.add_argument("--phase", choices=[p.value for p in Phase], default="independent")
    args = parser.parse_args(argv)
    try:
        rec = rekrytera.load(args.recruitment)
        merged = read_rating_sheets(rec, args.workbook, phase=args.phase)
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
