"""``rekrytera.validate``: the format's rules plus every plugin's own."""

from __future__ import annotations

from .exceptions import Problem
from .model import Recruitment, conflict_problems
from .plugins import Registry, default_registry

__all__ = ["validate"]


def validate(recruitment: Recruitment, *, registry: Registry | None = None) -> list[Problem]:
    """The rules a loadable recruitment can still break, and the plugins' own.

    A :class:`~rekrytera.model.Recruitment` already satisfies the format's
    rules (it cannot be built otherwise). This adds the conflict-of-interest
    rules (:func:`rekrytera.model.conflict_problems`: by default a panelist
    who declared a conflict takes no part in the recruitment) and a
    municipality's policy checks (``rekrytera_validate``). ``rekrytera check``
    reports all of them.

    :param registry: the plugins to ask; by default the built-ins and every
        installed plugin.
    """
    return conflict_problems(recruitment) + (registry or default_registry()).validate(recruitment)
