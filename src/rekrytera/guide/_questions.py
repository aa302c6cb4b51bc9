"""What kind of question a text is, by its grammar, and how to ask it openly.

A yes/no question puts a finite verb first and its subject second ("Behöver du
…", "Does the team …"). Swedish marks its finite verbs by their endings
(present tense in *-r* or the passive/deponent *-s*, past tense in *-de*,
*-te* or *-dde*) apart from a closed set of modal and strong verbs, and
English inverts only its auxiliaries: so the check needs no list of the verbs
interviewers happen to use. A finite verb followed by its subject, with
nothing before it but a name ("Anna, har du …") or a conjunction ("Och vågade
du …"), is a yes/no question. A statement ending in a question mark ("Du har
arbetat med barn?") is one too.

Two kinds are told apart from closed questions because they need different
advice: an *indirect request* ("Kan du berätta om …", "Can you tell us
about …") asks for an account politely and only needs to be said directly;
a *leading question* ("Du är väl …", "Don't you think …") suggests its answer.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

__all__ = ["Kind", "classify", "open_rewrite", "well_formed"]

Kind = Literal["closed", "indirect", "leading", "open"]


def _set(words: str) -> frozenset[str]:
    """The words of a space-separated list."""
    return frozenset(words.split())


_WORD = re.compile(r"[^\W\d_][\w'’-]*")

# -- Swedish ---------------------------------------------------------------

# Finite verbs whose form does not show it: modals, presents without -r
# ("tål"), and the past tense of the strong and irregular verbs, a closed
# class. Every other finite verb ends in -r, -s (passive and deponent:
# "trivs", "minns"), -de, -te or -dde.
_SV_IRREGULAR = _set(
    "är var kan ska skall skulle vill ville bör vet må lär tör tål stjäl sa sade "
    "band bar bad bet bjöd blev bröt dog drack drev drog dök flög flöt for frös fann fick "
    "föll gav gick gled grep grät hann höll högg kom kröp lät led ljög log låg red rann rev "
    "satt sjöng skar skrek skrev sköt slapp slank slet slog smög sov sprack sprang spred stack stal steg "
    "stod strök svor såg teg tog vann vek vred åt"
)
# Compound verbs inflect like their base: "erbjöd", "förstod", "övergav".
_SV_PREFIXES = tuple(
    _set(
        "be er för upp över in an av ut till mot om under efter fram bort sam ned ner åter med på "
        "ge del vid miss fort"
    )
)
# Words at the start of a clause that look finite but are not verbs.
_SV_NOT_VERBS = _set(
    "hur när där här var varför vart varifrån vilkas vems efter under över för inför utanför bakom "
    "innanför ovanför framför trots tills annars dels eller fast sedan eftersom medan om då ifall "
    "innan att utom mellan ur hos genom vid mot"
)
_SV_WH = _set(
    "hur hurdan hurdant hurdana vad varför när vilken vilket vilka vem vems var vart varifrån"
)
_SV_PRONOUNS = _set(
    "du ni man det den detta denna dessa han hon hen vi de dom jag någon något några ingen inget "
    "inga alla allt varje många flera en ett"
)
# Pronouns that can open a statement as its subject.
_SV_SUBJECTS = _set("han hon hen vi de dom det man jag")
_SV_POSSESSIVES = _set(
    "din ditt dina er ert era min mitt mina vår vårt våra hans hennes deras sin sitt sina"
)
_SV_CONJUNCTIONS = _set("och men eller så alltså okej")
# A definite noun: "teamet", "chefen", "skolan", "kollegorna".
_SV_DEFINITE = re.compile(r"\w{2,}(?:[aeiouyåäö]n|et|na)$")
# Request verbs in the infinitive, with their imperative.
_SV_REQUESTS = {
    "berätta": "Berätta",
    "beskriva": "Beskriv",
    "ge": "Ge",
    "förklara": "Förklara",
    "dela": "Dela",
    "säga": "Säg",
    "visa": "Visa",
    "utveckla": "Utveckla",
    "ta": "Ta",
    "gå": "Gå",
    "nämna": "Nämn",
    "resonera": "Resonera",
    "reflektera": "Reflektera",
    "komma": "Kom",
}
_SV_MODALS = _set("kan kunde skulle vill ville")
_SV_HEDGES = _set("kunna vilja möjligen kanske snälla")

# -- English ---------------------------------------------------------------

# English inverts only its auxiliaries: this is the whole class.
_EN_AUX = _set(
    "do does did am is are was were have has had can could will would shall should may might must"
)
_EN_WH = _set("how what why when which who whom whose where")
_EN_CONJUNCTIONS = _set("and but or so okay")
_EN_REQUESTS = {
    "tell": "Tell",
    "describe": "Describe",
    "give": "Give",
    "explain": "Explain",
    "share": "Share",
    "walk": "Walk",
    "talk": "Talk",
    "say": "Say",
    "outline": "Outline",
    "name": "Name",
    "think": "Think",
}
_EN_MODALS = _set("can could would will")

# -- leading ---------------------------------------------------------------

_LEADING_WORDS = re.compile(
    r"\b(?:visst|eller hur|inte sant|håller du inte med|antar jag|surely|i assume|i take it|"
    r"obviously|presumably|you'd agree|you would agree|wouldn't you agree)\b",
    re.IGNORECASE,
)
# A tag at the end: "…, eller?", "…, va?", "…, right?", "…, don't you?".
_LEADING_TAG = re.compile(
    r",\s*(?:eller|va|right|correct|yes|no|\w+n't\s+\w+|(?:do|does|did|is|are|was|were|have|has|"
    r"would|will|can|could)\s+(?:you|it|they|we|he|she))\s*\?\s*$",
    re.IGNORECASE,
)

_EXAMPLE = frozenset({"exempel", "example", "examples"})


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip()


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _start(words: list[str], text: str) -> int:
    """Index of the first word of the clause: past a name ("Anna, …") and a conjunction."""
    i = 0
    if len(words) > 1 and re.match(rf"\s*{re.escape(words[0])}\s*,", text):
        i = 1
    if i < len(words) and words[i].lower() in _SV_CONJUNCTIONS | _EN_CONJUNCTIONS:
        i += 1
    return i


def _sv_finite(word: str) -> bool:
    w = word.lower()
    if w in _SV_NOT_VERBS or w in _SV_WH:
        return w == "var"
    if w in _SV_IRREGULAR:
        return True
    if any(w.startswith(p) and w[len(p) :] in _SV_IRREGULAR for p in _SV_PREFIXES):
        return len(w) > 4
    if w.endswith("aste"):  # superlatives: "Senaste gången …"
        return False
    return len(w) > 2 and w.endswith(("r", "s", "de", "te"))


def _sv_subject(word: str, *, first: bool) -> bool:
    w = word.lower()
    if w in _SV_PRONOUNS or w in _SV_POSSESSIVES:
        return True
    return bool(_SV_DEFINITE.match(w)) or (not first and word[:1].isupper())


def _inverted(words: list[str], i: int) -> Literal["sv", "en"] | None:
    """Which language's yes/no order the clause at *i* has: finite verb, then subject."""
    if i + 1 >= len(words):
        return None
    verb, subject = words[i], words[i + 1]
    if subject.lower() == "sig" and i + 2 < len(words):  # "Brydde sig chefen …"
        subject = words[i + 2]
    v = verb.lower()
    if v in _EN_AUX or (v.endswith("n't") and v[:-3] in _EN_AUX | {"ca", "wo"}):
        # Only an auxiliary inverts: whatever follows it, bar "not", is its subject.
        return "en" if subject.lower() != "not" else None
    if _sv_finite(verb) and _sv_subject(subject, first=False):
        return "sv"
    return None


