"""The built-in scoring methods, registered through the same hook as any plugin's."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence

import attrs

from .._hookimpl import hookimpl
from .._i18n import N_, Translated
from .._results import MethodResult, MethodScore, ScoringContext
from ..model import Perspective
from ._aggregate import mean, panelist_totals, weighted_mean, weighted_scores
from ._kemeny import EXACT_LIMIT, Consensus, consensus

__all__ = ["Balanced", "Borda", "Kemeny", "Median", "PanelMean"]

#: How each built-in method computes a total, for the memo and ``score``, in
#: English; the catalogue has the plain Swedish. ``{weight}`` is the resident weight and
#: ``{scale}`` the scale the totals lie on.
EXPLANATIONS: dict[str, str] = {
    "balanced": N_(
        "For each competence, the mean of the staff's scores and the mean of the "
        "residents' scores are taken separately. The two are combined by the resident "
        "weight {weight}, then the competences and stages by their weights. The total is "
        "on the rating scale, {scale}."
    ),
    "panel_mean": N_(
        "For each competence, the mean of every panelist's score is taken. Every "
        "panelist counts once, whatever their role, so the resident weight is not used. "
        "Then the competences and stages are weighted. The total is on the rating "
        "scale, {scale}."
    ),
    "median": N_(
        "For each competence, the median of the staff's scores and of the residents' "
        "scores is taken separately, so that one outlying panelist moves it less. The two "
        "are combined by the resident weight {weight}, then the competences and stages "
        "by their weights. The total is on the rating scale, {scale}."
    ),
    "borda": N_(
        "Each panelist's scores give their own order of the eligible candidates. In each "
        "order a candidate gets a share: 1 if first, 0 if last. The shares are averaged "
        "within the staff and within the residents and combined by the resident weight "
        "{weight}. A panelist who rated only some candidates counts for those only. The "
        "total is a share, {scale}, not points on the scale."
    ),
    "kemeny": N_(
        "Each panelist's scores give their own order of the eligible candidates. The "
        "ranking is the order that agrees with the most of the panelists' choices between "
        "two candidates at a time (Kemeny–Young); the staff's and the residents' choices "
        "are weighted by the resident weight {weight}. The total is a position, {scale}: "
        "the highest for the first. When several orders are equally good, the candidates "
        "they disagree on share a place."
    ),
}


def _balanced_combine(
    context: ScoringContext,
) -> Callable[
    [Sequence[tuple[Perspective, float]], Mapping[Perspective, float | None]], float | None
]:
    weights = context.weights

    def combine(
        _: Sequence[tuple[Perspective, float]], by_perspective: Mapping[Perspective, float | None]
    ) -> float | None:
        return weighted_mean((weights[p], v) for p, v in by_perspective.items())

    return combine


@attrs.frozen
class Balanced:
    """The perspective-balanced weighted mean: the default method (a contract)."""

    name: str = "balanced"
    description: str = (
        "Perspective-balanced weighted mean: staff and resident means per competence, "
        "combined by the resident weight, then weighted over competences and stages."
    )
    on_scale: bool = True
    explanation: Mapping[str, str] = attrs.field(
        factory=lambda: Translated(EXPLANATIONS["balanced"])
    )
    #: The options it takes: none (an unknown option is refused).
    options: tuple[str, ...] = ()

    def score(self, context: ScoringContext) -> dict[str, MethodScore]:
        return weighted_scores(context, _balanced_combine(context))


@attrs.frozen
class PanelMean:
    """Every panelist counts once, roles ignored."""

    name: str = "panel_mean"
    description: str = (
        "Plain weighted mean in which every panelist counts once, whatever their role; "
        "the resident weight is not used."
    )
    on_scale: bool = True
    explanation: Mapping[str, str] = attrs.field(
        factory=lambda: Translated(EXPLANATIONS["panel_mean"])
    )
    #: The options it takes: none (an unknown option is refused).
    options: tuple[str, ...] = ()
    uses_resident_weight: bool = False

    def score(self, context: ScoringContext) -> dict[str, MethodScore]:
        def combine(
            scores: Sequence[tuple[Perspective, float]], _: Mapping[Perspective, float | None]
        ) -> float | None:
            return mean([s for _, s in scores])

        return weighted_scores(context, combine)


@attrs.frozen
class Median:
    """Like ``balanced``, with the median in place of the mean within each perspective."""

    name: str = "median"
    description: str = (
        "Like balanced, but each perspective's value on a competence is the median of its "
        "panelists' scores, so one outlying panelist moves it less."
    )
    on_scale: bool = True
    explanation: Mapping[str, str] = attrs.field(factory=lambda: Translated(EXPLANATIONS["median"]))
    #: The options it takes: none (an unknown option is refused).
    options: tuple[str, ...] = ()

    def score(self, context: ScoringContext) -> dict[str, MethodScore]:
        return weighted_scores(context, _balanced_combine(context), center=statistics.median)


def _orders(context: ScoringContext) -> dict[Perspective, list[dict[str, float]]]:
    """Each rating panelist's totals of the eligible candidates, by perspective."""
    by_perspective: dict[Perspective, list[dict[str, float]]] = {p: [] for p in Perspective}
    for panelist, totals in sorted(panelist_totals(context).items()):
        eligible = {c: t for c, t in totals.items() if c in context.eligible}
        if len(eligible) >= 2:
            by_perspective[context.perspective(panelist)].append(eligible)
    return by_perspective


