"""rekrytera.examples: the bundled examples, wherever the package is installed."""

from __future__ import annotations

from pathlib import Path

import pytest

import rekrytera
from rekrytera import examples
from rekrytera.exceptions import UnknownName
from rekrytera.participation import load_register

ROOT = Path(__file__).parent.parent / "examples"


def test_same_as_the_repository() -> None:
    """Every bundled example equals the repository's file of that name."""
    assert examples.names() == sorted(p.stem for p in ROOT.glob("*.toml"))
    for name in examples.names():
        assert examples.load(name) == rekrytera.load(ROOT / f"{name}.toml")
        assert examples.path(name).read_bytes() == (ROOT / f"{name}.toml").read_bytes()
    assert examples.register() == load_register(ROOT / "pool" / "invanarpool.toml")


def test_installed_copy_used_when_there() -> None:
    """An installed package (not a checkout) reads its own copy, shipped in the wheel."""
    installed = Path(rekrytera.__file__).parent / "_examples"
    for name in examples.names():
        expected = installed if installed.is_dir() else ROOT
        assert examples.path(name).is_relative_to(expected)


def test_unknown_named() -> None:
    with pytest.raises(UnknownName, match=r"unknown example 'nope'; available: behandlings"):
        examples.path("nope")
