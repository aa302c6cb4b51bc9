"""Residents who take part: their assignment, preparation, fee, and the steps they joined."""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from ._base import FieldError, frozen_mapping, key, keys, to_tuple, weight_problem
from ._people import Identity

__all__ = ["ChecklistItem", "Participation", "PoolResident", "ResidentPool", "Step"]


class Step(enum.StrEnum):
    """The steps of a recruitment a resident can take part in."""

    NEED = "need"
    PROFILE = "profile"
    AD = "ad"
    SCREENING = "screening"
    INTERVIEW = "interview"
    WORK_SAMPLE = "work_sample"
    DECISION = "decision"

    @property
    def label_sv(self) -> str:
        """The Swedish name of the step."""
        return _STEP_SV[self]


_STEP_SV = {
    Step.NEED: "behov av ny medarbetare",
    Step.PROFILE: "kravprofil",
    Step.AD: "platsannons",
    Step.SCREENING: "urval av sökande",
    Step.INTERVIEW: "intervju",
    Step.WORK_SAMPLE: "arbetsprov",
    Step.DECISION: "beslut",
}


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
    ChecklistItem.CONFLICTS_DECLARED: "Jäv deklarerat",
}


def _amount(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    problem = weight_problem(value)
    if problem:
        raise FieldError(attribute.name, problem.replace("weights", "amounts"))


@attrs.frozen(kw_only=True)
class Participation:
    """One resident's part in one recruitment.

    ``checklist`` records which preparation items were done; ``fee`` (arvode)
    and ``expenses`` are in kronor; ``income_support`` notes that the resident
    receives income support (försörjningsstöd), in which case only a share of
    the fee is kept (see :meth:`kept_fee`).
    """

    panelist: str = attrs.field(validator=key)
    steps: tuple[Step, ...] = attrs.field(default=(), converter=to_tuple)
    checklist: Mapping[ChecklistItem, bool] = attrs.field(factory=dict, converter=frozen_mapping)
    fee: float = attrs.field(default=0.0, validator=_amount)
    expenses: float = attrs.field(default=0.0, validator=_amount)
    income_support: bool = False
    supporter: str | None = attrs.field(default=None, validator=attrs.validators.optional(key))
    note: str = ""

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


@attrs.frozen(kw_only=True)
class PoolResident:
    """A resident willing to take part in recruitments, with their lived experience."""

    id: str = attrs.field(validator=key)
    identity: Identity = Identity()
    experience: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=keys)
    available: bool = True
    note: str = ""


@attrs.frozen(kw_only=True)
class ResidentPool:
    """The residents a department can ask to take part: a file of its own."""

    residents: tuple[PoolResident, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        from ..exceptions import Problem
        from ._base import duplicates, raise_problems

        problems: list[Problem] = duplicates("residents", "id", self.residents)
        raise_problems(problems)
