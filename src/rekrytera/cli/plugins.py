"""What is installed: ``rekrytera plugins`` and ``rekrytera templates``."""

from __future__ import annotations

import argparse
import json
import sys

from .. import catalogue
from .._i18n import N_, _
from .._table import table
from ..plugins import get_registry
from ._common import EXIT_OK, Command, add_format

__all__ = ["PLUGINS", "TEMPLATES"]


def _plugins_arguments(parser: argparse.ArgumentParser) -> None:
    add_format(parser, ["table", "json"])


def _run_plugins(args: argparse.Namespace) -> int:
    registry = get_registry()
    rows = []
    kinds = {
        "method": _("method"),
        "anonymiser": _("anonymiser"),
        "exporter": _("exporter"),
        "catalogue": _("catalogue"),
    }
    for kind, found in (
        ("method", registry.methods()),
        ("anonymiser", registry.anonymisers()),
        ("exporter", registry.exporters()),
        ("catalogue", registry.catalogues()),
    ):
        for name, reg in found.items():
            rows.append(
                {
                    "kind": kind,
                    "name": name,
                    "plugin": reg.plugin,
                    "distribution": reg.distribution,
                    "description": str(getattr(reg.obj, "description", "")),
                }
            )
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        keys = ["kind", "name", "plugin", "distribution"]
        header = [_("kind"), _("name"), _("plugin"), _("distribution")]
        print(
            table(
                header,
                [[kinds[r["kind"]], *(r[k] for k in keys[1:])] for r in rows],
                right=set(),
            )
        )
    return EXIT_OK


def _templates_arguments(parser: argparse.ArgumentParser) -> None:
    add_format(parser, ["table", "json"])


def _run_templates(args: argparse.Namespace) -> int:
    found = catalogue.entries("templates", lang=args.lang)
    rows = [
        {
            "name": key,
            "title": entry.value.title,
            "competences": len(entry.value.profile.competences),
            "catalogue": entry.catalogue,
            "distribution": entry.distribution,
        }
        for key, entry in found.items()
    ]
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        keys = ["name", "title", "catalogue", "distribution"]
        header = [_("name"), _("title"), _("catalogue"), _("distribution")]
        print(table(header, [[str(r[k]) for k in keys] for r in rows], right=set()))
    return EXIT_OK


PLUGINS = Command(
    "plugins",
    N_("list scoring methods, anonymisers, exporters and catalogues"),
    N_(
        "List everything the built-ins and the installed plugins register, with the plugin "
        "and distribution it comes from."
    ),
    _plugins_arguments,
    _run_plugins,
)

TEMPLATES = Command(
    "templates",
    N_("list the profile templates (built-in and plugins')"),
    N_("List the profile templates of every catalogue, with where each comes from."),
    _templates_arguments,
    _run_templates,
)
