"""What scoring produces: data, not text, every number traceable to its ratings.

These types sit below both the plugin system and the scoring engine (a method
plugin returns them, the engine assembles them); :mod:`rekrytera.scoring`
is their public namespace.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

import attrs

from ._declared import MethodFlag
from .model import Perspective, Phase, Rating, Recruitment, Stage
from .model._base import to_tuple

__all__ = [
    "Agreement",
    "CandidateResult",
    "CompetenceScore",
    "Drift",
    "Flag",
    "MethodResult",
    "MethodScore",
    "Remark",
    "Result",
    "ScoringContext",
    "StageScore",
]


class Flag(enum.StrEnum):
    """Built-in flags on a candidate's result. Methods may add flags of their own."""

    #: Another eligible candidate has the same total (compared to 9 decimals).
    TIE = "tie"
    #: The resident and staff totals differ by at least the divergence threshold.
    DIVERGENT = "divergent"
    #: A competence assessed at one of the stages has no score for the candidate.
    INCOMPLETE = "incomplete"
    #: Residents rate in this recruitment but none rated this candidate, so the
    #: total rests on the staff perspective alone.
    RESIDENT_MISSING = "resident_missing"
    #: A perspective's total for the candidate rests on a single panelist.
    SINGLE_RATER = "single_rater"
    #: The method could not prove this candidate's place optimal (it approximated).
    APPROXIMATE = "approximate"
    #: One of this candidate's ratings was left out, because its panelist declared
    #: a conflict of interest (which keeps them out of the whole recruitment).
    CONFLICT_EXCLUDED = "conflict_excluded"


class Remark(enum.StrEnum):
    """Things about the whole result the reader must know (codes; the texts are translated)."""

    #: No resident on the panel rates. The resident weight does not apply, and
    #: every total rests on the staff perspective.
    NO_RESIDENT = "no_resident"
    #: No staff member on the panel rates, so every total rests on the residents.
    NO_STAFF = "no_staff"
    #: Ratings were left out because their panelists declared a conflict of
    #: interest (jäv), which keeps them out of the whole recruitment.
    RECUSED_RATINGS = "recused_ratings"


@attrs.frozen(kw_only=True)
class CompetenceScore:
    """One candidate's value on one competence at one stage, and where it comes from.

    ``scores`` lists every ``(panelist, score)`` that went into it.
    """

    value: float | None
    perspectives: Mapping[Perspective, float | None]
    scores: tuple[tuple[str, float], ...] = attrs.field(default=(), converter=to_tuple)


@attrs.frozen(kw_only=True)
class StageScore:
    """One candidate's score at one stage, with the competences behind it."""

    score: float | None
    perspectives: Mapping[Perspective, float | None]
    competences: Mapping[str, CompetenceScore]


@attrs.frozen(kw_only=True)
class MethodScore:
    """What a scoring method returns for one candidate.

    :param total: the candidate's total; higher is better. ``None`` when the
        candidate cannot be scored (then it gets no rank).
    :param perspectives: the same total computed from one perspective's ratings
        alone, for ``staff`` and ``resident``.
    :param stages: the per-stage and per-competence breakdown, if the method has one.
    :param incomplete: a competence that should have been scored was not.
    :param flags: flags of the method's own, e.g. ``"not_recommended"``
        (declare them in the method's ``flags`` to give them labels).
    :param group: where the candidate is ranked, before its total counts: every
        candidate of group 0 (the default) ranks before every one of group 1,
        and so on, whatever the totals. A method ranks a candidate last
        without faking a total this way; the candidate must carry one of the
        method's flags saying why (``resident_veto``).
    """

    total: float | None
    perspectives: Mapping[Perspective, float | None] = attrs.field(factory=dict)
    stages: Mapping[Stage, StageScore] = attrs.field(factory=dict)
    incomplete: bool = False
    flags: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    group: int = 0


@attrs.frozen(kw_only=True)
class MethodResult:
    """What a scoring method may return instead of a plain mapping of scores.

    :param scores: a :class:`MethodScore` for every candidate, by id.
    :param notes: sentences for the reader of the result, e.g. that the method
        had to approximate.
    :param total_range: the lowest and highest total the method can give in
        this recruitment, for a method whose totals are not on the rating
        scale (``on_scale = False``); charts are drawn on it.
    :param orders: for an order-based method, how many orders of the
        candidates are equally good (``None`` when it does not say).
    """

    scores: Mapping[str, MethodScore]
    notes: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    total_range: tuple[float, float] | None = None
    orders: int | None = None


