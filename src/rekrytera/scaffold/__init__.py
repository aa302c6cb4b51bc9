"""``rekrytera new-plugin``: a plugin distribution that works, tested, from the first minute.

:func:`new_plugin` writes a distribution with one module per chosen hook
(a scoring method, an exporter, an anonymiser, a policy check, a catalogue,
an importer of applicants),
each a small working example with its tests, a ``pyproject.toml`` declaring
the entry point, and a README. As generated, ``pip install`` and ``pytest``
pass, and so do ``mypy --strict`` and ``ruff`` (CI checks all four).
"""

from __future__ import annotations

import os
import re
import shutil
import string
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .._i18n import _
from .._version import __version__
from ..exceptions import RekryteraError
from ..plugins import KIND_GROUPS

__all__ = ["HOOKS", "new_plugin"]

#: The hooks a plugin can start with, by the name ``--hooks`` takes, each with
#: the module written for it and the pluggy hook it implements.
HOOKS: dict[str, tuple[str, str]] = {
    "method": ("method", "rekrytera_register_methods"),
    "exporter": ("exporter", "rekrytera_register_exporters"),
    "anonymiser": ("anonymiser", "rekrytera_register_anonymisers"),
    "policy": ("policy", "rekrytera_validate"),
    "catalogue": ("catalogue", "rekrytera_register_catalogues"),
    "importer": ("importer", "rekrytera_register_importers"),
}
_TEMPLATES = Path(__file__).parent / "templates"
_NAME = re.compile(r"(?=.{1,30}$)[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*")


def new_plugin(
    name: str,
    destination: str | os.PathLike[str],
    *,
    hooks: Iterable[str] = tuple(HOOKS),
    force: bool = False,
) -> Path:
    """Write the distribution ``rekrytera-NAME`` (package ``rekrytera_NAME``) to *destination*.

    :param name: the plugin's name: lower-case letters and digits, words
        joined by ``-`` or ``_`` (``ek``, ``goteborg-policy``). It is the entry
        point's name, which messages show and ``--skip-policy`` takes.
    :param hooks: which of :data:`HOOKS` to start with (all by default).
    :param force: replace *destination* if it exists.
    :returns: *destination*, written completely or not at all.
    :raises RekryteraError: for a bad name or hook, or a destination that exists.
    """
    if not _NAME.fullmatch(name):
        raise RekryteraError(
            _(
                "{name!r} cannot name a plugin: use at most 30 lower-case letters and digits, "
                "words joined by '-' or '_'"
            ).format(name=name)
        )
    chosen = list(dict.fromkeys(hooks))
    unknown = [h for h in chosen if h not in HOOKS]
    if unknown or not chosen:
        raise RekryteraError(
            _("--hooks takes {known}; got {given}").format(
                known=", ".join(HOOKS), given=", ".join(unknown) or "–"
            )
        )
    target = Path(destination)
    if target.exists() and (target.is_file() or any(target.iterdir())) and not force:
        raise RekryteraError(_("{path} exists; use --force to replace it").format(path=target))
    plugin = name.replace("_", "-")
    package = "rekrytera_" + name.replace("-", "_")
    values = {
        "plugin": plugin,
        "package": package,
        "dist": "rekrytera-" + plugin,
        "rekrytera_version": __version__,
        "hook_list": ", ".join(f"{h} ({HOOKS[h][1]})" for h in chosen),
        "hooks": "\n".join(f'        "{HOOKS[h][1]}",' for h in chosen),
        "imports": "\n".join(
            f"from .{HOOKS[h][0]} import {HOOKS[h][1]}"
            for h in sorted(chosen, key=lambda h: HOOKS[h][0])
        ),
        "all": "\n".join(
            f'    "{HOOKS[h][1]}",' for h in sorted(chosen, key=lambda h: HOOKS[h][1])
        ),
        "hook_names": ", ".join(chosen),
        "entry_points": "\n".join(
            f'[project.entry-points."{KIND_GROUPS[HOOKS[h][1]]}"]\n{plugin} = "{package}"\n'
            for h in chosen
        ),
    }
    files = {
        "pyproject.toml": "pyproject.toml.tmpl",
        "README.md": "README.md.tmpl",
        f"src/{package}/__init__.py": "__init__.py.tmpl",
        f"src/{package}/py.typed": None,
        "tests/test_installed.py": "test_installed.py.tmpl",
    }
    for hook in chosen:
        module = HOOKS[hook][0]
        files[f"src/{package}/{module}.py"] = f"{module}.py.tmpl"
        files[f"tests/test_{module}.py"] = f"test_{module}.py.tmpl"
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        for relative, template in files.items():
            text = "" if template is None else _fill(template, values)
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if target.exists():
            if target.is_dir():
                shutil.rmtree(target)
            else:
                target.unlink()
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _fill(template: str, values: dict[str, str]) -> str:
    text = string.Template((_TEMPLATES / template).read_text(encoding="utf-8"))
    return text.substitute(values)