def _borda_shares(orders: list[dict[str, float]]) -> dict[str, float]:
    """Mean Borda share per candidate: 1 if first in every order, 0 if last in every one."""
    shares: dict[str, list[float]] = {}
    for totals in orders:
        m = len(totals)
        for candidate, total in totals.items():
            below = sum(1 for t in totals.values() if round(t, 9) < round(total, 9))
            tied = sum(1 for t in totals.values() if round(t, 9) == round(total, 9)) - 1
            shares.setdefault(candidate, []).append((below + 0.5 * tied) / (m - 1))
    return {c: mean(v) for c, v in shares.items()}


def _ordinal_scores(
    context: ScoringContext,
    per_perspective: Mapping[Perspective, Mapping[str, float]],
    total: Mapping[str, float],
) -> dict[str, MethodScore]:
    return {
        c.id: MethodScore(
            total=total.get(c.id),
            perspectives={p: per_perspective[p].get(c.id) for p in Perspective},
        )
        for c in context.recruitment.candidates
    }


@attrs.frozen
class Borda:
    """Borda count over each panelist's own order, balanced between perspectives."""

    name: str = "borda"
    description: str = (
        "Each panelist's own order of the eligible candidates (by their own totals), "
        "aggregated by Borda count within each perspective, then combined by the "
        "resident weight. Totals are Borda shares from 0 (always last) to 1 (always first)."
    )
    on_scale: bool = False
    explanation: Mapping[str, str] = attrs.field(factory=lambda: Translated(EXPLANATIONS["borda"]))
    #: The options it takes: none (an unknown option is refused).
    options: tuple[str, ...] = ()
    total_range: tuple[float, float] | None = (0.0, 1.0)

    def score(self, context: ScoringContext) -> dict[str, MethodScore]:
        orders = _orders(context)
        shares = {p: _borda_shares(orders[p]) for p in Perspective}
        weights = context.weights
        total = {}
        for candidate in context.eligible:
            value = weighted_mean((weights[p], shares[p].get(candidate)) for p in Perspective)
            if value is not None:
                total[candidate] = value
        return _ordinal_scores(context, shares, total)


def _kemeny(
    candidates: list[str], orders: Iterable[tuple[float, dict[str, float]]]
) -> tuple[dict[str, float], Consensus]:
    """Consensus totals: n − 1 minus the position (0 first), ties sharing the middle place.

    Exact, with the candidates the optimal orders disagree on sharing a place
    (see :func:`~rekrytera.scoring._kemeny.consensus`); independent of how
    candidates are labelled.
    """
    index = {c: i for i, c in enumerate(candidates)}
    n = len(candidates)
    support = [[0.0] * n for _ in range(n)]
    for weight, own in orders:
        rated = [(index[c], round(t, 9)) for c, t in own.items()]
        for a, ta in rated:
            for b, tb in rated:
                if a != b:
                    if ta > tb:
                        support[a][b] += weight
                    elif ta == tb:
                        support[a][b] += weight / 2
    found = consensus(support)
    positions = found.positions()
    return {c: n - 1 - positions[index[c]] for c in candidates}, found


@attrs.frozen
class Kemeny:
    """The exact Kemeny–Young consensus of the panelists' orders."""

    name: str = "kemeny"
    description: str = (
        "The Kemeny–Young consensus: the order of the eligible candidates that agrees "
        "with the most (perspective-weighted) pairwise preferences of the panelists. "
        "Exact; totals are positions (n−1 for first, 0 for last), and candidates the "
        "optimal orders disagree on share a place."
    )
    on_scale: bool = False
    explanation: Mapping[str, str] = attrs.field(factory=lambda: Translated(EXPLANATIONS["kemeny"]))
    #: The options it takes: none (an unknown option is refused).
    options: tuple[str, ...] = ()

    def score(self, context: ScoringContext) -> MethodResult:
        orders = _orders(context)
        weights = context.weights
        approximate: set[str] = set()
        count: int | None = None

        def run(
            weighted: list[tuple[float, dict[str, float]]],
        ) -> tuple[dict[str, float], Consensus | None]:
            ranked = sorted({c for _, totals in weighted for c in totals})
            if not ranked:
                return {}, None
            totals, found = _kemeny(ranked, weighted)
            approximate.update(ranked[i] for i in found.approximate)
            return totals, found

        # Each perspective weighs as much as the resident weight gives it,
        # shared equally among its panelists.
        panel = [
            (weights[p] / len(orders[p]), totals)
            for p in Perspective
            if orders[p] and weights[p] > 0
            for totals in orders[p]
        ]
        total, found = run(panel)
        if found is not None:
            count = found.orders
        per_perspective = {p: run([(1.0, t) for t in orders[p]])[0] for p in Perspective}
        notes: tuple[str, ...] = ()
        if approximate:
            notes = (
                "kemeny: the order of some candidates comes from a local search and is not "
                "proved to be the best (install rekrytera[exact] for an exact solution of "
                f"more than {EXACT_LIMIT} candidates the panel does not separate)",
            )
        scores = _ordinal_scores(context, per_perspective, total)
        for c in approximate & set(total):
            scores[c] = attrs.evolve(scores[c], flags=(*scores[c].flags, "approximate"))
        return MethodResult(
            scores=scores,
            notes=notes,
            total_range=(0.0, float(max(len(total) - 1, 0))),
            orders=count,
        )


BUILTIN_METHODS = (Balanced(), PanelMean(), Median(), Borda(), Kemeny())


@hookimpl
def rekrytera_register_methods() -> Iterable[object]:
    """The library's own scoring methods."""
    return BUILTIN_METHODS
