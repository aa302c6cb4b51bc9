"""rekrytera: competence-based recruitment with residents on the panel.

The public API is small: load and dump recruitment files, and the model and
exceptions they are made of. Everything else lives in private modules.
"""

from . import exporters, model, plugins, privacy, report, scoring
from ._hookimpl import hookimpl
from ._validate import PolicySkipped, enforce_policies, validate
from ._version import __version__
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
