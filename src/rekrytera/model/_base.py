"""Shared building blocks of the model: enums, keys and field validators."""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from ..exceptions import InvalidRecruitment, Problem

_KEY = re.compile(r"[^\W_][\w.\-]*")


class FieldError(ValueError):
    """A single field of a model object holds a value that it may not hold.

    Raised by the model's validators; the loader turns it into a
    :class:`~rekrytera.exceptions.Problem` located at the field.
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class Stage(enum.StrEnum):
    """A step of the recruitment at which candidates are assessed."""

    SCREENING = "screening"
    INTERVIEW = "interview"
    WORK_SAMPLE = "work_sample"

    @property
    def label_sv(self) -> str:
        """The Swedish name of the stage."""
        return _STAGE_SV[self]


_STAGE_SV = {
    Stage.SCREENING: "urval",
    Stage.INTERVIEW: "intervju",
    Stage.WORK_SAMPLE: "arbetsprov",
}


class Phase(enum.StrEnum):
    """When a rating was given.

    ``independent`` ratings are sealed: given before seeing anyone else's.
    ``calibrated`` ratings are revised after the panel's discussion.
    """

    INDEPENDENT = "independent"
    CALIBRATED = "calibrated"


class Perspective(enum.StrEnum):
    """Whose view a rating represents: the staff's or the residents'."""

    STAFF = "staff"
    RESIDENT = "resident"


class Recusal(enum.StrEnum):
    """What a declared conflict of interest (jäv) keeps a panelist from.

    ``recruitment`` (the default): the whole recruitment, since filling one
    post is one matter and a panelist who is disqualified may not take part
    in handling it (förvaltningslagen (2017:900) 16–17 §§). ``candidate``:
    only the candidate the conflict concerns, a choice a municipality makes
    for itself and answers for.
    """

    RECRUITMENT = "recruitment"
    CANDIDATE = "candidate"


class Role(enum.StrEnum):
    """A panelist's role; it decides the panelist's perspective."""

    HIRING_MANAGER = "hiring_manager"
    HR = "hr"
    COLLEAGUE = "colleague"
    UNION = "union"
    RESIDENT = "resident"
    SUPPORTER = "supporter"

    @property
    def perspective(self) -> Perspective | None:
        """``resident`` for residents, ``None`` for supporters, else ``staff``.

        A supporter (metodstödjare) prepares and accompanies residents but never
        rates, so has no perspective.
        """
        if self is Role.RESIDENT:
            return Perspective.RESIDENT
        if self is Role.SUPPORTER:
            return None
        return Perspective.STAFF

    @property
    def label_sv(self) -> str:
        """The Swedish name of the role."""
        return _ROLE_SV[self]


_ROLE_SV = {
    Role.HIRING_MANAGER: "rekryterande chef",
    Role.HR: "HR",
    Role.COLLEAGUE: "kollega",
    Role.UNION: "facklig företrädare",
    Role.RESIDENT: "invånare/brukare",
    Role.SUPPORTER: "metodstödjare",
}


class QuestionKind(enum.StrEnum):
    """Whether a question invites an account (open) or a yes/no (closed)."""

    OPEN = "open"
    CLOSED = "closed"


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Accept any iterable where the model keeps a tuple (lists from callers)."""
    return tuple(value)


def frozen_mapping(value: Mapping[Any, Any]) -> Mapping[Any, Any]:
    """A read-only copy of *value*: the mappings of a frozen model cannot change.

    Nothing else holds the copy, so the view is as immutable as a tuple;
    ``attrs.evolve`` is the way to a changed model.
    """
    if isinstance(value, MappingProxyType):
        return value
    return MappingProxyType(dict(value))


def is_key(value: object) -> bool:
    """Whether *value* can serve as an id or key in a recruitment file."""
    # Letters and digits only (``k01``) is the common case, and a key: isalnum()
    # is exactly what the pattern's ``[^\W_]`` allows. Anything else asks the pattern.
    return isinstance(value, str) and (value.isalnum() or _KEY.fullmatch(value) is not None)


_KEY_RULE = "letters, digits, '_', '-' and '.', starting with a letter or digit"


def key(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate an id or key: a short token without spaces."""
    if not (isinstance(value, str) and value.isalnum()) and not is_key(value):
        raise FieldError(attribute.name, f"{value!r} is not a valid key ({_KEY_RULE})")


def keys(_: object, attribute: attrs.Attribute[Any], value: Iterable[object]) -> None:
    """Validate a sequence of ids or keys."""
    if not value:
        return
    for i, item in enumerate(value):
        if not is_key(item):
            raise FieldError(f"{attribute.name}[{i}]", f"{item!r} is not a valid key ({_KEY_RULE})")


def text(_: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """Validate a text that may not be blank."""
    if not value.strip():
        raise FieldError(attribute.name, "must not be empty")


def weight(_: object, attribute: attrs.Attribute[Any], value: float) -> None:
    """Validate a weight: a finite number, zero or more."""
    problem = weight_problem(value)
    if problem:
        raise FieldError(attribute.name, problem)


#: The largest weight (and amount) a file may give: beyond it, sums of
#: weights times scores are no longer safe in floating point.
MAX_WEIGHT = 1_000_000


def weight_problem(value: float) -> str | None:
    """Describe what is wrong with *value* as a weight, or return ``None``."""
    if not math.isfinite(value):
        return f"{value} is not a finite number"
    if value < 0:
        return f"{value:g} is negative; weights must be zero or more"
    if value > MAX_WEIGHT:
        return f"{value:g} is too large; weights must be at most {MAX_WEIGHT:,}".replace(",", " ")
    return None


def raise_problems(problems: list[Problem]) -> None:
    """Raise :class:`InvalidRecruitment` if *problems* is not empty."""
    if problems:
        raise InvalidRecruitment(problems)


def duplicates(path: str, field: str, items: Iterable[Any]) -> list[Problem]:
    """Report every item whose *field* repeats an earlier item's."""
    values = [getattr(item, field) for item in items]
    if len(set(values)) == len(values):
        return []
    seen: set[object] = set()
    problems = []
    for i, value in enumerate(values):
        if value in seen:
            problems.append(Problem(f"{path}[{i}].{field}", f"duplicate {field} {value!r}"))
        seen.add(value)
    return problems
