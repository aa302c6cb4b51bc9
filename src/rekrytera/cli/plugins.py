"""What is installed: ``rekrytera plugins`` and ``rekrytera templates``."""

from __future__ import annotations

import argparse
import json
import sys

from .. import catalogue
from .._table import table
from ..plugins import get_registry
from ._common import EXIT_OK, Command, add_format, add_lang

__all__ = ["PLUGINS", "TEMPLATES"]


def _plugins_arguments(parser: argparse.ArgumentParser) -> None:
    add_format(parser, ["table", "json"])


def _run_plugins(args: argparse.Namespace) -> int:
    registry = get_registry()
    rows = []
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
        header = ["kind", "name", "plugin", "distribution"]
        print(table(header, [[r[k] for k in header] for r in rows], right=set()))
    return EXIT_OK


def _templates_arguments(parser: argparse.ArgumentParser) -> None:
    add_lang(parser, "the titles")
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
        header = ["name", "title", "catalogue", "distribution"]
        print(table(header, [[str(r[k]) for k in header] for r in rows], right=set()))
    return EXIT_OK


PLUGINS = Command(
    "plugins",
    "list scoring methods, anonymisers, exporters and catalogues",
    "List everything the built-ins and the installed plugins register, with the plugin "
    "and distribution it comes from.",
    _plugins_arguments,
    _run_plugins,
)

TEMPLATES = Command(
    "templates",
    "list the profile templates (built-in and plugins')",
    "List the profile templates of every catalogue, with where each comes from.",
    _templates_arguments,
    _run_templates,
)
