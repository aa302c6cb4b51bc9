"""A scoring method plugin: each candidate's best single score counts."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

import rekrytera
from rekrytera.plugins import ScoringMethod
from rekrytera.scoring import MethodScore, ScoringContext


@attrs.frozen
class TopScore:
    name: str = "top_score"
    description: str = "The highest score any panelist gave the candidate on anything."
    on_scale: bool = True

    def score(self, context: ScoringContext) -> dict[str, MethodScore]:
        best: dict[str, float] = {}
        for rating in context.ratings:
            top = max(rating.scores.values())
            best[rating.candidate] = max(best.get(rating.candidate, top), top)
        return {c.id: MethodScore(total=best.get(c.id)) for c in context.recruitment.candidates}


@rekrytera.hookimpl
def rekrytera_register_methods() -> Iterable[ScoringMethod]:
    return [TopScore()]
