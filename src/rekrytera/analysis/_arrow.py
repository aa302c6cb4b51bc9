"""Arrow columns as numpy: codes, ids and flags for the Parquet reader."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._columns import FIELDS

__all__ = ["_Ids", "_fields", "_flags", "_index_in", "_objects", "_repeated"]


def _index_in(values: Any, vocabulary: Any) -> np.ndarray:
    """Each value's position in *vocabulary* (Arrow arrays), -1 where it is not there or null."""
    import pyarrow.compute as pc

    found = pc.fill_null(pc.index_in(values, value_set=vocabulary), -1)
    result: np.ndarray = found.to_numpy(zero_copy_only=False).astype(np.int64)
    return result


class _Ids:
    """The rows of a per-recruitment table, numbered; finds ``(recruitment, id)`` pairs fast.

    A pair's key is ``recruitment · len(vocabulary) + id``, the id numbered
    in the table's vocabulary of ids; the keys are kept sorted, so a column
    of pairs is looked up by one sorted search.
    """

    def __init__(self, rec: np.ndarray, ids: Any) -> None:
        import pyarrow.compute as pc

        self.vocabulary = pc.unique(ids)
        code = _index_in(ids, self.vocabulary)
        keys = rec * max(len(self.vocabulary), 1) + code
        self.order = np.argsort(keys, kind="stable")
        self.keys = keys[self.order]

    def twice(self) -> np.ndarray:
        """The rows whose pair another row has too."""
        same = self.keys[1:] == self.keys[:-1]
        result: np.ndarray = self.order[1:][same]
        return result

    def find(self, rec: np.ndarray, values: Any, index: np.ndarray) -> np.ndarray:
        """The row of each ``(rec, values[index])``, -1 where there is none.

        *values* is an Arrow array (a dictionary's values), *index* a numpy
        index into it per row.
        """
        code = _index_in(values, self.vocabulary)[index]
        keys = rec * max(len(self.vocabulary), 1) + code
        at = np.minimum(np.searchsorted(self.keys, keys), max(len(self.keys) - 1, 0))
        if not len(self.keys):
            return np.full(len(keys), -1, dtype=np.int64)
        found = (self.keys[at] == keys) & (code >= 0) & (rec >= 0)
        return np.where(found, self.order[at], -1)


def _repeated(bit: np.ndarray, comp: np.ndarray, starts: np.ndarray, end: int) -> np.ndarray:
    """Per rating, whether it scores a competence twice (*bit*: each competence's bit).

    The ratings start at *starts* and lie end to end; the last ends at *end*.
    """
    bits = bit[comp[starts[0] : end]]
    local = starts - starts[0]
    result: np.ndarray = np.add.reduceat(bits, local) != np.bitwise_or.reduceat(bits, local)
    return result


def _fields(table: Any, order: np.ndarray) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The recruitments' own fields and their attributes, as columns in *order*.

    An attribute's column is looked up in the map column by its key: no
    Python dictionary per recruitment.
    """
    import pyarrow.compute as pc

    def objects(column: Any) -> np.ndarray:
        values = _objects(column, shared=True)
        return values[order] if len(order) else values

    fields = {f: objects(table.column("recruitment" if f == "id" else f)) for f in FIELDS}
    for values in fields.values():
        values[values == ""] = None  # an empty field is no value, as in the model
    attributes = table.column("attributes")
    keys = sorted({k for chunk in attributes.chunks for k in pc.unique(chunk.keys).to_pylist()})
    return fields, {k: objects(pc.map_lookup(attributes, k, "first")) for k in keys}


def _objects(column: Any, *, shared: bool = False) -> np.ndarray:
    """A text column as a numpy array of Python strings (as a Dataset holds ids).

    :param shared: one string object for each distinct value (for columns
        that repeat a few values, such as competence keys or a
        municipality group: at national scale a string each would add up).
    """
    if shared:
        import pyarrow.compute as pc

        encoded = pc.dictionary_encode(column).combine_chunks()
        values = np.asarray([*encoded.dictionary.to_pylist(), None], dtype=object)
        index = pc.fill_null(encoded.indices, len(encoded.dictionary))
        shared_values: np.ndarray = values[index.to_numpy(zero_copy_only=False)]
        return shared_values
    result: np.ndarray = np.asarray(column.to_numpy(zero_copy_only=False), dtype=object)
    return result


def _flags(column: Any) -> np.ndarray:
    """A bool column as numpy, null as False."""
    import pyarrow.compute as pc

    result: np.ndarray = pc.fill_null(column, False).to_numpy(zero_copy_only=False)
    return result.astype(bool)
