"""The two tidy tables every tabular export shares: ratings (long) and results."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import attrs

from ..model import Perspective, Recruitment
from ..scoring import Result, score

__all__ = [
    "RATING_COLUMNS",
    "RESULT_COLUMNS",
    "RatingRow",
    "ResultRow",
    "rating_rows",
    "result_rows",
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


#: The column names of the ratings table, in order.
RATING_COLUMNS = tuple(f.name for f in attrs.fields(RatingRow))
#: The column names of the results table, in order.
RESULT_COLUMNS = tuple(f.name for f in attrs.fields(ResultRow))


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
