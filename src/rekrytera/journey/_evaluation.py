"""The short evaluation form after a recruitment, and its summary across recruitments.

The steering group behind the seed documents asked for follow-up of
resident participation. The form asks residents and the rest of the panel a
few statements each, answered 1 (not at all) to 5 (fully), and a comment.
Residents' answers are kept in the participation register
(``Participation.evaluation``), the panel's in the recruitment
(``[[evaluations]]``), neither with a name.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping

import attrs

from .._i18n import N_, _, language
from ..ad import Ad, Section
from ..model import Evaluation, Recruitment, Register, Role

__all__ = ["GROUPS", "QUESTIONS", "EvaluationSummary", "QuestionSummary", "form", "summarise"]

#: Who answers which form: residents, and everyone else on the panel.
GROUPS = ("resident", "panel")

#: The statements of each form, by key, in English (translated when shown).
QUESTIONS: Mapping[str, Mapping[str, str]] = {
    "resident": {
        "introduktion": N_("I knew what I needed to know before I started."),
        "forberedelse": N_("I had time to prepare."),
        "lyssnad": N_("The panel listened to what I said."),
        "paverka": N_("I could make a difference to who got the job."),
        "villkor": N_("I knew what my fee was and how I would get it."),
        "igen": N_("I would like to take part again."),
    },
    "panel": {
        "perspektiv": N_("The residents saw things we would otherwise have missed."),
        "forberedda": N_("The residents were well prepared."),
        "samarbete": N_("The panel worked well together."),
        "beslut": N_("The residents' assessments were part of the decision."),
        "igen": N_("I would like to recruit with residents again."),
    },
}


def group_of(role: Role) -> str:
    """The form a panelist of *role* answers."""
    return "resident" if role is Role.RESIDENT else "panel"


def form(group: str, *, lang: str = "sv", title: str | None = None) -> Ad:
    """The printable form for *group* (``resident`` or ``panel``)."""
    if group not in GROUPS:
        raise ValueError(f"unknown group {group!r}; use {' or '.join(GROUPS)}")
    with language(lang):
        items = tuple(f"{_(text)}   1   2   3   4   5" for text in QUESTIONS[group].values())
        return Ad(
            lang=lang,
            title=_("How was it? {title}").format(title=title) if title else _("How was it?"),
            opening=_(
                "Circle one answer for each sentence: 1 means it is not true at all, 5 means it "
                "is fully true. You do not need to write your name."
            ),
            sections=(
                Section(_("Your answers"), items=items),
                Section(
                    _("Anything else?"),
                    _("Write what worked well and what we can do better: [space to write]"),
                ),
            ),
        )


@attrs.frozen
class QuestionSummary:
    """The answers to one statement: how many, their mean and their spread."""

    group: str
    question: str
    text: str
    answers: int
    mean: float | None
    distribution: tuple[int, int, int, int, int]


@attrs.frozen
class EvaluationSummary:
    """The evaluation answers across recruitments, per statement.

    ``unknown`` counts answers to statements that are not on the forms (a
    plugin's own, or a typing error); ``comments`` how many answers have a
    comment (the comments are not repeated here: they may name people).
    """

    recruitments: int
    responses: Mapping[str, int]
    questions: tuple[QuestionSummary, ...]
    comments: int
    unknown: int


def summarise(
    recruitments: Iterable[Recruitment], register: Register | None = None
) -> EvaluationSummary:
    """The evaluation answers of *recruitments* (the panel's) and of *register* (residents')."""
    recs = list(recruitments)
    ids = {r.id for r in recs}
    found: list[Evaluation] = [e for r in recs for e in r.evaluations]
    if register is not None:
        found += [
            p.evaluation
            for p in register.participation
            if p.recruitment in ids and p.evaluation is not None
        ]
    answers: dict[tuple[str, str], list[int]] = {}
    responses = dict.fromkeys(GROUPS, 0)
    unknown = 0
    for evaluation in found:
        group = group_of(evaluation.role)
        responses[group] += 1
        for question, answer in evaluation.answers.items():
            if question in QUESTIONS[group]:
                answers.setdefault((group, question), []).append(answer)
            else:
                unknown += 1
    rows = []
    for group in GROUPS:
        for question, text in QUESTIONS[group].items():
            given = answers.get((group, question), [])
            counts = tuple(given.count(level) for level in range(1, 6))
            rows.append(
                QuestionSummary(
                    group=group,
                    question=question,
                    text=_(text),
                    answers=len(given),
                    mean=statistics.fmean(given) if given else None,
                    distribution=counts,  # type: ignore[arg-type]
                )
            )
    return EvaluationSummary(
        recruitments=len(recs),
        responses=responses,
        questions=tuple(rows),
        comments=sum(1 for e in found if e.comment.strip()),
        unknown=unknown,
    )
