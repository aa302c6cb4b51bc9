"""Interview-guide linting: open questions, follow-ups, every competence probed.

The checks follow the interview technique the seed documents teach: ask open
questions ("På vilket sätt …", "Berätta om en situation när …") instead of
yes/no questions, ask one thing at a time, follow up by asking for concrete
examples, and make sure the guide probes every competence of the profile.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import attrs

from .._i18n import N_, Texts
from ..model import Recruitment
from ._questions import Kind, classify, open_rewrite, well_formed

__all__ = [
    "CODES",
    "Finding",
    "Kind",
    "classify",
    "is_closed",
    "lint",
    "open_rewrite",
    "well_formed",
]

#: Every finding code with its short name.
CODES = {
    "G001": "closed-question",
    "G002": "leading-question",
    "G003": "double-question",
    "G004": "competence-without-question",
    "G005": "question-without-follow-up",
    "G006": "question-without-competence",
    "G007": "indirect-request",
}

_MESSAGES = Texts(
    {
        "G001": N_(
            "Yes/no question: it can be answered in one word and gives no examples. Ask an open question."
        ),
        "G002": N_("Leading question: it suggests which answer is expected."),
        "G003": N_("Double question: two questions in one make the answer hard to rate. Split it."),
        "G004": N_("The competence {competence!r} is not probed by any question in the guide."),
        "G005": N_("The question has no follow-up. Add one that asks for a concrete example."),
        "G006": N_("The question is not tied to any competence of the profile."),
        "G007": N_(
            "The question is a request in the form of a yes/no question. Say it directly: it becomes clearer."
        ),
        "suggestion": N_("Suggestion: {rewrite}"),
    }
)

_DOUBLE = re.compile(
    r"\b(och|samt|eller|and|or)\s+(hur|vad|varför|när|vilk\w*|vem|how|what|why|when|which|who)\b",
    re.IGNORECASE,
)


def is_closed(text: str) -> bool:
    """Whether *text* is a yes/no question: :func:`classify` says ``closed``.

    "Är du en trygg person?" and "Do you like people?" are closed;
    "På vilket sätt är du trygg?", "Var arbetade du?" ("where") and the
    indirect request "Kan du berätta om …?" are not.
    """
    return classify(text) == "closed"


@attrs.frozen
class Finding:
    """One finding: a code, where it is, and what is wrong, in words."""

    code: str
    path: str
    message: str
    suggestion: str | None = None

    @property
    def name(self) -> str:
        """The code's short name, e.g. ``closed-question``."""
        return CODES[self.code]

    def __str__(self) -> str:
        text = f"{self.path}: {self.code} {self.message}"
        return f"{text} {self.suggestion}" if self.suggestion else text


def lint(recruitment: Recruitment, *, lang: str = "sv") -> list[Finding]:
    """Every finding in the recruitment's interview guide, in guide order.

    Follow-up questions are not checked for being closed: "Har du något
    exempel?" is exactly the follow-up the seeds recommend.
    """
    return list(_lint(recruitment, _MESSAGES[lang]))


def _lint(rec: Recruitment, words: Mapping[str, str]) -> Iterator[Finding]:
    questions = rec.guide.questions
    for q in questions:
        # By id, not position: the guide's questions have ids, and people find
        # them by id in the file (``guide.questions[q2].text``).
        path = f"guide.questions[{q.id}]"
        kind = classify(q.text)
        if kind == "leading":
            yield Finding("G002", f"{path}.text", words["G002"])
        elif kind in ("closed", "indirect") or q.kind.value == "closed":
            code = "G007" if kind == "indirect" and q.kind.value != "closed" else "G001"
            rewrite = open_rewrite(q.text)
            suggestion = words["suggestion"].format(rewrite=rewrite) if rewrite != q.text else None
            yield Finding(code, f"{path}.text", words[code], suggestion)
        if q.text.count("?") > 1 or _DOUBLE.search(q.text):
            yield Finding("G003", f"{path}.text", words["G003"])
        if not q.follow_ups:
            yield Finding("G005", f"{path}.follow_ups", words["G005"])
        if q.competence is None:
            yield Finding("G006", f"{path}.competence", words["G006"])
    probed = {q.competence for q in questions}
    for competence in rec.profile.competences:
        if competence.key not in probed:
            yield Finding(
                "G004",
                f"profile.competences[{competence.key}]",
                words["G004"].format(competence=competence.key),
            )
