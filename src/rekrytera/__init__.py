"""rekrytera: competence-based recruitment with residents on the panel.

The public API is small: load and dump recruitment files, and the model and
exceptions they are made of. Everything else lives in private modules.

Each name here is imported when it is first used (lazy loading, as
Scientific Python's SPEC 1 describes), so that ``import rekrytera`` — and
every plugin that imports it — stays cheap; ``rekrytera.score`` and the rest
behave exactly as if they had been imported up front.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from . import exporters, model, plugins, privacy, report, scoring
    from ._hookimpl import hookimpl
    from ._validate import PolicySkipped, enforce_policies, validate
    from .exceptions import InvalidRecruitment, PolicyViolation, Problem, RekryteraError
    from .exporters import export
    from .io import SCHEMA, dump, dumps, load, loads
    from .model import Recruitment
    from .privacy import anonymise
    from .scoring import Result, score

__all__ = [
    "SCHEMA",
    "InvalidRecruitment",
    "PolicySkipped",
    "PolicyViolation",
    "Problem",
    "Recruitment",
    "RekryteraError",
    "Result",
    "__version__",
    "anonymise",
    "dump",
    "dumps",
    "enforce_policies",
    "export",
    "exporters",
    "hookimpl",
    "load",
    "loads",
    "model",
    "plugins",
    "privacy",
    "report",
    "score",
    "scoring",
    "validate",
]

#: The module each public name comes from.
_HOME = {
    "SCHEMA": "io",
    "dump": "io",
    "dumps": "io",
    "load": "io",
    "loads": "io",
    "InvalidRecruitment": "exceptions",
    "PolicyViolation": "exceptions",
    "Problem": "exceptions",
    "RekryteraError": "exceptions",
    "Recruitment": "model",
    "hookimpl": "_hookimpl",
    "PolicySkipped": "_validate",
    "enforce_policies": "_validate",
    "validate": "_validate",
    "export": "exporters",
    "anonymise": "privacy",
    "Result": "scoring",
    "score": "scoring",
}


def __getattr__(name: str) -> Any:
    """Import a public name, or a subpackage (``rekrytera.io``), on first use."""
    if name in _HOME:
        value = getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
        globals()[name] = value
        return value
    if (
        name.isidentifier()
        and not name.startswith("__")
        and importlib.util.find_spec(f"{__name__}.{name}") is not None
    ):
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