def _declarative(words: list[str], i: int, text: str) -> bool:
    """A statement asked as a question: "Du har arbetat med barn?", "Familjen flyttade sedan?"."""
    if not text.endswith("?") or i + 1 >= len(words):
        return False
    if {w.lower() for w in words} & (_SV_WH | _EN_WH):
        return False
    subject, verb = words[i].lower(), words[i + 1].lower()
    if subject in ("du", "ni", "you"):
        return _sv_finite(verb) or verb in _EN_AUX or verb.endswith(("ve", "ed", "s"))
    # Any other subject, a pronoun or a definite noun, in Swedish only.
    return (subject in _SV_SUBJECTS or bool(_SV_DEFINITE.match(subject))) and _sv_finite(verb)


def _request(words: list[str], i: int) -> tuple[str, int] | None:
    """The request verb of an indirect request ("Kan du berätta …") and where it is."""
    if i + 2 >= len(words):
        return None
    modal, subject = words[i].lower(), words[i + 1].lower()
    at = i + 2
    if modal in _SV_MODALS and subject in ("du", "ni"):
        while at < len(words) and words[at].lower() in _SV_HEDGES:
            at += 1
        verb = words[at].lower() if at < len(words) else ""
        if verb == "säga":  # "Skulle du säga att …" asks for a yes or a no
            return (verb, at) if _next(words, at) in ("något", "lite", "några") else None
        if verb == "ta":  # "Kan du ta ett exempel", not "Skulle du ta ett ärende"
            return (verb, at) if "exempel" in [w.lower() for w in words[at + 1 : at + 3]] else None
        return (verb, at) if verb in _SV_REQUESTS else None
    if modal in _EN_MODALS and subject == "you":
        while at < len(words):
            if words[at].lower() in ("please", "perhaps", "maybe", "just", "kindly"):
                at += 1
            elif [w.lower() for w in words[at : at + 3]] in (
                ["be", "able", "to"],
                ["be", "willing", "to"],
            ):
                at += 3
            elif [w.lower() for w in words[at : at + 2]] in (["like", "to"], ["want", "to"]):
                at += 2
            else:
                break
        verb = words[at].lower() if at < len(words) else ""
        if verb == "mind" and at + 1 < len(words) and words[at + 1].lower() == "telling":
            return ("tell", at + 1)
        if verb == "say":  # "Would you say you are …" asks for a yes or a no
            return (verb, at) if _next(words, at) in ("something", "a", "more") else None
        return (verb, at) if verb in _EN_REQUESTS else None
    return None


