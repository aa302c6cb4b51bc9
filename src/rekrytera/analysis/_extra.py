"""Say in one line which packages of the ``analysis`` extra are missing, before anything fails."""

from __future__ import annotations

import importlib


def _missing(*names: str) -> list[str]:
    missing = []
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    return missing


if missing := _missing("numpy", "msgspec"):  # pragma: no cover - a subprocess test hides them
    raise ImportError(
        f"rekrytera.analysis needs {' and '.join(missing)}: pip install 'rekrytera[analysis]'"
    )
