"""``rekrytera.validate``: the format's rules plus every plugin's own, and where policies apply."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

from ._i18n import _
from .exceptions import PolicyViolation, Problem, lookup
from .model import Recruitment, conflict_problems
from .plugins import Registry, default_registry

__all__ = ["PolicySkipped", "enforce_policies", "skipping", "validate"]

#: The logger a skipped policy is recorded on, for a municipality's audit log.
LOGGER = "rekrytera.policies"


class PolicySkipped(UserWarning):
    """An administrator skipped a policy for one action; the action went ahead without it."""


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


#: Policies skipped by the action under way, for the calls it makes in turn
#: (an exporter that scores what it writes): skipped once, said once.
_inherited: ContextVar[tuple[str, ...]] = ContextVar("rekrytera_skipped_policies", default=())


@contextlib.contextmanager
def skipping(names: Iterable[str]) -> Iterator[None]:
    """Inside the block, *names* count as skipped already (checked and recorded by the caller)."""
    token = _inherited.set(tuple(dict.fromkeys((*_inherited.get(), *names))))
    try:
        yield
    finally:
        _inherited.reset(token)


def enforce_policies(
    recruitment: Recruitment,
    *,
    skip: Iterable[str] = (),
    registry: Registry | None = None,
) -> tuple[str, ...]:
    """Refuse *recruitment* if it breaks a policy an installed plugin checks.

    Every function that acts on a recruitment calls this first: scoring, the
    memo, export, anonymisation and the workspace. (The conflict-of-interest
    rules are not policies: scoring leaves the barred ratings out and says
    so, and ``check`` reports them.)

    :param skip: plugins whose policy an administrator skips for this one
        action. Each is named in a :class:`PolicySkipped` warning (the
        command line prints it) and recorded on the ``rekrytera.policies``
        logger; a name no installed plugin has is an error, so that a typo
        never turns into a skip that did nothing.
    :returns: the names of the policies skipped, for the caller to record.
    :raises PolicyViolation: with one problem per breach, each naming its plugin.
    """
    registry = registry or default_registry()
    inherited = _inherited.get()
    own = tuple(name for name in dict.fromkeys(skip) if name not in inherited)
    if own:
        installed = dict.fromkeys(registry.policies())
        for name in own:
            lookup("policy", name, installed)
    skipped = inherited + own
    problems = registry.validate(recruitment, skip=skipped)
    if problems:
        raise PolicyViolation(problems)
    for name in own:
        message = _("policy {name!r} was skipped for {recruitment} by an administrator").format(
            name=name, recruitment=recruitment.id
        )
        import logging  # only when a policy is skipped: it is not cheap to import

        log = logging.getLogger(LOGGER)
        if not log.handlers:
            # A library's logger: the application decides where records go.
            # Without it, Python's last-resort handler prints them on stderr.
            log.addHandler(logging.NullHandler())
        log.warning("policy %r skipped for %s", name, recruitment.id)
        warnings.warn(message, PolicySkipped, stacklevel=3)
    return skipped
