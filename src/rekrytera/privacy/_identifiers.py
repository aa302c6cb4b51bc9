"""Finding personal identifiers in Swedish free text.

Swedish personal identity numbers (personnummer) and coordination numbers
(samordningsnummer, whose day is 60 higher) are found in their common forms —
10 or 12 digits, with ``-``, ``+``, a space, a spaced dash or nothing before the
last four — and are accepted when their date is valid (and, where the caller
asks, their Luhn check digit too), so case numbers, organisation numbers and
most dates pass through untouched. Email addresses and Swedish phone
numbers (mobile and landline, national or with +46/0046, with spaces, ``-``,
``/`` or ``.`` between digits) are found by pattern, emails also when written
``anna [at] example [dot] se``.
"""

from __future__ import annotations

import calendar
import re

__all__ = [
    "EMAIL",
    "EMAIL_SPELLED",
    "PERSONAL_ID",
    "PHONE",
    "check_digit",
    "has_valid_date",
    "is_valid_personal_id",
    "normalise_personal_id",
]

PERSONAL_ID = re.compile(
    r"(?<![\w+\-/.])(\d{6}|\d{8})( ?[-+] ?| )?(\d{4})(?![\w\-/])"  # 850101 - 1236 too
)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")
#: Emails spelled out to dodge harvesters: ``anna [at] example [dot] se``, ``anna(at)…``,
#: and ``anna at example.se`` with a known top-level domain.
EMAIL_SPELLED = re.compile(
    r"(?<![\w.+-])[\w.+-]+ ?[\[({]at[\])}] ?"
    r"[\w-]+(?:(?:\.| ?[\[({]dot[\])}] ?)[\w-]+)*(?:\.| ?[\[({]dot[\])}] ?)[^\W\d_]{2,}"
    r"(?![\w-])"
    r"|(?<![\w.+-])[\w.+-]+ at [\w-]+(?:\.[\w-]+)*\.(?:se|nu|com|org|net|eu|info|io|fi|no|dk)"
    r"(?![\w-])",
    re.IGNORECASE,
)
#: A cheap test for whether :data:`EMAIL_SPELLED` can match at all (it finds
#: " at ", "[at]", "(at)", "{at}" and a little more, in any case).
SPELLED_HINT = re.compile(r"[ \[({][aA][tT][ \])}]")
PHONE = re.compile(
    r"(?<![\w+\-])"
    r"(?:(?:\+|00)46[ -]?(?:\(0\)[ -]?)?|\(?0)"  # +46, 0046, +46 (0), or a leading 0
    r"[1-9](?:\)?(?: ?[-/.] ?| )?\d){6,8}"  # 7 to 9 digits; -, /, . or spaces between
    r"(?![\d])"
)


def _luhn_sum(digits: str) -> int:
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total


def _luhn_ok(digits: str) -> bool:
    return _luhn_sum(digits) % 10 == 0


def check_digit(nine: str) -> str:
    """The check digit (Luhn) that completes the first nine digits of a personal number."""
    return str((10 - _luhn_sum(nine) % 10) % 10)


def _date_ok(years: list[int], month: int, day: int) -> bool:
    if day > 60:
        day -= 60  # a coordination number
    if not 1 <= month <= 12 or day < 1:
        return False
    return any(day <= calendar.monthrange(year, month)[1] for year in years)


def is_valid_personal_id(date_part: str, last_four: str) -> bool:
    """Whether the date part (6 or 8 digits) and last four form a valid number."""
    return _luhn_ok(date_part[-6:] + last_four) and has_valid_date(date_part)


def has_valid_date(date_part: str) -> bool:
    """Whether the date part (6 or 8 digits) of a personal or coordination number is a date.

    A number with a valid date and a wrong check digit is most likely a
    personal identity number mistyped: it still identifies the person.
    """
    short = date_part[-6:]
    yy, month, day = int(short[:2]), int(short[2:4]), int(short[4:6])
    if len(date_part) == 8:
        century = int(date_part[:2])
        if century not in (18, 19, 20):
            return False
        years = [century * 100 + yy]
    else:
        years = [1900 + yy, 2000 + yy]
    return _date_ok(years, month, day)


def normalise_personal_id(text: str) -> str | None:
    """A personal identity number as 10 digits (the check-digit form), or None if invalid."""
    match = PERSONAL_ID.fullmatch(text.strip())
    if not match or not is_valid_personal_id(match[1], match[3]):
        return None
    return match[1][-6:] + match[3]
