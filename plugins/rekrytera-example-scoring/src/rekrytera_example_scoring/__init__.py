"""A threshold scoring method: ``balanced``, plus a floor on what matters most.

Installed, this module is a rekrytera plugin through the entry point declared
in ``pyproject.toml``::

    [project.entry-points.rekrytera]
    example_scoring = "rekrytera_example_scoring"
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

import rekrytera
from rekrytera.plugins import ScoringMethod
from rekrytera.scoring import MethodFlag, MethodScore, Option, ScoringContext

__all__ = ["NOT_RECOMMENDED", "Threshold"]

#: The flag this method adds to a candidate's result.
NOT_RECOMMENDED = "not_recommended"

FLAG = MethodFlag(
    name=NOT_RECOMMENDED,
    label={"sv": "rekommenderas inte", "en": "not recommended"},
    explanation={
        "sv": (
            "Kandidaten ligger under golvet på en tungt vägd kompetens och rekommenderas "
            "därför inte."
        ),
        "en": "The candidate is below the floor on a heavily weighted competence.",
    },
)


@attrs.frozen
class Threshold:
    """Score like ``balanced``; flag candidates below a floor on a heavy competence."""

    name: str = "threshold"
    description: str = (
        "balanced, plus the flag not_recommended for a candidate whose value on any "
        "heavily weighted competence falls below a floor (options: floor, heavy, last)"
    )
    on_scale: bool = True
    #: How a total is computed, for the memo and ``rekrytera score`` (optional:
    #: without it they show ``description``). ``{weight}`` and ``{scale}`` are
    #: filled in with the resident weight and the scale of the totals.
    explanation: Mapping[str, str] = attrs.field(
        factory=lambda: {
            "sv": (
                "Som balanced: personalens och invånarnas medelvärden vägs samman med "
                "invånarvikten {weight}, på skalan {scale}. En kandidat som ligger under "
                "golvet på en tungt vägd kompetens markeras som inte rekommenderad."
            ),
            "en": (
                "As balanced: the staff's and residents' means combined by the resident "
                "weight {weight}, on the scale {scale}. A candidate below the floor on a "
                "heavily weighted competence is marked not recommended."
            ),
        }
    )
    #: The flags it sets, with what people read for them.
    flags: tuple[MethodFlag, ...] = (FLAG,)
    #: The options it takes, checked by rekrytera before it runs; any other is refused.
    options: tuple[Option, ...] = (
        Option(
            name="floor",
            help={
                "sv": "lägsta godtagbara värde på en tungt vägd kompetens (standard: mitten)",
                "en": "the lowest acceptable value on a heavy competence (default: mid-scale)",
            },
        ),
        Option(
            name="heavy",
            minimum=0,
            help={
                "sv": "kompetenser med minst den här vikten är tunga (standard: största vikten)",
                "en": "competences weighing at least this are heavy (default: the largest weight)",
            },
        ),
        Option(
            name="last",
            kind="choice",
            choices=("no", "yes"),
            default="no",
            help={
                "sv": "yes: rangordna kandidater som inte rekommenderas efter alla andra",
                "en": "yes: rank the candidates not recommended after all the others",
            },
        ),
    )

    def score(self, context: ScoringContext) -> dict[str, MethodScore]:
        profile = context.recruitment.profile
        options = context.options  # checked already: numbers are numbers
        floor = float(options.get("floor", (profile.scale.min + profile.scale.max) / 2))
        heavy = float(options.get("heavy", max(c.weight for c in profile.competences)))
        last = options.get("last") == "yes"
        heavy_keys = {c.key for c in profile.competences if c.weight >= heavy}

        balanced = rekrytera.plugins.get_registry(load_entry_points=False).methods()["balanced"]
        scores = dict(balanced.obj.score(context))  # type: ignore[arg-type]
        for candidate, result in scores.items():
            below = any(
                competence.value is not None and competence.value < floor
                for stage in result.stages.values()
                for key, competence in stage.competences.items()
                if key in heavy_keys
            )
            if below:
                scores[candidate] = attrs.evolve(
                    result, flags=(*result.flags, NOT_RECOMMENDED), group=1 if last else 0
                )
        return scores


@rekrytera.hookimpl
def rekrytera_register_methods() -> Iterable[ScoringMethod]:
    """Register the threshold method."""
    return [Threshold()]
