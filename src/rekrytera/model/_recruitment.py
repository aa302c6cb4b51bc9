"""The :class:`Recruitment` aggregate and the rules that tie its parts together."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

from .._i18n import _
from ..exceptions import Problem
from ._assessment import (
    Decision,
    InterviewGuide,
    InterviewRecord,
    Ranking,
    Rating,
    RetentionRecord,
)
from ._base import (
    FieldError,
    Role,
    Stage,
    duplicates,
    frozen_mapping,
    is_key,
    key,
    raise_problems,
    text,
    to_tuple,
)
from ._people import Candidate, Panelist
from ._profile import Competence, CompetenceProfile
from ._steps import Evaluation, Need, Screening, Suggestion, WorkSample, step_problems

__all__ = ["Recruitment", "RecruitmentInfo"]


def _attribute_keys(
    instance: object, attribute: attrs.Attribute[Mapping[str, str]], value: Mapping[str, str]
) -> None:
    for name in value:
        if not is_key(name):
            raise FieldError(attribute.name, _("{name!r} is not a valid key").format(name=name))


@attrs.frozen(kw_only=True)
class RecruitmentInfo:
    """What is being recruited: the ``[recruitment]`` table of a file.

    ``area`` is the area of social services the post belongs to (for example
    ``barn-unga``, children and young people); residents are matched by it.
    """

    id: str = attrs.field(validator=key)
    title: str = attrs.field(validator=text)
    organisation: str = ""
    area: str = ""
    #: Anything a researcher or municipality wants to group by, e.g.
    #: ``{ kommun = "Helsingborg", kommungrupp = "3", ar = "2026" }``.
    attributes: Mapping[str, str] = attrs.field(
        factory=dict, converter=frozen_mapping, validator=_attribute_keys
    )


@attrs.frozen(kw_only=True)
class Recruitment:
    """A whole recruitment: the post, its profile, the panel, candidates and ratings.

    Constructing one checks every rule that ties the parts together (references,
    scale, conflicts of interest, …) and raises
    :class:`~rekrytera.exceptions.InvalidRecruitment` listing every problem found.
    """

    info: RecruitmentInfo
    #: Why the post is needed and whether residents take part (step 1).
    need: Need | None = None
    profile: CompetenceProfile
    panel: tuple[Panelist, ...] = attrs.field(default=(), converter=to_tuple)
    candidates: tuple[Candidate, ...] = attrs.field(default=(), converter=to_tuple)
    #: Whether each applicant meets each must-have, by whom and why (step 4).
    screening: tuple[Screening, ...] = attrs.field(default=(), converter=to_tuple)
    ratings: tuple[Rating, ...] = attrs.field(default=(), converter=to_tuple)
    guide: InterviewGuide = InterviewGuide()
    #: The work-sample cases the candidates do (step 6).
    work_samples: tuple[WorkSample, ...] = attrs.field(default=(), converter=to_tuple)
    interviews: tuple[InterviewRecord, ...] = attrs.field(default=(), converter=to_tuple)
    decision: Decision | None = None
    retention: tuple[RetentionRecord, ...] = attrs.field(default=(), converter=to_tuple)
    #: Panelists' own orders of the candidates, shown beside the computed ranking.
    rankings: tuple[Ranking, ...] = attrs.field(default=(), converter=to_tuple)
    #: What panelists (residents, mostly) suggested, and what became of it (step 2).
    suggestions: tuple[Suggestion, ...] = attrs.field(default=(), converter=to_tuple)
    #: The panel's answers to the evaluation form, by role, without names.
    #: Residents' answers are theirs and stay in the participation register.
    evaluations: tuple[Evaluation, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        raise_problems(list(_problems(self)))

    @property
    def id(self) -> str:
        """The recruitment's id (``info.id``)."""
        return self.info.id

    @property
    def title(self) -> str:
        """The post's title (``info.title``)."""
        return self.info.title

    def panelist(self, id: str) -> Panelist:
        """The panelist with *id*; :class:`KeyError` if there is none."""
        for panelist in self.panel:
            if panelist.id == id:
                return panelist
        raise KeyError(id)

    def candidate(self, id: str) -> Candidate:
        """The candidate with *id*; :class:`KeyError` if there is none."""
        for candidate in self.candidates:
            if candidate.id == id:
                return candidate
        raise KeyError(id)


