"""Hypothesis strategies that generate valid recruitments, for tests.

For plugin authors as much as for rekrytera's own tests: a scoring method, an
exporter or an anonymiser should hold up on any valid recruitment, not only on
the examples. Hypothesis is imported only when this module is, so it is a test
dependency, not a runtime one::

    from hypothesis import given
    from rekrytera.testing import recruitments

    @given(recruitments())
    def test_my_exporter_round_trips(rec): ...
"""

from __future__ import annotations

import datetime as dt
import string
from typing import Any

from hypothesis import strategies as st

from ..model import (
    AskedQuestion,
    Candidate,
    ChecklistItem,
    Competence,
    CompetenceProfile,
    Decision,
    Evaluation,
    Identity,
    InterviewGuide,
    InterviewRecord,
    Merit,
    Need,
    Outcome,
    Panelist,
    Participation,
    Phase,
    Question,
    QuestionKind,
    Ranking,
    Rating,
    Recruitment,
    RecruitmentInfo,
    Register,
    Requirement,
    Role,
    Scale,
    Screening,
    Stage,
    Step,
    Suggestion,
    WorkSample,
)
from ._planted import emails, personal_ids, phone_numbers, planted_recruitment

__all__ = [
    "emails",
    "keys",
    "personal_ids",
    "phone_numbers",
    "planted_recruitment",
    "profiles",
    "recruitments",
    "registers",
    "texts",
]

_KEY_START = string.ascii_lowercase + string.digits + "åäö"
_KEY_REST = _KEY_START + "-_."


def keys() -> st.SearchStrategy[str]:
    """Ids and keys as the file format allows them (``k1``, ``barn-unga``, ``trygghet``)."""
    return st.builds(
        lambda a, b: a + b,
        st.sampled_from(_KEY_START),
        st.text(alphabet=_KEY_REST, max_size=8),
    )


def texts(*, min_size: int = 0, max_size: int = 40) -> st.SearchStrategy[str]:
    """Free text: any printable Unicode, including Swedish letters and punctuation."""
    text = st.text(
        st.characters(codec="utf-8"),  # no surrogates: they cannot be written
        min_size=min_size,
        max_size=max_size,
    )
    if min_size:
        return text.filter(lambda s: s.strip() != "")
    return text


def _weights() -> st.SearchStrategy[float]:
    return st.one_of(
        st.integers(0, 10).map(float),
        st.floats(0, 10, allow_nan=False, allow_infinity=False),
    )


@st.composite
def profiles(draw: st.DrawFn, *, max_competences: int = 5) -> CompetenceProfile:
    """Valid competence profiles: scale, stages, requirements, merits, competences."""
    low = draw(st.integers(-2, 3))
    scale = Scale(min=low, max=draw(st.integers(low + 1, low + 9)))
    stage_list = draw(st.lists(st.sampled_from(list(Stage)), min_size=1, max_size=3, unique=True))
    stage_weights = {s: draw(_weights()) for s in stage_list}
    if not any(stage_weights.values()):
        stage_weights[stage_list[0]] = 1.0
    competence_keys = draw(st.lists(keys(), min_size=1, max_size=max_competences, unique=True))
    competences = []
    for key in competence_keys:
        stages = draw(
            st.none() | st.lists(st.sampled_from(stage_list), min_size=1, unique=True).map(tuple)
        )
        levels = draw(st.lists(st.integers(scale.min, scale.max), unique=True, max_size=3))
        competences.append(
            Competence(
                key=key,
                label=draw(texts(min_size=1)),
                weight=draw(_weights()),
                stages=stages,
                anchors={level: draw(texts(min_size=1)) for level in levels},
                description=draw(texts()),
            )
        )
    if not any(c.weight for c in competences):
        competences[0] = Competence(key=competences[0].key, label=competences[0].label, weight=1)
    requirement_keys = draw(st.lists(keys(), max_size=3, unique=True))
    merit_keys = draw(st.lists(keys(), max_size=2, unique=True))
    return CompetenceProfile(
        scale=scale,
        stages=stage_weights,
        requirements=[
            Requirement(
                key=k,
                label=draw(texts(min_size=1)),
                basis=draw(st.none() | texts(min_size=1)),
            )
            for k in requirement_keys
        ],
        merits=[Merit(key=k, label=draw(texts(min_size=1))) for k in merit_keys],
        competences=competences,
    )


def _identities() -> st.SearchStrategy[Identity]:
    optional = st.none() | texts(min_size=1, max_size=20)
    return st.builds(
        Identity,
        name=optional,
        email=optional,
        phone=optional,
        personal_id=optional,
        identifiers=st.dictionaries(keys(), texts(min_size=1, max_size=12), max_size=2),
    )


def _scores(scale: Scale) -> st.SearchStrategy[float]:
    return st.one_of(
        st.integers(scale.min, scale.max).map(float),
        st.floats(scale.min, scale.max, allow_nan=False, allow_infinity=False),
    )


