"""Interview-guide linting: open questions, follow-ups, every competence probed.

The checks follow the interview technique the seed documents teach: ask open
questions ("På vilket sätt …", "Berätta om en situation när …") instead of
yes/no questions, ask one thing at a time, follow up by asking for concrete
examples, and make sure the guide probes every competence of the profile.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

from ..model import Recruitment

__all__ = ["CODES", "Finding", "is_closed", "lint", "open_rewrite"]

#: Every finding code with its short name.
CODES = {
    "G001": "closed-question",
    "G002": "leading-question",
    "G003": "double-question",
    "G004": "competence-without-question",
    "G005": "question-without-follow-up",
    "G006": "question-without-competence",
}

_MESSAGES = {
    "sv": {
        "G001": "Ja/nej-fråga: den kan besvaras med ett ord och ger inga exempel. Ställ en öppen fråga.",
        "G002": "Ledande fråga: den antyder vilket svar som förväntas.",
        "G003": "Dubbelfråga: två frågor i en gör svaret svårt att bedöma. Dela upp den.",
        "G004": "Kompetensen {competence!r} prövas inte av någon fråga i guiden.",
        "G005": "Frågan saknar följdfråga. Lägg till en som ber om ett konkret exempel.",
        "G006": "Frågan är inte kopplad till någon kompetens i kravprofilen.",
        "suggestion": "Förslag: {rewrite}",
    },
    "en": {
        "G001": "Yes/no question: it can be answered in one word and gives no examples. Ask an open question.",
        "G002": "Leading question: it suggests which answer is expected.",
        "G003": "Double question: two questions in one make the answer hard to rate. Split it.",
        "G004": "The competence {competence!r} is not probed by any question in the guide.",
        "G005": "The question has no follow-up. Add one that asks for a concrete example.",
        "G006": "The question is not tied to any competence of the profile.",
        "suggestion": "Suggestion: {rewrite}",
    },
}

# Finite verbs that open a Swedish or English yes/no question. Present and past
# forms of the auxiliaries and the verbs interviewers most often open with.
_SV_VERBS = [
    "är",
    "ar",
    "var",
    "varit",
    "har",
    "hade",
    "kan",
    "kunde",
    "ska",
    "skall",
    "skulle",
    "vill",
    "ville",
    "brukar",
    "brukade",
    "tycker",
    "tyckte",
    "känner",
    "kände",
    "finns",
    "fanns",
    "blir",
    "blev",
    "gör",
    "gjorde",
    "får",
    "fick",
    "måste",
    "bör",
    "kommer",
    "kom",
    "gillar",
    "trivs",
    "trivdes",
    "anser",
    "ansåg",
    "tror",
    "trodde",
    "klarar",
    "klarade",
    "vet",
    "visste",
    "ser",
    "såg",
    "hinner",
    "hann",
    "orkar",
    "orkade",
    "jobbar",
    "arbetar",
    "händer",
    "hände",
]
_EN_VERBS = [
    "do",
    "does",
    "did",
    "are",
    "is",
    "was",
    "were",
    "have",
    "has",
    "had",
    "can",
    "could",
    "would",
    "will",
    "should",
    "shall",
    "may",
    "might",
    "must",
]
# "Var" is also "where": it opens a yes/no question only before its subject.
_AMBIGUOUS = {"var"}
_SUBJECTS = [
    "du",
    "ni",
    "man",
    "det",
    "den",
    "detta",
    "han",
    "hon",
    "hen",
    "vi",
    "de",
    "någon",
    "några",
    "ditt",
    "din",
    "dina",
    "er",
    "era",
    "alla",
    "you",
    "it",
    "he",
    "she",
    "they",
    "we",
    "there",
    "this",
    "that",
    "your",
    "anyone",
    "someone",
]
_VOCATIVE = r"(?:[^\W\d_][\w-]*,\s*)?"  # "Anna, har du …"
_CLOSED = re.compile(
    rf"^\s*{_VOCATIVE}(?P<verb>{'|'.join(_SV_VERBS + _EN_VERBS)})(?:n't)?\s+(?P<subject>[^\W\d_][\w-]*)",
    re.IGNORECASE,
)
_INVITATION = re.compile(
    r"^\s*(?:kan|skulle|vill|could|can|would|will)\s+(?:du|ni|you)\s+(?:kunna\s+|please\s+)?"
    r"(?P<verb>berätta|beskriva|ge|tell|describe|give)\b(?P<rest>.*)$",
    re.IGNORECASE,
)
_LEADING = re.compile(
    r"\b(visst|eller hur|väl inte|håller du inte med|inte sant|"
    r"don't you|doesn't it|isn't it|wouldn't you agree|surely|right\?)",
    re.IGNORECASE,
)
_LEADING_VAL = re.compile(r"^\s*\w+\s+(du|ni)\s+väl\b", re.IGNORECASE)
_DOUBLE = re.compile(
    r"\b(och|samt|eller|and|or)\s+(hur|vad|varför|när|vilk\w*|vem|how|what|why|when|which|who)\b",
    re.IGNORECASE,
)


def is_closed(text: str) -> bool:
    """Whether *text* is a yes/no question: it opens with a finite verb and its subject.

    "Är du en trygg person?" and "Do you like people?" are closed;
    "På vilket sätt är du trygg?" and "Var arbetade du?" ("where") are not.
    """
    match = _CLOSED.match(text)
    if match is None:
        return False
    if match["verb"].lower() in _AMBIGUOUS:
        return match["subject"].lower() in _SUBJECTS
    return True


def open_rewrite(text: str) -> str:
    """An open version of a closed question, in the style the seeds teach.

    "Är du en person som är trygg i dig själv?" becomes "På vilket sätt är du
    en person som är trygg i dig själv?"; English questions get "In what way".
    """
    match = _CLOSED.match(text)
    if match is None or not is_closed(text):
        return text
    invitation = _INVITATION.match(text)
    if invitation:
        # "Kan du berätta om …?" is an invitation in yes/no form: make it one.
        rest = invitation["rest"].strip().rstrip("?").rstrip()
        return f"{invitation['verb'].capitalize()} {rest}."
    english = match["verb"].lower() in _EN_VERBS and match["subject"].lower() not in ("du", "ni")
    lead = "In what way" if english else "På vilket sätt"
    rest = text.strip()[match.start("verb") - (len(text) - len(text.lstrip())) :]
    return f"{lead} {rest[0].lower()}{rest[1:]}"


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


def _lint(rec: Recruitment, words: dict[str, str]) -> Iterator[Finding]:
    questions = rec.guide.questions
    for q in questions:
        # By id, not position: the guide's questions have ids, and people find
        # them by id in the file (``guide.questions[q2].text``).
        path = f"guide.questions[{q.id}]"
        if is_closed(q.text) or q.kind.value == "closed":
            rewrite = open_rewrite(q.text)
            suggestion = words["suggestion"].format(rewrite=rewrite) if rewrite != q.text else None
            yield Finding("G001", f"{path}.text", words["G001"], suggestion)
        if _LEADING.search(q.text) or _LEADING_VAL.match(q.text):
            yield Finding("G002", f"{path}.text", words["G002"])
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
