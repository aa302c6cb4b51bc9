"""Plain language (klarspråk) for the texts people read: a job ad, a letter, any text.

The language of public bodies must be "vårdat, enkelt och begripligt"
(språklagen (2009:600) 11 §, in force since 2009-07-01). Texts from a social
services recruitment are read by applicants and by residents on the panel,
so :func:`check` looks for what makes a text hard to read, and says where:

``P001 hard-to-read``
    LIX (Björnsson 1968, *Läsbarhet*: words per sentence plus the share of
    words longer than six letters, in per cent) of 50 or more — "svår" on
    Björnsson's scale, where official texts usually lie; below 40 is
    "lättläst". Only for a text of 30 words or more: on fewer, one long
    word decides it.
``P002 long-sentence``
    A sentence of more than 25 words. This threshold is ours: a text of
    average sentences of 15 words, with a third of its words long, stays
    just under LIX 50; one sentence of over 25 words is where readers lose
    the thread.
``P003 passive``
    A passive (Swedish s-passive after a modal, "ska bedömas", and the
    forms job ads use most, "krävs", "erbjuds"; English "is/are … -ed") that
    hides who does what. Say who: "vi erbjuder", "du skickar".
``P004 jargon``
    A word with a plainer one that means the same ("erforderlig" →
    "nödvändig", "utilise" → "use").
``P005 gender-coded``
    A text that leans masculine: masculine-coded words outnumber
    feminine-coded ones by two or more. Gaucher, Friesen & Kay (2011, *J.
    Pers. Soc. Psychol.* 101(1), 109–128) found that masculine wording made a
    job less appealing to women and lowered their sense of belonging, while
    feminine wording barely changed how men saw a job; so only a masculine
    lean is reported. The word stems are a short selection after the study
    and a Swedish adaptation (Chamera & Kühnemann 2016), not their full lists.

The findings are :class:`Finding` objects, shaped as those of
:func:`rekrytera.guide.lint`; ``rekrytera plain`` prints them and exits 1
when there are any.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

from ._i18n import _, language

__all__ = [
    "CODES",
    "LIX_HARD",
    "LIX_MIN_WORDS",
    "LONG_SENTENCE",
    "Finding",
    "check",
    "lix",
    "sentences",
]

#: Every finding code with its short name.
CODES = {
    "P001": "hard-to-read",
    "P002": "long-sentence",
    "P003": "passive",
    "P004": "jargon",
    "P005": "gender-coded",
}

#: LIX at or above this is "svår" on Björnsson's scale.
LIX_HARD = 50
#: The fewest words a text needs for its LIX to be reported (on fewer, one
#: long word decides it).
LIX_MIN_WORDS = 30
#: Sentences longer than this many words are reported.
LONG_SENTENCE = 25

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"\n\s*[-*•]\s+|\n\s*#+\s*|(?<=[.!?:])\s+|\n\s*\n")

_JARGON = {
    "sv": {
        "erforderlig": "nödvändig",
        "erforderliga": "nödvändiga",
        "tillse": "se till",
        "inkomma": "skicka in",
        "tillhandahålla": "ge",
        "beträffande": "om",
        "avseende": "om",
        "i enlighet med": "enligt",
        "implementera": "införa",
        "ävensom": "och",
        "torde": "bör",
        "icke": "inte",
        "ej": "inte",
        "erhålla": "få",
        "äga rum": "hända",
    },
    "en": {
        "utilise": "use",
        "utilize": "use",
        "commence": "start",
        "facilitate": "help",
        "in accordance with": "under",
        "prior to": "before",
        "endeavour": "try",
        "remuneration": "pay",
    },
}
# Forms job ads use most; a modal followed by an s-form is found by pattern.
_PASSIVE_SV = {
    "krävs",
    "erbjuds",
    "tillämpas",
    "bedöms",
    "efterfrågas",
    "värdesätts",
    "eftersträvas",
    "önskas",
    "förväntas",
    "tillsätts",
    "ses",
}
_DEPONENT_SV = {
    "finnas",
    "hoppas",
    "lyckas",
    "trivas",
    "minnas",
    "andas",
    "kännas",
    "synas",
    "låtsas",
    "åldras",
    "vistas",
    "brottas",
    "samarbetas",
}
_MODAL_SV = re.compile(r"\b(ska|skall|kan|kommer att|måste|bör|får)\s+([a-zåäö]{3,}as)\b", re.I)
_PASSIVE_EN = re.compile(r"\b(is|are|was|were|be|been|being)\s+([a-z]{3,}ed)\b", re.I)

# Stems, after Gaucher, Friesen & Kay (2011) and the Swedish adaptation: a selection.
_MASCULINE = {
    "sv": (
        "aggress",
        "ambiti",
        "analytisk",
        "autonom",
        "driv",
        "domin",
        "envis",
        "kraftfull",
        "oberoende",
        "självsäker",
        "tävling",
        "tuff",
        "orädd",
        "beslutsam",
    ),
    "en": (
        "aggress",
        "ambitio",
        "analy",
        "assert",
        "autonom",
        "competi",
        "decisive",
        "determin",
        "domina",
        "fearless",
        "force",
        "independen",
        "self-relian",
        "self-confiden",
    ),
}
_FEMININE = {
    "sv": (
        "empati",
        "engager",
        "förstå",
        "hjälp",
        "lyhörd",
        "omtänksam",
        "samarbet",
        "stött",
        "varm",
        "ödmjuk",
        "tillit",
        "lojal",
    ),
    "en": (
        "compassion",
        "cooperat",
        "collab",
        "empath",
        "interpersonal",
        "loyal",
        "nurtur",
        "support",
        "understand",
        "warm",
        "commit",
        "trust",
    ),
}


@attrs.frozen
class Finding:
    """One finding: a code, where it is, and what is wrong, in words."""

    code: str
    path: str
    message: str

    @property
    def name(self) -> str:
        """The code's short name, e.g. ``long-sentence``."""
        return CODES[self.code]

    def __str__(self) -> str:
        return f"{self.path}: {self.code} {self.message}"


