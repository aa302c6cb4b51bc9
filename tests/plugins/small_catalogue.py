"""A catalogue plugin: one municipality's own competence and question."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs

import rekrytera
from rekrytera.model import Competence, Question, Recruitment
from rekrytera.plugins import Catalogue

HUMOR = Competence(key="humor", label="Humor", description="Kan skämta utan att såra.")


@attrs.frozen
class SmallCatalogue:
    name: str = "small"
    description: str = "Example catalogue with a single competence."

    def competences(self, lang: str = "sv") -> Mapping[str, Competence]:
        return {HUMOR.key: HUMOR}

    def templates(self, lang: str = "sv") -> Mapping[str, Recruitment]:
        return {}

    def questions(self, lang: str = "sv") -> Mapping[str, Sequence[Question]]:
        text = "Berätta om en gång när humor hjälpte dig i ett svårt samtal."
        return {"humor": [Question(id="humor-1", competence="humor", text=text)]}


@rekrytera.hookimpl
def rekrytera_register_catalogues() -> Iterable[Catalogue]:
    return [SmallCatalogue()]
