"""Retention (gallring) and erasure from the command line: ``rekrytera purge`` and ``erase``."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from .._i18n import N_, _, ngettext
from ..exceptions import RekryteraError
from ..io import dump
from ..model import Recruitment
from ..privacy import RetentionPolicy, erase, purge
from ._common import EXIT_OK, Command, add_force, day, load_or_report, refuse_existing

__all__ = ["ERASE", "PURGE"]


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help=_("a .toml or .json recruitment file"))
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help=_("where to write the result (the input itself only with --force)"),
    )
    parser.add_argument(
        "--today",
        type=day,
        default=None,
        metavar="DATE",
        help=_("the date to record (default: today)"),
    )
    add_force(parser)


def _write(args: argparse.Namespace, rec: Recruitment, what: str) -> None:
    refuse_existing(args.output, args.force)
    dump(rec, Path(args.output))
    print(_("{path}: {what}").format(path=args.output, what=what))


def _purge_arguments(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument(
        "--months",
        type=int,
        required=True,
        metavar="N",
        help=_("how long after the decision the data is kept (your retention schedule)"),
    )
    parser.add_argument(
        "--include-hired",
        action="store_true",
        help=_("remove the hired candidates' data too (by default it is kept)"),
    )


def _run_purge(args: argparse.Namespace) -> int:
    if args.months < 0:
        raise RekryteraError(_("--months must be zero or more"))
    rec = load_or_report(args.file)
    today = args.today or dt.date.today()
    policy = RetentionPolicy(months=args.months, keep_hired=not args.include_hired)
    after = purge(rec, policy, today)
    if after is rec:
        print(
            _("{path}: nothing to remove on {date}").format(path=args.file, date=today.isoformat())
        )
        return EXIT_OK
    record = after.retention[-1]
    _write(
        args,
        after,
        _removed(", ".join(record.candidates), len(record.changed)),
    )
    return EXIT_OK


def _erase_arguments(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("--candidate", required=True, metavar="ID", help=_("whose data to remove"))
    parser.add_argument(
        "--basis",
        required=True,
        metavar="TEXT",
        help=_("the legal ground, recorded with the erasure (e.g. 'GDPR art. 17.1 a')"),
    )


def _run_erase(args: argparse.Namespace) -> int:
    rec = load_or_report(args.file)
    try:
        after = erase(rec, args.candidate, args.today or dt.date.today(), basis=args.basis)
    except KeyError:
        known = ", ".join(c.id for c in rec.candidates)
        raise RekryteraError(
            _("no candidate {id!r}; the candidates: {known}").format(id=args.candidate, known=known)
        ) from None
    record = after.retention[-1]
    _write(
        args,
        after,
        _removed(args.candidate, len(record.changed)),
    )
    return EXIT_OK


def _removed(whose: str, changed: int) -> str:
    return ngettext(
        "removed the personal data of {whose}; {n} other text changed",
        "removed the personal data of {whose}; {n} other texts changed",
        changed,
    ).format(whose=whose, n=changed)


PURGE = Command(
    "purge",
    N_("remove the personal data of candidates not hired, once the retention time has passed"),
    N_(
        "Apply a retention period (gallring): N months after the decision, remove the names, "
        "contact details, identity numbers and notes of the candidates not hired, and their "
        "names from every other text; keep ids and scores. Records what was removed under "
        "[[retention]]."
    ),
    _purge_arguments,
    _run_purge,
)

ERASE = Command(
    "erase",
    N_("remove one candidate's personal data now, recording the legal ground"),
    N_(
        "Remove one candidate's personal data (names, contact details, identity numbers, "
        "notes, and the candidate from every other text); keep ids and scores. --basis, the "
        "legal ground, is required and recorded under [[retention]]."
    ),
    _erase_arguments,
    _run_erase,
)
