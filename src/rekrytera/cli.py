"""The ``rekrytera`` command.

Exit codes (a contract): 0 success; 1 findings (``lint``) or an unexpected
internal error; 2 invalid input or usage, always with a message and never a
traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from ._version import __version__
from .exceptions import InvalidRecruitment, Problem, RekryteraError
from .io import load
from .model import Recruitment, Role

__all__ = ["main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INTERNAL = 1
EXIT_INVALID = 2


class _InvalidError(Exception):
    """Invalid input, already reported to the user."""


def _print_problems(source: str, problems: Sequence[Problem], out: TextIO, *, prefix: bool) -> None:
    for problem in problems:
        if not problem.path:
            print(f"{source}: {problem.message}", file=out)
        elif prefix:
            print(f"{source}: {problem}", file=out)
        else:
            print(problem, file=out)


def _load(path: str) -> Recruitment:
    """Load *path* for a command, reporting problems on stderr."""
    try:
        return load(path)
    except InvalidRecruitment as e:
        _print_problems(path, e.problems, sys.stderr, prefix=True)
        raise _InvalidError from None


def _cmd_check(args: argparse.Namespace) -> int:
    status = EXIT_OK
    several = len(args.files) > 1
    for path in args.files:
        try:
            rec = load(path)
        except InvalidRecruitment as e:
            _print_problems(path, e.problems, sys.stdout, prefix=several)
            status = EXIT_INVALID
            continue
        residents = sum(1 for p in rec.panel if p.role is Role.RESIDENT)
        print(
            f"{path}: ok — {len(rec.candidates)} candidates, {len(rec.panel)} panelists "
            f"({residents} residents), {len(rec.ratings)} ratings"
        )
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rekrytera",
        description="Competence-based recruitment with residents on the panel.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check",
        help="validate recruitment files",
        description="Validate recruitment files; print every problem as 'path: message'.",
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="a .toml or .json recruitment file")
    check.set_defaults(func=_cmd_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``); return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except _InvalidError:
        return EXIT_INVALID
    except RekryteraError as e:
        print(f"rekrytera: {e}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except Exception as e:
        if os.environ.get("REKRYTERA_TRACEBACK"):
            raise
        print(
            f"rekrytera: internal error: {type(e).__name__}: {e}\n"
            "This is a bug in rekrytera or a plugin; set REKRYTERA_TRACEBACK=1 to see "
            "the traceback, and please report it.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
