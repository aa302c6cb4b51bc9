"""Scrubbing free text: identifiers and the names of the people in a recruitment."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from ..model import Identity, Recruitment
from ._identifiers import (
    EMAIL,
    EMAIL_SPELLED,
    PERSONAL_ID,
    PHONE,
    SPELLED_HINT,
    has_valid_date,
    is_valid_personal_id,
)

__all__ = [
    "MIN_LITERAL",
    "TOKENS",
    "Finding",
    "Scrubber",
    "identity_values",
    "recruitment_scrubber",
]

#: The shortest identifier value searched for in free text.
MIN_LITERAL = 4

# Masks what an earlier kind found: not a word character, digit, '+' or '-'.
_MASK = "\x00"
_NUMBER_CHARS = re.compile(r"[\d\s+()\-./]+")
_PHONE_TAIL = re.compile(r"(?:(?: ?[-/.] ?| )\d+){1,4}(?!\w)")
_PERSONAL_ID_SHAPE = re.compile(r"\d{6}(?: ?[-+] ?| )\d{4}|\d{8} ?[-+] ?\d{4}")

#: Dashes and spaces as word processors and phones type them, each mapped to
#: the ASCII character the patterns know. One character to one, so what is
#: found keeps its place in the text as written.
_TYPED = str.maketrans(
    {
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
        **dict.fromkeys(
            "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000",
            " ",
        ),
        **{chr(0xFF10 + d): str(d) for d in range(10)},  # full-width digits
        **dict.fromkeys("\u2019\u02bc\u2032", "'"),  # typographic apostrophes
    }
)

#: Finds whether a text holds any character :data:`_TYPED` maps (most do not:
#: translating costs more than every pattern search together).
_TYPED_ANY = re.compile("[" + re.escape("".join(map(chr, _TYPED))) + "]")

#: A run of digits with what may stand in and around a number, six characters
#: or more: every personal identity number, phone number and stored number
#: lies inside one, so those patterns search only these runs, not the text.
_DIGIT_RUN = re.compile(r"[\d+(][\d+() \-./]{4,}\d")

#: The readable tokens that replace what is scrubbed, in Swedish.
TOKENS: Mapping[str, str] = {
    "personal_id": "[PERSONNUMMER]",
    "email": "[E-POST]",
    "phone": "[TELEFON]",
    "name": "[NAMN]",
    "identifier": "[ID]",
}


@attrs.frozen
class Finding:
    """One identifier found in a text: its kind, where it is, and what it is."""

    kind: str
    start: int
    end: int
    text: str


def _name_parts(name: str) -> list[str]:
    full = " ".join(unicodedata.normalize("NFC", name).split())
    parts = [full]
    words = full.split(" ")
    if len(words) > 1:
        # Names run together as people write them in user names and file names:
        # anna_andersson, annaandersson, AnnaAndersson (the match ignores case).
        parts += ["_".join(words), "".join(words)]
    for word in re.split(r"[\s]+", full):
        parts += [p for p in re.split(r"-", word) if p] if "-" in word else []
        parts.append(word)
    return [p for p in dict.fromkeys(parts) if len(p) >= 2]


#: What may stand between the digits of a number as people write it.
_SEPARATED = r"[ \-./]?"


#: Stands for "+46 or 0046" (and an optional "(0)") at the start of a number.
_COUNTRY = "+"


def _number_token(char: str) -> str:
    if char == _COUNTRY:
        return r"(?:\+|00)46" + _SEPARATED + r"(?:\(0\)" + _SEPARATED + ")?"
    return char


def _number_between(before: str, after: str) -> str:
    return "" if before == _COUNTRY else _SEPARATED


def _digit_forms(value: str) -> list[str]:
    """The digits of a stored value that is mostly digits (six or more), as the trie takes them.

    A phone number is found in its national form (070 …) and its international
    one (+46 70 …, 0046 70 …) whichever way it was stored; ``+`` stands for the
    country code.
    """
    digits = re.sub(r"\D", "", value)
    if len(digits) < 6 or len(digits) < 0.6 * len(value.replace(" ", "")):
        return []
    stripped = value.lstrip()
    if stripped.startswith(("+46", "0046")):
        national = digits[4:] if stripped.startswith("00") else digits[2:]
    elif digits.startswith("0") and not digits.startswith("00"):
        national = digits[1:]
    else:
        return [digits]
    return ["0" + national, _COUNTRY + national]


def _mistyped(match: re.Match[str]) -> bool:
    """A personal identity number with a valid date and a wrong check digit.

    Ten digits in a row starting with 0 are left to the phone rule: as a
    number born 2000–2009 without its separator it is as likely a phone
    number (070 174 06 99 is "070174" + "0699"), and is scrubbed either way.
    """
    if match[2] is None and len(match[1]) == 6 and match[1].startswith("0"):
        return False
    return has_valid_date(match[1])


def _composed(text: str) -> tuple[str, list[int] | None]:
    """*text* in composed form (NFC) and where each of its characters starts in *text*.

    ``None`` when the text is composed already (the common case). Letters typed
    as a base and a combining mark (as macOS often gives) become one letter,
    so "A\u030asa" is found as "Åsa"; the positions lead back to the text as written.
    """
    if unicodedata.is_normalized("NFC", text):
        return text, None
    pieces: list[str] = []
    starts: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        cluster = unicodedata.normalize("NFC", text[i:j])
        pieces.append(cluster)
        starts += [i] * len(cluster)
        i = j
    starts.append(len(text))
    return "".join(pieces), starts


def identity_values(identities: Iterable[Identity]) -> list[str]:
    """Every stored value of *identities* but the name: emails, phones, personal
    identity numbers and ``identifiers``, to search for in free text as written."""
    values: list[str] = []
    for i in identities:
        values += [v for v in (i.email, i.phone, i.personal_id) if v]
        values += i.identifiers.values()
    return values


def recruitment_scrubber(rec: Recruitment) -> Scrubber:
    """A scrubber for every name and stored identity value of *rec*'s people."""
    people = [c.identity for c in rec.candidates] + [p.identity for p in rec.panel]
    return Scrubber([i.name for i in people if i.name], literals=identity_values(people))


