"""``rekrytera check``: validate recruitment files, plugins' policy checks included."""

from __future__ import annotations

import argparse
import sys

from .._i18n import N_, _, ngettext
from .._validate import validate
from ..exceptions import InvalidRecruitment
from ..io import load
from ..model import Role
from ._common import EXIT_INVALID, EXIT_OK, Command, print_problems

__all__ = ["CHECK"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help=_("a .toml or .json recruitment file")
    )


def _run(args: argparse.Namespace) -> int:
    status = EXIT_OK
    several = len(args.files) > 1
    for path in args.files:
        try:
            rec = load(path)
        except InvalidRecruitment as e:
            print_problems(path, e.problems, sys.stdout, prefix=several)
            status = EXIT_INVALID
            continue
        policy = validate(rec)
        if policy:
            print_problems(path, policy, sys.stdout, prefix=several)
            status = EXIT_INVALID
            continue
        residents = sum(1 for p in rec.panel if p.role is Role.RESIDENT)
        counts = ", ".join(
            (
                ngettext("{n} candidate", "{n} candidates", len(rec.candidates)).format(
                    n=len(rec.candidates)
                ),
                ngettext("{n} panelist", "{n} panelists", len(rec.panel)).format(n=len(rec.panel))
                + " ("
                + ngettext("{n} resident", "{n} residents", residents).format(n=residents)
                + ")",
                ngettext("{n} rating", "{n} ratings", len(rec.ratings)).format(n=len(rec.ratings)),
            )
        )
        print(_("{path}: ok — {counts}").format(path=path, counts=counts))
    return status


CHECK = Command(
    "check",
    N_("validate recruitment files"),
    N_("Validate recruitment files; print every problem as 'path: message'."),
    _arguments,
    _run,
)