def _next(words: list[str], at: int) -> str:
    return words[at + 1].lower() if at + 1 < len(words) else ""


def _leading(words: list[str], i: int, text: str) -> bool:
    if _LEADING_WORDS.search(text) or _LEADING_TAG.search(text):
        return True
    lowered = [w.lower() for w in words[i : i + 4]]
    if lowered and lowered[0].endswith("n't"):  # "Don't you think …", "Isn't it …"
        return True
    # "väl" in the first clause after a subject and a verb, or after an
    # inverted verb and subject: "Du är väl …", "Har du väl …".
    if lowered[0] not in _SV_WH and "väl" in lowered[2:4] and "hur" not in lowered[:3]:
        return True
    # A negated yes/no question: "Tycker du inte att …", "Är det inte så att …".
    return len(lowered) > 2 and _inverted(words, i) == "sv" and lowered[2] == "inte"


def classify(text: str) -> Kind:
    """What kind of question *text* is: ``closed``, ``indirect``, ``leading`` or ``open``.

    >>> from rekrytera.guide import classify
    >>> classify("Behöver du mycket stöd?"), classify("Does the team meet?")
    ('closed', 'closed')
    >>> classify("Kan du berätta om en konflikt?"), classify("Du är väl van vid det?")
    ('indirect', 'leading')
    >>> classify("Var arbetade du?"), classify("Om du fick välja, vad skulle du göra?")
    ('open', 'open')
    """
    text = _normalise(text)
    words = _words(text)
    if not words:
        return "open"
    i = _start(words, text)
    if _leading(words, i, text):
        return "leading"
    if _request(words, i):
        return "indirect"
    if text.endswith((".", "!")):
        return "open"  # a statement or a request: "Läs fallet och säg …" is no "Trivs du …"
    if _inverted(words, i) and not _EXAMPLE & {w.lower() for w in words[i + 1 : i + 5]}:
        return "closed"  # "Har du något exempel?" asks for one: the seeds' follow-up
    if _declarative(words, i, text):
        return "closed"
    return "open"


# -- rewrites --------------------------------------------------------------

_SV_WHICH = {"någon": "Vilken", "något": "Vilket", "några": "Vilka"}
_EN_WHICH = {"any": "What", "a": "What", "an": "What", "some": "What"}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