def _trie(
    words: Iterable[str],
    token: Callable[[str], str] = re.escape,
    between: Callable[[str, str], str] = lambda before, after: "",
) -> str:
    """One regular expression for *words*, factored by common prefixes.

    It matches what the plain alternation of the words, longest first, matches
    (at each step the longer continuation is tried before stopping), but the
    engine follows one branch per character instead of trying every word at
    every position: a recruitment of thousands of people stays fast. The
    pattern is meant to be compiled with ``re.IGNORECASE``: letters are merged
    by their case folding. *token* renders a character; *between* what may
    stand between two.
    """
    return _render(_tree(words), token, between)


def _tree(words: Iterable[str]) -> dict[str, Any]:
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            # The patterns match ignoring case: "A" and "a" are one branch, or
            # the first would stop a match the second would have made longer.
            folded = char.casefold()
            node = node.setdefault(folded if len(folded) == 1 else char, {})
        node[""] = {}
    return root


def _render(
    node: dict[str, Any],
    token: Callable[[str], str] = re.escape,
    between: Callable[[str, str], str] = lambda before, after: "",
    before: str = "",
) -> str:
    branches = [
        (between(before, c) if before else "") + token(c) + _render(child, token, between, c)
        for c, child in sorted(node.items())
        if c
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a word ends here: the rest is optional (tried first, greedily)
        return f"(?:{body})?"
    return body


#: The characters whose case variants :func:`_case_variants` lists: Latin
#: letters and the few others that fold to one of them under re.IGNORECASE.
_LATIN = [chr(i) for i in range(0x250)] + ["\u0131", "\u017f", "\u1e9e", "\u212a", "\u212b"]


def _case_variants(char: str) -> str | None:
    """Every character re.IGNORECASE takes for *char*; ``None`` outside Latin letters."""
    if ord(char) >= 0x250:
        return None
    pattern = re.compile(re.escape(char), re.IGNORECASE)
    return "".join(c for c in _LATIN if pattern.fullmatch(c))


def _word_regex(words: Iterable[str], suffix: str = "") -> re.Pattern[str] | None:
    """*words* as whole words ignoring case (group 1), then *suffix* (a pattern).

    The same matches as ``(?<!\\w)(trie)suffix(?!\\w)`` with re.IGNORECASE, but
    written to start with a class of the words' first letters in every case:
    the regular-expression engine then skips ahead to those letters instead of
    trying the pattern at every position, about twice as fast on notes.
    Words starting outside the Latin letters get the plain form.
    """
    root = _tree(words)
    if not root:
        return None
    firsts = sorted(c for c in root if c)
    variants = {c: _case_variants(c) for c in firsts}
    if "" in root or None in variants.values():
        return re.compile(rf"(?<!\w)({_render(root)})(?i:{suffix})(?!\w)", re.IGNORECASE)
    every = "[" + "".join(re.escape(v) for c in firsts for v in variants[c] or "") + "]"
    branches = [
        (f"(?<=[{re.escape(variants[c] or '')}])" if len(firsts) > 1 else "") + _render(root[c])
        for c in firsts
    ]
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return re.compile(rf"({every}(?<!\w{every})(?i:{body}))(?i:{suffix})(?!\w)")


class Scrubber:
    """Finds and replaces personal identifiers and known names in free text.

    :param names: the full names of the people in the recruitment, each mapped
        to what should replace it (a pseudonym) or ``None`` for the ``[NAMN]``
        token. Every part of a name (first name, surname, each half of a
        double-barrelled name) is found too, in any case, with or without the
        Swedish genitive ``-s``; longer names are matched first, so "Anna Berg"
        is replaced whole rather than leaving "Berg" behind. A part shared by
        two people is replaced by the token, not by either's pseudonym.
    :param literals: other identifying strings to remove wherever they stand as
        a whole word (the values of identities' ``identifiers``), case-insensitively;
        those shorter than ``MIN_LITERAL`` (4) characters are not searched for.
    :param tokens: the replacement tokens by kind (default: ``rekrytera.privacy.TOKENS``).
    :param check_digit: whether a personal identity number must also pass its
        check digit. By default (``False``) a number written like one, with a
        valid date, is scrubbed even when its last digit is wrong: a mistyped
        number still points at a person. What that costs in false positives is
        measured in ``benchmarks/scrub.py`` and told in the privacy guide.
    """

    def __init__(
        self,
        names: Mapping[str, str | None] | Iterable[str] = (),
        *,
        literals: Iterable[str] = (),
        tokens: Mapping[str, str] = TOKENS,
        check_digit: bool = False,
    ) -> None:
        self._check_digit = check_digit
        # Too short a literal would take ordinary words and numbers with it ("4" in
        # "Betyg 4 av 5"); such identifiers are still removed from the identity.
        words = sorted(
            {w.strip().translate(_TYPED) for w in literals if len(w.strip()) >= MIN_LITERAL},
            key=lambda w: (-len(w), w),
        )
        # Mostly digits: found by the number pattern below, in any separators.
        # With an "@": searched only in texts that have one.
        numeric = {w: _digit_forms(w) for w in words}
        only_digits = {w for w in words if numeric[w] and _NUMBER_CHARS.fullmatch(w)}
        plain = [w for w in words if w not in only_digits and "@" not in w]
        at = [w for w in words if "@" in w]
        self._literal_pattern = _word_regex(plain)
        self._at_pattern = _word_regex(at)
        # A stored number (a phone, a personal identity number, a case number)
        # written in a note with other separators, or a phone with +46.
        numbers = {v for forms in numeric.values() for v in forms}
        self._number_pattern = (
            re.compile(
                r"(?<![\d+])(?:"
                + _trie(numbers, token=_number_token, between=_number_between)
                + r")(?!\d)"
            )
            if numbers
            else None
        )
        if not isinstance(names, Mapping):
            names = dict.fromkeys(names)
        self.tokens = dict(tokens)
        replacement: dict[str, str | None] = {}
        shared: set[str] = set()
        for name, pseudonym in names.items():
            for part in _name_parts(name):
                key = part.casefold()
                if key in replacement and replacement[key] != pseudonym:
                    shared.add(key)
                replacement[key] = pseudonym
        for key in shared:
            replacement[key] = None
        self._names = replacement
        self._name_pattern = _word_regex(replacement, r"(?:s|'s|')?")

    @property
    def name_pattern(self) -> re.Pattern[str] | None:
        """The compiled pattern that finds the known names (group 1 is the name)."""
        return self._name_pattern

    def replacement_for_name(self, text: str) -> str:
        """The pseudonym for a matched name, or the name token if it has none."""
        return self._replacement(Finding("name", 0, len(text), text))

    def findings(self, text: str) -> list[Finding]:
        """Every identifier and known name in *text*, in order, without overlaps.

        Kinds are searched one after another, most specific first (known
        identifiers, personal identity numbers, emails, phone numbers, names);
        what one kind finds is masked before the next looks, so a phone number
        cannot start inside a personal identity number and swallow the real one
        that follows. Dashes, spaces and digits are matched in any of the forms
        people type (an en dash or a no-break hyphen, a no-break or thin space,
        full-width digits), and the finding is the text as written.
        """
        found: list[Finding] = []
        composed, starts = _composed(text)
        masked = composed.translate(_TYPED) if _TYPED_ANY.search(composed) else composed

        def keep(kind: str, start: int, end: int) -> None:
            nonlocal masked
            masked = masked[:start] + _MASK * (end - start) + masked[end:]
            if starts is not None:  # back to the text as written (decomposed letters)
                start, end = starts[start], starts[end]
            found.append(Finding(kind, start, end, text[start:end]))

        if self._at_pattern is not None and "@" in masked:
            for match in self._at_pattern.finditer(masked):
                keep("identifier", match.start(), match.end())
        if self._literal_pattern is not None:
            for match in self._literal_pattern.finditer(masked):
                keep("identifier", match.start(), match.end())
        # Numbers have six digits or more. The patterns search each run of
        # digits with one character after it for their lookahead; their
        # lookbehind sees the text before the run (``pos`` is not a slice).
        runs = [(m.start(), m.end() + 1) for m in _DIGIT_RUN.finditer(masked)]
        if self._number_pattern is not None:
            for start, end in runs:
                for match in self._number_pattern.finditer(masked, start, end):
                    keep("identifier", match.start(), match.end())
        for start, end in runs:
            for match in PERSONAL_ID.finditer(masked, start, end):
                if is_valid_personal_id(match[1], match[3]) or (
                    not self._check_digit and _mistyped(match)
                ):
                    keep("personal_id", match.start(), match.end())
        if "@" in masked:
            for match in EMAIL.finditer(masked):
                keep("email", match.start(), match.end())
        if SPELLED_HINT.search(masked):
            for match in EMAIL_SPELLED.finditer(masked):
                keep("email", match.start(), match.end())
        for start, end in runs:
            for match in PHONE.finditer(masked, start, end):
                # Written like a personal identity number but failing its check:
                # a case or reference number, not a phone number.
                if not _PERSONAL_ID_SHAPE.fullmatch(match[0]):
                    # Digit groups run on after it: a second number, or the rest
                    # of this one (a short number followed by another: "046-100
                    # 00 040 12 34 56" would leave "12 34 56" behind). Scrub them.
                    tail = _PHONE_TAIL.match(masked, match.end())
                    keep("phone", match.start(), tail.end() if tail else match.end())
        if self._name_pattern is not None:
            for match in self._name_pattern.finditer(masked):
                keep("name", match.start(), match.end())
        found.sort(key=lambda f: f.start)
        return found

    def _replacement(self, finding: Finding) -> str:
        if finding.kind == "name" and self._name_pattern is not None:
            match = self._name_pattern.fullmatch(finding.text)
            if match:
                pseudonym = self._names.get(match[1].casefold())
                if pseudonym:
                    return pseudonym
        return self.tokens[finding.kind]

    def scrub(self, text: str) -> str:
        """*text* with every finding replaced by its pseudonym or token."""
        pieces = []
        last = 0
        for finding in self.findings(text):
            pieces += [text[last : finding.start], self._replacement(finding)]
            last = finding.end
        pieces.append(text[last:])
        return "".join(pieces)
