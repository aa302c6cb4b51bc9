"""``rekrytera check``: validate recruitment files, plugins' policy checks included."""

from __future__ import annotations

import argparse
import sys

from .._validate import validate
from ..exceptions import InvalidRecruitment
from ..io import load
from ..model import Role
from ._common import EXIT_INVALID, EXIT_OK, Command, print_problems

__all__ = ["CHECK"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="a .toml or .json recruitment file"
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
        print(
            f"{path}: ok — {len(rec.candidates)} candidates, {len(rec.panel)} panelists "
            f"({residents} residents), {len(rec.ratings)} ratings"
        )
    return status


CHECK = Command(
    "check",
    "validate recruitment files",
    "Validate recruitment files; print every problem as 'path: message'.",
    _arguments,
    _run,
)
