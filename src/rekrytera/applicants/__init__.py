"""Step 4: applicants brought in from a file, and screened against the must-haves.

>>> from rekrytera import examples
>>> from rekrytera.applicants import screen
>>> rec = examples.load("socialsekreterare-barn-unga")
>>> rec = screen(rec, "k4", "socionomexamen", met=False, by="hr",
...              reason="Examen från Norge, inget bevis om behörighet ännu.", blind=True)
>>> rec.screening[-1].met, "socionomexamen" in rec.candidate("k4").meets
(False, False)

Importers are plugins (:func:`~rekrytera.hookspecs.rekrytera_register_importers`):
the built-in one reads CSV (:class:`CsvImporter`); a municipality's
applicant-tracking export (Varbi, ReachMee, Visma Recruit) can be another.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from .._i18n import _, os_error
from ..exceptions import InvalidRecruitment, Problem, RekryteraError, lookup
from ..model import Candidate, Recruitment, Screening
from ._csv import FIELDS, HEADINGS, CsvImporter, row_place

if TYPE_CHECKING:
    from ..plugins import Importer, Registry

__all__ = [
    "FIELDS",
    "HEADINGS",
    "CsvImporter",
    "add_applicants",
    "import_applicants",
    "read_applicants",
    "row_place",
    "screen",
]


def _importer(source: Path, name: str | None, registry: Registry | None) -> Importer:
    from ..plugins import by_suffix, default_registry

    importers = (registry or default_registry()).importers()
    if name is not None:
        return lookup("importer", name, importers).obj
    owners: dict[str, Importer] = {}
    for registered in importers.values():
        for suffix in registered.obj.suffixes:
            owners.setdefault(suffix.lower(), registered.obj)
    found = by_suffix(source.name, owners)
    if found is None:
        raise RekryteraError(
            _("no importer reads {name}; choose one with --importer ({names})").format(
                name=source.name, names=", ".join(importers)
            )
        )
    return found


def read_applicants(
    source: str | os.PathLike[str],
    recruitment: Recruitment,
    *,
    importer: str | None = None,
    mapping: Mapping[str, str] | None = None,
    registry: Registry | None = None,
) -> list[Candidate]:
    """The applicants in *source*, read by *importer* (by default: by its suffix).

    :param mapping: column → field, as ``--map`` gives it (see :class:`CsvImporter`).
    :raises InvalidRecruitment: listing every problem, each with its row and column.
    :raises RekryteraError: if the file cannot be read or no importer reads it.
    """
    path = Path(source)
    chosen = _importer(path, importer, registry)
    try:
        found = list(chosen.read(path, recruitment, dict(mapping or {})))
    except OSError as e:
        raise RekryteraError(
            _("cannot read {path}: {error}").format(path=path, error=os_error(e))
        ) from None
    bad = [c for c in found if not isinstance(c, Candidate)]
    if bad:
        raise RekryteraError(
            _("importer {name!r} returned {value!r}, not a Candidate").format(
                name=chosen.name, value=type(bad[0]).__name__
            )
        )
    return found


def add_applicants(recruitment: Recruitment, applicants: Sequence[Candidate]) -> Recruitment:
    """*recruitment* with *applicants* added as candidates, after those it has.

    :raises InvalidRecruitment: if an applicant's id is taken, or any other rule
        breaks; then nothing is added.
    """
    taken = {c.id for c in recruitment.candidates}
    problems = [
        Problem(
            f"applicants[{i}].id",
            _("{id!r} is already a candidate of the recruitment").format(id=c.id),
        )
        for i, c in enumerate(applicants)
        if c.id in taken
    ]
    if problems:
        raise InvalidRecruitment(problems)
    return attrs.evolve(recruitment, candidates=[*recruitment.candidates, *applicants])


def import_applicants(
    source: str | os.PathLike[str],
    recruitment: Recruitment,
    *,
    importer: str | None = None,
    mapping: Mapping[str, str] | None = None,
    registry: Registry | None = None,
) -> Recruitment:
    """:func:`read_applicants`, then :func:`add_applicants`: all of them or none."""
    found = read_applicants(
        source, recruitment, importer=importer, mapping=mapping, registry=registry
    )
    return add_applicants(recruitment, found)


def screen(
    recruitment: Recruitment,
    candidate: str,
    requirement: str,
    *,
    met: bool,
    by: str,
    reason: str = "",
    blind: bool = False,
    date: dt.date | None = None,
) -> Recruitment:
    """*recruitment* with the finding that *candidate* meets *requirement* or not.

    Replaces an earlier finding for the same candidate and requirement, and
    keeps the candidate's ``meets`` in step with it.

    :raises InvalidRecruitment: if the candidate, the requirement or the
        panelist *by* does not exist.
    """
    record = Screening(
        candidate=candidate,
        requirement=requirement,
        met=met,
        by=by,
        reason=reason,
        blind=blind,
        date=date,
    )
    kept = [
        s for s in recruitment.screening if (s.candidate, s.requirement) != (candidate, requirement)
    ]

    def updated(c: Candidate) -> Candidate:
        if c.id != candidate:
            return c
        meets = [k for k in c.meets if k != requirement]
        return attrs.evolve(c, meets=[*meets, requirement] if met else meets)

    return attrs.evolve(
        recruitment,
        candidates=[updated(c) for c in recruitment.candidates],
        screening=[*kept, record],
    )
