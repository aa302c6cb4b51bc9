"""Support for residents who take part: the register, matching, and participation summaries.

Residents' own data — their lived experience, fees, whether they receive
income support — lives in a participation register (:class:`~rekrytera.model.Register`), a
file of its own, never in the recruitment. :func:`load_register` reads one
(and reads the residents' data out of a recruitment file written before 0.2).

A municipality follows up resident participation with a few measures: in
how many steps residents took part, whether they were prepared as the
preparation checklist says, what they were paid, and how often the
residents' top candidate was the one hired. :func:`summarise` gives them
for one recruitment and :func:`summarise_all` across many.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping

import attrs

from ._i18n import _
from .catalogue import top_area
from .exceptions import InvalidRecruitment, Problem
from .io import (
    Format,
    atomic_write,
    load_split,
    read_tree,
    split_tree,
    structure_tree,
    to_tree,
    tree_text,
)
from .model import (
    ChecklistItem,
    ExperienceArea,
    Participation,
    Perspective,
    PoolResident,
    Recruitment,
    Register,
    Role,
    Step,
    recused,
)
from .scoring import Result, score

__all__ = [
    "INCOME_SUPPORT_SHARE",
    "Match",
    "RecruitmentSummary",
    "Summary",
    "check",
    "declared_out",
    "dump_register",
    "load_pool",
    "load_register",
    "load_with_register",
    "match",
    "merge",
    "summarise",
    "summarise_all",
    "unknown_areas",
]

#: The share of a fee a resident on income support keeps, per the seed
#: documents (Helsingborg, 2017). Pass the share in force where you are.
INCOME_SUPPORT_SHARE = 0.25


def load_register(path: str | os.PathLike[str]) -> Register:
    """Load a participation register (``schema = 1``, ``[[residents]]``, ``[[participation]]``).

    Given a recruitment file in the layout before 0.2, returns the residents'
    data that file holds (its ``[[participation]]`` and the panelists'
    ``experience``), each record with the recruitment's id.

    :raises rekrytera.exceptions.InvalidRecruitment: listing every problem, with paths.
    """
    tree = read_tree(path)
    if isinstance(tree, Mapping) and "recruitment" in tree:
        _, moved = split_tree(tree)
        tree = moved or {"schema": tree.get("schema")}
    return structure_tree(tree, Register)


def dump_register(register: Register, path: str | os.PathLike[str]) -> None:
    """Write *register* to *path* (TOML, or JSON for a ``.json`` suffix), atomically, owner-only."""
    format: Format = "json" if str(path).lower().endswith(".json") else "toml"
    atomic_write(path, tree_text(to_tree(register), format))


def merge(registers: Iterable[Register]) -> Register:
    """One register from several: residents by id and records by place, the first one kept."""
    residents: dict[str, PoolResident] = {}
    records: dict[tuple[str, str], Participation] = {}
    for register in registers:
        for resident in register.residents:
            residents.setdefault(resident.id, resident)
        for record in register.participation:
            records.setdefault((record.recruitment, record.panelist), record)
    return Register(residents=list(residents.values()), participation=list(records.values()))


def load_with_register(path: str | os.PathLike[str]) -> tuple[Recruitment, Register]:
    """A recruitment file, read once, and the residents' data it still holds.

    The register is empty unless the file was written before 0.2 (then it
    holds that file's ``[[participation]]`` and the panelists' ``experience``,
    and loading warns as :func:`rekrytera.load` does).

    :raises rekrytera.exceptions.InvalidRecruitment: listing every problem, with paths.
    """
    rec, moved = load_split(path)
    return rec, Register() if moved is None else structure_tree(moved, Register)


#: The earlier name of :func:`load_register`, from when the file held the pool only.
load_pool = load_register


def check(register: Register, recruitments: Iterable[Recruitment]) -> list[Problem]:
    """What in *register* does not fit the *recruitments* it names (others are skipped)."""
    return [p for rec in recruitments for p in register.problems(rec)]


def _records(register: Register | None, rec: Recruitment) -> tuple[Participation, ...]:
    if register is None:
        return ()
    problems = register.problems(rec)
    if problems:
        raise InvalidRecruitment(problems)
    return register.of(rec.id)


@attrs.frozen
class Match:
    """A resident from the pool, why they fit the recruitment, and when they last took part.

    ``last`` is the latest ``date`` of their participation records (``None``
    if none is dated); ``times`` how many other recruitments they took part in
    (a record with steps, and no declared conflict or relation).
    """

    resident: PoolResident
    relevance: int
    reasons: tuple[str, ...]
    last: dt.date | None = None
    times: int = 0


def _related(experience: str, area: str, areas: Mapping[str, ExperienceArea] | None) -> bool:
    if areas and experience in areas and area in areas:
        return top_area(experience, areas) == top_area(area, areas)
    return experience in area or area in experience  # outside the vocabulary


def unknown_areas(register: Register, areas: Mapping[str, ExperienceArea]) -> list[Problem]:
    """Areas of experience in *register* that are not in the vocabulary *areas*.

    Free words make matching guess; a key from the vocabulary
    (:func:`rekrytera.catalogue.experience_areas`) does not. Add an area your
    municipality needs with a catalogue plugin.
    """
    found = []
    known = ", ".join(areas)
    places: list[tuple[str, tuple[str, ...]]] = [
        (f"residents[{i}]", r.experience) for i, r in enumerate(register.residents)
    ]
    places += [(f"participation[{i}]", p.experience) for i, p in enumerate(register.participation)]
    for where, experiences in places:
        for j, experience in enumerate(experiences):
            if experience not in areas:
                found.append(
                    Problem(
                        f"{where}.experience[{j}]",
                        _("{area!r} is not an area of experience ({known})").format(
                            area=experience, known=known
                        ),
                    )
                )
    return found


def declared_out(pool: Register, recruitment: Recruitment) -> list[str]:
    """The residents of the pool who declared, for *recruitment*, a conflict of interest
    or a current relation to the unit: they are not asked (the reason is never recorded)."""
    return [
        p.resident for p in pool.of(recruitment.id) if p.resident is not None and p.declared_out
    ]


def match(
    pool: Register,
    recruitment: Recruitment,
    *,
    n: int = 3,
    areas: Mapping[str, ExperienceArea] | None = None,
) -> list[Match]:
    """The available residents most relevant to *recruitment*, best first, taking turns.

    Relevance is 2 for lived experience of the recruitment's area itself
    (``barn-unga`` for ``barn-unga``), 1 for a related area (under the same
    top area of the vocabulary *areas*, e.g. ``familjehem`` and ``barn-unga``;
    for keys outside it, one containing the other), 0 otherwise. Among equally
    relevant residents, those who took part least recently come first (never
    before longest ago), then those who took part fewest times: the pool
    rotates. Left out: residents not available, and those who declared a
    conflict or a current relation to the unit for this recruitment
    (:func:`declared_out`). Ties keep the pool's order.
    """
    area = recruitment.info.area
    out = set(declared_out(pool, recruitment))
    history: dict[str, list[Participation]] = {}
    for record in pool.participation:
        took_part = record.steps and not record.declared_out
        if record.resident is not None and record.recruitment != recruitment.id and took_part:
            history.setdefault(record.resident, []).append(record)
    found = []
    for resident in pool.residents:
        if not resident.available or resident.id in out:
            continue
        relevance, reasons = 0, []
        for experience in resident.experience:
            if area and experience == area:
                relevance = max(relevance, 2)
                reasons.append(_("experience of {experience}").format(experience=experience))
            elif area and _related(experience, area, areas):
                relevance = max(relevance, 1)
                reasons.append(_("related experience: {experience}").format(experience=experience))
        records = history.get(resident.id, [])
        dates = [r.date for r in records if r.date is not None]
        found.append(
            Match(resident, relevance, tuple(reasons), max(dates, default=None), len(records))
        )
    found.sort(key=lambda m: (-m.relevance, m.last or dt.date.min, m.times))
    return found[:n]


@attrs.frozen(kw_only=True)
class RecruitmentSummary:
    """How residents took part in one recruitment."""

    recruitment: str
    residents: int
    steps: tuple[Step, ...]
    steps_per_resident: dict[str, tuple[Step, ...]]
    prepared: int
    checklist_done: float | None
    fees: float
    kept: float
    residents_top: tuple[str, ...]
    staff_top: tuple[str, ...]
    hired: tuple[str, ...]

    @property
    def top_hired(self) -> bool | None:
        """Whether the residents' top candidate was hired; None when unknown."""
        if not self.residents_top or not self.hired:
            return None
        return bool(set(self.residents_top) & set(self.hired))

    @property
    def top_agrees(self) -> bool | None:
        """Whether the residents' and the staff's top candidates coincide."""
        if not self.residents_top or not self.staff_top:
            return None
        return bool(set(self.residents_top) & set(self.staff_top))


