"""A draft job ad from a recruitment's profile: step 3 of the six.

:func:`draft` puts together what the profile already says — the post, the
competences in plain words, the requirements with their legal basis, the
merits — with the sentence that residents with lived experience of the
social services take part, and, for a manager post, what social workers say
makes them stay (the survey in *Framtidens Karriär – Socionom*, 2019:
leadership 85 %, pay 82 %, workload 82 %, colleagues 74 %). Dates and how
to apply are left in brackets for HR to fill in. :func:`render` writes it as
Markdown, HTML or plain text; :func:`rekrytera.plain.check` reviews it.
"""

from __future__ import annotations

import html

import attrs

from ._i18n import _, language
from .model import Recruitment, Role

__all__ = ["FORMATS", "Ad", "Section", "draft", "render"]

#: The formats :func:`render` writes.
FORMATS = ("md", "html", "text")

_MANAGER_WORDS = ("chef", "föreståndare", "arbetsledare", "manager", "head of")


@attrs.frozen
class Section:
    """A heading, a paragraph and a list (either may be empty)."""

    heading: str
    paragraph: str = ""
    items: tuple[str, ...] = ()


@attrs.frozen
class Ad:
    """A job ad: a title, an opening line and its sections."""

    lang: str
    title: str
    opening: str
    sections: tuple[Section, ...]

    def text(self) -> str:
        """The ad as plain text (what :func:`rekrytera.plain.check` reads)."""
        return render(self, "text")


def draft(recruitment: Recruitment, *, lang: str = "sv") -> Ad:
    """The ad for *recruitment*, its fixed sentences in *lang* (its content as written)."""
    with language(lang):
        return _draft(recruitment, lang)


def _draft(rec: Recruitment, lang: str) -> Ad:
    profile = rec.profile
    where = rec.info.organisation
    opening = (
        _("{organisation} is looking for a new colleague.").format(organisation=where)
        if where
        else _("We are looking for a new colleague.")
    )
    competences = sorted(profile.competences, key=lambda c: -c.weight)
    sections = [
        Section(
            _("Who we are looking for"),
            _("You are good at this:"),
            tuple(f"{c.label}: {c.description}" if c.description else c.label for c in competences),
        )
    ]
    if profile.requirements:
        sections.append(
            Section(
                _("What you must have"),
                items=tuple(
                    " ".join(
                        part
                        for part in (
                            r.label + (f" ({r.basis})." if r.basis else "."),
                            r.description,
                        )
                        if part
                    )
                    for r in profile.requirements
                ),
            )
        )
    if profile.merits:
        sections.append(
            Section(_("It is a plus if you have"), items=tuple(m.label for m in profile.merits))
        )
    if any(p.role is Role.RESIDENT for p in rec.panel):
        sections.append(
            Section(
                _("Residents take part"),
                _(
                    "Residents with their own experience of the social services take part in "
                    "this recruitment. They meet you at the interview and assess you together "
                    "with our staff. They see what the people we serve need."
                ),
            )
        )
    if any(word in rec.title.lower() for word in _MANAGER_WORDS):
        sections.append(
            Section(
                _("Why social workers stay"),
                _(
                    "As a manager you decide much of why your staff stay. Social workers name "
                    "four things first: good leadership (85 per cent), good pay (82 per cent), "
                    "a fair workload (82 per cent) and good colleagues (74 per cent). Source: "
                    "Framtidens Karriär – Socionom, 2019."
                ),
            )
        )
    sections.append(
        Section(
            _("How to apply"),
            _("Apply by [date]. You are welcome to ask [name, phone] about the job."),
        )
    )
    return Ad(lang=lang, title=rec.title, opening=opening, sections=tuple(sections))


def render(ad: Ad, format: str = "md") -> str:
    """*ad* as ``md``, ``html`` (a whole page, every text escaped) or ``text``."""
    if format == "html":
        return _html(ad)
    md = format == "md"
    lines = [f"# {ad.title}" if md else ad.title, "", ad.opening]
    for section in ad.sections:
        lines += ["", f"## {section.heading}" if md else section.heading.upper()]
        if section.paragraph:
            lines += ["", section.paragraph]
        if section.items:
            lines += [""] + [f"- {item}" for item in section.items]
    return "\n".join(lines) + "\n"


def _html(ad: Ad) -> str:
    e = html.escape
    body = [f"<h1>{e(ad.title)}</h1>", f"<p>{e(ad.opening)}</p>"]
    for section in ad.sections:
        body.append(f"<h2>{e(section.heading)}</h2>")
        if section.paragraph:
            body.append(f"<p>{e(section.paragraph)}</p>")
        if section.items:
            body.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in section.items) + "</ul>")
    return (
        f'<!doctype html>\n<html lang="{e(ad.lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(ad.title)}</title>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )
