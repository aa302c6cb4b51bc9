"""Reading and writing recruitment files: the converter, formats and schema versions."""

from .._atomic import atomic_write, atomic_writer
from ._converter import make_converter
from ._files import (
    SCHEMA,
    Format,
    dump,
    dumps,
    from_tree,
    load,
    load_as,
    loads,
    structure_tree,
    to_tree,
)

__all__ = [
    "SCHEMA",
    "Format",
    "atomic_write",
    "atomic_writer",
    "dump",
    "dumps",
    "from_tree",
    "load",
    "load_as",
    "loads",
    "make_converter",
    "structure_tree",
    "to_tree",
]
