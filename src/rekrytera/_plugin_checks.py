"""The parts of the plugin system that need none of it: entry-point scans and checks.

Kept apart from :mod:`rekrytera.plugins` so that module stays readable; it
re-exports what is public (``ENTRY_POINT_GROUP``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import hookspecs
from ._i18n import _
from .model._base import is_key

if TYPE_CHECKING:
    import importlib.metadata

#: The entry-point group whose plugins load with the registry, whatever the command.
ENTRY_POINT_GROUP = "rekrytera"


def _entry_points(
    name: str | None = None, group: str = ENTRY_POINT_GROUP
) -> importlib.metadata.EntryPoints:
    """The installed entry points in *group*: importlib.metadata loads only now."""
    import importlib.metadata  # a scan of every installed distribution, and its imports

    if name is None:
        return importlib.metadata.entry_points(group=group)
    return importlib.metadata.entry_points(group=group, name=name)


def _all_entry_points(groups: set[str]) -> list[importlib.metadata.EntryPoint]:
    """Every installed entry point of *groups*, in one pass over the distributions.

    An entry point found twice (a distribution twice on the path) counts once,
    the first.
    """
    import importlib.metadata

    seen: set[tuple[str, str, str]] = set()
    found = []
    # Only entry_points.txt is read: parsing every distribution's METADATA to
    # tell duplicates apart would cost more than the rest of the scan.
    for dist in importlib.metadata.distributions():
        for ep in dist.entry_points:
            key = (ep.group, ep.name, ep.value)
            if ep.group in groups and key not in seen:
                seen.add(key)
                found.append(ep)
    return found


def _distribution(ep: importlib.metadata.EntryPoint) -> str:
    dist = ep.dist
    if dist is None:  # pragma: no cover - every installed entry point has one
        return "an unknown distribution"
    return f"{dist.metadata['Name']} {dist.version}"


def _no_hook(name: str, dist: str) -> str:
    return _(
        "plugin {name!r} from {dist} implements no hook: mark its hook functions with "
        "@rekrytera.hookimpl (see the hook reference)"
    ).format(name=name, dist=dist)


def _suggestion(plugin: object) -> str:
    """ "; did you mean …?" for names that look like a misspelt hook."""
    hooks = [n for n in dir(hookspecs) if n.startswith("rekrytera_")]
    hints = []
    for name in dir(plugin):
        if name.startswith("rekrytera_") and name not in hooks:
            import difflib  # for the suggestion only: not paid by every import

            close = difflib.get_close_matches(name, hooks, n=1)
            if close:
                hints.append(f"{name!r} is not a hook; did you mean {close[0]!r}?")
    return f" ({'; '.join(hints)})" if hints else ""


def _overrides(obj: Any, suffix: str) -> bool:
    return suffix in {s.lower() for s in getattr(obj, "overrides", ())}


def _check_exporter(obj: Any) -> str | None:
    problem = _check_named(obj)
    if problem:
        return problem
    suffixes = obj.suffixes
    if isinstance(suffixes, str) or not all(isinstance(s, str) for s in suffixes):
        return f"its suffixes {suffixes!r} are not a tuple of strings"
    for suffix in suffixes:
        if not suffix.startswith(".") or len(suffix) < 2 or any(c in suffix for c in "/\\ "):
            return (
                f"the suffix {suffix!r} must start with a dot and name an ending, "
                "as '.csv' or '.arkiv.txt'"
            )
    return None


def _check_method(obj: Any) -> str | None:
    """A method's name, and the flags and options it declares (when it does)."""
    from ._declared import MethodFlag, Option

    problem = _check_named(obj)
    if problem:
        return problem
    for flag in getattr(obj, "flags", None) or ():
        if not isinstance(flag, MethodFlag):
            return f"its flags must be rekrytera.scoring.MethodFlag, not {flag!r}"
        if not is_key(flag.name):
            return f"its flag name {flag.name!r} is not a valid key"
        for part in ("label", "explanation"):
            missing = [lang for lang in ("sv", "en") if not getattr(flag, part).get(lang)]
            if missing:
                return f"its flag {flag.name!r} has no {part} in {', '.join(missing)}"
    for option in getattr(obj, "options", None) or ():
        if isinstance(option, str):
            continue
        if not isinstance(option, Option):
            return f"its options must be names or rekrytera.scoring.Option, not {option!r}"
        if option.kind == "choice" and not option.choices:
            return f"its option {option.name!r} is a choice with no choices"
        if option.default is not None and option.problem(option.default):
            return f"its option {option.name!r} has a default it refuses: {option.default!r}"
    return None


def _check_named(obj: Any) -> str | None:
    if not is_key(obj.name):
        return f"its name {obj.name!r} is not a valid key"
    if not isinstance(obj.description, str):
        return "its description is not a string"
    return None
