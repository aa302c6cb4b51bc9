"""Exceptions raised by rekrytera.

Every error that a person can cause through their input is an
:class:`InvalidRecruitment` (or another :class:`RekryteraError`) carrying one
:class:`Problem` per thing that is wrong, each with the path to the offending
field in the file's own terms, e.g. ``ratings[3].scores.trygghet``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

import attrs

from ._i18n import N_, _

T = TypeVar("T")

__all__ = [
    "InvalidOption",
    "InvalidRecruitment",
    "PolicyViolation",
    "Problem",
    "RekryteraError",
    "UnknownName",
    "lookup",
]


@attrs.frozen(order=True)
class Problem:
    """One thing wrong with a recruitment, located by a path into the file.

    ``path`` is empty when the problem concerns the whole document (for example
    a file that is not valid TOML).
    """

    path: str
    message: str

    def under(self, prefix: str) -> Problem:
        """Return this problem with its path placed below *prefix*."""
        if not prefix:
            return self
        if not self.path:
            return Problem(prefix, self.message)
        sep = "" if self.path.startswith("[") else "."
        return Problem(f"{prefix}{sep}{self.path}", self.message)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class RekryteraError(Exception):
    """Base class of every exception that rekrytera raises on purpose."""


class InvalidRecruitment(RekryteraError, ValueError):
    """A recruitment (or a part of one) breaks the format or its rules.

    :ivar problems: every problem found, in document order.
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[InvalidRecruitment], tuple[tuple[Problem, ...]]]:
        return type(self), (self.problems,)


class PolicyViolation(InvalidRecruitment):
    """A recruitment breaks a policy an installed plugin checks (``rekrytera_validate``).

    Raised by the functions that act on a recruitment — scoring, the memo,
    export, anonymisation, the workspace — before they do anything. Each
    problem names the plugin whose policy it breaks.
    """


class InvalidOption(RekryteraError, ValueError):
    """An option is out of range or unknown (e.g. an unknown scoring method)."""


class UnknownName(InvalidOption):
    """No registered thing of a kind has this name: the message lists those there are.

    :ivar kind: what was looked up (``scoring method``, ``template``, …).
    :ivar name: the name asked for.
    :ivar available: the names there are, sorted.
    """

    def __init__(self, kind: str, name: str, available: Iterable[str]) -> None:
        self.kind, self.name, self.available = kind, name, sorted(available)
        import difflib  # for the suggestion only: not paid by every import

        close = difflib.get_close_matches(name, self.available, n=1)
        phrase = _UNKNOWN.get(kind)
        unknown = (
            _(phrase).format(name=name)
            if phrase
            else _("unknown {kind} {name!r}").format(kind=kind, name=name)
        )
        hint = _(" (did you mean {name!r}?)").format(name=close[0]) if close else ""
        super().__init__(
            _("{unknown}{hint}; available: {available}").format(
                unknown=unknown, hint=hint, available=", ".join(self.available) or _("none")
            )
        )

    def __reduce__(self) -> tuple[type[UnknownName], tuple[str, str, list[str]]]:
        return type(self), (self.kind, self.name, self.available)


#: How each kind the library looks up is named when it is missing (the
#: languages name them differently); other kinds use a general phrase.
_UNKNOWN = {
    "method": N_("unknown method {name!r}"),
    "scoring method": N_("unknown scoring method {name!r}"),
    "policy": N_("no installed plugin checks a policy called {name!r}"),
    "template": N_("unknown template {name!r}"),
    "example": N_("unknown example {name!r}"),
    "export format": N_("unknown export format {name!r}"),
    "attribute": N_("unknown attribute {name!r}"),
    "anonymiser": N_("unknown anonymiser {name!r}"),
    "importer": N_("unknown importer {name!r}"),
    "work-sample case": N_("unknown work-sample case {name!r}"),
}


def lookup(kind: str, name: str, found: Mapping[str, T]) -> T:
    """``found[name]``, or :class:`UnknownName` saying what there is (and what was meant).

    >>> from rekrytera.exceptions import UnknownName, lookup
    >>> try:
    ...     lookup("method", "balansed", {"balanced": 1, "borda": 2})
    ... except UnknownName as e:
    ...     print(e)
    unknown method 'balansed' (did you mean 'balanced'?); available: balanced, borda
    """
    try:
        return found[name]
    except KeyError:
        raise UnknownName(kind, name, found) from None
