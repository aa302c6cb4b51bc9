"""Parquet export of ratings and results for rekrytera.

pyarrow takes a while to import, so the tables (:mod:`rekrytera_parquet._tables`)
load when the first export is written: installing this plugin does not slow
down the commands that never write Parquet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

import rekrytera
from rekrytera.model import Recruitment
from rekrytera.plugins import Exporter

__all__ = ["LAYOUT", "RATINGS", "RECRUITMENTS", "RESULTS", "ParquetExporter"]

#: The version of the tables' layout, in each file's metadata as ``rekrytera.schema``.
#: 2 added ``recruitments.parquet``.
LAYOUT = 2


@attrs.frozen
class ParquetExporter:
    """``ratings``, ``results`` and ``recruitments.parquet`` in a directory, typed, ids only.

    ``rekrytera.analysis.load`` reads such a directory back for analysis.
    """

    name: str = "parquet"
    description: str = (
        "ratings.parquet, results.parquet and recruitments.parquet (typed, layout version "
        "in the metadata); ids only, no notes or personal data; rekrytera analyse reads it"
    )
    suffixes: tuple[str, ...] = (".parquet",)

    def export(self, recruitments: Sequence[Recruitment], destination: Path) -> None:
        from ._tables import write_tables

        write_tables(recruitments, destination)


def __getattr__(name: str) -> Any:
    """The table schemas (``RATINGS``, …), with pyarrow, when first asked for."""
    if name in ("RATINGS", "RECRUITMENTS", "RESULTS"):
        from . import _tables

        return getattr(_tables, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@rekrytera.hookimpl
def rekrytera_register_exporters() -> Iterable[Exporter]:
    """Register the parquet exporter."""
    return [ParquetExporter()]
