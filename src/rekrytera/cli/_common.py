"""What every command shares: exit codes, problem output, and the common options.

The options that several commands take (``--lang``, ``--format``, ``--names``,
``--force``, ``--option``, the scoring options) are defined here once, so they
mean the same everywhere.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TextIO, TypeVar

import attrs

from .._i18n import LANG_ENV, LANGUAGES, _
from ..exceptions import InvalidRecruitment, PolicyViolation, Problem, RekryteraError
from ..io import load
from ..model import Phase, Recruitment
from ._argparse import Parser

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_INTERNAL",
    "EXIT_INVALID",
    "EXIT_OK",
    "Command",
    "Reported",
    "add_force",
    "add_format",
    "add_lang",
    "add_names",
    "add_option",
    "add_scoring_options",
    "add_skip_policy",
    "day",
    "load_or_report",
    "options",
    "policies_of",
    "print_problems",
    "refuse_existing",
    "reported",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INTERNAL = 1
EXIT_INVALID = 2


class Reported(Exception):
    """Invalid input that has already been reported to the user: exit 2, nothing more."""


@attrs.frozen
class Command:
    """One ``rekrytera`` command: its name, its help, how to add its options, how to run it.

    ``run`` returns the exit code. It may raise :class:`Reported` (exit 2) or any
    :class:`~rekrytera.RekryteraError` (a one-line message, exit 2); ``main``
    maps every other exception.
    """

    name: str
    help: str
    description: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def print_problems(source: str, problems: Sequence[Problem], out: TextIO, *, prefix: bool) -> None:
    """Print one line per problem; *prefix* puts the source before each path."""
    for problem in problems:
        if not problem.path:
            print(f"{source}: {problem.message}", file=out)
        elif prefix:
            print(f"{source}: {problem}", file=out)
        else:
            print(problem, file=out)


T = TypeVar("T")


def reported(path: str, loader: Callable[[str], T]) -> T:
    """``loader(path)`` for a command, reporting the file's problems on stderr."""
    try:
        return loader(path)
    except InvalidRecruitment as e:
        print_problems(path, e.problems, sys.stderr, prefix=True)
        raise Reported from None


def load_or_report(path: str) -> Recruitment:
    """Load *path* for a command, reporting its problems on stderr."""
    return reported(path, load)


def day(text: str) -> dt.date:
    """An argparse type for a date: ``2026-05-04``, or one line saying what is wrong."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a date (YYYY-MM-DD)").format(text=text)
        ) from None


def refuse_existing(path: str | os.PathLike[str], force: bool) -> None:
    """Refuse to replace an output that exists unless ``--force`` was given.

    What exists: a file, or a folder with anything in it. This is what
    ``--force`` means for every command that writes.
    """
    target = Path(path)
    taken = target.is_file() or (target.is_dir() and any(target.iterdir()))
    if taken and not force:
        raise RekryteraError(_("{path} exists; use --force to replace it").format(path=path))


def options(pairs: Sequence[str]) -> dict[str, str]:
    """``--option KEY=VALUE`` pairs as a mapping."""
    from ..scoring import InvalidOption

    found = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InvalidOption(_("--option takes KEY=VALUE, got {pair!r}").format(pair=pair))
        found[key] = value
    return found


def add_lang(parser: argparse.ArgumentParser) -> None:
    """``--lang sv|en``: the language of everything the command writes for people.

    The command line and every command take it. :func:`rekrytera.cli.main`
    reads it before it builds its parser, so that help and errors speak it too
    (see :func:`rekrytera.cli.chosen_language`), and sets ``args.lang`` to
    that choice; the parser only checks the value.
    """
    parser.add_argument(
        "--lang",
        choices=list(LANGUAGES),
        default=argparse.SUPPRESS,
        help=_("language of messages, tables and reports (default: sv, or ${env})").format(
            env=LANG_ENV
        ),
    )


def add_skip_policy(parser: argparse.ArgumentParser) -> None:
    """``--skip-policy NAME``: an administrator skips an installed policy for this command."""
    parser.add_argument(
        "--skip-policy",
        action="append",
        default=[],
        metavar="PLUGIN",
        help=_(
            "go ahead although the policy checked by PLUGIN is broken (for an administrator; "
            "it is printed and recorded); may be repeated"
        ),
    )


@contextlib.contextmanager
def policies_of(source: str) -> Iterator[None]:
    """Report a broken policy as the problems of *source* (exit 2), like ``check`` does."""
    try:
        yield
    except PolicyViolation as e:
        print_problems(source, e.problems, sys.stderr, prefix=True)
        raise Reported from None


def add_format(parser: argparse.ArgumentParser, choices: Sequence[str]) -> None:
    """``--format``: the first choice is the default."""
    parser.add_argument(
        "--format",
        choices=list(choices),
        default=choices[0],
        help=_("(default: {default})").format(default=choices[0]),
    )


def add_names(parser: argparse.ArgumentParser, help: str | None = None) -> None:
    """``--names``: show people's names (personal data), not only their ids."""
    parser.add_argument(
        "--names",
        action="store_true",
        help=help or _("show candidates' names (personal data), not only ids"),
    )


def add_force(parser: argparse.ArgumentParser) -> None:
    """``--force``: replace an output that exists."""
    parser.add_argument("--force", action="store_true", help=_("replace the output if it exists"))


def add_option(parser: argparse.ArgumentParser) -> None:
    """``--option KEY=VALUE``: an option of the scoring method's own.

    ``--help`` ends with the options every installed method declares.
    """
    parser.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=_("an option of the method's own; may be repeated (see below)"),
    )
    if isinstance(parser, Parser):
        parser.epilog_factory = method_options


def method_options() -> str:
    """The options of the installed scoring methods, for ``--help`` and ``plugins --verbose``."""
    import textwrap

    from .._declared import Option
    from ..plugins import default_registry

    lines = [_("Options of the installed scoring methods (--option NAME=VALUE):")]
    for name, registered in default_registry().methods().items():
        for option in getattr(registered.obj, "options", None) or ():
            text = option.describe() if isinstance(option, Option) else str(option)
            lines += textwrap.wrap(
                f"{name}: {text}", 88, initial_indent="  ", subsequent_indent="      "
            )
    if len(lines) == 1:
        lines.append("  " + _("none: the installed methods take no options"))
    return "\n".join(lines)


def add_scoring_options(parser: argparse.ArgumentParser, *, method: bool = True) -> None:
    """``--resident-weight``, ``--divergence``, ``--phase``, and ``--method`` if *method*."""
    if method:
        parser.add_argument(
            "--method", default="balanced", help=_("scoring method (default: balanced)")
        )
    parser.add_argument(
        "--resident-weight",
        type=float,
        default=0.5,
        metavar="R",
        help=_("how much the resident perspective counts, 0–1 (default: 0.5)"),
    )
    parser.add_argument(
        "--divergence",
        type=float,
        default=1.0,
        metavar="D",
        help=_("flag candidates whose staff and resident totals differ by D or more (default: 1)"),
    )
    parser.add_argument(
        "--phase",
        choices=[p.value for p in Phase],
        default=Phase.INDEPENDENT.value,
        help=_("which ratings count (default: independent)"),
    )
