"""Reading and writing recruitment files: the converter, formats and schema versions."""

from .._atomic import atomic_write, atomic_writer
from ._converter import make_converter
from ._files import (
    SCHEMA,
    Format,
    OldLayoutWarning,
    dump,
    dumps,
    from_tree,
    load,
    load_as,
    load_split,
    loads,
    read_tree,
    split_tree,
    structure_tree,
    to_tree,
    tree_text,
)

__all__ = [
    "SCHEMA",
    "Format",
    "OldLayoutWarning",
    "atomic_write",
    "atomic_writer",
    "dump",
    "dumps",
    "from_tree",
    "load",
    "load_as",
    "load_split",
    "loads",
    "make_converter",
    "read_tree",
    "split_tree",
    "structure_tree",
    "to_tree",
    "tree_text",
]
