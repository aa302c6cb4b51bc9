"""The bundled example recruitments, installed with the package, for tests and tutorials.

>>> from rekrytera import examples
>>> examples.names()
['behandlingsassistent-stodboende', 'enhetschef-personlig-assistans', 'socialsekreterare-barn-unga']
>>> examples.load("socialsekreterare-barn-unga").id
'hbg-2026-017'
>>> sorted({p.panelist for p in examples.register().of("hbg-2026-017")})
['inv1', 'inv2', 'inv3']

They are the files in the repository's ``examples/`` folder: the wheel carries
them as package data, and a source checkout reads them where they are.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .exceptions import lookup
from .io import load as _load
from .model import Recruitment, Register

__all__ = ["load", "names", "path", "register"]

_REGISTER = "pool/invanarpool.toml"


def _folder() -> Path:
    installed = Path(str(resources.files("rekrytera"))) / "_examples"
    if installed.is_dir():
        return installed
    # A source checkout (an editable install): the repository's own folder.
    return Path(__file__).resolve().parents[2] / "examples"


def names() -> list[str]:
    """The examples' names, sorted."""
    return sorted(p.stem for p in _folder().glob("*.toml"))


def path(name: str) -> Path:
    """The file of the example *name*.

    :raises rekrytera.exceptions.UnknownName: listing the examples there are.
    """
    return lookup("example", name, {p.stem: p for p in _folder().glob("*.toml")})


def load(name: str) -> Recruitment:
    """The example *name* as a :class:`~rekrytera.model.Recruitment`."""
    return _load(path(name))


def register() -> Register:
    """The examples' participation register (the residents' own data, made up)."""
    from .participation import load_register

    return load_register(_folder() / _REGISTER)
