"""Compile the message catalogues (``.po``) to the ``.mo`` files gettext reads.

Hatchling runs this before it builds a wheel, also an editable one, so that
the compiled catalogues are in every installation and never in git. Babel
does the compiling; it is a build requirement only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCALE = Path("src", "rekrytera", "locale")


class CompileCatalogues(BuildHookInterface):
    """Write ``locale/LANG/LC_MESSAGES/rekrytera.mo`` beside each ``.po``."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        for po in sorted((Path(self.root) / LOCALE).glob("*/LC_MESSAGES/*.po")):
            with po.open("rb") as f:
                catalog = read_po(f, locale=po.parent.parent.name)
            mo = po.with_suffix(".mo")
            tmp = mo.with_suffix(".mo.tmp")
            with tmp.open("wb") as f:
                # Fuzzy entries are guesses nobody has checked: leave them out.
                write_mo(f, catalog, use_fuzzy=False)
            tmp.replace(mo)
            build_data.setdefault("artifacts", []).append(
                "/" + mo.relative_to(self.root).as_posix()
            )
