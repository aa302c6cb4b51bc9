"""Letters to candidates: the invitation to interview and the decision.

The invitation says that residents with lived experience of the social
services take part and what that means for the candidate — the Halmstad
candidate in the seed documents was "extra motivated" by it — and the
decision letter tells each candidate the outcome plainly. Times, places and
contact details are left in brackets for HR. A letter names its candidate
only when asked (``names=True``): names are personal data. The letters are
:class:`~rekrytera.ad.Ad` documents, rendered with :func:`rekrytera.ad.render`
and reviewed with :func:`rekrytera.plain.check`.
"""

from __future__ import annotations

from ._i18n import _, language
from .ad import Ad, Section
from .exceptions import RekryteraError
from .model import Recruitment, Role, Stage

__all__ = ["KINDS", "decision", "invitation", "letter"]

#: The letters there are.
KINDS = ("invitation", "decision")


def letter(
    recruitment: Recruitment, kind: str, candidate: str, *, lang: str = "sv", names: bool = False
) -> Ad:
    """The letter of *kind* (:data:`KINDS`) to *candidate*.

    :raises RekryteraError: for an unknown kind or candidate, or a decision
        letter before the decision is recorded.
    """
    if kind not in KINDS:
        raise RekryteraError(
            _("unknown letter {kind!r}; use {kinds}").format(kind=kind, kinds=", ".join(KINDS))
        )
    make = invitation if kind == "invitation" else decision
    return make(recruitment, candidate, lang=lang, names=names)


def _greeting(rec: Recruitment, candidate: str, names: bool) -> str:
    try:
        person = rec.candidate(candidate)
    except KeyError:
        known = ", ".join(c.id for c in rec.candidates)
        raise RekryteraError(
            _("no candidate {id!r}; the candidates: {known}").format(id=candidate, known=known)
        ) from None
    name = person.identity.name if names else None
    return _("Hello {name}!").format(name=name) if name else _("Hello!")


def invitation(
    recruitment: Recruitment, candidate: str, *, lang: str = "sv", names: bool = False
) -> Ad:
    """The invitation to interview, saying who is on the panel and why residents are."""
    with language(lang):
        rec = recruitment
        sections = [
            Section(
                _("Time and place"),
                _("We meet on [date and time] at [address]. The interview takes about an hour."),
            )
        ]
        if any(p.role is Role.RESIDENT for p in rec.panel):
            sections.append(
                Section(
                    _("Residents are on the panel"),
                    _(
                        "Residents with their own experience of the social services take part "
                        "in the interview. They ask questions and assess you in the same way as "
                        "the staff on the panel. They have promised to keep what is said to "
                        "themselves. You do not need to prepare in any special way."
                    ),
                )
            )
        if Stage.WORK_SAMPLE in rec.profile.stages and rec.profile.stages[Stage.WORK_SAMPLE] > 0:
            sections.append(
                Section(
                    _("A work sample"),
                    _("After the interview you do a short work sample. We tell you more then."),
                )
            )
        sections.append(
            Section(
                _("Questions"),
                _(
                    "Call or write to [name, phone, email] if you have questions or need us to "
                    "adapt something for you."
                ),
            )
        )
        return Ad(
            lang=lang,
            title=_("Invitation to interview: {title}").format(title=rec.title),
            opening=_greeting(rec, candidate, names)
            + " "
            + _("Thank you for applying. We would like to meet you for an interview."),
            sections=tuple(sections),
        )


def decision(
    recruitment: Recruitment, candidate: str, *, lang: str = "sv", names: bool = False
) -> Ad:
    """The decision: the post is the candidate's, or it went to someone else."""
    with language(lang):
        rec = recruitment
        greeting = _greeting(rec, candidate, names)
        if rec.decision is None:
            raise RekryteraError(
                _("{id}: no decision is recorded yet; a decision letter needs one").format(
                    id=rec.id
                )
            )
        if candidate in rec.decision.hired:
            opening = _("We have decided: you get the job. Congratulations!")
            next_step = _("[name] will contact you about the start date and the contract.")
        else:
            opening = _("Thank you for applying. We have now hired another person.")
            next_step = _(
                "Thank you for the time you gave us. You are welcome to ask [name, phone] "
                "about your application."
            )
        return Ad(
            lang=lang,
            title=_("The decision: {title}").format(title=rec.title),
            opening=f"{greeting} {opening}",
            sections=(Section(_("What happens now"), next_step),),
        )
