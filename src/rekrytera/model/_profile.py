"""The competence profile (kravprofil): what the post needs."""

from __future__ import annotations

import math
from collections.abc import Mapping

import attrs

from .._i18n import _
from ..exceptions import Problem
from ._base import (
    FieldError,
    Recusal,
    Stage,
    duplicates,
    frozen_mapping,
    key,
    raise_problems,
    text,
    to_tuple,
    weight,
    weight_problem,
)

__all__ = ["Competence", "CompetenceProfile", "Merit", "Requirement", "Scale"]


#: How far a scale's ends may lie from zero: beyond it, sums of scores are no
#: longer safe in floating point.
SCALE_LIMIT = 1_000_000


def _scale_end(instance: Scale, attribute: attrs.Attribute[int], value: int) -> None:
    if not -SCALE_LIMIT <= value <= SCALE_LIMIT:
        raise FieldError(
            attribute.name,
            _("{value} is too far from zero; a scale's ends lie within ±{limit}").format(
                value=value, limit=f"{SCALE_LIMIT:,}".replace(",", " ")
            ),
        )


def _scale_max(instance: Scale, attribute: attrs.Attribute[int], value: int) -> None:
    _scale_end(instance, attribute, value)
    if value <= instance.min:
        raise FieldError(
            "max",
            _("{value} must be greater than min ({min})").format(value=value, min=instance.min),
        )


@attrs.frozen(kw_only=True)
class Scale:
    """The rating scale, e.g. 1–5. Scores may fall anywhere between the ends."""

    min: int = attrs.field(default=1, validator=_scale_end)
    max: int = attrs.field(default=5, validator=_scale_max)

    def __contains__(self, score: object) -> bool:
        return (
            isinstance(score, int | float)
            and not isinstance(score, bool)
            and math.isfinite(score)
            and self.min <= score <= self.max
        )

    def __str__(self) -> str:
        return f"{self.min}–{self.max}"


@attrs.frozen(kw_only=True)
class Requirement:
    """A must-have (ska-krav, behörighetskrav); missing it makes a candidate ineligible.

    ``basis`` names the legal ground where there is one, e.g. ``SoL 3 kap. 3 a §``
    for the social work degree in child and youth investigations.
    """

    key: str = attrs.field(validator=key)
    label: str = attrs.field(validator=text)
    basis: str | None = None
    description: str = ""


@attrs.frozen(kw_only=True)
class Merit:
    """Something that counts in a candidate's favour (meriterande), but is not required."""

    key: str = attrs.field(validator=key)
    label: str = attrs.field(validator=text)
    description: str = ""


def _anchor_levels(
    instance: object, attribute: attrs.Attribute[Mapping[int, str]], value: Mapping[int, str]
) -> None:
    for level, anchor in value.items():
        if not anchor.strip():
            raise FieldError(f"{attribute.name}.{level}", _("must not be empty"))


@attrs.frozen(kw_only=True)
class Competence:
    """One thing to assess (kompetens, egenskap), with its weight in the profile.

    ``stages`` lists the stages that assess it; ``None`` means every stage of the
    profile. ``anchors`` maps scale levels to a description of behaviour at that
    level (behaviourally anchored rating scale).
    """

    key: str = attrs.field(validator=key)
    label: str = attrs.field(validator=text)
    weight: float = attrs.field(default=1.0, validator=weight)
    stages: tuple[Stage, ...] | None = attrs.field(
        default=None, converter=attrs.converters.optional(to_tuple)
    )
    anchors: Mapping[int, str] = attrs.field(
        factory=dict, converter=frozen_mapping, validator=_anchor_levels
    )
    description: str = ""


@attrs.frozen(kw_only=True)
class CompetenceProfile:
    """What the post needs: the scale, the stages, requirements, merits and competences."""

    scale: Scale = Scale()
    stages: Mapping[Stage, float] = attrs.field(
        factory=lambda: {Stage.INTERVIEW: 1.0}, converter=frozen_mapping
    )
    requirements: tuple[Requirement, ...] = attrs.field(default=(), converter=to_tuple)
    merits: tuple[Merit, ...] = attrs.field(default=(), converter=to_tuple)
    competences: tuple[Competence, ...] = attrs.field(converter=to_tuple)
    #: What a declared conflict of interest keeps a panelist from.
    recusal: Recusal = Recusal.RECRUITMENT

    def __attrs_post_init__(self) -> None:
        raise_problems(self.problems())

    def problems(self) -> list[Problem]:
        """Every rule of a profile that this one breaks (paths relative to it)."""
        problems: list[Problem] = []
        if not self.stages:
            problems.append(Problem("stages", _("a profile needs at least one stage")))
        for stage, value in self.stages.items():
            problem = weight_problem(value)
            if problem:
                problems.append(Problem(f"stages.{stage}", problem))
        if self.stages and not any(v > 0 for v in self.stages.values()):
            problems.append(Problem("stages", _("the stage weights sum to zero")))
        problems += duplicates("requirements", "key", self.requirements)
        problems += duplicates("merits", "key", self.merits)
        if not self.competences:
            problems.append(Problem("competences", _("a profile needs at least one competence")))
        elif not any(c.weight > 0 for c in self.competences):
            problems.append(Problem("competences", _("the competence weights sum to zero")))
        problems += duplicates("competences", "key", self.competences)
        for i, competence in enumerate(self.competences):
            for j, stage in enumerate(competence.stages or ()):
                if stage not in self.stages:
                    problems.append(
                        Problem(
                            f"competences[{i}].stages[{j}]",
                            _("{stage} is not a stage of this profile ({stages})").format(
                                stage=stage, stages=", ".join(map(str, self.stages))
                            ),
                        )
                    )
            for level in competence.anchors:
                if not self.scale.min <= level <= self.scale.max:
                    problems.append(
                        Problem(
                            f"competences[{i}].anchors.{level}",
                            _("level {level} is outside the scale {scale}").format(
                                level=level, scale=self.scale
                            ),
                        )
                    )
        return problems

    def competence(self, key: str) -> Competence:
        """The competence with *key*; :class:`KeyError` if there is none."""
        for competence in self.competences:
            if competence.key == key:
                return competence
        raise KeyError(key)

    def stages_of(self, competence: Competence) -> tuple[Stage, ...]:
        """The stages that assess *competence*, in the profile's order."""
        if competence.stages is None:
            return tuple(self.stages)
        return tuple(s for s in self.stages if s in competence.stages)

    def assessed_at(self, stage: Stage) -> tuple[Competence, ...]:
        """The competences that *stage* assesses, in the profile's order."""
        return tuple(c for c in self.competences if stage in self.stages_of(c))
