"""Turning structuring errors into :class:`~rekrytera.Problem` lines with paths."""

from __future__ import annotations

from collections.abc import Iterator

from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from .._i18n import _
from ..exceptions import InvalidRecruitment, Problem
from ..model import FieldError
from ..model._base import is_key
from ._converter import FLATTENED, RENAMED, file_keys

__all__ = ["problems_from"]


def problems_from(exc: BaseException) -> list[Problem]:
    """Every problem an exception from the converter stands for.

    Exceptions that are not about the input (a bug, not a bad file) are raised
    again rather than disguised as problems.
    """
    problems: list[Problem] = []
    unexpected: list[BaseException] = []
    for item in _walk(exc, ""):
        if isinstance(item, Problem):
            problems.append(item)
        else:
            unexpected.append(item)
    if unexpected:
        raise unexpected[0]
    return problems


def _join(path: str, name: object) -> str:
    if isinstance(name, int):
        return f"{path}[{name}]"
    segment = str(name) if is_key(name) else f"[{str(name)!r}]"
    if not path or segment.startswith("["):
        return f"{path}{segment}"
    return f"{path}.{segment}"


def _file_name(cl: type, attribute: str) -> str | None:
    if FLATTENED.get(cl, (None,))[0] == attribute:
        return None
    return RENAMED.get((cl, attribute), attribute)


def _walk(exc: BaseException, path: str) -> Iterator[Problem | BaseException]:
    if isinstance(exc, InvalidRecruitment):
        yield from (p.under(path) for p in exc.problems)
    elif isinstance(exc, ClassValidationError | IterableValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            if isinstance(note, AttributeValidationNote):
                name = _file_name(exc.cl, note.name)
                yield from _walk(sub, path if name is None else _join(path, name))
            else:
                yield from _walk(sub, _join(path, note.index))
        for sub in without:
            yield from _walk(sub, path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        allowed = file_keys(exc.cl)
        for key in sorted(exc.extra_fields):
            import difflib  # for the suggestion only: not paid by every import

            hint = difflib.get_close_matches(key, allowed, n=1)
            message = _("unknown key") + (
                _(" (did you mean {name!r}?)").format(name=hint[0]) if hint else ""
            )
            yield Problem(_join(path, key), message)
    elif isinstance(exc, FieldError):
        yield Problem(_join(path, exc.field) if path else exc.field, exc.message)
    elif isinstance(exc, KeyError):
        yield Problem(path, _("required but missing"))
    elif isinstance(exc, TypeError | ValueError):
        yield Problem(path, str(exc))
    else:
        yield exc
