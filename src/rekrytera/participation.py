"""Support for residents who take part: a pool, matching, and participation summaries.

A municipality follows up resident participation with a few measures: in
how many steps residents took part, whether they were prepared as the
preparation checklist says, what they were paid, and how often the
residents' top candidate was the one hired. :func:`summarise` gives them
for one recruitment and :func:`summarise_all` across many.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import attrs

from .io import load_as
from .model import (
    ChecklistItem,
    Perspective,
    PoolResident,
    Recruitment,
    ResidentPool,
    Role,
    Step,
)
from .scoring import Result, score

__all__ = [
    "INCOME_SUPPORT_SHARE",
    "Match",
    "RecruitmentSummary",
    "Summary",
    "load_pool",
    "match",
    "summarise",
    "summarise_all",
]

#: The share of a fee a resident on income support keeps, per the seed
#: documents (Helsingborg, 2017). Pass the share in force where you are.
INCOME_SUPPORT_SHARE = 0.25


def load_pool(path: str | os.PathLike[str]) -> ResidentPool:
    """Load a resident pool file (``schema = 1`` and ``[[residents]]`` tables).

    :raises rekrytera.exceptions.InvalidRecruitment: listing every problem, with paths.
    """
    return load_as(path, ResidentPool)


@attrs.frozen
class Match:
    """A resident from the pool and why they fit the recruitment."""

    resident: PoolResident
    relevance: int
    reasons: tuple[str, ...]


def match(pool: ResidentPool, recruitment: Recruitment, *, n: int = 3) -> list[Match]:
    """The available residents most relevant to *recruitment*, best first.

    Relevance is 2 for lived experience of the recruitment's area itself
    (``barn-unga`` for ``barn-unga``), 1 for a related area (one contains the
    other, e.g. ``barn`` and ``barn-unga``), 0 otherwise. Residents who are
    not available are left out; ties keep the pool's order.
    """
    area = recruitment.info.area
    found = []
    for resident in pool.residents:
        if not resident.available:
            continue
        relevance, reasons = 0, []
        for experience in resident.experience:
            if area and experience == area:
                relevance = max(relevance, 2)
                reasons.append(f"experience of {experience}")
            elif area and (experience in area or area in experience):
                relevance = max(relevance, 1)
                reasons.append(f"related experience: {experience}")
        found.append(Match(resident, relevance, tuple(reasons)))
    found.sort(key=lambda m: -m.relevance)
    return found[:n]


@attrs.frozen(kw_only=True)
class RecruitmentSummary:
    """How residents took part in one recruitment."""

    recruitment: str
    residents: int
    steps: tuple[Step, ...]
    steps_per_resident: dict[str, tuple[Step, ...]]
    prepared: int
    checklist_done: float | None
    fees: float
    kept: float
    residents_top: tuple[str, ...]
    staff_top: tuple[str, ...]
    hired: tuple[str, ...]

    @property
    def top_hired(self) -> bool | None:
        """Whether the residents' top candidate was hired; None when unknown."""
        if not self.residents_top or not self.hired:
            return None
        return bool(set(self.residents_top) & set(self.hired))

    @property
    def top_agrees(self) -> bool | None:
        """Whether the residents' and the staff's top candidates coincide."""
        if not self.residents_top or not self.staff_top:
            return None
        return bool(set(self.residents_top) & set(self.staff_top))


def _tops(result: Result, perspective: Perspective) -> tuple[str, ...]:
    values = {
        c.id: round(v, 9)
        for c in result.candidates
        if c.eligible and (v := c.perspectives.get(perspective)) is not None
    }
    if not values:
        return ()
    best = max(values.values())
    return tuple(sorted(c for c, v in values.items() if v == best))


def summarise(
    recruitment: Recruitment,
    *,
    result: Result | None = None,
    income_support_share: float = INCOME_SUPPORT_SHARE,
) -> RecruitmentSummary:
    """The participation measures of one recruitment.

    The residents' (and the staff's) top candidate is the eligible candidate
    with the highest resident (staff) total under the ``balanced`` method;
    when several share it, all count.
    """
    result = result or score(recruitment)
    residents = [p for p in recruitment.panel if p.role is Role.RESIDENT]
    records = {r.panelist: r for r in recruitment.participation}
    steps_per = {p.id: records[p.id].steps if p.id in records else () for p in residents}
    union = tuple(s for s in Step if any(s in steps for steps in steps_per.values()))
    items = [
        records[p.id].checklist.get(item, False)
        for p in residents
        if p.id in records
        for item in ChecklistItem
    ]
    return RecruitmentSummary(
        recruitment=recruitment.id,
        residents=len(residents),
        steps=union,
        steps_per_resident=steps_per,
        prepared=sum(1 for r in records.values() if r.prepared),
        checklist_done=sum(items) / len(items) if items else None,
        fees=sum(r.fee for r in records.values()),
        kept=sum(r.kept_fee(income_support_share) for r in records.values()),
        residents_top=_tops(result, Perspective.RESIDENT),
        staff_top=_tops(result, Perspective.STAFF),
        hired=recruitment.decision.hired if recruitment.decision else (),
    )


@attrs.frozen(kw_only=True)
class Summary:
    """Participation across recruitments: the measures a municipality follows up."""

    recruitments: int
    with_residents: int
    mean_steps: float | None
    share_prepared: float | None
    top_hired: tuple[int, int]
    top_agrees: tuple[int, int]
    per_recruitment: tuple[RecruitmentSummary, ...]


def summarise_all(recruitments: Iterable[Recruitment]) -> Summary:
    """Participation across *recruitments*.

    ``top_hired`` and ``top_agrees`` are ``(yes, known)`` counts: of the
    recruitments where it can be told, in how many the residents' top
    candidate was hired / was also the staff's top candidate.
    """
    each = tuple(summarise(rec) for rec in recruitments)
    with_residents = [s for s in each if s.residents]
    records = sum(s.residents for s in with_residents)
    hired = [s.top_hired for s in each if s.top_hired is not None]
    agrees = [s.top_agrees for s in each if s.top_agrees is not None]
    return Summary(
        recruitments=len(each),
        with_residents=len(with_residents),
        mean_steps=(
            sum(len(s.steps) for s in with_residents) / len(with_residents)
            if with_residents
            else None
        ),
        share_prepared=sum(s.prepared for s in with_residents) / records if records else None,
        top_hired=(sum(hired), len(hired)),
        top_agrees=(sum(agrees), len(agrees)),
        per_recruitment=each,
    )
