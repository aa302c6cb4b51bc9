"""Step 4 on the command line: ``import-applicants`` and ``screen``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from .._i18n import N_, _, ngettext
from ..applicants import import_applicants, screen
from ..exceptions import InvalidRecruitment, RekryteraError
from ..io import dump
from ..model import Recruitment
from ..privacy._scrub import recruitment_scrubber
from ._common import (
    EXIT_OK,
    Command,
    Reported,
    add_format,
    add_names,
    day,
    load_or_report,
    print_problems,
)

__all__ = ["IMPORT_APPLICANTS", "SCREEN"]


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source", metavar="SOURCE", help=_("the applicants: a .csv file, or what an importer reads")
    )
    parser.add_argument(
        "--into",
        required=True,
        metavar="FILE",
        help=_("the recruitment file to add them to (rewritten; comments are not kept)"),
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help=_(
            "which field a column holds: id, name, email, phone, personal_id, meets, merits, "
            "identifiers.KEY, application.KEY, or - to leave it out; may be repeated"
        ),
    )
    parser.add_argument(
        "--importer",
        metavar="NAME",
        help=_("an importer's name (see `plugins`; default: by suffix)"),
    )
    parser.add_argument(
        "--dry-run", action="store_true", help=_("check the file and say what would be added")
    )


def _mapping(pairs: list[str]) -> dict[str, str]:
    found = {}
    for pair in pairs:
        column, sep, field = pair.rpartition("=")
        if not sep or not column.strip() or not field.strip():
            raise RekryteraError(_("--map takes COLUMN=FIELD, got {pair!r}").format(pair=pair))
        found[column.strip()] = field.strip()
    return found


def _run_import(args: argparse.Namespace) -> int:
    rec = load_or_report(args.into)
    try:
        updated = import_applicants(
            args.source, rec, importer=args.importer, mapping=_mapping(args.map)
        )
    except InvalidRecruitment as e:
        print_problems(args.source, e.problems, sys.stderr, prefix=True)
        raise Reported from None
    added = updated.candidates[len(rec.candidates) :]
    ids = ", ".join(c.id for c in added)
    count = ngettext("{n} applicant", "{n} applicants", len(added)).format(n=len(added))
    if args.dry_run:
        print(
            _("{path}: would add {count} ({ids}); nothing written").format(
                path=args.into, count=count, ids=ids
            )
        )
        return EXIT_OK
    dump(updated, Path(args.into))
    print(_("{path}: added {count} ({ids})").format(path=args.into, count=count, ids=ids))
    return EXIT_OK


def _screen_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help=_("a .toml or .json recruitment file"))
    parser.add_argument(
        "--blind",
        action="store_true",
        help=_(
            "screen without knowing who applied: --names is refused, and a finding is "
            "recorded as made blind"
        ),
    )
    record = parser.add_argument_group(
        _("recording a finding (the file is rewritten; comments are not kept)")
    )
    record.add_argument("--candidate", metavar="ID", help=_("the applicant"))
    record.add_argument("--requirement", metavar="KEY", help=_("the must-have requirement"))
    met = record.add_mutually_exclusive_group()
    met.add_argument("--met", dest="met", action="store_true", default=None, help=_("it is met"))
    met.add_argument("--not-met", dest="met", action="store_false", help=_("it is not met"))
    record.add_argument("--by", metavar="PANELIST", help=_("who screened (a panelist id)"))
    record.add_argument("--reason", default="", help=_("why: what in the application shows it"))
    record.add_argument("--date", type=day, metavar="YYYY-MM-DD", help=_("when (default: today)"))
    add_names(parser, _("show names, and the applications as written (personal data)"))
    add_format(parser, ["text", "json"])


def _run_screen(args: argparse.Namespace) -> int:
    if args.blind and args.names:
        raise RekryteraError(_("--blind hides who applied; leave out --names"))
    recording = [args.candidate, args.requirement, args.met, args.by]
    if any(x is not None for x in recording):
        if any(x is None for x in recording):
            raise RekryteraError(
                _(
                    "to record a finding, give --candidate, --requirement, --met or "
                    "--not-met, and --by"
                )
            )
        return _record(args)
    rec = load_or_report(args.file)
    rows = _sheet(rec, blind=args.blind, names=args.names)
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        _print_sheet(rec, rows)
    return EXIT_OK


def _record(args: argparse.Namespace) -> int:
    rec = load_or_report(args.file)
    try:
        updated = screen(
            rec,
            args.candidate,
            args.requirement,
            met=args.met,
            by=args.by,
            reason=args.reason,
            blind=args.blind,
            date=args.date or dt.date.today(),
        )
    except InvalidRecruitment as e:
        print_problems(args.file, e.problems, sys.stderr, prefix=True)
        raise Reported from None
    dump(updated, Path(args.file))
    finding = _("met") if args.met else _("not met")
    print(
        _("{path}: {candidate}, {requirement}: {finding}").format(
            path=args.file, candidate=args.candidate, requirement=args.requirement, finding=finding
        )
    )
    return EXIT_OK


def _sheet(rec: Recruitment, *, blind: bool, names: bool) -> list[dict[str, object]]:
    """One row per applicant: the application and each must-have's finding."""
    # Names only on request: without --names the applications lose every name
    # and identity value of the people in the recruitment, as in blind screening.
    scrub = None if names and not blind else recruitment_scrubber(rec).scrub
    found = {(s.candidate, s.requirement): s for s in rec.screening}
    rows: list[dict[str, object]] = []
    for candidate in rec.candidates:
        application = {k: scrub(v) if scrub else v for k, v in candidate.application.items()}
        requirements = []
        for requirement in rec.profile.requirements:
            record = found.get((candidate.id, requirement.key))
            requirements.append(
                {
                    "requirement": requirement.key,
                    "label": requirement.label,
                    "in_meets": requirement.key in candidate.meets,
                    "met": None if record is None else record.met,
                    "by": None if record is None else record.by,
                    "reason": "" if record is None else (scrub or str)(record.reason),
                    "blind": None if record is None else record.blind,
                }
            )
        row: dict[str, object] = {"candidate": candidate.id}
        if names and candidate.identity.name:
            row["name"] = candidate.identity.name
        row["application"] = application
        row["requirements"] = requirements
        rows.append(row)
    return rows


