"""Shared building blocks of the model: enums, keys and field validators."""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from .._i18n import N_, _
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


class Step(enum.StrEnum):
    """The steps of a recruitment a resident can take part in."""

    NEED = "need"
    PROFILE = "profile"
    AD = "ad"
    SCREENING = "screening"
    INTERVIEW = "interview"
    WORK_SAMPLE = "work_sample"
    DECISION = "decision"

    @property
    def label_sv(self) -> str:
        """The Swedish name of the step."""
        return _STEP_SV[self]


_STEP_SV = {
    Step.NEED: "behov av ny medarbetare",
    Step.PROFILE: "kravprofil",
    Step.AD: "platsannons",
    Step.SCREENING: "urval av sökande",
    Step.INTERVIEW: "intervju",
    Step.WORK_SAMPLE: "arbetsprov",
    Step.DECISION: "beslut",
}


class Phase(enum.StrEnum):
    """When a rating was given.

    ``independent`` ratings are sealed: given before seeing anyone else's.
    ``calibrated`` ratings are revised after the panel's discussion.
    """

    INDEPENDENT = "independent"
    CALIBRATED = "calibrated"

    @property
    def label(self) -> str:
        """The phase's name in the current language (:mod:`rekrytera.i18n`)."""
        return _(_PHASE_NAMES[self])


_PHASE_NAMES = {Phase.INDEPENDENT: N_("independent"), Phase.CALIBRATED: N_("calibrated")}


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

    @property
    def label(self) -> str:
        """The role's name in the current language (:mod:`rekrytera.i18n`)."""
        return _(_ROLE_NAMES[self])


_ROLE_SV = {
    Role.HIRING_MANAGER: "rekryterande chef",
    Role.HR: "HR",
    Role.COLLEAGUE: "kollega",
    Role.UNION: "facklig företrädare",
    Role.RESIDENT: "invånare/brukare",
    Role.SUPPORTER: "metodstödjare",
}

_ROLE_NAMES = {
    Role.HIRING_MANAGER: N_("hiring manager"),
    Role.HR: N_("HR"),
    Role.COLLEAGUE: N_("colleague"),
    Role.UNION: N_("union representative"),
    Role.RESIDENT: N_("resident"),
    Role.SUPPORTER: N_("supporter"),
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


_KEY_RULE = N_("letters, digits, '_', '-' and '.', starting with a letter or digit")


def key(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate an id or key: a short token without spaces."""
    if not (isinstance(value, str) and value.isalnum()) and not is_key(value):
        raise FieldError(attribute.name, _not_a_key(value))


def keys(instance: object, attribute: attrs.Attribute[Any], value: Iterable[object]) -> None:
    """Validate a sequence of ids or keys."""
    if not value:
        return
    for i, item in enumerate(value):
        if not is_key(item):
            raise FieldError(f"{attribute.name}[{i}]", _not_a_key(item))


def _not_a_key(value: object) -> str:
    return _("{value!r} is not a valid key ({rule})").format(value=value, rule=_(_KEY_RULE))


def text(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """Validate a text that may not be blank."""
    if not value.strip():
        raise FieldError(attribute.name, _("must not be empty"))


def weight(instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    """Validate a weight: a finite number, zero or more."""
    problem = weight_problem(value)
    if problem:
        raise FieldError(attribute.name, problem)


#: The largest weight (and amount) a file may give: beyond it, sums of
#: weights times scores are no longer safe in floating point.
MAX_WEIGHT = 1_000_000


def weight_problem(value: float, *, amount: bool = False) -> str | None:
    """Describe what is wrong with *value* as a weight (or an *amount*), or return ``None``."""
    if not math.isfinite(value):
        return _("{value} is not a finite number").format(value=value)
    if value < 0:
        if amount:
            return _("{value:g} is negative; amounts must be zero or more").format(value=value)
        return _("{value:g} is negative; weights must be zero or more").format(value=value)
    if value > MAX_WEIGHT:
        largest = f"{MAX_WEIGHT:,}".replace(",", " ")
        if amount:
            return _("{value:g} is too large; amounts must be at most {largest}").format(
                value=value, largest=largest
            )
        return _("{value:g} is too large; weights must be at most {largest}").format(
            value=value, largest=largest
        )
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
            problems.append(
                Problem(
                    f"{path}[{i}].{field}",
                    _("duplicate {field} {value!r}").format(field=field, value=value),
                )
            )
        seen.add(value)
    return problems
