"""An anonymiser plugin: removes every free-text note from the ratings."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

import rekrytera
from rekrytera.model import Recruitment
from rekrytera.plugins import Anonymiser


@attrs.frozen
class DropNotes:
    name: str = "drop_notes"
    description: str = "Removes the panel's notes from every rating."

    def anonymise(self, recruitment: Recruitment, *, key: bytes) -> Recruitment:
        ratings = [attrs.evolve(r, note="") for r in recruitment.ratings]
        return attrs.evolve(recruitment, ratings=ratings)


@rekrytera.hookimpl
def rekrytera_register_anonymisers() -> Iterable[Anonymiser]:
    return [DropNotes()]