@attrs.frozen(kw_only=True)
class ScoringContext:
    """Everything a scoring method gets: the recruitment and the options in force.

    ``ratings`` are the ratings that count for the chosen ``phase``: for
    ``independent``, the independent ratings; for ``calibrated``, each
    panelist's calibrated rating where there is one, else their independent
    one. There is at most one per panelist, candidate and stage.
    """

    recruitment: Recruitment
    ratings: tuple[Rating, ...]
    resident_weight: float
    phase: Phase
    eligible: frozenset[str]
    options: Mapping[str, str] = attrs.field(factory=dict)
    #: Whether the caller uses each candidate's breakdown by stage and
    #: competence (``MethodScore.stages``). When False a method may leave it
    #: out; the built-in ones do, and their totals are the same.
    breakdown: bool = True

    def perspective(self, panelist: str) -> Perspective:
        """The perspective a rating panelist rates from."""
        perspective = self.recruitment.panelist(panelist).perspective
        if perspective is None:
            raise ValueError(f"{panelist!r} does not rate")
        return perspective

    @property
    def weights(self) -> dict[Perspective, float]:
        """``{resident: r, staff: 1 - r}``: how much each perspective counts."""
        return {
            Perspective.STAFF: 1.0 - self.resident_weight,
            Perspective.RESIDENT: self.resident_weight,
        }


@attrs.frozen(kw_only=True)
class Drift:
    """How calibrated ratings moved from the independent ones they revise.

    Counted over every (panelist, candidate, stage, competence) that has both:
    ``pairs`` compared, ``changed`` of them different. ``mean_change`` is
    calibrated minus independent over all pairs, so positive means scores rose.
    """

    pairs: int
    mean_change: float | None
    mean_absolute_change: float | None
    by_perspective: Mapping[Perspective, tuple[int, float | None]] = attrs.field(factory=dict)
    changed: int = 0


@attrs.frozen(kw_only=True)
class Agreement:
    """How much the panel agreed.

    :param alpha: Krippendorff's alpha (interval) over the panelists, for
        ``all`` of them and within ``staff`` and ``resident``; ``None`` where
        there is nothing to compare (fewer than two ratings of any item, or no
        variation at all).
    :param kendall_tau_b: Kendall's tau-b between the staff and the resident
        totals of the eligible candidates; ``None`` with fewer than two.
    :param drift: the drift from independent to calibrated ratings, ``None``
        when there are no calibrated ratings.
    :param alpha_basis: what each alpha rests on: (pairable items, the
        panelists who rated them); an item is pairable when two or more
        panelists scored it.
    :param tau_candidates: how many candidates tau-b compares (the eligible ones
        with both a staff and a resident total; tau-b needs two).
    :param alpha_ordinal: Krippendorff's alpha with the ordinal metric, for the
        same sets: only the order of the scores counts, not their distances.
    :param alpha_totals: Krippendorff's alpha (interval) on the panelists' own
        totals: each candidate is one item and each panelist's total for them
        (their scores weighted as ``balanced`` weighs them) one value. It says
        whether the panel agrees on who is stronger overall, where ``alpha``
        says whether it agrees competence by competence.
    :param alpha_totals_basis: what each ``alpha_totals`` rests on: (candidates
        with two or more panelists' totals, the panelists who rated them).
    """

    alpha: Mapping[str, float | None]
    kendall_tau_b: float | None
    drift: Drift | None
    alpha_basis: Mapping[str, tuple[int, int]] = attrs.field(factory=dict)
    tau_candidates: int = 0
    alpha_ordinal: Mapping[str, float | None] = attrs.field(factory=dict)
    alpha_totals: Mapping[str, float | None] = attrs.field(factory=dict)
    alpha_totals_basis: Mapping[str, tuple[int, int]] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class CandidateResult:
    """One candidate's place in the result."""

    id: str
    rank: int | None
    total: float | None
    perspectives: Mapping[Perspective, float | None]
    eligible: bool
    missing_requirements: tuple[str, ...]
    flags: tuple[str, ...]
    stages: Mapping[Stage, StageScore] = attrs.field(factory=dict)
    #: The method's group for the candidate (see :class:`MethodScore`); 0 for most.
    group: int = 0


