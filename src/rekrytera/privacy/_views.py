"""What one panelist may see: sealed ratings, and identity fields by role."""

from __future__ import annotations

import attrs

from ..exceptions import RekryteraError
from ..model import Identity, Phase, Rating, Recruitment, Role, Stage
from ._scrub import Scrubber, identity_values, recruitment_scrubber

__all__ = ["AccessDenied", "PanelistView", "resident_scrubber", "view"]


class AccessDenied(RekryteraError):
    """The panelist's role or progress does not allow what was asked for."""


@attrs.frozen
class PanelistView:
    """A recruitment as one panelist may see it.

    - **Sealing**: until the panelist has given their own independent rating of
      a candidate at a stage, nobody else's ratings or notes of that candidate
      at that stage are visible (scores given after seeing others' are what
      the structured-interview research warns against). Supporters do not
      rate, so others' ratings are never shown to them.
    - **Residents** never see contact details or personal identity numbers.
    - **Blind screening**: with ``blind_screening=True`` nobody sees names or
      other identity fields of candidates at the screening stage.
    - **Residents' records** (fees, income support) are seen by HR and the
      hiring manager, by the resident themselves and by their supporter only.

    - **Sealing covers interviews too**: until then, the interview records of
      that candidate at that stage show no notes but the panelist's own.
    - **Residents** never see contact details, personal identity numbers or
      other identifiers — not in identity fields and not inside any free text
      they can see (notes, the decision's motivation, comments, attributes).

    Asking for something not allowed raises :class:`AccessDenied`; nothing is
    silently left out. :meth:`recruitment` is the one deliberate exception: it
    builds the filtered copy to hand to the panelist. The view holds the whole
    recruitment privately and offers no way to it.
    """

    _source: Recruitment = attrs.field(alias="source", repr=False)
    panelist: str
    stage: Stage | None = None
    blind_screening: bool = False

    @property
    def role(self) -> Role:
        return self._source.panelist(self.panelist).role

    def _blind(self) -> bool:
        return self.blind_screening and self.stage is Stage.SCREENING

    def has_rated(self, candidate: str, stage: Stage) -> bool:
        """Whether the panelist has given their independent rating of *candidate* at *stage*."""
        return any(
            r.panelist == self.panelist
            and r.candidate == candidate
            and r.stage is stage
            and r.phase is Phase.INDEPENDENT
            for r in self._source.ratings
        )

    def name(self, candidate: str) -> str | None:
        """The candidate's name; denied in blind screening."""
        if self._blind():
            raise AccessDenied("names are hidden in blind screening")
        return self._source.candidate(candidate).identity.name

    def contact(self, candidate: str) -> tuple[str | None, str | None]:
        """The candidate's email and phone; denied to residents and in blind screening."""
        if self.role is Role.RESIDENT:
            raise AccessDenied("residents do not see candidates' contact details")
        if self._blind():
            raise AccessDenied("contact details are hidden in blind screening")
        identity = self._source.candidate(candidate).identity
        return identity.email, identity.phone

    def personal_id(self, candidate: str) -> str | None:
        """The candidate's personal identity number; denied to residents and in blind screening."""
        if self.role is Role.RESIDENT:
            raise AccessDenied("residents do not see personal identity numbers")
        if self._blind():
            raise AccessDenied("personal identity numbers are hidden in blind screening")
        return self._source.candidate(candidate).identity.personal_id

    def own_ratings(self, candidate: str) -> tuple[Rating, ...]:
        """The panelist's own ratings of *candidate*: always visible to them."""
        return tuple(
            r
            for r in self._source.ratings
            if r.panelist == self.panelist and r.candidate == candidate
        )

    def ratings(self, candidate: str, stage: Stage) -> tuple[Rating, ...]:
        """Everyone's ratings of *candidate* at *stage*, once the panelist has rated it.

        :raises AccessDenied: before the panelist's own independent rating.
        """
        if self.role is Role.SUPPORTER:
            raise AccessDenied("supporters do not rate, so they do not see others' ratings")
        if not self.has_rated(candidate, stage):
            raise AccessDenied(
                f"{self.panelist!r} has not yet given an independent rating of "
                f"{candidate!r} at the {stage} stage; others' ratings stay sealed until then"
            )
        return tuple(
            r for r in self._source.ratings if r.candidate == candidate and r.stage is stage
        )

    def recruitment(self) -> Recruitment:
        """A copy holding only what this panelist may see, to hand to them."""
        rec = self._source
        role = self.role
        resident = role is Role.RESIDENT
        scrub = resident_scrubber(rec).scrub if resident else _same

        def identity(i: Identity) -> Identity:
            if self._blind():
                return Identity()
            if resident:
                return Identity(name=i.name)
            return i

        # What the panelist has rated, once, so the copy costs one pass over the ratings.
        rated = {
            (r.candidate, r.stage)
            for r in rec.ratings
            if r.panelist == self.panelist and r.phase is Phase.INDEPENDENT
        }

        def unsealed(candidate: str, stage: Stage) -> bool:
            return role is not Role.SUPPORTER and (candidate, stage) in rated

        visible = [
            attrs.evolve(r, note=scrub(r.note))
            for r in rec.ratings
            if r.panelist == self.panelist or unsealed(r.candidate, r.stage)
        ]
        interviews = [
            attrs.evolve(
                i,
                notes=scrub(i.notes) if unsealed(i.candidate, i.stage) else "",
                asked=[
                    attrs.evolve(
                        a,
                        note=scrub(a.note)
                        if a.by == self.panelist or unsealed(i.candidate, i.stage)
                        else "",
                    )
                    for a in i.asked
                ],
            )
            for i in rec.interviews
        ]
        decision = rec.decision
        if decision is not None:
            decision = attrs.evolve(decision, motivation=scrub(decision.motivation))
        # In blind screening an application loses every name too, not only numbers.
        scrub_application = recruitment_scrubber(rec).scrub if self._blind() else scrub
        need = rec.need and rec.need.with_texts(lambda _path, text: scrub(text))
        return attrs.evolve(
            rec,
            info=attrs.evolve(
                rec.info, attributes={k: scrub(v) for k, v in rec.info.attributes.items()}
            ),
            need=need,
            suggestions=[
                attrs.evolve(x, text=scrub(x.text), response=scrub(x.response))
                for x in rec.suggestions
            ],
            screening=[attrs.evolve(x, reason=scrub(x.reason)) for x in rec.screening],
            # The panel's evaluations are for those who follow up the recruitment.
            evaluations=rec.evaluations if role in (Role.HR, Role.HIRING_MANAGER) else (),
            candidates=[
                attrs.evolve(
                    c,
                    identity=identity(c.identity),
                    application={k: scrub_application(v) for k, v in c.application.items()},
                )
                for c in rec.candidates
            ],
            panel=[
                attrs.evolve(p, identity=Identity(name=p.identity.name)) if resident else p
                for p in rec.panel
            ],
            ratings=visible,
            interviews=interviews,
            decision=decision,
            # A panelist's own order is theirs until the memo: HR and the hiring
            # manager see every one, others their own.
            rankings=[
                attrs.evolve(x, comment=scrub(x.comment))
                for x in rec.rankings
                if role in (Role.HR, Role.HIRING_MANAGER) or x.panelist == self.panelist
            ],
        )


def _same(text: str) -> str:
    return text


def resident_scrubber(rec: Recruitment) -> Scrubber:
    """A scrubber for what residents read: identifiers out, names kept.

    Removes personal identity numbers, emails and phone numbers in the forms
    the built-in patterns know, and every identity value stored for anyone in
    the recruitment (email, phone, personal identity number, ``identifiers``)
    as it is written there.
    """
    people = [*(c.identity for c in rec.candidates), *(p.identity for p in rec.panel)]
    return Scrubber(literals=identity_values(people))


def view(
    recruitment: Recruitment,
    panelist: str,
    *,
    stage: Stage | str | None = None,
    blind_screening: bool = False,
) -> PanelistView:
    """The view of *recruitment* for *panelist* (see :class:`PanelistView`).

    :raises KeyError: if there is no such panelist.
    """
    recruitment.panelist(panelist)
    return PanelistView(
        recruitment,
        panelist,
        None if stage is None else Stage(stage),
        blind_screening,
    )
