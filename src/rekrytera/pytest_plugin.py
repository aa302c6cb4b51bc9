"""Fixtures for testing rekrytera plugins, loaded by pytest wherever rekrytera is installed.

rekrytera declares this module in the ``pytest11`` entry-point group, so a
plugin's test suite has these fixtures without importing anything:

``rekrytera_registry``
    A registry of its own with the built-in methods, anonymiser, exporters
    and catalogue and no installed plugin: register the plugin under test
    on ``rekrytera_registry.plugin_manager`` and pass the registry to
    :func:`rekrytera.score`, :func:`rekrytera.export`, … Nothing leaks into
    other tests.
``rekrytera_example``
    The bundled example recruitment (a social secretary in child and youth
    care, with residents on the panel): see :mod:`rekrytera.examples`.

and :func:`loaded_with`, to check that a plugin leaves its heavy libraries
until it needs them.

Importing this module imports nothing else of rekrytera, so that it costs
nothing in test suites that never use it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from rekrytera.model import Recruitment
    from rekrytera.plugins import Registry

__all__ = ["loaded_with", "rekrytera_example", "rekrytera_registry"]


@pytest.fixture
def rekrytera_registry() -> Registry:
    """A registry with the built-ins only, for one test."""
    from rekrytera.plugins import get_registry

    return get_registry(load_entry_points=False)


@pytest.fixture
def rekrytera_example() -> Recruitment:
    """The bundled example recruitment ``socialsekreterare-barn-unga``."""
    from rekrytera import examples

    return examples.load("socialsekreterare-barn-unga")


def loaded_with(plugin: str) -> frozenset[str]:
    """The top-level packages that loading the plugin module *plugin* imports.

    Every rekrytera command loads every installed plugin, so a plugin should
    import its heavy libraries where it uses them, not when it is loaded.
    This imports rekrytera, builds the registry and imports *plugin* in a
    fresh interpreter, and returns what came with it:

    >>> from rekrytera.pytest_plugin import loaded_with
    >>> "pyarrow" in loaded_with("rekrytera.exporters._builtin")
    False
    """
    import subprocess
    import sys

    code = (
        "import sys, rekrytera.plugins as p; p.get_registry(); before = set(sys.modules); "
        f"import {plugin}; "
        "print(*sorted({m.split('.')[0] for m in set(sys.modules) - before}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return frozenset(out.split())
