"""A small tidy table: named numpy columns, convertible to pandas, Arrow and CSV."""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator, Mapping
from typing import IO, TYPE_CHECKING, Any

import attrs
import numpy as np

from .._table import csv_number, safe_cell

if TYPE_CHECKING:
    import pandas
    import pyarrow

__all__ = ["Table"]


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python value JSON and CSV expect; NaN as None."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _columns(value: Mapping[str, Any]) -> dict[str, np.ndarray]:
    columns = {name: np.asarray(column) for name, column in value.items()}
    lengths = {len(c) for c in columns.values()}
    if len(lengths) > 1:
        raise ValueError(f"columns of different lengths: {sorted(lengths)}")
    return columns


@attrs.frozen(eq=False)
class Table:
    """A tidy table: one row per observation, one named column per variable.

    Numbers are ``float64`` columns with ``NaN`` where a value is missing;
    yes/no answers that can be unknown are object columns of ``True``,
    ``False`` and ``None``. The table is deliberately small: convert it with
    :meth:`to_pandas` or :meth:`to_arrow` for anything more.
    """

    columns: Mapping[str, np.ndarray] = attrs.field(converter=_columns)

    @property
    def names(self) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(self.columns)

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0

    def __getitem__(self, name: str) -> np.ndarray:
        return self.columns[name]

    def rows(self) -> Iterator[dict[str, Any]]:
        """Each row as a dict of plain Python values (``None`` where missing)."""
        names = self.names
        for values in zip(*self.columns.values(), strict=True):
            yield {n: _plain(v) for n, v in zip(names, values, strict=True)}

    def to_pandas(self) -> pandas.DataFrame:
        """A :class:`pandas.DataFrame` (needs pandas: ``pip install 'rekrytera[pandas]'``)."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError(
                "Table.to_pandas needs pandas: pip install 'rekrytera[pandas]'"
            ) from None
        return pd.DataFrame(dict(self.columns.items()))

    def to_arrow(self) -> pyarrow.Table:
        """A :class:`pyarrow.Table` with missing values as nulls.

        Needs pyarrow: ``pip install 'rekrytera[arrow]'``.
        """
        try:
            import pyarrow as pa
        except ImportError:
            raise ImportError(
                "Table.to_arrow needs pyarrow: pip install 'rekrytera[arrow]'"
            ) from None
        return pa.table(
            {
                name: pa.array(
                    column.tolist() if column.dtype == object else column, from_pandas=True
                )
                for name, column in self.columns.items()
            }
        )

    def to_csv(self, file: IO[str]) -> None:
        """Write the table as CSV (a header row; empty cells where values are missing).

        Text that a spreadsheet would run as a formula gets a leading apostrophe.
        """
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(self.names)
        for row in self.rows():
            writer.writerow(["" if v is None else _csv_value(v) for v in row.values()])


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return csv_number(value)
    if isinstance(value, str):
        return safe_cell(value)
    return value
