"""The weighted aggregation behind ``balanced``, ``panel_mean`` and ``median``.

Steps 1–5 of the ``balanced`` contract (see the design brief and
``docs/explanation/scoring.md``): per competence a value per perspective,
combined across perspectives, weighted over the competences of a stage, then
over the stages.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from .._results import CompetenceScore, MethodScore, ScoringContext, StageScore
from ..model import Competence, CompetenceProfile, Perspective, Phase, Rating, Recruitment, Stage

__all__ = ["Combine", "effective_ratings", "panelist_totals", "raters", "weighted_scores"]

#: Combines one competence's scores into a value, given every score with its
#: perspective and the per-perspective values already computed.
Combine = Callable[
    [Sequence[tuple[Perspective, float]], Mapping[Perspective, float | None]], float | None
]

Center = Callable[[Sequence[float]], float]


def effective_ratings(ratings: Iterable[Rating], phase: Phase) -> tuple[Rating, ...]:
    """The ratings that count for *phase*: one per panelist, candidate and stage.

    ``independent``: the independent ratings. ``calibrated``: each panelist's
    calibrated rating where there is one, else their independent rating.
    """
    chosen: dict[tuple[str, str, Stage], Rating] = {}
    for rating in ratings:
        key = (rating.panelist, rating.candidate, rating.stage)
        if rating.phase is Phase.INDEPENDENT:
            chosen.setdefault(key, rating)
        elif phase is Phase.CALIBRATED:
            chosen[key] = rating
    return tuple(chosen.values())


def raters(rec: Recruitment, ratings: Iterable[Rating]) -> dict[str, dict[Perspective, set[str]]]:
    """Who rated each candidate in *ratings* (the ones that count), by perspective."""
    perspectives = {p.id: p.perspective for p in rec.panel}
    found: dict[str, dict[Perspective, set[str]]] = {}
    for r in ratings:
        perspective = perspectives.get(r.panelist)
        if perspective is not None and r.scores:
            found.setdefault(r.candidate, {}).setdefault(perspective, set()).add(r.panelist)
    return found


def mean(values: Sequence[float]) -> float:
    """The arithmetic mean (``math.fsum`` based, so order does not matter)."""
    return statistics.fmean(values)


def weighted_mean(pairs: Iterable[tuple[float, float | None]]) -> float | None:
    """Σ w·v / Σ w over the pairs whose value is not None; None if Σ w is 0."""
    total_weight = 0.0
    total = 0.0
    for weight, value in pairs:
        if value is not None:
            total_weight += weight
            total += weight * value
    if total_weight <= 0:
        return None
    return total / total_weight


# The perspectives in their order, iterated once per item: a tuple, not the enum.
_PERSPECTIVES = tuple(Perspective)


def _assessed(profile: CompetenceProfile) -> dict[Stage, tuple[Competence, ...]]:
    """The competences each stage of *profile* assesses, in order."""
    return {stage: profile.assessed_at(stage) for stage in profile.stages}


def _stage_and_total(
    profile: CompetenceProfile,
    values: Mapping[tuple[Stage, str], float | None],
    assessed: Mapping[Stage, tuple[Competence, ...]] | None = None,
) -> tuple[dict[Stage, float | None], float | None, bool]:
    assessed = assessed or _assessed(profile)
    stage_scores: dict[Stage, float | None] = {}
    incomplete = False
    for stage in profile.stages:
        pairs = [(c.weight, values.get((stage, c.key))) for c in assessed[stage]]
        incomplete = incomplete or any(value is None for _, value in pairs)
        stage_scores[stage] = weighted_mean(pairs)
    total = weighted_mean((profile.stages[s], v) for s, v in stage_scores.items())
    return stage_scores, total, incomplete


def weighted_scores(
    context: ScoringContext, combine: Combine, center: Center = mean
) -> dict[str, MethodScore]:
    """Score every candidate by the weighted aggregation, with a full breakdown.

    :param combine: turns one competence's scores into the candidate's value on it.
    :param center: the per-perspective summary of scores (mean, median, …).
    """
    rec = context.recruitment
    profile = rec.profile
    perspectives = {p.id: p.perspective for p in rec.panel}
    by_item: dict[tuple[str, Stage, str], list[tuple[str, Perspective, float]]] = defaultdict(list)
    for rating in context.ratings:
        panelist, candidate_id, stage_ = rating.panelist, rating.candidate, rating.stage
        perspective = perspectives[panelist]
        assert perspective is not None  # supporters cannot rate: Recruitment checks it
        for key, score in rating.scores.items():
            by_item[candidate_id, stage_, key].append((panelist, perspective, score))

    assessed = _assessed(profile)
    results = {}
    for candidate in rec.candidates:
        values: dict[tuple[Stage, str], float | None] = {}
        per_perspective: dict[Perspective, dict[tuple[Stage, str], float | None]] = {
            p: {} for p in _PERSPECTIVES
        }
        breakdown: dict[Stage, dict[str, CompetenceScore]] = {}
        for stage in profile.stages:
            staged = breakdown[stage] = {}
            for competence in assessed[stage]:
                key = competence.key
                scores = by_item.get((candidate.id, stage, key))
                m: dict[Perspective, float | None]
                if scores:
                    scores.sort()  # by panelist: the lists are this function's own
                    grouped: dict[Perspective, list[float]] = {p: [] for p in _PERSPECTIVES}
                    for _, q, s in scores:
                        grouped[q].append(s)
                    m = {p: center(v) if v else None for p, v in grouped.items()}
                    value = combine([(q, s) for _, q, s in scores], m)
                    listed = [(pid, s) for pid, _, s in scores]
                else:
                    m, value, listed = dict.fromkeys(_PERSPECTIVES), None, []
                values[stage, key] = value
                for p, v in m.items():
                    per_perspective[p][stage, key] = v
                staged[key] = CompetenceScore(value=value, perspectives=m, scores=listed)
        stage_scores, total, incomplete = _stage_and_total(profile, values, assessed)
        persp_stage: dict[Perspective, dict[Stage, float | None]] = {}
        persp_total: dict[Perspective, float | None] = {}
        for p in _PERSPECTIVES:
            persp_stage[p], persp_total[p], _ = _stage_and_total(
                profile, per_perspective[p], assessed
            )
        results[candidate.id] = MethodScore(
            total=total,
            perspectives=persp_total,
            stages={
                stage: StageScore(
                    score=stage_scores[stage],
                    perspectives={p: persp_stage[p][stage] for p in _PERSPECTIVES},
                    competences=breakdown[stage],
                )
                for stage in profile.stages
            },
            incomplete=incomplete,
        )
    return results


def panelist_totals(context: ScoringContext) -> dict[str, dict[str, float]]:
    """Each rating panelist's own total for each candidate they rated.

    The same weighted aggregation as ``balanced``, on one panelist's scores
    alone: ``{panelist: {candidate: total}}``. Candidates a panelist did not
    rate (or rated only on weightless competences) are left out.
    """
    profile = context.recruitment.profile
    values: dict[str, dict[str, dict[tuple[Stage, str], float | None]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for rating in context.ratings:
        for key, score in rating.scores.items():
            values[rating.panelist][rating.candidate][rating.stage, key] = score
    assessed = _assessed(profile)
    totals: dict[str, dict[str, float]] = {}
    for panelist, by_candidate in values.items():
        totals[panelist] = {}
        for candidate, scores in by_candidate.items():
            _, total, _ = _stage_and_total(profile, scores, assessed)
            if total is not None:
                totals[panelist][candidate] = total
    return totals
