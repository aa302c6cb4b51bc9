"""A threshold scoring method: ``balanced``, plus a floor on what matters most.

Installed, this module is a rekrytera plugin through the entry point declared
in ``pyproject.toml``::

    [project.entry-points.rekrytera]
    example_scoring = "rekrytera_example_scoring"
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import attrs

import rekrytera
from rekrytera.plugins import ScoringMethod
from rekrytera.scoring import InvalidOption, MethodScore, ScoringContext

__all__ = ["NOT_RECOMMENDED", "Threshold"]

#: The flag this method adds to a candidate's result.
NOT_RECOMMENDED = "not_recommended"


def _option(options: Mapping[str, str], name: str, default: float) -> float:
    if name not in options:
        return default
    try:
        value = float(options[name])
    except ValueError:
        raise InvalidOption(f"threshold: {name} must be a number, got {options[name]!r}") from None
    if not math.isfinite(value):
        raise InvalidOption(f"threshold: {name} must be finite, got {options[name]!r}")
    return value


@attrs.frozen
class Threshold:
    """Score like ``balanced``; flag candidates below a floor on a heavy competence."""

    name: str = "threshold"
    description: str = (
        "balanced, plus the flag not_recommended for a candidate whose value on any "
        "heavily weighted competence falls below a floor (options: floor, heavy)"
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
    #: The options it takes; any other is refused before it runs.
    options: tuple[str, ...] = ("floor", "heavy")

    def score(self, context: ScoringContext) -> dict[str, MethodScore]:
        profile = context.recruitment.profile
        floor = _option(context.options, "floor", (profile.scale.min + profile.scale.max) / 2)
        heavy = _option(context.options, "heavy", max(c.weight for c in profile.competences))
        unknown = set(context.options) - {"floor", "heavy"}
        if unknown:
            raise InvalidOption(f"threshold: unknown option(s) {', '.join(sorted(unknown))}")
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
                scores[candidate] = attrs.evolve(result, flags=(*result.flags, NOT_RECOMMENDED))
        return scores


@rekrytera.hookimpl
def rekrytera_register_methods() -> Iterable[ScoringMethod]:
    """Register the threshold method."""
    return [Threshold()]