class _Text:
    """A question's words and where each starts, to cut it into parts."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.words: list[str] = []
        self.starts: list[int] = []
        for match in _WORD.finditer(text):
            self.words.append(match[0])
            self.starts.append(match.start())
        self.lowered = [w.lower() for w in self.words]

    def word(self, at: int) -> str:
        return self.lowered[at] if at < len(self.words) else ""

    def span(self, a: int, b: int | None = None) -> str:
        """The text from word *a* up to word *b* (or the end), without the question mark."""
        if a >= len(self.words):
            return ""
        stop = len(self.text) if b is None or b >= len(self.words) else self.starts[b]
        return self.text[self.starts[a] : stop].strip().rstrip("?").rstrip()


def _request_rewrite(t: _Text, i: int) -> str:
    request = _request(t.words, i)
    assert request is not None  # classify() said indirect
    verb, at = request
    rest = t.span(at + 1)
    if verb == "komma" and rest.startswith("på "):  # "komma på ett tillfälle"
        return f"Berätta om {rest[3:]}."
    if verb == "think" and rest.startswith("of "):  # "think of a time when"
        return f"Tell us about {rest[3:]}."
    imperative = _SV_REQUESTS.get(verb) or _EN_REQUESTS[verb]
    return f"{imperative} {rest}."


_SV_STOPS = _set(
    "för till på i med av om från som att när då nu sedan där här idag alltid ofta någonsin"
)
_EN_STOPS = _set("for to on in with of about from that when then now there here ever")
_EN_DETERMINERS = _set("the a an your his her their our my this that these those")


def _subject_end(t: _Text, i: int, lang: Literal["sv", "en"]) -> int:
    """Index just past the subject that follows the verb at *i*: "du", "din chef", "the team"."""
    two = _SV_POSSESSIVES | {"en", "ett"} if lang == "sv" else _EN_DETERMINERS
    return i + 3 if t.word(i + 1) in two and i + 3 < len(t.words) else i + 2


def _which(t: _Text, at: int, stops: frozenset[str]) -> tuple[str, str]:
    """A short noun phrase from *at* (up to three words, up to a stop word) and what follows."""
    end = at + 1
    while end < len(t.words) and end < at + 3 and t.word(end) not in stops:
        end += 1
    rest = t.span(end)
    return t.span(at, end), f" {rest}" if rest else ""


def _sv_closed_rewrite(t: _Text, i: int) -> str:
    verb, s_end = t.word(i), _subject_end(t, i, "sv")
    subject, det, after = t.span(i + 1, s_end), t.word(s_end), t.span(s_end)
    if verb in ("har", "hade") and det in _SV_WHICH and s_end + 1 < len(t.words):
        # "Har du några frågor till oss?" -> "Vilka frågor har du till oss?"
        noun, rest = _which(t, s_end + 1, _SV_STOPS)
        return f"{_SV_WHICH[det]} {noun} {verb} {subject}{rest}?"
    if (
        verb == "finns"
        and t.word(i + 1) == "det"
        and det in ("något", "någonting", "någon", "några")
    ):
        article = {"några": "de", "någon": "den"}.get(det, "det")
        return f"Berätta om {article} {t.span(s_end + 1).removeprefix('som ')}."
    if verb in ("vet", "minns") and det in _SV_WH:
        return f"Berätta {after}."
    clause = re.match(r"(?:så |sant )?att (.+)", after)
    if verb in ("stämmer", "är") and t.word(i + 1) == "det" and clause:
        return f"Berätta hur {clause[1]}."
    if verb in ("känner", "kände") and det == "till" and s_end + 1 < len(t.words):
        # "Känner du till LVU?" -> "Vad vet du om LVU?"
        return f"Vad vet {subject} om {t.span(s_end + 1)}?"
    if verb in ("tycker", "gillar") and t.word(i + 1) in ("du", "ni"):
        rest = after.removeprefix("om ") if verb == "tycker" else after
        return f"Vad tycker {t.word(i + 1)} om {rest}?"
    question = re.sub(r" någonsin\b", "", t.span(i))
    return f"På vilket sätt {_lower_first(question)}?"


def _en_closed_rewrite(t: _Text, i: int) -> str:
    verb, s_end = t.word(i), _subject_end(t, i, "en")
    subject, main = t.span(i + 1, s_end), t.word(s_end)
    which = t.word(s_end + 1) in _EN_WHICH and s_end + 2 < len(t.words)
    if verb in ("do", "does", "did") and main == "have" and which:
        # "Do you have any questions for us?" -> "What questions do you have for us?"
        noun, rest = _which(t, s_end + 2, _EN_STOPS)
        return f"What {noun} {verb} {subject} have{rest}?"
    if verb in ("is", "are", "was", "were") and t.word(i + 1) == "there":
        if t.word(i + 2) in ("anything", "something"):
            return f"Tell us about anything {t.span(i + 3).removeprefix('that ')}."
        return f"Tell us about {re.sub(r'^(?:any|a|an|some) ', 'the ', t.span(i + 2))}."
    if verb in ("do", "did") and main in ("know", "remember") and s_end + 1 < len(t.words):
        if t.word(s_end + 1) in _EN_WH:
            return f"Tell us {t.span(s_end + 1)}."
        return f"What {verb} {subject} {main} about {t.span(s_end + 1)}?"
    if verb in ("do", "did") and main in ("like", "enjoy") and s_end + 1 < len(t.words):
        return f"What {verb} {subject} {main} about {t.span(s_end + 1)}?"
    question = re.sub(r" ever\b", "", t.span(i))
    return f"In what way {_lower_first(question)}?"


def open_rewrite(text: str) -> str:
    """An open version of a closed question or indirect request, in the style the seeds teach.

    >>> from rekrytera.guide import open_rewrite
    >>> open_rewrite("Är du en person som är trygg i dig själv?")
    'På vilket sätt är du en person som är trygg i dig själv?'
    >>> open_rewrite("Har ni några frågor?")
    'Vilka frågor har ni?'
    >>> open_rewrite("Skulle du kunna beskriva hur du dokumenterar?")
    'Beskriv hur du dokumenterar.'

    Anything else comes back unchanged.
    """
    kind = classify(text)
    if kind not in ("closed", "indirect"):
        return text
    t = _Text(_normalise(text))
    i = _start(t.words, t.text)
    if kind == "indirect":
        return _request_rewrite(t, i)
    lang = _inverted(t.words, i)
    if lang is None:  # a statement asked as a question: "Du har arbetat med barn?"
        lead = "Tell us about when" if t.word(i) == "you" else "Berätta om när"
        return f"{lead} {_lower_first(t.span(i))}."
    return _sv_closed_rewrite(t, i) if lang == "sv" else _en_closed_rewrite(t, i)


_SV_IMPERATIVES = frozenset(_SV_REQUESTS.values())
_EN_IMPERATIVES = frozenset(_EN_REQUESTS.values())
_SV_OPENERS = re.compile(
    r"^(?:På vilket sätt|Vad|Hur|Varför|När|Vilken|Vilket|Vilka|Vem) ", re.IGNORECASE
)
_EN_OPENERS = re.compile(r"^(?:In what way|What|How|Why|When|Which|Who) ")
# Possession or existence asked "in what way": grammatical, but not a question.
_ODD = re.compile(
    r"^(?:På vilket sätt (?:har|hade|finns) \w+ (?:någon|något|några)\b|"
    r"In what way (?:do|does|did) (?:\w+ ){1,3}have (?:any|a|an)\b|In what way (?:is|are) there\b)"
)


def well_formed(text: str, lang: Literal["sv", "en"]) -> bool:
    """Whether *text* is a well-formed open question or request in *lang*.

    A request opens with an imperative ("Berätta", "Beskriv", "Tell") and ends
    with a full stop; a question opens with a question word, puts the finite
    verb (after the question word's noun, if it has one) before the subject,
    and ends with a question mark. Either must be in one language and not be
    a closed question, an indirect request or a leading question.
    """
    words = _words(text)
    if not words or text != text.strip() or "  " in text or not text[0].isupper():
        return False
    if re.search(r"[.!?]\s*[.!?]$", text):  # "… gå vidare.?"
        return False
    if classify(text) != "open":
        return False
    other = (_EN_AUX | _EN_WH) if lang == "sv" else (_SV_WH | {"du", "ni", "och", "på"})
    if any(w.lower() in other for w in words) and not (lang == "en" and words[0] == "I"):
        return False
    if text.endswith("."):
        return words[0] in (_SV_IMPERATIVES if lang == "sv" else _EN_IMPERATIVES)
    if not text.endswith("?") or _ODD.match(text):
        return False
    opener = (_SV_OPENERS if lang == "sv" else _EN_OPENERS).match(text)
    if opener is None:
        return False
    rest = _words(text[opener.end() :])
    if opener[0].strip().lower() in (
        "på vilket sätt",
        "in what way",
        "hur",
        "how",
        "varför",
        "why",
    ):
        # An adverbial question word: the finite verb, then its subject.
        return len(rest) > 1 and _inverted(rest, 0) == lang
    # "Vilka frågor har du", "Vad gör du", "Vem ringde": a finite verb within
    # the question word's noun phrase.
    if lang == "sv":
        return any(_sv_finite(w) for w in rest[:3])
    return any(w.lower() in _EN_AUX or w.lower().endswith(("s", "ed")) for w in rest[:3])
