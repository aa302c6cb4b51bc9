"""Synthetic recruitments for method research and benchmarks.

``simulate(n, seed=…)`` yields realistic recruitments: a profile from one of
the built-in templates, a panel with one or two residents, candidates of
varying quality, some of them missing a requirement, several stages, some
ratings missing, some calibrated after the panel's discussion, and a
decision. How much the residents' view agrees with the staff's is a setting,
so that a researcher can check a method or an analysis against a known truth.

The model behind the scores: each candidate has a true level per competence;
staff see it with noise; residents see a mix of it (weight ``agreement``) and
a view of their own, with noise. The hiring manager hires the truly best
eligible candidate with the chance ``hire_best``, else one at random. Same
seed, same recruitments.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator

import attrs

from .catalogue import BuiltinCatalogue
from .catalogue import templates as all_templates
from .exceptions import lookup
from .model import (
    Candidate,
    Decision,
    Panelist,
    Phase,
    Rating,
    Recruitment,
    Role,
)
from .plugins import Registry

__all__ = ["DEFAULT_TEMPLATES", "MUNICIPALITY_GROUPS_2011", "Settings", "simulate"]

#: The ten municipality groups of SKL's 2011 classification, with how many
#: municipalities each had (from the seed documents). Researchers group by them.
MUNICIPALITY_GROUPS_2011: tuple[tuple[str, str, int], ...] = (
    ("1", "Storstäder", 3),
    ("2", "Förortskommuner till storstäder", 38),
    ("3", "Större städer", 31),
    ("4", "Förortskommuner till större städer", 22),
    ("5", "Pendlingskommuner", 51),
    ("6", "Turism- och besöksnäringskommuner", 20),
    ("7", "Varuproducerande kommuner", 54),
    ("8", "Glesbygdskommuner", 20),
    ("9", "Kommuner i tätbefolkad region", 35),
    ("10", "Kommuner i glesbefolkad region", 16),
)


_share = attrs.validators.and_(attrs.validators.ge(0.0), attrs.validators.le(1.0))


def _names(value: str | Iterable[str]) -> tuple[str, ...]:
    """Template names as a tuple; one name on its own is one template, not its letters."""
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen(kw_only=True)
class Settings:
    """What the simulated recruitments look like.

    :param candidates: how many candidates, at least and at most.
    :param staff: how many staff panelists (hiring manager included).
    :param residents: how many residents on the panel.
    :param agreement: 0–1, how much residents' view follows the candidates'
        true level (1: as much as staff's; 0: a view of their own).
    :param missing: the share of ratings left out (a panelist who missed an
        interview).
    :param ineligible: the share of candidates missing a requirement.
    :param calibrated: the share of ratings revised after the discussion.
    :param noise: the standard deviation of a panelist's error, in scale points.
    :param templates: the profile templates to draw posts from (see
        ``rekrytera templates``); by default :data:`DEFAULT_TEMPLATES`.
    :param hire_best: the chance that the eligible candidate with the highest
        true level (competences weighted) is hired; otherwise an eligible
        candidate at random is.
    """

    candidates: tuple[int, int] = (5, 15)
    staff: tuple[int, int] = (2, 4)
    residents: tuple[int, int] = (1, 2)
    agreement: float = attrs.field(default=0.7, validator=_share)
    missing: float = attrs.field(default=0.05, validator=_share)
    ineligible: float = attrs.field(default=0.1, validator=_share)
    calibrated: float = attrs.field(default=0.1, validator=_share)
    noise: float = attrs.field(default=0.6, validator=attrs.validators.ge(0.0))
    templates: tuple[str, ...] = attrs.field(default=(), converter=_names)
    hire_best: float = attrs.field(default=0.6, validator=_share)


_STAFF_ROLES = (Role.HIRING_MANAGER, Role.HR, Role.COLLEAGUE, Role.UNION)

#: The built-in templates drawn from when no others are named (the seven the
#: first release had). A fixed list, so that a seed gives the same recruitments
#: when the catalogue grows; name newer templates with ``templates=``.
DEFAULT_TEMPLATES = (
    "socialsekreterare-barn-unga",
    "socialsekreterare-ekonomiskt-bistand",
    "behandlingsassistent-stodboende",
    "boendestodjare",
    "forestandare-hvb",
    "familjehemssekreterare",
    "enhetschef",
)


def simulate(
    n: int,
    *,
    seed: int = 0,
    settings: Settings | None = None,
    registry: Registry | None = None,
) -> Iterator[Recruitment]:
    """*n* synthetic recruitments, the same ones for the same *seed* and settings.

    Posts are drawn from the built-in templates of :data:`DEFAULT_TEMPLATES`,
    or from the templates ``settings.templates`` names, which may come from
    any installed catalogue (*registry*, by default the installed plugins).
    Without names the draw never depends on what happens to be installed, nor
    on templates added to the catalogue since.
    """
    settings = settings or Settings()
    rng = random.Random(seed)
    if settings.templates:
        every = all_templates(lang="sv", registry=registry)
        names = dict.fromkeys(settings.templates)  # in the order given, once each
        templates = [(name, lookup("template", name, every)) for name in names]
    else:
        builtin = BuiltinCatalogue().templates("sv")
        templates = [(name, builtin[name]) for name in DEFAULT_TEMPLATES]
    groups = [g for g, _, count in MUNICIPALITY_GROUPS_2011 for _ in range(count)]
    for number in range(n):
        yield _one(number, rng, settings, templates, groups)


def _score(rng: random.Random, level: float, noise: float, low: int, high: int) -> float:
    return float(min(high, max(low, round(level + rng.gauss(0, noise)))))


def _one(
    number: int,
    rng: random.Random,
    settings: Settings,
    templates: list[tuple[str, Recruitment]],
    groups: list[str],
) -> Recruitment:
    name, template = templates[rng.randrange(len(templates))]
    profile = template.profile
    low, high = profile.scale.min, profile.scale.max
    middle = (low + high) / 2

    staff = [
        Panelist(id="chef", role=Role.HIRING_MANAGER),
        *(
            Panelist(id=f"p{i}", role=rng.choice(_STAFF_ROLES[1:]))
            for i in range(1, rng.randint(*settings.staff))
        ),
    ]
    residents = [
        Panelist(id=f"inv{i}", role=Role.RESIDENT)
        for i in range(1, rng.randint(*settings.residents) + 1)
    ]
    panel = [*staff, *residents, Panelist(id="stod", role=Role.SUPPORTER)]

    requirements = [r.key for r in profile.requirements]
    candidates = []
    for i in range(1, rng.randint(*settings.candidates) + 1):
        meets = list(requirements)
        if meets and rng.random() < settings.ineligible:
            meets.pop(rng.randrange(len(meets)))
        candidates.append(Candidate(id=f"k{i:02}", meets=meets))

    ratings = []
    merit: dict[str, float] = {}
    weight = sum(c.weight for c in profile.competences)
    for candidate in candidates:
        truth = {c.key: rng.gauss(middle, (high - low) / 5) for c in profile.competences}
        merit[candidate.id] = sum(c.weight * truth[c.key] for c in profile.competences) / weight
        own = {c.key: rng.gauss(middle, (high - low) / 5) for c in profile.competences}
        for panelist in (*staff, *residents):
            resident = panelist.role is Role.RESIDENT
            for stage in profile.stages:
                if rng.random() < settings.missing:
                    continue
                scores = {}
                for competence in profile.assessed_at(stage):
                    level = truth[competence.key]
                    if resident:
                        level = (
                            settings.agreement * level
                            + (1 - settings.agreement) * own[competence.key]
                        )
                    scores[competence.key] = _score(rng, level, settings.noise, low, high)
                if not scores:
                    continue
                ratings.append(
                    Rating(panelist=panelist.id, candidate=candidate.id, stage=stage, scores=scores)
                )
                if rng.random() < settings.calibrated:
                    revised = {
                        k: float(min(high, max(low, v + rng.choice((-1, 0, 1)))))
                        for k, v in scores.items()
                    }
                    ratings.append(
                        Rating(
                            panelist=panelist.id,
                            candidate=candidate.id,
                            stage=stage,
                            phase=Phase.CALIBRATED,
                            scores=revised,
                        )
                    )
    eligible = [c.id for c in candidates if set(requirements) <= set(c.meets)]
    group = rng.choice(groups)
    year = 2020 + rng.randrange(7)
    decision = None
    if eligible:
        decision = Decision(
            hired=[
                max(eligible, key=merit.__getitem__)
                if rng.random() < settings.hire_best
                else rng.choice(eligible)
            ],
            date=dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
            decided_by="chef",
        )
    info = attrs.evolve(
        template.info,
        id=f"sim-{number:06}",
        organisation=f"Socialförvaltningen, kommun {rng.randint(1, 290):03}",
        attributes={"kommungrupp": group, "ar": str(year), "mall": name},
    )
    return attrs.evolve(
        template,
        info=info,
        panel=panel,
        candidates=candidates,
        ratings=ratings,
        interviews=[],
        decision=decision,
    )
