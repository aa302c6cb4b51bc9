"""``rekrytera.validate``: the format's rules plus every plugin's own."""

from __future__ import annotations

from .exceptions import Problem
from .model import Recruitment
from .plugins import Registry, default_registry

__all__ = ["validate"]


def validate(recruitment: Recruitment, *, registry: Registry | None = None) -> list[Problem]:
    """The problems the plugins' own rules (``rekrytera_validate``) find.

    A :class:`~rekrytera.model.Recruitment` already satisfies the format's
    rules (it cannot be built otherwise); this adds a municipality's policy
    checks. ``rekrytera check`` reports both.

    :param registry: the plugins to ask; by default the built-ins and every
        installed plugin.
    """
    return (registry or default_registry()).validate(recruitment)
