"""Retention (gallring) and erasure: removing personal data, keeping the statistics."""

from __future__ import annotations

import calendar
import datetime as dt

import attrs

from ..exceptions import RekryteraError
from ..model import Identity, Recruitment, RetentionRecord

__all__ = ["RetentionPolicy", "erase", "purge"]


@attrs.frozen(kw_only=True)
class RetentionPolicy:
    """When the personal data of candidates who were not hired is removed.

    :param months: how long after the decision the data is kept. A Swedish
        municipality takes this from its own retention schedule
        (dokumenthanteringsplan); recruitment documents are public records.
    :param keep_hired: leave the hired candidates' data (it moves to the
        personnel file, under other rules).
    """

    months: int = attrs.field(validator=attrs.validators.ge(0))
    keep_hired: bool = True


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


_FIELDS = ("name", "email", "phone", "personal_id", "identifiers", "notes")


def _remove(rec: Recruitment, ids: set[str], record: RetentionRecord) -> Recruitment:
    return attrs.evolve(
        rec,
        candidates=[
            attrs.evolve(c, identity=Identity()) if c.id in ids else c for c in rec.candidates
        ],
        ratings=[attrs.evolve(r, note="") if r.candidate in ids else r for r in rec.ratings],
        interviews=[
            attrs.evolve(i, notes="", asked=[attrs.evolve(a, note="") for a in i.asked])
            if i.candidate in ids
            else i
            for i in rec.interviews
        ],
        retention=[*rec.retention, record],
    )


def _holds_personal_data(rec: Recruitment, candidate: str) -> bool:
    if rec.candidate(candidate).identity:
        return True
    return any(r.note for r in rec.ratings if r.candidate == candidate) or any(
        i.notes or any(a.note for a in i.asked) for i in rec.interviews if i.candidate == candidate
    )


def purge(rec: Recruitment, policy: RetentionPolicy, today: dt.date) -> Recruitment:
    """Apply *policy*: once due, remove the personal data of the candidates not hired.

    Removed: the candidates' identity fields, the notes of their ratings and
    their interview records. Kept: ids, scores and everything else, so the
    recruitment stays valid and scores exactly as before. What was removed,
    from whom and when (not the data) is recorded under ``retention``.

    Nothing happens before the due date, or if nothing is left to remove.

    :raises RekryteraError: if the recruitment has no dated decision yet.
    """
    if rec.decision is None or rec.decision.date is None:
        raise RekryteraError(
            f"{rec.id}: a retention policy runs from the decision's date, and there is none"
        )
    due = _add_months(rec.decision.date, policy.months)
    if today < due:
        return rec
    hired = set(rec.decision.hired) if policy.keep_hired else set()
    ids = {c.id for c in rec.candidates if c.id not in hired and _holds_personal_data(rec, c.id)}
    if not ids:
        return rec
    record = RetentionRecord(
        date=today,
        action="purge",
        candidates=sorted(ids),
        removed=_FIELDS,
        basis=f"{policy.months} months after the decision of {rec.decision.date.isoformat()}",
    )
    return _remove(rec, ids, record)


def erase(
    rec: Recruitment, candidate: str, today: dt.date, *, basis: str = "request for erasure"
) -> Recruitment:
    """Remove one candidate's personal data now, e.g. at their request.

    The same removal as :func:`purge`, for one candidate, recorded with *basis*.

    :raises KeyError: if there is no such candidate.
    """
    rec.candidate(candidate)
    record = RetentionRecord(
        date=today, action="erasure", candidates=[candidate], removed=_FIELDS, basis=basis
    )
    return _remove(rec, {candidate}, record)
