"""Analyses across many recruitments: agreement, outcomes and sensitivity, fast.

Load recruitments into a columnar :class:`Dataset` with :func:`load` (a folder
of files, files, SQLite stores, a Parquet dataset) or
:meth:`Dataset.from_recruitments`, then ask for tidy tables:

- :func:`scores`: every candidate scored by ``balanced`` (as :func:`rekrytera.score`);
- :func:`agreement`: per recruitment, agreement within and between the
  perspectives (Krippendorff's alpha, ICC(2,1), ICC(2,k)), Kendall's tau
  between the staff and resident orders, whose top candidate was hired, drift;
- :func:`summarise`: the same pooled over all recruitments or per group;
- :func:`sensitivity`: how the outcome changes with the resident weight.

For corpora at national scale, :func:`write_dataset` writes recruitments,
streaming (from :func:`recruitments`, say, which reads files, folders and
stores one recruitment at a time), as a Parquet dataset that :func:`load`
reads as Arrow columns and other engines read with SQL.

Needs numpy and msgspec: ``pip install 'rekrytera[analysis]'``; Parquet needs
pyarrow (``rekrytera[arrow]``). Tables convert to pandas or Arrow when those
are installed.
"""

from . import _extra  # noqa: F401  (first: says in one line if the extra is missing)
from ._analyses import SETS, WEIGHTS, agreement, scores, sensitivity, summarise
from ._dataset import Dataset
from ._load import ENGINES, InvalidSources, load, recruitments
from ._table import Table
from ._write import PARTITION_BY, VERSION, write_dataset

__all__ = [
    "ENGINES",
    "PARTITION_BY",
    "SETS",
    "VERSION",
    "WEIGHTS",
    "Dataset",
    "InvalidSources",
    "Table",
    "agreement",
    "load",
    "recruitments",
    "scores",
    "sensitivity",
    "summarise",
    "write_dataset",
]