def _print_sheet(rec: Recruitment, rows: list[dict[str, object]]) -> None:
    if not rec.profile.requirements:
        print(_("{id}: the profile has no must-have requirements to screen").format(id=rec.id))
    for row in rows:
        name = f" ({row['name']})" if "name" in row else ""
        print(f"{row['candidate']}{name}")
        application = row["application"]
        assert isinstance(application, dict)
        for heading, text in application.items():
            print(f"  {heading}: {text}")
        requirements = row["requirements"]
        assert isinstance(requirements, list)
        for item in requirements:
            if item["met"] is None:
                status = (
                    _("in meets, but no screening is recorded")
                    if item["in_meets"]
                    else _("not screened yet")
                )
            else:
                status = (_("met") if item["met"] else _("not met")) + " – " + item["by"]
                if item["blind"]:
                    status += ", " + _("blind")
            reason = f": {item['reason']}" if item["reason"] else ""
            print(f"  [{item['requirement']}] {item['label']}: {status}{reason}")


IMPORT_APPLICANTS = Command(
    "import-applicants",
    N_("add applicants from a file (CSV, or an applicant-tracking export)"),
    N_(
        "Add applicants to a recruitment from a CSV file (or what an installed importer reads), "
        "with a column mapping. Every problem is reported with its row and column, and then "
        "nothing is added."
    ),
    _import_arguments,
    _run_import,
)

SCREEN = Command(
    "screen",
    N_("screen applicants against the must-have requirements"),
    N_(
        "Show each applicant's application and whether each must-have requirement is met, by "
        "whom and why; or record a finding with --candidate, --requirement, --met or --not-met "
        "and --by. Names and contact details are left out of the applications unless --names; "
        "--blind also records the finding as made blind."
    ),
    _screen_arguments,
    _run_screen,
)