@st.composite
def recruitments(
    draw: st.DrawFn,
    *,
    max_candidates: int = 6,
    max_panelists: int = 5,
    max_competences: int = 5,
) -> Recruitment:
    """Valid recruitments with a panel (residents included), ratings, guide and records.

    Every rule of the format holds: references resolve, scores are on the scale,
    supporters do not rate, no one rates a candidate they declared a conflict
    with, and no panelist rates the same candidate twice at a stage and phase.
    A panelist with a conflict may rate other candidates, which the default
    recusal (:class:`~rekrytera.model.Recusal`) reports in ``check`` and
    leaves out of scoring: both paths get exercised.
    """
    profile = draw(profiles(max_competences=max_competences))
    candidate_ids = draw(st.lists(keys(), max_size=max_candidates, unique=True))
    requirement_keys = [r.key for r in profile.requirements]
    merit_keys = [m.key for m in profile.merits]
    candidates = [
        Candidate(
            id=cid,
            identity=draw(_identities()),
            meets=draw(st.lists(st.sampled_from(requirement_keys), unique=True))
            if requirement_keys
            else (),
            merits=draw(st.lists(st.sampled_from(merit_keys), unique=True)) if merit_keys else (),
            application=draw(st.dictionaries(keys(), texts(min_size=1), max_size=2)),
        )
        for cid in candidate_ids
    ]
    panel_ids = draw(st.lists(keys(), max_size=max_panelists, unique=True))
    panel = []
    for pid in panel_ids:
        role = draw(st.sampled_from(list(Role)))
        conflicts: Any = (
            draw(st.lists(st.sampled_from(candidate_ids), max_size=1)) if candidate_ids else ()
        )
        panel.append(
            Panelist(
                id=pid,
                role=role,
                identity=draw(_identities()),
                conflicts=conflicts,
            )
        )

    ratings = []
    for panelist in panel:
        if not panelist.rates:
            continue
        for cid in candidate_ids:
            if cid in panelist.conflicts:
                continue
            for stage in profile.stages:
                assessed = [c.key for c in profile.assessed_at(stage)]
                if not assessed:
                    continue
                for phase in draw(st.lists(st.sampled_from(list(Phase)), unique=True, max_size=2)):
                    rated = draw(st.lists(st.sampled_from(assessed), min_size=1, unique=True))
                    ratings.append(
                        Rating(
                            panelist=panelist.id,
                            candidate=cid,
                            stage=stage,
                            phase=phase,
                            scores={k: draw(_scores(profile.scale)) for k in rated},
                            note=draw(texts()),
                        )
                    )
    ratings = draw(st.permutations(ratings))

    competence_keys = [c.key for c in profile.competences]
    question_ids = draw(st.lists(keys(), max_size=4, unique=True))
    questions = [
        Question(
            id=qid,
            text=draw(texts(min_size=1)),
            competence=draw(st.none() | st.sampled_from(competence_keys)),
            kind=draw(st.sampled_from(list(QuestionKind))),
            stage=draw(st.sampled_from(list(profile.stages))),
            follow_ups=draw(st.lists(texts(min_size=1), max_size=2)),
        )
        for qid in question_ids
    ]
    interviews = []
    if candidate_ids:
        for _ in range(draw(st.integers(0, 2))):
            present = draw(st.lists(st.sampled_from(panel_ids), unique=True)) if panel_ids else []
            asked = [
                AskedQuestion(
                    question=qid,
                    by=draw(st.none() | st.sampled_from(present)) if present else None,
                    note=draw(texts()),
                )
                for qid in (
                    draw(st.lists(st.sampled_from(question_ids), max_size=3))
                    if question_ids
                    else []
                )
            ]
            interviews.append(
                InterviewRecord(
                    candidate=draw(st.sampled_from(candidate_ids)),
                    stage=draw(st.sampled_from(list(profile.stages))),
                    date=draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1))),
                    panelists=present,
                    asked=asked,
                    notes=draw(texts()),
                )
            )
    deciders = [p.id for p in panel if p.role not in (Role.RESIDENT, Role.SUPPORTER)]
    decision = None
    decided = draw(st.booleans())
    if deciders and decided:
        decision = Decision(
            hired=draw(st.lists(st.sampled_from(candidate_ids), unique=True, max_size=1))
            if candidate_ids
            else (),
            date=draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1))),
            decided_by=draw(st.sampled_from(deciders)),
            motivation=draw(texts()),
        )
    rankings = [
        Ranking(
            panelist=p.id,
            order=draw(
                st.lists(
                    st.sampled_from([c for c in candidate_ids if c not in p.conflicts]),
                    unique=True,
                    max_size=4,
                )
            )
            if set(candidate_ids) - set(p.conflicts)
            else (),
            comment=draw(texts()),
        )
        for p in panel
        if p.rates and draw(st.booleans())
    ]
    steps = draw(_steps(profile, panel, candidates, question_ids))
    return Recruitment(
        **steps,
        info=RecruitmentInfo(
            id=draw(keys()),
            title=draw(texts(min_size=1)),
            organisation=draw(texts()),
            area=draw(st.just("") | keys()),
            attributes=draw(st.dictionaries(keys(), texts(max_size=10), max_size=3)),
        ),
        profile=profile,
        panel=panel,
        candidates=candidates,
        ratings=ratings,
        guide=InterviewGuide(questions=questions),
        interviews=interviews,
        decision=decision,
        rankings=rankings,
    )