def _problems(rec: Recruitment) -> Iterator[Problem]:
    profile = rec.profile
    panel = {p.id: p for p in rec.panel}
    candidates = {c.id for c in rec.candidates}
    requirements = {r.key for r in profile.requirements}
    merits = {m.key for m in profile.merits}
    competences = {c.key: c for c in profile.competences}
    questions = {q.id for q in rec.guide.questions}

    yield from duplicates("panel", "id", rec.panel)
    yield from duplicates("candidates", "id", rec.candidates)
    yield from duplicates("guide.questions", "id", rec.guide.questions)

    for i, panelist in enumerate(rec.panel):
        for j, candidate in enumerate(panelist.conflicts):
            if candidate not in candidates:
                yield Problem(
                    f"panel[{i}].conflicts[{j}]", _("unknown candidate {id!r}").format(id=candidate)
                )
    yield from _record_problems(rec)
    yield from duplicates("work_samples", "key", rec.work_samples)
    yield from step_problems(rec)
    for i, cand in enumerate(rec.candidates):
        for j, requirement in enumerate(cand.meets):
            if requirement not in requirements:
                yield Problem(
                    f"candidates[{i}].meets[{j}]",
                    _("unknown requirement {id!r}").format(id=requirement),
                )
        for j, merit in enumerate(cand.merits):
            if merit not in merits:
                yield Problem(
                    f"candidates[{i}].merits[{j}]", _("unknown merit {id!r}").format(id=merit)
                )

    yield from _rating_problems(rec, panel, candidates, competences)

    for i, question in enumerate(rec.guide.questions):
        path = f"guide.questions[{i}]"
        if question.competence is not None and question.competence not in competences:
            yield Problem(
                f"{path}.competence", _("unknown competence {id!r}").format(id=question.competence)
            )
        if question.stage not in profile.stages:
            yield Problem(f"{path}.stage", _not_a_stage(question.stage, profile.stages))

    for i, record in enumerate(rec.interviews):
        path = f"interviews[{i}]"
        if record.candidate not in candidates:
            yield Problem(
                f"{path}.candidate", _("unknown candidate {id!r}").format(id=record.candidate)
            )
        if record.stage not in profile.stages:
            yield Problem(f"{path}.stage", _not_a_stage(record.stage, profile.stages))
        for j, panelist_id in enumerate(record.panelists):
            if panelist_id not in panel:
                yield Problem(
                    f"{path}.panelists[{j}]", _("unknown panelist {id!r}").format(id=panelist_id)
                )
        for j, asked in enumerate(record.asked):
            if asked.question not in questions:
                yield Problem(
                    f"{path}.asked[{j}].question",
                    _("unknown question {id!r}").format(id=asked.question),
                )
            if asked.by is not None:
                if asked.by not in panel:
                    yield Problem(
                        f"{path}.asked[{j}].by", _("unknown panelist {id!r}").format(id=asked.by)
                    )
                elif record.panelists and asked.by not in record.panelists:
                    yield Problem(
                        f"{path}.asked[{j}].by",
                        _("{id!r} is not among this interview's panelists").format(id=asked.by),
                    )

    yield from duplicates("rankings", "panelist", rec.rankings)
    for i, ranking in enumerate(rec.rankings):
        path = f"rankings[{i}]"
        ranker = panel.get(ranking.panelist)
        if ranker is None:
            yield Problem(
                f"{path}.panelist", _("unknown panelist {id!r}").format(id=ranking.panelist)
            )
        elif not ranker.rates:
            yield Problem(
                f"{path}.panelist",
                _("{id!r} is a {role}; supporters do not rank").format(
                    id=ranker.id, role=ranker.role.label
                ),
            )
        seen_in_order: set[str] = set()
        for j, candidate in enumerate(ranking.order):
            if candidate not in candidates:
                yield Problem(
                    f"{path}.order[{j}]", _("unknown candidate {id!r}").format(id=candidate)
                )
            elif candidate in seen_in_order:
                yield Problem(f"{path}.order[{j}]", _("{id!r} is named twice").format(id=candidate))
            elif ranker is not None and candidate in ranker.conflicts:
                yield Problem(
                    f"{path}.order[{j}]",
                    _(
                        "{panelist!r} declared a conflict of interest (jäv) with {candidate!r} "
                        "and may not rank them"
                    ).format(panelist=ranker.id, candidate=candidate),
                )
            seen_in_order.add(candidate)

    for i, kept in enumerate(rec.retention):
        for j, candidate in enumerate(kept.candidates):
            if candidate not in candidates:
                yield Problem(
                    f"retention[{i}].candidates[{j}]",
                    _("unknown candidate {id!r}").format(id=candidate),
                )

    if rec.decision is not None:
        decision = rec.decision
        for j, hired in enumerate(decision.hired):
            if hired not in candidates:
                yield Problem(
                    f"decision.hired[{j}]", _("unknown candidate {id!r}").format(id=hired)
                )
        decider = panel.get(decision.decided_by)
        if decider is None:
            yield Problem(
                "decision.decided_by", _("unknown panelist {id!r}").format(id=decision.decided_by)
            )
        elif decider.role in (Role.RESIDENT, Role.SUPPORTER):
            yield Problem(
                "decision.decided_by",
                _(
                    "{id!r} is a {role}; residents and supporters advise, the hiring manager "
                    "decides"
                ).format(id=decider.id, role=decider.role.label),
            )