def _tops(result: Result, perspective: Perspective) -> tuple[str, ...]:
    values = {
        c.id: round(v, 9)
        for c in result.candidates
        if c.eligible and (v := c.perspectives.get(perspective)) is not None
    }
    if not values:
        return ()
    best = max(values.values())
    return tuple(sorted(c for c, v in values.items() if v == best))


def summarise(
    recruitment: Recruitment,
    register: Register | None = None,
    *,
    result: Result | None = None,
    income_support_share: float = INCOME_SUPPORT_SHARE,
) -> RecruitmentSummary:
    """The participation measures of one recruitment, its residents' records from *register*.

    The residents' (and the staff's) top candidate is the eligible candidate
    with the highest resident (staff) total under the ``balanced`` method;
    when several share it, all count. Without a register, the measures that
    need one (steps, preparation, fees) are empty. A resident a declared
    conflict of interest keeps out of the recruitment is not counted: they
    took no part.

    :raises rekrytera.exceptions.InvalidRecruitment: if the register's records
        for this recruitment name panelists it does not have.
    """
    result = result or score(recruitment)
    barred = recused(recruitment)
    residents = [p for p in recruitment.panel if p.role is Role.RESIDENT and p.id not in barred]
    records = {r.panelist: r for r in _records(register, recruitment) if r.panelist not in barred}
    steps_per = {p.id: records[p.id].steps if p.id in records else () for p in residents}
    union = tuple(s for s in Step if any(s in steps for steps in steps_per.values()))
    items = [
        records[p.id].checklist.get(item, False)
        for p in residents
        if p.id in records
        for item in ChecklistItem
    ]
    return RecruitmentSummary(
        recruitment=recruitment.id,
        residents=len(residents),
        steps=union,
        steps_per_resident=steps_per,
        prepared=sum(1 for r in records.values() if r.prepared),
        checklist_done=sum(items) / len(items) if items else None,
        fees=sum(r.fee for r in records.values()),
        kept=sum(r.kept_fee(income_support_share) for r in records.values()),
        residents_top=_tops(result, Perspective.RESIDENT),
        staff_top=_tops(result, Perspective.STAFF),
        hired=recruitment.decision.hired if recruitment.decision else (),
    )


