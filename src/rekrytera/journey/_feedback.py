"""Feedback to a panelist (a resident, mostly) after the decision: what their part changed."""

from __future__ import annotations

import statistics

from .._i18n import _, language, ngettext
from .._results import Flag, Result
from ..ad import Ad, Section
from ..exceptions import RekryteraError
from ..model import Outcome, Phase, Recruitment, Role
from ..privacy._scrub import recruitment_scrubber

__all__ = ["feedback"]


def feedback(
    recruitment: Recruitment,
    panelist: str,
    result: Result,
    *,
    lang: str = "sv",
    names: bool = False,
) -> Ad:
    """What *panelist*'s suggestions and ratings changed, in words, after the decision.

    The seed documents name "the feeling of a chance to make a difference" as
    what residents expect; this says what the difference was. It tells the
    panelist what became of each suggestion they made, how the candidate they
    put first fared in the panel's ranking (*result*, from
    :func:`rekrytera.score`), how much the residents' perspective counted,
    and who was hired. It never shows another panelist's ratings, and the
    texts it quotes are scrubbed of everyone's names and identity values.
    Candidates are named by id unless *names*.

    :raises RekryteraError: if there is no such panelist.
    """
    try:
        who = recruitment.panelist(panelist)
    except KeyError:
        raise RekryteraError(
            _("{id}: there is no panelist {panelist!r}").format(
                id=recruitment.id, panelist=panelist
            )
        ) from None
    with language(lang):
        sections = [_suggestions(recruitment, panelist)]
        if who.rates:
            sections.append(_ratings(recruitment, panelist, result, names))
        sections.append(_decision(recruitment, names))
        sections.append(
            Section(
                _("Tell us what it was like"),
                _(
                    "We want to know what worked and what we can do better. Please fill in the "
                    "short evaluation form. You do not need to write your name."
                ),
            )
        )
        return Ad(
            lang=lang,
            title=_("Thank you for taking part: {title}").format(title=recruitment.title),
            opening=_(
                "Here you can read what your ideas and your assessments led to in this recruitment."
            ),
            sections=tuple(sections),
        )


def _label(rec: Recruitment, candidate: str, names: bool) -> str:
    name = rec.candidate(candidate).identity.name if names else None
    return f"{name} ({candidate})" if name else candidate


def _suggestions(rec: Recruitment, panelist: str) -> Section:
    mine = [s for s in rec.suggestions if s.by == panelist]
    if not mine:
        return Section(
            _("Your ideas"), _("No ideas of yours are written down in this recruitment.")
        )
    # Notes others wrote may name people; the feedback names no one.
    scrub = recruitment_scrubber(rec).scrub
    items = []
    for suggestion in mine:
        outcome = {
            Outcome.OPEN: _("Nobody has decided yet."),
            Outcome.ADOPTED: _("We used it."),
            Outcome.CHANGED: _("We used it, in another form."),
            Outcome.DECLINED: _("We did not use it."),
        }[suggestion.outcome]
        said = scrub(suggestion.text).strip()
        end = "" if said.endswith((".", "!", "?", "…")) else "."
        text = _("You suggested: “{text}”{end} {outcome}").format(
            text=said, end=end, outcome=outcome
        )
        if suggestion.response:
            text += " " + scrub(suggestion.response)
        items.append(text)
    return Section(_("Your ideas"), items=tuple(items))


def _own_top(rec: Recruitment, panelist: str) -> list[str]:
    """The candidates the panelist put first: their own order, else their highest mean."""
    for ranking in rec.rankings:
        if ranking.panelist == panelist and ranking.order:
            return [ranking.order[0]]
    means: dict[str, list[float]] = {}
    for rating in rec.ratings:
        if rating.panelist == panelist and rating.phase is Phase.INDEPENDENT:
            means.setdefault(rating.candidate, []).extend(rating.scores.values())
    if not means:
        return []
    best = max(statistics.fmean(v) for v in means.values())
    return [c for c, v in means.items() if statistics.fmean(v) == best]


def _ratings(rec: Recruitment, panelist: str, result: Result, names: bool) -> Section:
    rated = {r.candidate for r in rec.ratings if r.panelist == panelist}
    lines = [
        ngettext(
            "You assessed {n} person who applied.",
            "You assessed {n} people who applied.",
            len(rated),
        ).format(n=len(rated))
    ]
    ranked = [c for c in result.candidates if c.rank is not None]
    top = _own_top(rec, panelist)
    if len(top) == 1:
        place = result.candidate(top[0]).rank
        label = _label(rec, top[0], names)
        lines.append(
            _("You put {candidate} first. In the panel's ranking they came {place} of {n}.").format(
                candidate=label, place=place, n=len(ranked)
            )
            if place is not None
            else _("You put {candidate} first. They did not meet every requirement.").format(
                candidate=label
            )
        )
    elif top:
        lines.append(
            _("You put {candidates} first, equally.").format(
                candidates=", ".join(_label(rec, c, names) for c in top)
            )
        )
        for candidate in top:
            place = result.candidate(candidate).rank
            label = _label(rec, candidate, names)
            lines.append(
                _("In the panel's ranking, {candidate} came {place} of {n}.").format(
                    candidate=label, place=place, n=len(ranked)
                )
                if place is not None
                else _("{candidate} did not meet every requirement.").format(candidate=label)
            )
    if rec.panelist(panelist).role is Role.RESIDENT and result.resident_weight_used:
        lines.append(
            _("The residents' assessments counted for {share} % of each total.").format(
                share=round(result.resident_weight * 100)
            )
        )
    divergent = sum(1 for c in result.candidates if Flag.DIVERGENT in c.flags)
    if divergent:
        lines.append(
            ngettext(
                "For {n} person, the residents and the staff saw things very differently. The "
                "decision memo shows this to the manager.",
                "For {n} people, the residents and the staff saw things very differently. The "
                "decision memo shows this to the manager.",
                divergent,
            ).format(n=divergent)
        )
    return Section(_("Your assessments"), items=tuple(lines))


def _decision(rec: Recruitment, names: bool) -> Section:
    if rec.decision is None or not rec.decision.hired:
        return Section(_("The decision"), _("The manager has not decided yet."))
    hired = ", ".join(_label(rec, c, names) for c in rec.decision.hired)
    return Section(_("The decision"), _("The manager hired {hired}.").format(hired=hired))
