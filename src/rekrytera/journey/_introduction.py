"""The introduction a resident gets before a recruitment, in plain words."""

from __future__ import annotations

from .._i18n import _, language
from ..ad import Ad, Section
from ..model import Recruitment, Role, Stage
from ..privacy._scrub import recruitment_scrubber

__all__ = ["introduction"]


def introduction(recruitment: Recruitment, *, lang: str = "sv") -> Ad:
    """The introduction for the residents of *recruitment*, to print or send.

    The seed documents say a resident should get an introduction to the
    recruitment process. This one says, in plain words, what happens in each
    of the six steps and what the resident does in it, what the day of the
    interviews looks like, confidentiality, conflicts of interest and the
    fee. Times, places and the contact person are left in brackets for HR.
    It names no one: the need's words are scrubbed of the names and identity
    values of everyone in the recruitment.
    """
    with language(lang):
        return _introduction(recruitment, lang)


def _introduction(rec: Recruitment, lang: str) -> Ad:
    where = rec.info.organisation
    opening = (
        _("You are helping {organisation} choose a new colleague.").format(organisation=where)
        if where
        else _("You are helping us choose a new colleague.")
    )
    opening += " " + _("Here you can read what happens and what you do.")
    need = rec.need
    step_need = _(
        "The manager writes down why we need someone new and decides if residents take part."
    )
    if need is not None and need.people_need:
        # Staff wrote it; residents read it: no one in the recruitment is named.
        people_need = recruitment_scrubber(rec).scrub(need.people_need)
        step_need += " " + _("What the people we serve need: {need}").format(need=people_need)
    sample = rec.work_samples[0] if rec.work_samples else None
    has_sample = sample is not None or (
        Stage.WORK_SAMPLE in rec.profile.stages and rec.profile.stages[Stage.WORK_SAMPLE] > 0
    )
    steps = [
        _("1. The need. {text}").format(text=step_need),
        _(
            "2. What the new colleague must be good at. We write it down together. You tell us "
            "what matters most to the people who will meet the new colleague."
        ),
        _(
            "3. The job ad. It says that residents with their own experience of the social "
            "services take part."
        ),
        _("4. Choosing whom to meet. We read the applications and choose whom to interview."),
        _(
            "5. The interview. You ask questions and assess each person. You do it on your own "
            "first, before the panel talks it over."
        ),
    ]
    if has_sample:
        task = (
            _("They do a task: {title}.").format(title=sample.title)
            if sample is not None
            else _("They do a short task.")
        )
        steps.append(_("6. The work sample. {task} You can help assess it.").format(task=task))
    else:
        steps.append(_("6. The work sample. There is none in this recruitment."))
    steps.append(
        _(
            "Then the manager decides whom to hire. You get to know what your ideas and your "
            "assessments led to."
        )
    )
    dates = sorted({i.date for i in rec.interviews if i.date is not None})
    day = (
        _("The interviews are on {dates}.").format(dates=", ".join(d.isoformat() for d in dates))
        if dates
        else _("The interviews are on [date].")
    )
    day += " " + _("We meet at [place] at [time]. There are breaks between the interviews.")
    if sample is not None and sample.minutes:
        day += " " + _("The work sample takes {minutes} minutes.").format(minutes=sample.minutes)
    sections = [
        Section(_("The six steps"), items=tuple(steps)),
        Section(_("The day of the interviews"), day),
        Section(
            _("What you hear stays with you"),
            _(
                "You will learn things about the people who applied. You may not tell anyone "
                "outside the panel. You sign a promise of confidentiality before you start."
            ),
        ),
        Section(
            _("If you know someone"),
            _(
                "Do you know one of the people who applied? Or do you get support from the unit "
                "right now? Then tell your contact person before you read the applications. You "
                "do not need to say why. You will not take part this time, and you are welcome "
                "next time."
            ),
        ),
        Section(
            _("Your fee"),
            _(
                "You get a fee for the work. If you get income support, the fee can affect it. "
                "Talk to your social worker first, so that you know what applies to you."
            ),
        ),
    ]
    contact = _("Your contact person is [name, phone].")
    if any(p.role is Role.SUPPORTER for p in rec.panel):
        contact += " " + _("A method supporter helps you prepare and is there on the day.")
    sections.append(Section(_("Questions"), contact))
    return Ad(
        lang=lang,
        title=_("Welcome to the recruitment: {title}").format(title=rec.title),
        opening=opening,
        sections=tuple(sections),
    )
