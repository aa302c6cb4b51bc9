"""Residents who take part, kept in a register of their own.

What a resident has lived through, whether they receive income support and
what they are paid is information about their contact with social services,
covered by secrecy (offentlighets- och sekretesslagen (2009:400) 26 kap. 1 §). It is
therefore not part of a recruitment: the recruitment names a resident
panelist by id only, and the :class:`Register` holds the rest, with access of
its own.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from .._i18n import N_, _
from ..exceptions import Problem
from ._base import (
    FieldError,
    Role,
    Step,
    duplicates,
    frozen_mapping,
    key,
    keys,
    raise_problems,
    to_tuple,
    weight_problem,
)
from ._people import Identity
from ._steps import Evaluation

if TYPE_CHECKING:
    from ._recruitment import Recruitment

__all__ = [
    "ChecklistItem",
    "Evaluation",
    "ExperienceArea",
    "Participation",
    "PoolResident",
    "Register",
    "ResidentPool",
    "Step",
]


class ChecklistItem(enum.StrEnum):
    """What a resident needs before taking part (from the seed documents)."""

    CONTACT = "contact"
    CONDITIONS = "conditions"
    PREPARATION_TIME = "preparation_time"
    DOCUMENTS = "documents"
    INTRODUCTION = "introduction"
    CONFIDENTIALITY = "confidentiality"
    CONFLICTS_DECLARED = "conflicts_declared"

    @property
    def label_sv(self) -> str:
        """The Swedish wording of the item."""
        return _CHECKLIST_SV[self]


_CHECKLIST_SV = {
    ChecklistItem.CONTACT: "Kontakt från rekryterande chef",
    ChecklistItem.CONDITIONS: "Tydliga förutsättningar från rekryterande chef",
    ChecklistItem.PREPARATION_TIME: "Tid att förbereda sig",
    ChecklistItem.DOCUMENTS: "Dokument och texter mottagna",
    ChecklistItem.INTRODUCTION: "Introduktion till rekryteringsprocessen",
    ChecklistItem.CONFIDENTIALITY: "Tystnadsförbindelse undertecknad",
    ChecklistItem.CONFLICTS_DECLARED: "Jäv anmält",
}


def _amount(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    problem = weight_problem(value, amount=True)
    if problem:
        raise FieldError(attribute.name, problem)


@attrs.frozen(kw_only=True)
class Participation:
    """One resident's part in one recruitment, kept in the :class:`Register`.

    ``recruitment`` and ``panelist`` say where: the recruitment's id and the
    resident's panelist id in it. ``resident`` is their id among the
    register's ``residents``, if they come from it. ``experience`` names the
    areas of lived experience they bring to this recruitment (for example
    ``barn-unga``). ``checklist`` records which preparation items were done;
    ``fee`` (arvode) and ``expenses`` are in kronor; ``income_support`` notes
    that the resident receives income support (försörjningsstöd), in which
    case only a share of the fee is kept (see :meth:`kept_fee`).

    ``date`` is when they took part (matching rotates by it); ``prepared_on``
    when the ``supporter`` prepared with them. Before a recruitment a resident
    declares, yes or no, a ``conflict`` of interest with an applicant and a
    ``current_relation`` to the unit (they receive its support now): a yes
    keeps them out, and the reasons are never recorded. ``evaluation`` holds
    their answers to the evaluation form afterwards.
    """

    recruitment: str = attrs.field(validator=key)
    panelist: str = attrs.field(validator=key)
    resident: str | None = attrs.field(default=None, validator=attrs.validators.optional(key))
    experience: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=keys)
    steps: tuple[Step, ...] = attrs.field(default=(), converter=to_tuple)
    checklist: Mapping[ChecklistItem, bool] = attrs.field(factory=dict, converter=frozen_mapping)
    fee: float = attrs.field(default=0.0, validator=_amount)
    expenses: float = attrs.field(default=0.0, validator=_amount)
    income_support: bool = False
    supporter: str | None = attrs.field(default=None, validator=attrs.validators.optional(key))
    note: str = ""
    date: dt.date | None = None
    prepared_on: dt.date | None = None
    conflict: bool | None = None
    current_relation: bool | None = None
    evaluation: Evaluation | None = None

    @property
    def declared_out(self) -> bool:
        """Whether the resident declared a conflict or a current relation to the unit."""
        return bool(self.conflict or self.current_relation)

    def kept_fee(self, share_on_income_support: float = 0.25) -> float:
        """What the resident keeps of the fee.

        The seed documents (Helsingborg, 2017) say a resident on income support
        keeps 25 % of a fee; pass the share in force where you are.
        """
        return self.fee * share_on_income_support if self.income_support else self.fee

    @property
    def prepared(self) -> bool:
        """Whether every checklist item is done."""
        return all(self.checklist.get(item, False) for item in ChecklistItem)


_optional_key = attrs.validators.optional(key)


@attrs.frozen(kw_only=True)
class ExperienceArea:
    """An area of lived experience, from a fixed vocabulary a catalogue can extend.

    ``parent`` is the wider area it belongs to (``missbruk`` to ``vuxen``);
    matching counts areas under the same top area as related.
    """

    key: str = attrs.field(validator=key)
    label: str
    parent: str | None = attrs.field(default=None, validator=_optional_key)


@attrs.frozen(kw_only=True)
class PoolResident:
    """A resident willing to take part in recruitments, with their lived experience."""

    id: str = attrs.field(validator=key)
    identity: Identity = Identity()
    experience: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=keys)
    available: bool = True
    note: str = ""


@attrs.frozen(kw_only=True)
class Register:
    """The participation register: residents' own data, a file (or store tables) of its own.

    ``residents`` is the pool a department can ask to take part;
    ``participation`` holds one record per resident per recruitment. Nothing
    here is part of a recruitment, so nothing here reaches a recruitment's
    exports, reports, anonymised copies or the panel's staff pages.
    """

    residents: tuple[PoolResident, ...] = attrs.field(default=(), converter=to_tuple)
    participation: tuple[Participation, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = duplicates("residents", "id", self.residents)
        known = {r.id for r in self.residents}
        seen: set[tuple[str, str]] = set()
        for i, part in enumerate(self.participation):
            where = (part.recruitment, part.panelist)
            if where in seen:
                problems.append(
                    Problem(
                        f"participation[{i}].panelist",
                        _("{panelist!r} has two records for {recruitment!r}").format(
                            panelist=part.panelist, recruitment=part.recruitment
                        ),
                    )
                )
            seen.add(where)
            # A register of records only (one recruitment's, say) names pool
            # residents it does not hold; with a pool, the names must resolve.
            if part.resident is not None and known and part.resident not in known:
                problems.append(
                    Problem(
                        f"participation[{i}].resident",
                        _("unknown resident {id!r} (not among residents)").format(id=part.resident),
                    )
                )
        raise_problems(problems)

    def of(self, recruitment: str) -> tuple[Participation, ...]:
        """The records of one recruitment, by its id."""
        return tuple(p for p in self.participation if p.recruitment == recruitment)

    def problems(self, rec: Recruitment) -> list[Problem]:
        """What does not fit *rec* in its records: unknown panelists, wrong roles."""
        panel = {p.id: p for p in rec.panel}
        need = {
            "panelist": (
                Role.RESIDENT,
                N_("{who!r} is a {role} in {recruitment}; participation records are for residents"),
            ),
            "supporter": (
                Role.SUPPORTER,
                N_("{who!r} is a {role} in {recruitment}, not a supporter"),
            ),
        }
        found = []
        for i, part in enumerate(self.participation):
            if part.recruitment != rec.id:
                continue
            for field, (role, because) in need.items():
                who = getattr(part, field)
                if who is None:
                    continue
                path = f"participation[{i}].{field}"
                panelist = panel.get(who)
                if panelist is None:
                    found.append(
                        Problem(
                            path,
                            _("{recruitment} has no panelist {who!r}").format(
                                recruitment=rec.id, who=who
                            ),
                        )
                    )
                elif panelist.role is not role:
                    message = _(because).format(
                        who=who, role=panelist.role.label, recruitment=rec.id
                    )
                    found.append(Problem(path, message))
        return found

    def replace(self, records: tuple[Participation, ...] | list[Participation]) -> Register:
        """A copy with *records* in place of any earlier ones for the same resident."""
        new = {(r.recruitment, r.panelist) for r in records}
        kept = [p for p in self.participation if (p.recruitment, p.panelist) not in new]
        return attrs.evolve(self, participation=[*kept, *records])


#: The register's earlier name, from when it held the pool only.
ResidentPool = Register
