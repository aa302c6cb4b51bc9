"""rekrytera: competence-based recruitment with residents on the panel.

The public API is small: load and dump recruitment files, and the model and
exceptions they are made of. Everything else lives in private modules.
"""

from . import model
from ._version import __version__
from .exceptions import InvalidRecruitment, Problem, RekryteraError
from .io import SCHEMA, dump, dumps, load, loads
from .model import Recruitment

__all__ = [
    "SCHEMA",
    "InvalidRecruitment",
    "Problem",
    "Recruitment",
    "RekryteraError",
    "__version__",
    "dump",
    "dumps",
    "load",
    "loads",
    "model",
]