def _rating_problems(
    rec: Recruitment,
    panel: dict[str, Panelist],
    candidates: set[str],
    competences: dict[str, Competence],
) -> Iterator[Problem]:
    profile = rec.profile
    scale = profile.scale
    seen: dict[tuple[str, str, Stage, str], int] = {}
    for i, rating in enumerate(rec.ratings):
        path = f"ratings[{i}]"
        panelist = panel.get(rating.panelist)
        if panelist is None:
            yield Problem(
                f"{path}.panelist", _("unknown panelist {id!r}").format(id=rating.panelist)
            )
        elif not panelist.rates:
            yield Problem(
                f"{path}.panelist",
                _("{id!r} is a {role}; supporters do not rate").format(
                    id=panelist.id, role=panelist.role.label
                ),
            )
        elif rating.candidate in panelist.conflicts:
            yield Problem(
                f"{path}.candidate",
                _(
                    "{panelist!r} declared a conflict of interest (jäv) with {candidate!r} and "
                    "may not rate them"
                ).format(panelist=panelist.id, candidate=rating.candidate),
            )
        if rating.candidate not in candidates:
            yield Problem(
                f"{path}.candidate", _("unknown candidate {id!r}").format(id=rating.candidate)
            )
        stage_known = rating.stage in profile.stages
        if not stage_known:
            yield Problem(f"{path}.stage", _not_a_stage(rating.stage, profile.stages))
        for competence_key, score in rating.scores.items():
            spath = f"{path}.scores.{competence_key}"
            competence = competences.get(competence_key)
            if competence is None:
                yield Problem(spath, _("unknown competence {id!r}").format(id=competence_key))
            elif stage_known and rating.stage not in profile.stages_of(competence):
                yield Problem(
                    spath,
                    _("{competence!r} is not assessed at the {stage} stage").format(
                        competence=competence_key, stage=rating.stage
                    ),
                )
            if score not in scale:
                yield Problem(
                    spath,
                    _("{score:g} is outside the scale {scale}").format(score=score, scale=scale),
                )
        ident = (rating.panelist, rating.candidate, rating.stage, rating.phase.value)
        if ident in seen:
            yield Problem(
                path,
                _(
                    "a second {phase} rating of {candidate!r} by {panelist!r} at the {stage} "
                    "stage (the first is ratings[{first}])"
                ).format(
                    phase=rating.phase.label,
                    candidate=rating.candidate,
                    panelist=rating.panelist,
                    stage=rating.stage,
                    first=seen[ident],
                ),
            )
        else:
            seen[ident] = i


def _not_a_stage(stage: Stage, stages: Mapping[Stage, float]) -> str:
    return _("{stage} is not a stage of this profile ({stages})").format(
        stage=stage, stages=", ".join(map(str, stages))
    )


def _record_problems(rec: Recruitment) -> Iterator[Problem]:
    """Conflict records that do not match the panelist's declared conflicts."""
    for i, panelist in enumerate(rec.panel):
        for k, record in enumerate(panelist.conflict_records):
            if record.candidate not in panelist.conflicts:
                yield Problem(
                    f"panel[{i}].conflict_records[{k}].candidate",
                    _("{candidate!r} is not among {panelist!r}'s conflicts").format(
                        candidate=record.candidate, panelist=panelist.id
                    ),
                )
            if record.declared and record.decided and record.decided < record.declared:
                yield Problem(
                    f"panel[{i}].conflict_records[{k}].decided",
                    _("the decision cannot come before the declaration"),
                )
