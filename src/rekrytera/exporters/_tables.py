"""The tidy tables tabular exports share: ratings (long), results and recruitments."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

import attrs

from ..io import to_tree
from ..model import Identity, Perspective, Recruitment
from ..scoring import Result, score

__all__ = [
    "RATING_COLUMNS",
    "RECRUITMENT_COLUMNS",
    "RESULT_COLUMNS",
    "RatingRow",
    "RecruitmentRow",
    "ResultRow",
    "rating_rows",
    "recruitment_rows",
    "result_rows",
    "structure",
]


@attrs.frozen
class RatingRow:
    """One score: a panelist × candidate × stage × phase × competence."""

    recruitment: str
    panelist: str
    role: str
    perspective: str | None
    candidate: str
    stage: str
    phase: str
    competence: str
    weight: float
    score: float


@attrs.frozen
class ResultRow:
    """One candidate's result (ids only; lists as lists)."""

    recruitment: str
    candidate: str
    method: str
    rank: int | None
    total: float | None
    staff: float | None
    resident: float | None
    eligible: bool
    flags: list[str]
    missing_requirements: list[str]


@attrs.frozen
class RecruitmentRow:
    """One recruitment: what to group by, and its structure without personal data.

    ``structure`` is the recruitment as a JSON file without ratings,
    identities or free text (see :func:`structure`); with the ratings table it
    is all :func:`rekrytera.analysis.load` needs.
    """

    recruitment: str
    title: str
    organisation: str
    area: str
    decided: str | None
    attributes: dict[str, str]
    structure: str


#: The column names of the ratings table, in order.
RATING_COLUMNS = tuple(f.name for f in attrs.fields(RatingRow))
#: The column names of the results table, in order.
RESULT_COLUMNS = tuple(f.name for f in attrs.fields(ResultRow))
#: The column names of the recruitments table, in order.
RECRUITMENT_COLUMNS = tuple(f.name for f in attrs.fields(RecruitmentRow))


def structure(rec: Recruitment) -> Recruitment:
    """*rec* without ratings, personal data or free text: what analyses need of it.

    Keeps the post, the profile, the panel's ids, roles and declared
    conflicts, the candidates' ids and the requirements they meet, panelists'
    own orders of the candidates, and who was hired when; whether residents
    take part (the need's decision), the screening's findings and the panel's
    evaluation answers, without their texts; drops the ratings, every identity,
    the applications, suggestions, the interview guide, work samples and
    records, retention records, the decision's motivation and ranking
    comments, and scrubs the recruitment's attributes of its people's names
    and identifiers. Still a valid recruitment.
    """
    attributes = dict(rec.info.attributes)
    if attributes:  # most recruitments have none: no scrubber to build then
        from ..privacy._scrub import recruitment_scrubber

        scrub = recruitment_scrubber(rec).scrub
        attributes = {k: scrub(v) for k, v in attributes.items()}
    decision = rec.decision and attrs.evolve(rec.decision, motivation="")
    need = rec.need and type(rec.need)(
        residents_take_part=rec.need.residents_take_part,
        decided_by=rec.need.decided_by,
        date=rec.need.date,
    )
    return attrs.evolve(
        rec,
        info=attrs.evolve(rec.info, attributes=attributes),
        need=need,
        rankings=[attrs.evolve(r, comment="") for r in rec.rankings],
        panel=[attrs.evolve(p, identity=Identity()) for p in rec.panel],
        candidates=[attrs.evolve(c, identity=Identity(), application={}) for c in rec.candidates],
        screening=[attrs.evolve(s, reason="") for s in rec.screening],
        evaluations=[attrs.evolve(e, comment="") for e in rec.evaluations],
        suggestions=(),
        ratings=(),
        guide=type(rec.guide)(),
        work_samples=(),
        interviews=(),
        decision=decision,
        retention=(),
    )


def recruitment_rows(recruitments: Iterable[Recruitment]) -> Iterator[RecruitmentRow]:
    """Every recruitment as a row of the recruitments table."""
    for rec in recruitments:
        tree = to_tree(structure(rec))
        decided = rec.decision.date.isoformat() if rec.decision and rec.decision.date else None
        yield RecruitmentRow(
            rec.id,
            rec.title,
            rec.info.organisation,
            rec.info.area,
            decided,
            dict(tree["recruitment"].get("attributes", {})),
            json.dumps(tree, ensure_ascii=False, separators=(",", ":"), default=str),
        )


def rating_rows(recruitments: Iterable[Recruitment]) -> Iterator[RatingRow]:
    """Every score of every recruitment as a row of the ratings table."""
    for rec in recruitments:
        panel = {p.id: p for p in rec.panel}
        weights = {c.key: c.weight for c in rec.profile.competences}
        for r in rec.ratings:
            role = panel[r.panelist].role
            perspective = role.perspective.value if role.perspective else None
            for key, value in r.scores.items():
                yield RatingRow(
                    rec.id,
                    r.panelist,
                    role.value,
                    perspective,
                    r.candidate,
                    r.stage.value,
                    r.phase.value,
                    key,
                    weights[key],
                    value,
                )


def result_rows(
    recruitments: Iterable[Recruitment], results: Iterable[Result] | None = None
) -> Iterator[ResultRow]:
    """Every candidate's result, from *results* or ``rekrytera.score`` (``balanced``)."""
    given = iter(results) if results is not None else None
    for rec in recruitments:
        result = next(given) if given is not None else score(rec)
        for c in result.candidates:
            yield ResultRow(
                rec.id,
                c.id,
                result.method,
                c.rank,
                c.total,
                c.perspectives.get(Perspective.STAFF),
                c.perspectives.get(Perspective.RESIDENT),
                c.eligible,
                list(c.flags),
                list(c.missing_requirements),
            )
