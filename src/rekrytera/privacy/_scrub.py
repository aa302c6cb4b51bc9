"""Scrubbing free text: identifiers and the names of the people in a recruitment."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from ..model import Identity
from ._identifiers import (
    EMAIL,
    EMAIL_SPELLED,
    PERSONAL_ID,
    PHONE,
    SPELLED_HINT,
    is_valid_personal_id,
)

__all__ = ["MIN_LITERAL", "TOKENS", "Finding", "Scrubber", "identity_values"]

#: The shortest identifier value searched for in free text.
MIN_LITERAL = 4

# Masks what an earlier kind found: not a word character, digit, '+' or '-'.
_MASK = "\x00"
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
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            # The patterns match ignoring case: "A" and "a" are one branch, or
            # the first would stop a match the second would have made longer.
            folded = char.casefold()
            node = node.setdefault(folded if len(folded) == 1 else char, {})
        node[""] = {}

    def render(node: dict[str, Any], before: str) -> str:
        branches = [
            (between(before, c) if before else "") + token(c) + render(child, c)
            for c, child in sorted(node.items())
            if c
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here: the rest is optional (tried first, greedily)
            return f"(?:{body})?"
        return body

    return render(root, "")


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
    """

    def __init__(
        self,
        names: Mapping[str, str | None] | Iterable[str] = (),
        *,
        literals: Iterable[str] = (),
        tokens: Mapping[str, str] = TOKENS,
    ) -> None:
        # Too short a literal would take ordinary words and numbers with it ("4" in
        # "Betyg 4 av 5"); such identifiers are still removed from the identity.
        words = sorted(
            {w.strip().translate(_TYPED) for w in literals if len(w.strip()) >= MIN_LITERAL},
            key=lambda w: (-len(w), w),
        )
        self._literal_pattern = (
            re.compile(rf"(?<!\w)(?:{_trie(words)})(?!\w)", re.IGNORECASE) if words else None
        )
        # A stored number (a phone, a personal identity number, a case number)
        # written in a note with other separators, or a phone with +46.
        numbers = {v for w in words for v in _digit_forms(w)}
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
        if replacement:
            alternatives = _trie(replacement)
            self._name_pattern: re.Pattern[str] | None = re.compile(
                rf"(?<!\w)({alternatives})(?:s|'s|')?(?!\w)", re.IGNORECASE
            )
        else:
            self._name_pattern = None

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
        masked = composed.translate(_TYPED)

        def keep(kind: str, start: int, end: int) -> None:
            nonlocal masked
            masked = masked[:start] + _MASK * (end - start) + masked[end:]
            if starts is not None:  # back to the text as written (decomposed letters)
                start, end = starts[start], starts[end]
            found.append(Finding(kind, start, end, text[start:end]))

        if self._literal_pattern is not None:
            for match in self._literal_pattern.finditer(masked):
                keep("identifier", match.start(), match.end())
        if self._number_pattern is not None:
            for match in self._number_pattern.finditer(masked):
                keep("identifier", match.start(), match.end())
        for match in PERSONAL_ID.finditer(masked):
            if is_valid_personal_id(match[1], match[3]):
                keep("personal_id", match.start(), match.end())
        if "@" in masked:
            for match in EMAIL.finditer(masked):
                keep("email", match.start(), match.end())
        if SPELLED_HINT.search(masked):
            for match in EMAIL_SPELLED.finditer(masked):
                keep("email", match.start(), match.end())
        for match in PHONE.finditer(masked):
            # Written like a personal identity number but failing its check:
            # a case or reference number, not a phone number.
            if not _PERSONAL_ID_SHAPE.fullmatch(match[0]):
                keep("phone", match.start(), match.end())
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
