"""Retention (gallring) and erasure from the command line: ``rekrytera purge`` and ``erase``."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from ..exceptions import RekryteraError
from ..io import dump
from ..model import Recruitment
from ..privacy import RetentionPolicy, erase, purge
from ._common import EXIT_OK, Command, add_force, load_or_report, refuse_existing

__all__ = ["ERASE", "PURGE"]


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .toml or .json recruitment file")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="where to write the result (the input itself only with --force)",
    )
    parser.add_argument(
        "--today",
        type=_day,
        default=None,
        metavar="DATE",
        help="the date to record (default: today)",
    )
    add_force(parser)


def _write(args: argparse.Namespace, rec: Recruitment, what: str) -> None:
    refuse_existing(args.output, args.force)
    dump(rec, Path(args.output))
    print(f"{args.output}: {what}")


def _purge_arguments(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument(
        "--months",
        type=int,
        required=True,
        metavar="N",
        help="how long after the decision the data is kept (your retention schedule)",
    )
    parser.add_argument(
        "--include-hired",
        action="store_true",
        help="remove the hired candidates' data too (by default it is kept)",
    )


def _run_purge(args: argparse.Namespace) -> int:
    if args.months < 0:
        raise RekryteraError("--months must be zero or more")
    rec = load_or_report(args.file)
    today = args.today or dt.date.today()
    policy = RetentionPolicy(months=args.months, keep_hired=not args.include_hired)
    after = purge(rec, policy, today)
    if after is rec:
        print(f"{args.file}: nothing to remove on {today.isoformat()}")
        return EXIT_OK
    record = after.retention[-1]
    _write(
        args,
        after,
        f"removed the personal data of {', '.join(record.candidates)}; "
        f"{len(record.changed)} other texts changed",
    )
    return EXIT_OK


def _erase_arguments(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("--candidate", required=True, metavar="ID", help="whose data to remove")
    parser.add_argument(
        "--basis",
        required=True,
        metavar="TEXT",
        help="the legal ground, recorded with the erasure (e.g. 'GDPR art. 17.1 a')",
    )


def _run_erase(args: argparse.Namespace) -> int:
    rec = load_or_report(args.file)
    try:
        after = erase(rec, args.candidate, args.today or dt.date.today(), basis=args.basis)
    except KeyError:
        known = ", ".join(c.id for c in rec.candidates)
        raise RekryteraError(f"no candidate {args.candidate!r}; the candidates: {known}") from None
    record = after.retention[-1]
    _write(
        args,
        after,
        f"removed the personal data of {args.candidate}; {len(record.changed)} other texts changed",
    )
    return EXIT_OK


PURGE = Command(
    "purge",
    "remove the personal data of candidates not hired, once the retention time has passed",
    "Apply a retention period (gallring): N months after the decision, remove the names, "
    "contact details, identity numbers and notes of the candidates not hired, and their "
    "names from every other text; keep ids and scores. Records what was removed under "
    "[[retention]].",
    _purge_arguments,
    _run_purge,
)

ERASE = Command(
    "erase",
    "remove one candidate's personal data now, recording the legal ground",
    "Remove one candidate's personal data (names, contact details, identity numbers, notes, "
    "and the candidate from every other text); keep ids and scores. --basis, the legal "
    "ground, is required and recorded under [[retention]].",
    _erase_arguments,
    _run_erase,
)
