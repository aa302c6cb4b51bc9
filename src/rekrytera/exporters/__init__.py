"""Exporters and the SQLite store.

:func:`export` writes recruitments through a registered exporter, chosen by
name or by the destination's suffix. The built-in exporters (``json``,
``toml``, ``csv``, ``sqlite``) are registered through the same hook as a
plugin's.
"""

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from .._i18n import _, os_error
from .._validate import enforce_policies, skipping
from ..exceptions import PolicyViolation, RekryteraError, lookup
from ..model import Recruitment
from ..plugins import Exporter, PluginError, Registered, Registry, by_suffix, default_registry
from ._sqlite import SCHEMA_VERSION, LoosePermissionsWarning, Store
from ._tables import (
    RATING_COLUMNS,
    RECRUITMENT_COLUMNS,
    RESULT_COLUMNS,
    RatingRow,
    RecruitmentRow,
    ResultRow,
    rating_rows,
    recruitment_rows,
    result_rows,
    structure,
)

__all__ = [
    "RATING_COLUMNS",
    "RECRUITMENT_COLUMNS",
    "RESULT_COLUMNS",
    "SCHEMA_VERSION",
    "LoosePermissionsWarning",
    "RatingRow",
    "RecruitmentRow",
    "ResultRow",
    "Store",
    "choose_exporter",
    "export",
    "rating_rows",
    "recruitment_rows",
    "result_rows",
    "structure",
    "write",
]


def choose_exporter(
    destination: str | os.PathLike[str],
    format: str | None = None,
    *,
    registry: Registry | None = None,
) -> Registered[Exporter]:
    """The exporter named *format*, or the one whose suffix ends the destination's name.

    Suffixes are matched against the end of the whole name, case aside, and
    the longest one that matches wins: ``data.arkiv.txt`` goes to an exporter
    of ``.arkiv.txt`` before one of ``.txt``.

    :raises RekryteraError: for an unknown format or a suffix no exporter claims.
    """
    registry = registry or default_registry()
    exporters = registry.exporters()
    if format is not None:
        return lookup("export format", format, exporters)
    owners = registry.suffix_owners(exporters)
    found = by_suffix(Path(destination).name, owners)
    if found is not None:
        return found
    known = sorted(owners)
    raise RekryteraError(
        _(
            "cannot tell the export format of {destination}: use one of {known} or name a format"
        ).format(destination=destination, known=", ".join(known))
    )


def export(
    recruitments: Recruitment | Sequence[Recruitment],
    destination: str | os.PathLike[str],
    *,
    format: str | None = None,
    registry: Registry | None = None,
    skip_policies: Iterable[str] = (),
) -> None:
    """Write one or more recruitments to *destination*.

    The exporter is *format* if given, else chosen by the destination's suffix
    (``.json``, ``.toml``, ``.csv`` for a directory of tables, ``.sqlite``, or a
    plugin's). File exporters write atomically. Nothing is written when one
    of the recruitments breaks an installed policy.

    :param skip_policies: installed policies an administrator skips for this
        export (see :func:`rekrytera.enforce_policies`).
    :raises RekryteraError: when no exporter fits.
    :raises rekrytera.exceptions.PolicyViolation: when a recruitment breaks an
        installed plugin's policy; its problems are placed under the
        recruitment's id.
    :raises PluginError: when the exporter fails; the message names it.
    """
    recs = [recruitments] if isinstance(recruitments, Recruitment) else list(recruitments)
    registry = registry or default_registry()
    skip = tuple(skip_policies)
    problems = []
    for rec in recs:
        try:
            enforce_policies(rec, skip=skip, registry=registry)
        except PolicyViolation as e:
            problems += [p.under(rec.id) if len(recs) > 1 else p for p in e.problems]
    if problems:
        raise PolicyViolation(problems)
    with skipping(skip):
        write(recs, destination, format=format, registry=registry)


def write(
    recs: Sequence[Recruitment],
    destination: str | os.PathLike[str],
    *,
    format: str | None = None,
    registry: Registry | None = None,
) -> None:
    """:func:`export` without the policy checks: for data the library makes itself (simulate)."""
    import sqlite3  # for its errors; loaded by now if an exporter used it

    registry = registry or default_registry()
    registered = choose_exporter(destination, format, registry=registry)
    try:
        registered.obj.export(recs, Path(destination))
    except RekryteraError:
        raise
    except (OSError, sqlite3.Error) as e:
        reason = os_error(e) if isinstance(e, OSError) else str(e)
        raise RekryteraError(
            _("cannot write {destination}: {reason}").format(destination=destination, reason=reason)
        ) from e
    except Exception as e:
        raise PluginError(
            f"exporter {registered.name!r} ({registry.describe(registered.plugin)}) failed: "
            f"{type(e).__name__}: {e}"
        ) from e