@st.composite
def _steps(
    draw: st.DrawFn,
    profile: CompetenceProfile,
    panel: list[Panelist],
    candidates: list[Candidate],
    question_ids: list[str],
) -> dict[str, Any]:
    """The need, screening, suggestions and work samples that fit the rest."""
    panel_ids = [p.id for p in panel]
    residents = any(p.role is Role.RESIDENT for p in panel)
    deciders = [p.id for p in panel if p.role not in (Role.RESIDENT, Role.SUPPORTER)]
    need = None
    if draw(st.booleans()):
        need = Need(
            why=draw(texts()),
            people_need=draw(texts()),
            in_their_words=draw(st.lists(texts(min_size=1), max_size=2)),
            residents_take_part=True if residents else draw(st.none() | st.booleans()),
            residents_reason=draw(texts()),
            decided_by=draw(st.none() | st.sampled_from(deciders)) if deciders else None,
            date=draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1))),
        )
    screening = []
    if panel_ids:
        for candidate in candidates:
            for requirement in profile.requirements:
                if draw(st.booleans()):
                    screening.append(
                        Screening(
                            candidate=candidate.id,
                            requirement=requirement.key,
                            met=requirement.key in candidate.meets,
                            by=draw(st.sampled_from(panel_ids)),
                            reason=draw(texts()),
                            blind=draw(st.booleans()),
                        )
                    )
    competence_keys = [c.key for c in profile.competences]
    suggestions = (
        [
            Suggestion(
                by=draw(st.sampled_from(panel_ids)),
                step=draw(st.sampled_from([Step.PROFILE, Step.INTERVIEW, Step.AD])),
                text=draw(texts(min_size=1)),
                competence=draw(st.none() | st.sampled_from(competence_keys)),
                question=draw(st.none() | st.sampled_from(question_ids)) if question_ids else None,
                outcome=draw(st.sampled_from(list(Outcome))),
                response=draw(texts()),
            )
            for _ in range(draw(st.integers(0, 2)))
        ]
        if panel_ids
        else []
    )
    samples = []
    assessed = [c.key for c in profile.assessed_at(Stage.WORK_SAMPLE)]
    if Stage.WORK_SAMPLE in profile.stages and assessed:
        for n in range(draw(st.integers(0, 1))):
            chosen = draw(st.lists(st.sampled_from(assessed), unique=True, max_size=2))
            samples.append(
                WorkSample(
                    key=f"prov{n}",
                    title=draw(texts(min_size=1)),
                    case=draw(texts(min_size=1)),
                    task=draw(texts()),
                    competences=chosen,
                    guide={k: {profile.scale.max: draw(texts(min_size=1))} for k in chosen},
                )
            )
    evaluations = [
        Evaluation(
            role=draw(st.sampled_from(list(Role))),
            answers=draw(st.dictionaries(keys(), st.integers(1, 5), max_size=3)),
            comment=draw(texts()),
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    return {
        "need": need,
        "evaluations": evaluations,
        "screening": screening,
        "suggestions": suggestions,
        "work_samples": samples,
    }


@st.composite
def registers(draw: st.DrawFn, rec: Recruitment) -> Register:
    """A participation register for *rec*: a record for some of its residents."""
    supporters = [p.id for p in rec.panel if p.role is Role.SUPPORTER]
    return Register(
        participation=[
            Participation(
                recruitment=rec.id,
                panelist=p.id,
                experience=draw(st.lists(keys(), max_size=2, unique=True)),
                steps=draw(st.lists(st.sampled_from(list(Step)), unique=True)),
                checklist=draw(
                    st.dictionaries(st.sampled_from(list(ChecklistItem)), st.booleans())
                ),
                fee=draw(st.integers(0, 5000).map(float)),
                expenses=draw(st.integers(0, 500).map(float)),
                income_support=draw(st.booleans()),
                supporter=draw(st.none() | st.sampled_from(supporters)) if supporters else None,
                note=draw(texts()),
                date=draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1))),
                prepared_on=draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1))),
                conflict=draw(st.none() | st.booleans()),
                current_relation=draw(st.none() | st.booleans()),
                evaluation=draw(
                    st.none()
                    | st.builds(
                        Evaluation,
                        role=st.just(Role.RESIDENT),
                        answers=st.dictionaries(keys(), st.integers(1, 5), max_size=3),
                        comment=texts(),
                    )
                ),
            )
            for p in rec.panel
            if p.role is Role.RESIDENT and draw(st.booleans())
        ]
    )
