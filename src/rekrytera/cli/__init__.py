"""The ``rekrytera`` command.

One module per command or family of commands, each exposing
:class:`~rekrytera.cli._common.Command` objects; :data:`COMMANDS` lists them in
the order ``--help`` shows. :func:`main` alone maps exceptions to exit codes.

Exit codes (a contract): 0 success; 1 findings (``lint``) or an unexpected
internal error; 2 invalid input or usage, always with a message and never a
traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
import warnings
from collections.abc import Sequence
from typing import TextIO

from .._i18n import LANG_ENV, LANGUAGES, _, language
from .._version import __version__
from ..exceptions import RekryteraError
from ..plugins import DISABLE_AUTOLOAD_ENV, PluginError, default_registry
from . import (
    analyse,
    applicants,
    check,
    dataset,
    files,
    journey,
    lint,
    plugins,
    residents,
    retention,
    scaffold,
    score,
    simulate,
    texts,
    workspace,
)
from ._argparse import Parser, speaking
from ._common import EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, Command, Reported, add_lang

__all__ = ["COMMANDS", "main"]

#: Every command, in the order ``rekrytera --help`` lists them.
COMMANDS: tuple[Command, ...] = (
    check.CHECK,
    score.SCORE,
    score.REPORT,
    files.ANONYMISE,
    files.EXPORT,
    retention.PURGE,
    retention.ERASE,
    lint.LINT,
    texts.AD,
    texts.LETTER,
    texts.PLAIN,
    applicants.IMPORT_APPLICANTS,
    applicants.SCREEN,
    journey.INTRODUCTION,
    journey.FEEDBACK,
    journey.EVALUATION,
    residents.PARTICIPATION,
    residents.SPLIT,
    residents.MATCH,
    simulate.SIMULATE,
    dataset.DATASET,
    analyse.ANALYSE,
    files.INIT,
    plugins.TEMPLATES,
    plugins.PLUGINS,
    scaffold.NEW_PLUGIN,
    workspace.INVITE,
    workspace.SERVE,
)


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="rekrytera",
        description=_("Competence-based recruitment with residents on the panel."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help=_("show program's version number and exit"),
    )
    parser.add_argument(
        "--no-plugins",
        action="store_true",
        help=_(
            "use only the built-in methods, exporters and catalogue: load no installed "
            "plugin (the same as setting {env}=1)"
        ).format(env=DISABLE_AUTOLOAD_ENV),
    )
    add_lang(parser)
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"), required=True)
    for command in COMMANDS:
        sub = commands.add_parser(
            command.name, help=_(command.help), description=_(command.description)
        )
        command.arguments(sub)
        add_lang(sub)
        sub.set_defaults(run=command.run)
    return parser


def chosen_language(argv: Sequence[str]) -> str:
    """The language of a command: ``--lang``, else :data:`LANG_ENV`, else Swedish.

    Read before the real parser exists, so that its help and its errors speak
    the same language as the command. A value that is not a language is left
    for the real parser (or :func:`main`) to refuse.
    """
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in LANGUAGES:
            return argv[i + 1]
        if arg.startswith("--lang=") and arg.removeprefix("--lang=") in LANGUAGES:
            return arg.removeprefix("--lang=")
    env = os.environ.get(LANG_ENV, "")
    return env if env in LANGUAGES else LANGUAGES[0]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``); return the exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = chosen_language(argv)
    with language(lang), speaking(lang):
        env = os.environ.get(LANG_ENV, "")
        if env and env not in LANGUAGES:
            print(
                _("rekrytera: {env}={value} is not a language; use one of: {languages}").format(
                    env=LANG_ENV, value=env, languages=", ".join(LANGUAGES)
                ),
                file=sys.stderr,
            )
            return EXIT_INVALID
        args = _parser().parse_args(argv)
        args.lang = lang
        if args.no_plugins:
            return _without_plugins(args)
        return _main_args(args)


def _without_plugins(args: argparse.Namespace) -> int:
    """Run *args* with installed plugins switched off for this command only."""
    before = os.environ.get(DISABLE_AUTOLOAD_ENV)
    os.environ[DISABLE_AUTOLOAD_ENV] = "1"
    default_registry.cache_clear()
    try:
        return _main_args(args)
    finally:
        if before is None:
            del os.environ[DISABLE_AUTOLOAD_ENV]
        else:
            os.environ[DISABLE_AUTOLOAD_ENV] = before
        default_registry.cache_clear()


def _main_args(args: argparse.Namespace) -> int:
    """Run parsed *args*, with the library's warnings as one-line notes."""
    with warnings.catch_warnings():
        # What the library warns about (a store others can read, ...) is a note
        # for the user, in one line, not a Python warning with a file and line.
        warnings.showwarning = _note
        warnings.filterwarnings("default", category=UserWarning, module=r"rekrytera(\.|$)")
        return _run(args)


def _note(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    print(_("rekrytera: note: {message}").format(message=message), file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    try:
        code: int = args.run(args)
        return code
    except Reported:
        return EXIT_INVALID
    except PluginError as e:
        if os.environ.get("REKRYTERA_TRACEBACK"):
            traceback.print_exception(e, file=sys.stderr)  # with the plugin's own error
        print(f"rekrytera: {e}", file=sys.stderr)
        print(
            _(
                "rekrytera: to run without installed plugins, use `rekrytera --no-plugins "
                "COMMAND ...` or set {env}=1; set REKRYTERA_TRACEBACK=1 to see the plugin's "
                "traceback."
            ).format(env=DISABLE_AUTOLOAD_ENV),
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    except RekryteraError as e:
        print(f"rekrytera: {e}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`rekrytera score FILE | head -1`): it had what it
        # wanted, so exit 0 as `head` expects, even under `set -o pipefail`.
        # Point stdout at devnull so Python's exit flush is quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as e:
        if os.environ.get("REKRYTERA_TRACEBACK"):
            raise
        print(
            _(
                "rekrytera: internal error: {error}\n"
                "This is a bug in rekrytera or a plugin; set REKRYTERA_TRACEBACK=1 to see "
                "the traceback, and please report it."
            ).format(error=f"{type(e).__name__}: {e}"),
            file=sys.stderr,
        )
        return EXIT_INTERNAL
