"""Retention (gallring) and erasure: removing personal data, keeping the statistics."""

from __future__ import annotations

import calendar
import datetime as dt

import attrs

from .._i18n import _
from ..exceptions import RekryteraError
from ..model import Identity, Recruitment, RetentionRecord
from ._scrub import Scrubber, identity_values

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


_FIELDS = ("name", "email", "phone", "personal_id", "identifiers", "application", "notes")


def _remove(rec: Recruitment, ids: set[str], record: RetentionRecord) -> Recruitment:
    """Remove the candidates' identities and notes, and them from every other text."""
    gone = [c.identity for c in rec.candidates if c.id in ids]
    names = [i.name for i in gone if i.name]
    scrubber = Scrubber(names, literals=identity_values(gone))
    changed: list[str] = []

    def scrub(path: str, text: str) -> str:
        cleaned = scrubber.scrub(text) if text else text
        if cleaned != text:
            changed.append(path)
        return cleaned

    ratings = [
        attrs.evolve(r, note="" if r.candidate in ids else scrub(f"ratings[{i}].note", r.note))
        for i, r in enumerate(rec.ratings)
    ]
    interviews = [
        attrs.evolve(i, notes="", asked=[attrs.evolve(a, note="") for a in i.asked])
        if i.candidate in ids
        else attrs.evolve(
            i,
            notes=scrub(f"interviews[{n}].notes", i.notes),
            asked=[
                attrs.evolve(a, note=scrub(f"interviews[{n}].asked[{j}].note", a.note))
                for j, a in enumerate(i.asked)
            ],
        )
        for n, i in enumerate(rec.interviews)
    ]
    decision = rec.decision
    if decision is not None:
        decision = attrs.evolve(
            decision, motivation=scrub("decision.motivation", decision.motivation)
        )
    rankings = [
        attrs.evolve(x, comment=scrub(f"rankings[{i}].comment", x.comment))
        for i, x in enumerate(rec.rankings)
    ]
    need = rec.need and rec.need.with_texts(scrub)
    return attrs.evolve(
        rec,
        candidates=[
            attrs.evolve(c, identity=Identity(), application={}) if c.id in ids else c
            for c in rec.candidates
        ],
        need=need,
        evaluations=[
            attrs.evolve(x, comment=scrub(f"evaluations[{i}].comment", x.comment))
            for i, x in enumerate(rec.evaluations)
        ],
        screening=[
            attrs.evolve(
                x,
                reason="" if x.candidate in ids else scrub(f"screening[{i}].reason", x.reason),
            )
            for i, x in enumerate(rec.screening)
        ],
        suggestions=[
            attrs.evolve(
                x,
                text=scrub(f"suggestions[{i}].text", x.text),
                response=scrub(f"suggestions[{i}].response", x.response),
            )
            for i, x in enumerate(rec.suggestions)
        ],
        ratings=ratings,
        interviews=interviews,
        decision=decision,
        rankings=rankings,
        retention=[*rec.retention, attrs.evolve(record, changed=changed)],
    )


def _holds_personal_data(rec: Recruitment, candidate: str) -> bool:
    if rec.candidate(candidate).identity or rec.candidate(candidate).application:
        return True
    if any(s.reason for s in rec.screening if s.candidate == candidate):
        return True
    return any(r.note for r in rec.ratings if r.candidate == candidate) or any(
        i.notes or any(a.note for a in i.asked) for i in rec.interviews if i.candidate == candidate
    )


def purge(rec: Recruitment, policy: RetentionPolicy, today: dt.date) -> Recruitment:
    """Apply *policy*: once due, remove the personal data of the candidates not hired.

    Removed: the candidates' identity fields and applications, the notes of
    their ratings, interview records and screening, and their names and identity values from every
    other text (other candidates' notes, the motivation, comments); the record
    lists those texts under ``changed``. Kept: ids, scores and everything else, so the
    recruitment stays valid and scores exactly as before. What was removed,
    from whom and when (not the data) is recorded under ``retention``.

    Nothing happens before the due date, or if nothing is left to remove.

    :raises RekryteraError: if the recruitment has no dated decision yet.
    """
    if rec.decision is None or rec.decision.date is None:
        raise RekryteraError(
            _("{id}: a retention policy runs from the decision's date, and there is none").format(
                id=rec.id
            )
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


def erase(rec: Recruitment, candidate: str, today: dt.date, *, basis: str) -> Recruitment:
    """Remove one candidate's personal data now, e.g. at their request.

    The same removal as :func:`purge`, for one candidate, recorded with *basis*:
    the legal ground, which is required (for example "GDPR art. 17.1 a, the
    data are no longer needed; gallring decided by the archive authority").

    :raises KeyError: if there is no such candidate.
    :raises RekryteraError: without a stated legal ground.
    """
    rec.candidate(candidate)
    if not basis.strip():
        raise RekryteraError(_("an erasure needs its legal ground stated (basis)"))
    record = RetentionRecord(
        date=today, action="erasure", candidates=[candidate], removed=_FIELDS, basis=basis
    )
    return _remove(rec, {candidate}, record)
