"""``rekrytera new-plugin``: start a plugin distribution that is tested from the first minute."""

from __future__ import annotations

import argparse
from pathlib import Path

from .._i18n import N_, _
from ..scaffold import HOOKS, new_plugin
from ._common import EXIT_OK, Command, add_force

__all__ = ["NEW_PLUGIN"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "name", metavar="NAME", help=_("the plugin's name, e.g. 'ek' for rekrytera-ek")
    )
    parser.add_argument(
        "--hooks",
        default=",".join(HOOKS),
        metavar="HOOK,...",
        help=_("what it starts with, of {hooks} (default: all)").format(hooks=", ".join(HOOKS)),
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        help=_("where to write it (default: ./rekrytera-NAME)"),
    )
    add_force(parser)


def _run(args: argparse.Namespace) -> int:
    hooks = [h.strip() for h in args.hooks.split(",") if h.strip()]
    target = Path(args.output or f"rekrytera-{args.name.replace('_', '-')}")
    new_plugin(args.name, target, hooks=hooks, force=args.force)
    print(
        _("{path}: a plugin with {hooks}. Next: pip install -e {path} && pytest {path}").format(
            path=target, hooks=", ".join(dict.fromkeys(hooks))
        )
    )
    return EXIT_OK


NEW_PLUGIN = Command(
    "new-plugin",
    N_("write a new plugin distribution, with tests, to start from"),
    N_(
        "Write a plugin distribution: one module per hook (a scoring method, an exporter, an "
        "anonymiser, a policy check, a catalogue), each a small working example with its "
        "tests, the entry point in pyproject.toml, and a README. As written it installs, its "
        "tests pass, and it is clean under mypy --strict and ruff."
    ),
    _arguments,
    _run,
)
