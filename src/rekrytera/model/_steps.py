"""The steps around the profile and the interview: the need, residents' suggestions,
screening and work samples.

The seed documents name six steps: the need, the competence profile, the job
ad, screening of applicants, the interview and the work sample. The profile,
the interview and the ratings have their own modules; this one holds what the
other steps record.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterator, Mapping
from typing import Protocol

import attrs

from .._i18n import N_, _
from ..exceptions import Problem
from ._assessment import InterviewGuide
from ._base import (
    FieldError,
    Role,
    Stage,
    Step,
    frozen_mapping,
    is_key,
    key,
    keys,
    text,
    to_tuple,
)
from ._people import Candidate, Panelist
from ._profile import CompetenceProfile

__all__ = [
    "Evaluation",
    "Need",
    "Outcome",
    "Screening",
    "Suggestion",
    "WorkSample",
    "step_problems",
]


@attrs.frozen(kw_only=True)
class Need:
    """Step 1, the need (behovet): why the post is needed and who decided what.

    ``why`` says why the post is needed (a vacancy, a new task);
    ``people_need`` what the people the unit serves need from whoever gets it;
    ``in_their_words`` what residents said about it, as they said it (never
    about their own case). ``residents_take_part`` is the hiring manager's
    decision whether residents with lived experience take part, with
    ``residents_reason``; ``decided_by`` (a panelist id) and ``date`` say who
    decided and when.
    """

    why: str = ""
    people_need: str = ""
    in_their_words: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    residents_take_part: bool | None = None
    residents_reason: str = ""
    decided_by: str | None = attrs.field(default=None, validator=attrs.validators.optional(key))
    date: dt.date | None = None

    def texts(self) -> Iterator[tuple[str, str]]:
        """Each free text with its place in the file (``need.why``, ``need.in_their_words[0]``)."""
        yield "need.why", self.why
        yield "need.people_need", self.people_need
        for i, words in enumerate(self.in_their_words):
            yield f"need.in_their_words[{i}]", words
        yield "need.residents_reason", self.residents_reason

    def with_texts(self, change: Callable[[str, str], str]) -> Need:
        """A copy with each free text replaced by ``change(path, text)``.

        *path* is the text's place in the file (``need.why``,
        ``need.in_their_words[0]``): privacy code scrubs the texts with it.
        """
        return attrs.evolve(
            self,
            why=change("need.why", self.why),
            people_need=change("need.people_need", self.people_need),
            in_their_words=[
                change(f"need.in_their_words[{i}]", t) for i, t in enumerate(self.in_their_words)
            ],
            residents_reason=change("need.residents_reason", self.residents_reason),
        )


class Outcome(enum.StrEnum):
    """What became of a suggestion."""

    OPEN = "open"
    ADOPTED = "adopted"
    CHANGED = "changed"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        """The outcome in the current language (:mod:`rekrytera.i18n`)."""
        return _(_OUTCOME_NAMES[self])


_OUTCOME_NAMES = {
    Outcome.OPEN: N_("not yet decided"),
    Outcome.ADOPTED: N_("adopted"),
    Outcome.CHANGED: N_("adopted in another form"),
    Outcome.DECLINED: N_("not adopted"),
}


@attrs.frozen(kw_only=True)
class Suggestion:
    """Step 2: a suggestion a panelist (usually a resident) made, and what became of it.

    It may concern a ``competence`` (and with ``level`` one of its anchors), a
    ``question`` of the guide, or neither (a new competence, say: once adopted,
    ``competence`` names it). ``response`` says in words what was done, for the
    memo and for the resident's feedback.
    """

    by: str = attrs.field(validator=key)
    step: Step = Step.PROFILE
    text: str = attrs.field(validator=text)
    competence: str | None = attrs.field(default=None, validator=attrs.validators.optional(key))
    level: int | None = None
    question: str | None = attrs.field(default=None, validator=attrs.validators.optional(key))
    outcome: Outcome = Outcome.OPEN
    response: str = ""


@attrs.frozen(kw_only=True)
class Screening:
    """Step 4: whether one applicant meets one must-have requirement, by whom and why.

    ``by`` is the panelist who screened; ``blind`` records that they did it
    without seeing who the applicant is (``rekrytera screen --blind``). A
    candidate's ``meets`` lists the requirements screened as met.
    """

    candidate: str = attrs.field(validator=key)
    requirement: str = attrs.field(validator=key)
    met: bool
    by: str = attrs.field(validator=key)
    reason: str = ""
    blind: bool = False
    date: dt.date | None = None


def _guide_levels(
    instance: object,
    attribute: attrs.Attribute[Mapping[str, Mapping[int, str]]],
    value: Mapping[str, Mapping[int, str]],
) -> None:
    for competence, levels in value.items():
        if not is_key(competence):
            raise FieldError(
                attribute.name, _("{name!r} is not a valid key").format(name=competence)
            )
        for level, words in levels.items():
            if not words.strip():
                raise FieldError(f"{attribute.name}.{competence}.{level}", _("must not be empty"))


def _frozen_guide(value: Mapping[str, Mapping[int, str]]) -> Mapping[str, Mapping[int, str]]:
    return frozen_mapping({k: frozen_mapping(v) for k, v in value.items()})


@attrs.frozen(kw_only=True)
class WorkSample:
    """Step 6: a work-sample case (arbetsprov) the candidates do.

    ``case`` is what the candidate gets; ``task`` what they are asked to do,
    in ``minutes``. ``competences`` are the competences it assesses (each
    assessed at the ``work_sample`` stage); ``guide`` says, per competence and
    anchor level, what a panelist looks for in the candidate's answer.
    """

    key: str = attrs.field(validator=key)
    title: str = attrs.field(validator=text)
    case: str = attrs.field(validator=text)
    task: str = ""
    minutes: int | None = None
    competences: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=keys)
    guide: Mapping[str, Mapping[int, str]] = attrs.field(
        factory=dict, converter=_frozen_guide, validator=_guide_levels
    )


class _Recruitment(Protocol):
    """What the checks below read of a :class:`~rekrytera.model.Recruitment`."""

    @property
    def profile(self) -> CompetenceProfile: ...
    @property
    def panel(self) -> tuple[Panelist, ...]: ...
    @property
    def candidates(self) -> tuple[Candidate, ...]: ...
    @property
    def guide(self) -> InterviewGuide: ...
    @property
    def need(self) -> Need | None: ...
    @property
    def suggestions(self) -> tuple[Suggestion, ...]: ...
    @property
    def screening(self) -> tuple[Screening, ...]: ...
    @property
    def work_samples(self) -> tuple[WorkSample, ...]: ...


def _answers(
    instance: object, attribute: attrs.Attribute[Mapping[str, int]], value: Mapping[str, int]
) -> None:
    for question, answer in value.items():
        if not is_key(question):
            raise FieldError(attribute.name, _("{name!r} is not a valid key").format(name=question))
        if isinstance(answer, bool) or not isinstance(answer, int) or not 1 <= answer <= 5:
            raise FieldError(
                f"{attribute.name}.{question}",
                _("{value!r} is not an answer from 1 to 5").format(value=answer),
            )


@attrs.frozen(kw_only=True)
class Evaluation:
    """Answers to the short evaluation form after a recruitment, without a name.

    ``answers`` maps the form's question keys to 1 (not at all) … 5 (fully);
    see :mod:`rekrytera.journey`. ``role`` says who answered (a resident,
    HR, the hiring manager, …), never which person.
    """

    role: Role
    answers: Mapping[str, int] = attrs.field(
        factory=dict, converter=frozen_mapping, validator=_answers
    )
    comment: str = ""
    date: dt.date | None = None


def step_problems(rec: _Recruitment) -> Iterator[Problem]:
    """What ties the need, suggestions, screening and work samples to the rest of *rec*."""
    if rec.need is None and not (rec.suggestions or rec.screening or rec.work_samples):
        return  # most files (and every simulated one) have none: loading stays as fast
    panel = {p.id: p for p in rec.panel}
    yield from _need_problems(rec, panel)
    yield from _suggestion_problems(rec, panel)
    yield from _screening_problems(rec, panel)
    yield from _work_sample_problems(rec)


def _unknown_panelist(path: str, who: str) -> Problem:
    return Problem(path, _("unknown panelist {id!r}").format(id=who))


def _need_problems(rec: _Recruitment, panel: Mapping[str, Panelist]) -> Iterator[Problem]:
    need = rec.need
    if need is None:
        return
    if need.decided_by is not None:
        decider = panel.get(need.decided_by)
        if decider is None:
            yield _unknown_panelist("need.decided_by", need.decided_by)
        elif decider.role in (Role.RESIDENT, Role.SUPPORTER):
            yield Problem(
                "need.decided_by",
                _(
                    "{id!r} is a {role}; the hiring manager decides whether residents take part"
                ).format(id=decider.id, role=decider.role.label),
            )
    if need.residents_take_part is False:
        for i, panelist in enumerate(rec.panel):
            if panelist.role is Role.RESIDENT:
                yield Problem(
                    f"panel[{i}].role",
                    _(
                        "{id!r} is a resident, but need.residents_take_part says residents "
                        "do not take part"
                    ).format(id=panelist.id),
                )


def _suggestion_problems(rec: _Recruitment, panel: Mapping[str, Panelist]) -> Iterator[Problem]:
    competences = {c.key for c in rec.profile.competences}
    questions = {q.id for q in rec.guide.questions}
    scale = rec.profile.scale
    for i, suggestion in enumerate(rec.suggestions):
        path = f"suggestions[{i}]"
        if suggestion.by not in panel:
            yield _unknown_panelist(f"{path}.by", suggestion.by)
        if suggestion.competence is not None and suggestion.competence not in competences:
            yield Problem(
                f"{path}.competence",
                _("unknown competence {id!r}").format(id=suggestion.competence),
            )
        if suggestion.level is not None:
            if suggestion.competence is None:
                yield Problem(
                    f"{path}.level", _("an anchor level needs the competence it belongs to")
                )
            if not scale.min <= suggestion.level <= scale.max:
                yield Problem(
                    f"{path}.level",
                    _("level {level} is outside the scale {scale}").format(
                        level=suggestion.level, scale=scale
                    ),
                )
        if suggestion.question is not None and suggestion.question not in questions:
            yield Problem(
                f"{path}.question", _("unknown question {id!r}").format(id=suggestion.question)
            )


def _screening_problems(rec: _Recruitment, panel: Mapping[str, Panelist]) -> Iterator[Problem]:
    candidates = {c.id: c for c in rec.candidates}
    requirements = {r.key for r in rec.profile.requirements}
    seen: dict[tuple[str, str], int] = {}
    for i, record in enumerate(rec.screening):
        path = f"screening[{i}]"
        candidate = candidates.get(record.candidate)
        if candidate is None:
            yield Problem(
                f"{path}.candidate", _("unknown candidate {id!r}").format(id=record.candidate)
            )
        if record.requirement not in requirements:
            yield Problem(
                f"{path}.requirement",
                _("unknown requirement {id!r}").format(id=record.requirement),
            )
        if record.by not in panel:
            yield _unknown_panelist(f"{path}.by", record.by)
        where = (record.candidate, record.requirement)
        if where in seen:
            yield Problem(
                path,
                _(
                    "{candidate!r} was screened for {requirement!r} twice (the first is "
                    "screening[{first}])"
                ).format(
                    candidate=record.candidate, requirement=record.requirement, first=seen[where]
                ),
            )
            continue
        seen[where] = i
        if candidate is not None and (record.requirement in candidate.meets) != record.met:
            message = (
                _("screened as met, but {requirement!r} is not in {candidate!r}'s meets")
                if record.met
                else _("screened as not met, but {requirement!r} is in {candidate!r}'s meets")
            )
            yield Problem(
                f"{path}.met",
                message.format(requirement=record.requirement, candidate=record.candidate),
            )


def _work_sample_problems(rec: _Recruitment) -> Iterator[Problem]:
    profile = rec.profile
    competences = {c.key: c for c in profile.competences}
    scale = profile.scale
    for i, sample in enumerate(rec.work_samples):
        path = f"work_samples[{i}]"
        if Stage.WORK_SAMPLE not in profile.stages:
            yield Problem(
                path,
                _("the profile has no work_sample stage ({stages})").format(
                    stages=", ".join(map(str, profile.stages))
                ),
            )
        for j, competence_key in enumerate(sample.competences):
            competence = competences.get(competence_key)
            if competence is None:
                yield Problem(
                    f"{path}.competences[{j}]",
                    _("unknown competence {id!r}").format(id=competence_key),
                )
            elif Stage.WORK_SAMPLE in profile.stages and Stage.WORK_SAMPLE not in (
                profile.stages_of(competence)
            ):
                yield Problem(
                    f"{path}.competences[{j}]",
                    _("{competence!r} is not assessed at the {stage} stage").format(
                        competence=competence_key, stage=Stage.WORK_SAMPLE
                    ),
                )
        for competence_key, levels in sample.guide.items():
            if competence_key not in sample.competences:
                yield Problem(
                    f"{path}.guide.{competence_key}",
                    _("{id!r} is not among this work sample's competences").format(
                        id=competence_key
                    ),
                )
            for level in levels:
                if not scale.min <= level <= scale.max:
                    yield Problem(
                        f"{path}.guide.{competence_key}.{level}",
                        _("level {level} is outside the scale {scale}").format(
                            level=level, scale=scale
                        ),
                    )