@attrs.frozen(kw_only=True)
class Result:
    """The outcome of scoring a recruitment.

    ``candidates`` are in rank order; eligible candidates without a total follow
    the ranked ones, and ineligible candidates come last. ``notes`` say anything
    the reader should know about how the result was reached (for example that
    an exact method had to fall back to an approximation); ``remarks`` are the
    same about the panel, as codes (:class:`Remark`). ``explanation`` is the
    method's own account of how a total is computed, by language (``{weight}``
    and ``{scale}`` in it stand for the resident weight and ``total_range``);
    ``total_range`` is the scale the totals lie on.
    """

    method: str
    resident_weight: float
    divergence: float
    phase: Phase
    candidates: tuple[CandidateResult, ...]
    agreement: Agreement
    on_scale: bool = True
    notes: tuple[str, ...] = ()
    remarks: tuple[str, ...] = ()
    explanation: Mapping[str, str] = attrs.field(factory=dict)
    total_range: tuple[float, float] | None = None
    orders: int | None = None
    #: Whether the resident weight shaped the totals (the method uses it, and
    #: both perspectives rate).
    resident_weight_used: bool = True
    #: Installed policies an administrator skipped for this result
    #: (``skip_policies``); shown wherever the result is.
    skipped_policies: tuple[str, ...] = ()
    #: The flags the method declares (:class:`~rekrytera.scoring.MethodFlag`), by name.
    method_flags: Mapping[str, MethodFlag] = attrs.field(factory=dict)

    def flag_label(self, flag: str, lang: str) -> str | None:
        """The label of one of the method's own flags in *lang*, if it declares one."""
        declared = self.method_flags.get(flag)
        return declared.label_in(lang) if declared else None

    def explain(self, lang: str = "sv") -> str:
        """How a total is computed, in *lang* (English when the method has no such text)."""
        text = self.explanation.get(lang) or self.explanation.get("en") or ""

        def num(value: float) -> str:
            shown = f"{value:g}"
            return shown.replace(".", ",") if lang == "sv" else shown

        low, high = self.total_range or (None, None)
        scale = "" if low is None or high is None else f"{num(low)}–{num(high)}"
        return text.replace("{weight}", num(self.resident_weight)).replace("{scale}", scale)

    @property
    def ranking(self) -> tuple[CandidateResult, ...]:
        """The eligible, ranked candidates, best first."""
        return tuple(c for c in self.candidates if c.rank is not None)

    def candidate(self, id: str) -> CandidateResult:
        """The result for candidate *id*; :class:`KeyError` if there is none."""
        for candidate in self.candidates:
            if candidate.id == id:
                return candidate
        raise KeyError(id)

    def to_dict(self, *, breakdown: bool = True) -> dict[str, Any]:
        """The result as JSON-ready data, in the shape ``score --format json`` prints."""

        def persp(values: Mapping[Perspective, float | None]) -> dict[str, float | None]:
            return {p.value: values.get(p) for p in Perspective}

        candidates = []
        for c in self.candidates:
            item: dict[str, Any] = {
                "id": c.id,
                "rank": c.rank,
                "total": c.total,
                "perspectives": persp(c.perspectives),
                "eligible": c.eligible,
                "missing_requirements": list(c.missing_requirements),
                "flags": list(c.flags),
                "group": c.group,
            }
            if breakdown:
                item["stages"] = {
                    stage.value: {
                        "score": s.score,
                        "perspectives": persp(s.perspectives),
                        "competences": {
                            key: {
                                "value": k.value,
                                "perspectives": persp(k.perspectives),
                                "scores": [{"panelist": p, "score": v} for p, v in k.scores],
                            }
                            for key, k in s.competences.items()
                        },
                    }
                    for stage, s in c.stages.items()
                }
            candidates.append(item)
        drift = self.agreement.drift
        return {
            "method": self.method,
            "explanation": dict(self.explanation),
            "scale": None if self.total_range is None else list(self.total_range),
            "orders": self.orders,
            "remarks": list(self.remarks),
            "resident_weight": self.resident_weight,
            "resident_weight_used": self.resident_weight_used,
            "divergence": self.divergence,
            "phase": self.phase.value,
            **({"skipped_policies": list(self.skipped_policies)} if self.skipped_policies else {}),
            "candidates": candidates,
            "method_flags": {
                name: {"label": dict(f.label), "explanation": dict(f.explanation)}
                for name, f in self.method_flags.items()
            },
            "agreement": {
                "krippendorff_alpha": dict(self.agreement.alpha),
                "krippendorff_alpha_ordinal": dict(self.agreement.alpha_ordinal),
                "krippendorff_alpha_basis": {
                    name: {"items": items, "raters": raters}
                    for name, (items, raters) in self.agreement.alpha_basis.items()
                },
                "krippendorff_alpha_totals": dict(self.agreement.alpha_totals),
                "krippendorff_alpha_totals_basis": {
                    name: {"candidates": items, "raters": raters}
                    for name, (items, raters) in self.agreement.alpha_totals_basis.items()
                },
                "kendall_tau_b": self.agreement.kendall_tau_b,
                "kendall_tau_b_candidates": self.agreement.tau_candidates,
                "drift": None
                if drift is None
                else {
                    "pairs": drift.pairs,
                    "changed": drift.changed,
                    "mean_change": drift.mean_change,
                    "mean_absolute_change": drift.mean_absolute_change,
                    "by_perspective": {
                        p.value: {"pairs": n, "mean_change": m}
                        for p, (n, m) in drift.by_perspective.items()
                    },
                },
            },
            "notes": list(self.notes),
        }
