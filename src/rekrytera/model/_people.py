"""The people in a recruitment: candidates and the panelists who rate them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import ClassVar

import attrs

from .._i18n import _
from ._base import FieldError, Perspective, Role, frozen_mapping, is_key, key, keys, to_tuple

__all__ = ["Candidate", "Conflict", "Identity", "Panelist"]


def _identifier_keys(
    instance: object, attribute: attrs.Attribute[Mapping[str, str]], value: Mapping[str, str]
) -> None:
    for name in value:
        if not is_key(name):
            raise FieldError(attribute.name, _("{name!r} is not a valid key").format(name=name))


@attrs.frozen(kw_only=True)
class Identity:
    """The fields that identify a person: personal data, kept together.

    Privacy code removes or replaces an :class:`Identity` as one piece; in the
    file format its fields sit directly on the candidate or panelist.
    """

    FIELDS: ClassVar[tuple[str, ...]] = ("name", "email", "phone", "personal_id", "identifiers")

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    personal_id: str | None = None
    #: Any other identifying field a municipality or plugin records (an
    #: employee number, an id in the case system), by a key of its choosing:
    #: ``identifiers = { anstallningsnummer = "4711" }``. Removed with the rest.
    identifiers: Mapping[str, str] = attrs.field(
        factory=dict, converter=frozen_mapping, validator=_identifier_keys
    )

    def __bool__(self) -> bool:
        return bool(self.identifiers) or any(
            getattr(self, f) is not None for f in self.FIELDS if f != "identifiers"
        )


@attrs.frozen(kw_only=True)
class Candidate:
    """Someone who applied for the post.

    ``meets`` lists the keys of the requirements the candidate meets; ``merits``
    the keys of the merits the candidate has. ``application`` holds what the
    applicant wrote, by heading (``utbildning``, ``erfarenhet``, …): personal
    data, read at screening, removed with the identity when the candidate's
    data is purged or erased and left out of anonymised copies and exports.
    """

    id: str = attrs.field(validator=key)
    identity: Identity = Identity()
    meets: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=keys)
    merits: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=keys)
    application: Mapping[str, str] = attrs.field(
        factory=dict, converter=frozen_mapping, validator=_identifier_keys
    )


@attrs.frozen(kw_only=True)
class Conflict:
    """How a declared conflict of interest (jäv) was recorded: who, when, who decided.

    ``candidate`` is the candidate it concerns (one of the panelist's
    ``conflicts``); ``declared_by`` and ``decided_by`` are ids or roles (the
    panelist themself, ``hr``, the hiring manager), never names.
    """

    candidate: str = attrs.field(validator=key)
    declared: dt.date | None = None
    declared_by: str | None = attrs.field(default=None, validator=attrs.validators.optional(key))
    decided: dt.date | None = None
    decided_by: str | None = attrs.field(default=None, validator=attrs.validators.optional(key))


@attrs.frozen(kw_only=True)
class Panelist:
    """Someone on the panel (bedömare).

    Residents (``role = "resident"``) bring the perspective of people with lived
    experience of social services; what that experience is stays in the
    participation register (:class:`~rekrytera.model.Register`), not here.
    ``conflicts`` lists the candidates the panelist has declared a conflict
    of interest (jäv) with. By default that keeps the panelist out of the
    whole recruitment (:class:`~rekrytera.model.Recusal`); they never rate
    those candidates. ``conflict_records`` say who declared each conflict,
    when, and who decided on it.
    """

    id: str = attrs.field(validator=key)
    role: Role
    identity: Identity = Identity()
    conflicts: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=keys)
    conflict_records: tuple[Conflict, ...] = attrs.field(default=(), converter=to_tuple)

    @property
    def perspective(self) -> Perspective | None:
        """The perspective the panelist rates from, ``None`` for a supporter."""
        return self.role.perspective

    @property
    def rates(self) -> bool:
        """Whether the panelist's role lets them rate candidates."""
        return self.role.perspective is not None
