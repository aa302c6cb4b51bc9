"""Sphinx configuration for the rekrytera documentation."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from rekrytera import __version__  # noqa: E402

project = "rekrytera"
author = "The rekrytera developers"
copyright = "2026, The rekrytera developers"
release = __version__
version = ".".join(__version__.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
myst_enable_extensions = ["colon_fence", "deflist", "dollarmath"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]

html_theme = "furo"
html_title = f"rekrytera {release}"

autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": False}

nitpicky = True
# No network here or in CI, so no intersphinx: references to the standard
# library and to attrs/cattrs types stay unresolved on purpose.
nitpick_ignore_regex = [
    (
        "py:class",
        r"(datetime|pathlib|os|re|collections\.abc|typing|enum|hypothesis|attrs|attr|cattrs|pluggy"
        r"|numpy|np|pandas|pyarrow|sqlite3|starlette)\..*",
    ),
    (
        "py:class",
        r"(ClassVar|Path|PathLike|Any|Format|Problem|DrawFn|SearchStrategy|Converter|Callable"
        r"|Progress|Rows|Mapping|Sequence|IO)(\[.*)?",
    ),
    ("py:obj", r"(datetime|typing|pathlib)\..*"),
    ("py:class", r"(int|str|float|bool|None|tuple|dict|list|bytes|object|type)"),
    ("py:exc", r"(KeyError|ValueError)"),
    ("py:(class|obj)", r"rekrytera\.(plugins|exceptions)\.T"),
]

doctest_global_setup = f"import os; os.chdir({str(ROOT)!r})"
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("REKRYTERA_DOCS", "1")