def sentences(text: str) -> list[str]:
    """The sentences of *text*: split after . ! ? and :, at blank lines and list items."""
    parts = _SENTENCE_END.split(text)
    return [p.strip() for p in parts if _WORD.search(p)]


def lix(text: str) -> float | None:
    """Björnsson's LIX of *text*, or ``None`` for a text without words."""
    said = sentences(text)
    words = [w for s in said for w in _WORD.findall(s)]
    if not words:
        return None
    long_words = sum(1 for w in words if len(w.replace("-", "")) > 6)
    return len(words) / len(said) + 100 * long_words / len(words)


def check(text: str, *, lang: str = "sv", path: str = "") -> list[Finding]:
    """Every plain-language finding in *text*, in the order of the text.

    :param lang: the language of *text* (``sv`` or ``en``); the findings'
        messages are in it too.
    :param path: where the text is, put before each finding's own place
        (``ad``, a file name).
    """
    with language(lang):
        return list(_check(text, lang, path))


def _check(text: str, lang: str, path: str) -> Iterator[Finding]:
    where = path or "text"
    value = lix(text)
    long_enough = len(_WORD.findall(text)) >= LIX_MIN_WORDS
    if value is not None and value >= LIX_HARD and long_enough:
        yield _finding(
            "P001",
            where,
            _(
                "LIX {value:.0f}: hard to read (50 or more). Use shorter sentences and words."
            ).format(value=value),
        )
    for i, sentence in enumerate(sentences(text), 1):
        at = where + ": " + _("sentence {n}").format(n=i)
        words = _WORD.findall(sentence)
        if len(words) > LONG_SENTENCE:
            yield _finding(
                "P002",
                at,
                _("{n} words in one sentence. Split it: at most {most}.").format(
                    n=len(words), most=LONG_SENTENCE
                ),
            )
        for passive in _passives(sentence, lang):
            yield _finding(
                "P003",
                at,
                _("{word!r} is passive: it hides who does it. Say who.").format(word=passive),
            )
        lowered = f" {sentence.lower()} "
        for word, plain in _JARGON.get(lang, {}).items():
            if re.search(rf"\b{re.escape(word)}\b", lowered):
                yield _finding(
                    "P004",
                    at,
                    _("{word!r} is officialese: write {plain!r}.").format(word=word, plain=plain),
                )
    yield from _gender(text, lang, where)


def _passives(sentence: str, lang: str) -> Iterator[str]:
    if lang == "sv":
        for m in _MODAL_SV.finditer(sentence):
            if m.group(2).lower() not in _DEPONENT_SV:
                yield f"{m.group(1)} {m.group(2)}"
        for word in _WORD.findall(sentence):
            if word.lower() in _PASSIVE_SV:
                yield word
    else:
        for m in _PASSIVE_EN.finditer(sentence):
            yield f"{m.group(1)} {m.group(2)}"


def _gender(text: str, lang: str, where: str) -> Iterator[Finding]:
    words = [w.lower() for w in _WORD.findall(text)]
    masculine = [w for w in words if w.startswith(_MASCULINE.get(lang, ()))]
    feminine = [w for w in words if w.startswith(_FEMININE.get(lang, ()))]
    if len(masculine) - len(feminine) >= 2:
        yield _finding(
            "P005",
            where,
            _("leans masculine ({words}): balance it, or say the same in other words.").format(
                words=", ".join(dict.fromkeys(masculine))
            ),
        )


def _finding(code: str, path: str, message: str) -> Finding:
    return Finding(code=code, path=path, message=message)
