"""Exceptions raised by rekrytera.

Every error that a person can cause through their input is an
:class:`InvalidRecruitment` (or another :class:`RekryteraError`) carrying one
:class:`Problem` per thing that is wrong, each with the path to the offending
field in the file's own terms, e.g. ``ratings[3].scores.trygghet``.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = ["InvalidRecruitment", "Problem", "RekryteraError"]


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
