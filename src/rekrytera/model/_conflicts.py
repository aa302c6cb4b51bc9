"""Conflicts of interest (jäv): who a declared conflict keeps out, and where it is broken.

A recruitment is one matter: a panelist who has declared a conflict of
interest with one applicant may take no part in handling it
(förvaltningslagen (2017:900) 16–18 §§, in force since 2018-07-01; for
elected members kommunallagen (2017:725) 6 kap. 28 §). That is the default
(:attr:`~rekrytera.model.Recusal.RECRUITMENT`). A municipality may choose
instead that the panelist steps aside only for that candidate
(:attr:`~rekrytera.model.Recusal.CANDIDATE`); it then answers for that
reading of the law itself.

Rating the very candidate a conflict concerns breaks the file format's rules
(the recruitment cannot be loaded); everything else here is found by
``rekrytera check`` and :func:`rekrytera.validate`, and ``rekrytera.score``
leaves out the ratings of a panelist the conflict keeps out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .._i18n import _
from ..exceptions import Problem
from ._base import Recusal

if TYPE_CHECKING:
    from ._recruitment import Recruitment

__all__ = ["conflict_problems", "may_assess", "recused"]


def recused(rec: Recruitment) -> frozenset[str]:
    """The panelists a declared conflict keeps out of the whole recruitment.

    Empty when the profile chooses per-candidate recusal.
    """
    if rec.profile.recusal is not Recusal.RECRUITMENT:
        return frozenset()
    return frozenset(p.id for p in rec.panel if p.conflicts)


def may_assess(rec: Recruitment, panelist: str, candidate: str) -> bool:
    """Whether *panelist* may rate, rank or interview *candidate* as far as conflicts go."""
    for p in rec.panel:
        if p.id == panelist and p.conflicts:
            return candidate not in p.conflicts and rec.profile.recusal is not Recusal.RECRUITMENT
    return True


def conflict_problems(rec: Recruitment) -> list[Problem]:
    """Every place a panelist takes part despite a declared conflict of interest.

    With the default recusal, any rating, own ranking, interview presence or
    asked question of a panelist who declared a conflict; with per-candidate
    recusal, presence at and questions in the interviews of the candidate the
    conflict concerns.
    """
    return list(_conflict_problems(rec))


def _conflict_problems(rec: Recruitment) -> Iterator[Problem]:
    whole = recused(rec)
    conflicts = {p.id: set(p.conflicts) for p in rec.panel if p.conflicts}

    def barred(panelist: str, candidate: str) -> bool:
        return panelist in whole or candidate in conflicts.get(panelist, ())

    def why(panelist: str) -> str:
        declared = ", ".join(repr(c) for c in sorted(conflicts[panelist]))
        if panelist in whole:
            return _(
                "{panelist!r} declared a conflict of interest (jäv) with {declared} and may "
                'take no part in this recruitment (profile.recusal = "recruitment")'
            ).format(panelist=panelist, declared=declared)
        return _("{panelist!r} declared a conflict of interest (jäv) with {declared}").format(
            panelist=panelist, declared=declared
        )

    for i, rating in enumerate(rec.ratings):
        if rating.panelist in whole:
            yield Problem(f"ratings[{i}].panelist", why(rating.panelist))
    for i, ranking in enumerate(rec.rankings):
        if ranking.panelist in whole:
            yield Problem(f"rankings[{i}].panelist", why(ranking.panelist))
    for i, record in enumerate(rec.interviews):
        for j, panelist in enumerate(record.panelists):
            if barred(panelist, record.candidate):
                yield Problem(f"interviews[{i}].panelists[{j}]", why(panelist))
        for j, asked in enumerate(record.asked):
            by = asked.by
            # A panelist listed as present is reported above already.
            if by is not None and barred(by, record.candidate) and by not in record.panelists:
                yield Problem(f"interviews[{i}].asked[{j}].by", why(by))
