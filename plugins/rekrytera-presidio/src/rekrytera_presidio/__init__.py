"""Presidio-based free-text scrubbing for rekrytera's pseudonymisation.

Presidio (and what it imports) takes about a second and a hundred MiB to
load, so this module registers the ``presidio`` anonymiser without it; the
recognisers in :mod:`rekrytera_presidio._engine` load the first time a copy
is made. Every rekrytera command therefore starts as fast with this plugin
installed as without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import rekrytera
from rekrytera.plugins import Anonymiser
from rekrytera.privacy import Pseudonymise

__all__ = ["PersonalIdRecognizer", "presidio_scrubber", "recognizers"]


def _scrubber(
    names: Mapping[str, str | None], literals: Iterable[str] = ()
) -> Callable[[str], str]:
    from ._engine import presidio_scrubber

    return presidio_scrubber(names, literals)


def __getattr__(name: str) -> Any:
    """The Presidio parts (``presidio_scrubber``, …), loaded when first asked for."""
    if name in __all__:
        from . import _engine

        return getattr(_engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@rekrytera.hookimpl
def rekrytera_register_anonymisers() -> Iterable[Anonymiser]:
    """Register the ``presidio`` anonymiser."""
    return [
        Pseudonymise(
            name="presidio",
            description=(
                "Like pseudonymise, with free text scrubbed by Presidio pattern recognisers"
            ),
            make_scrubber=_scrubber,
        )
    ]
