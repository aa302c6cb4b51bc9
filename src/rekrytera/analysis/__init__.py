"""Analyses across many recruitments: agreement, outcomes and sensitivity, fast.

Load recruitments into a columnar :class:`Dataset` with :func:`load` (a folder
of files, files, SQLite stores) or :meth:`Dataset.from_recruitments`, then ask
for tidy tables:

- :func:`scores`: every candidate scored by ``balanced`` (as :func:`rekrytera.score`);
- :func:`agreement`: per recruitment, agreement within and between the
  perspectives (Krippendorff's alpha, ICC(2,1), ICC(2,k)), Kendall's tau
  between the staff and resident orders, whose top candidate was hired, drift;
- :func:`summarise`: the same pooled over all recruitments or per group;
- :func:`sensitivity`: how the outcome changes with the resident weight.

Needs numpy and msgspec: ``pip install 'rekrytera[analysis]'``. Tables convert
to pandas or Arrow when those are installed.
"""

from . import _extra  # noqa: F401  (first: says in one line if the extra is missing)
from ._analyses import SETS, WEIGHTS, agreement, scores, sensitivity, summarise
from ._dataset import Dataset
from ._load import InvalidSources, load
from ._table import Table

__all__ = [
    "SETS",
    "WEIGHTS",
    "Dataset",
    "InvalidSources",
    "Table",
    "agreement",
    "load",
    "scores",
    "sensitivity",
    "summarise",
]
