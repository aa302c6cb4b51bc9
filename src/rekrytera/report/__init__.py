"""The decision report for the panel: HTML (with charts) or Markdown, Swedish or English."""

import os
from pathlib import Path
from typing import Any

from .._atomic import atomic_write
from .._i18n import _, language
from ..exceptions import RekryteraError
from ..model import Recruitment
from ..scoring import Result, score
from ._build import Report, build
from ._render import html, markdown

__all__ = ["Report", "build", "html", "markdown", "render", "report"]


def render(
    recruitment: Recruitment,
    *,
    format: str = "html",
    lang: str = "sv",
    names: bool = False,
    result: Result | None = None,
    **score_options: Any,
) -> str:
    """The decision report as text.

    :param format: ``html`` (self-contained, with inline SVG charts) or ``md``.
    :param lang: ``sv`` (default) or ``en``.
    :param names: show candidates' names next to their ids. Personal identity
        numbers and contact details never appear.
    :param result: a result to report; by default ``rekrytera.score(recruitment,
        **score_options)``.
    """
    if lang not in ("sv", "en"):
        raise RekryteraError(_("unknown report language {lang!r}; use sv or en").format(lang=lang))
    if format not in ("html", "md"):
        raise RekryteraError(
            _("unknown report format {format!r}; use html or md").format(format=format)
        )
    with language(lang):
        result = result or score(recruitment, **score_options)
        built = build(recruitment, result, lang=lang, names=names)
        return html(built) if format == "html" else markdown(built)


def report(
    recruitment: Recruitment,
    path: str | os.PathLike[str],
    *,
    lang: str = "sv",
    names: bool = False,
    **score_options: Any,
) -> None:
    """Write the decision report to *path* (``.html`` or ``.md``), atomically."""
    suffix = Path(path).suffix.lower()
    formats = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}
    if suffix not in formats:
        raise RekryteraError(
            _("cannot tell the report format of {path}: use .html or .md").format(path=path)
        )
    text = render(recruitment, format=formats[suffix], lang=lang, names=names, **score_options)
    atomic_write(path, text)
