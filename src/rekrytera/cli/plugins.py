"""What is installed: ``rekrytera plugins`` and ``rekrytera templates``."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
import warnings

from .. import catalogue
from .._declared import Option
from .._i18n import N_, _, ngettext
from .._table import table
from ..plugins import Registry, get_registry
from ._common import EXIT_FINDINGS, EXIT_OK, Command, add_format, method_options

__all__ = ["PLUGINS", "TEMPLATES"]


def _plugins_arguments(parser: argparse.ArgumentParser) -> None:
    add_format(parser, ["table", "json"])
    parser.add_argument(
        "--check",
        action="store_true",
        help=_(
            "look for mistakes in the installed plugins (no hook, a hook function not "
            "marked, a misspelt hook name); exit 1 when there are any"
        ),
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help=_("also the options and flags each scoring method declares"),
    )


def _run_plugins(args: argparse.Namespace) -> int:
    with warnings.catch_warnings():
        if args.check:  # reported below, once, with the rest
            warnings.simplefilter("ignore")
        registry = get_registry()
    if args.check:
        found = registry.check()
        for finding in found:
            print(finding)
        if not found:
            n = len(registry.hooks())
            print(
                ngettext(
                    "{n} plugin checked: nothing to report",
                    "{n} plugins checked: nothing to report",
                    n,
                ).format(n=n)
            )
        return EXIT_FINDINGS if found else EXIT_OK
    kinds = {
        "method": _("method"),
        "anonymiser": _("anonymiser"),
        "exporter": _("exporter"),
        "importer": _("importer"),
        "catalogue": _("catalogue"),
        "policy": _("policy"),
        "plugin": _("plugin"),
    }
    rows: list[dict[str, object]] = []
    for kind, found_by_name in (
        ("method", registry.methods()),
        ("anonymiser", registry.anonymisers()),
        ("exporter", registry.exporters()),
        ("importer", registry.importers()),
        ("catalogue", registry.catalogues()),
    ):
        for name, reg in found_by_name.items():
            row: dict[str, object] = {
                "kind": kind,
                "name": name,
                "plugin": reg.plugin,
                "distribution": reg.distribution,
                "description": str(getattr(reg.obj, "description", "")),
            }
            if args.verbose and kind == "method":
                row.update(_declared(reg.obj))
            rows.append(row)
    for plugin in registry.policies():
        rows.append(
            _plugin_row(registry, "policy", plugin, _("checks recruitments (rekrytera_validate)"))
        )
    hooks = registry.hooks()
    for plugin, implemented in hooks.items():
        row = _plugin_row(registry, "plugin", plugin, ", ".join(implemented))
        rows.append({**row, "hooks": list(implemented)})
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK
    header = [_("kind"), _("name"), _("plugin"), _("distribution")]
    print(
        table(
            header,
            [
                [kinds[str(r["kind"])], str(r["name"]), str(r["plugin"]), str(r["distribution"])]
                for r in rows
                if r["kind"] != "plugin"
            ],
            right=set(),
        )
    )
    print()
    header = [_("plugin"), _("distribution"), _("hooks")]
    print(
        table(
            header,
            [
                [plugin, registry.distribution(plugin), ", ".join(h) or "–"]
                for plugin, h in hooks.items()
            ],
            right=set(),
        )
    )
    if args.verbose:
        print()
        print(method_options())
        print()
        print(_method_flags(registry, args.lang))
    return EXIT_OK


def _declared(method: object) -> dict[str, object]:
    """The options and flags a method declares, as JSON."""
    options = []
    for option in getattr(method, "options", None) or ():
        if isinstance(option, Option):
            options.append(
                {
                    "name": option.name,
                    "kind": option.kind,
                    "default": option.default,
                    "minimum": option.minimum,
                    "maximum": option.maximum,
                    "choices": list(option.choices),
                    "help": dict(option.help),
                }
            )
        else:
            options.append({"name": str(option)})
    flags = [
        {"name": f.name, "label": dict(f.label), "explanation": dict(f.explanation)}
        for f in getattr(method, "flags", None) or ()
    ]
    return {"options": options, "flags": flags}


def _method_flags(registry: Registry, lang: str) -> str:
    lines = [_("Flags of the installed scoring methods:")]
    for name, registered in registry.methods().items():
        for flag in getattr(registered.obj, "flags", None) or ():
            text = f"{name}: {flag.name} ({flag.label_in(lang)}): {flag.explanation_in(lang)}"
            lines += textwrap.wrap(text, 88, initial_indent="  ", subsequent_indent="      ")
    if len(lines) == 1:
        lines.append("  " + _("none: the installed methods declare no flags of their own"))
    return "\n".join(lines)


def _plugin_row(registry: Registry, kind: str, plugin: str, description: str) -> dict[str, object]:
    return {
        "kind": kind,
        "name": plugin,
        "plugin": plugin,
        "distribution": registry.distribution(plugin),
        "description": description,
    }


def _templates_arguments(parser: argparse.ArgumentParser) -> None:
    add_format(parser, ["table", "json"])


def _run_templates(args: argparse.Namespace) -> int:
    found = catalogue.entries("templates", lang=args.lang)
    samples = catalogue.work_samples(lang=args.lang)
    rows = [
        {
            "name": key,
            "title": entry.value.title,
            "competences": len(entry.value.profile.competences),
            "work_samples": [s.key for s in samples.get(key, ())],
            "catalogue": entry.catalogue,
            "distribution": entry.distribution,
        }
        for key, entry in found.items()
    ]
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for row in rows:
            row["work_samples"] = ", ".join(row["work_samples"])
        keys = ["name", "title", "work_samples", "catalogue", "distribution"]
        header = [_("name"), _("title"), _("work samples"), _("catalogue"), _("distribution")]
        print(table(header, [[str(r[k]) for k in keys] for r in rows], right=set()))
    return EXIT_OK


PLUGINS = Command(
    "plugins",
    N_("list scoring methods, anonymisers, exporters, catalogues, policies and plugins"),
    N_(
        "List everything the built-ins and the installed plugins register, with the plugin "
        "and distribution it comes from, then every plugin with the hooks it implements. "
        "--check looks for mistakes in installed plugins."
    ),
    _plugins_arguments,
    _run_plugins,
)

TEMPLATES = Command(
    "templates",
    N_("list the profile templates (built-in and plugins')"),
    N_(
        "List the profile templates of every catalogue, with their work-sample cases "
        "(for init --work-sample) and where each comes from."
    ),
    _templates_arguments,
    _run_templates,
)