@attrs.frozen(kw_only=True)
class Summary:
    """Participation across recruitments: the measures a municipality follows up."""

    recruitments: int
    with_residents: int
    mean_steps: float | None
    share_prepared: float | None
    top_hired: tuple[int, int]
    top_agrees: tuple[int, int]
    per_recruitment: tuple[RecruitmentSummary, ...]


def summarise_all(recruitments: Iterable[Recruitment], register: Register | None = None) -> Summary:
    """Participation across *recruitments*, their residents' records from *register*.

    ``top_hired`` and ``top_agrees`` are ``(yes, known)`` counts: of the
    recruitments where it can be told, in how many the residents' top
    candidate was hired / was also the staff's top candidate.
    """
    each = tuple(summarise(rec, register) for rec in recruitments)
    with_residents = [s for s in each if s.residents]
    records = sum(s.residents for s in with_residents)
    hired = [s.top_hired for s in each if s.top_hired is not None]
    agrees = [s.top_agrees for s in each if s.top_agrees is not None]
    return Summary(
        recruitments=len(each),
        with_residents=len(with_residents),
        mean_steps=(
            sum(len(s.steps) for s in with_residents) / len(with_residents)
            if with_residents
            else None
        ),
        share_prepared=sum(s.prepared for s in with_residents) / records if records else None,
        top_hired=(sum(hired), len(hired)),
        top_agrees=(sum(agrees), len(agrees)),
        per_recruitment=each,
    )
