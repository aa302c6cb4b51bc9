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
from math import fsum

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


def _by_item(
    context: ScoringContext,
) -> dict[tuple[str, Stage], dict[str, list[tuple[str, float]]]]:
    """Every counted score, by candidate and stage, then competence: (panelist, score)."""
    found: dict[tuple[str, Stage], dict[str, list[tuple[str, float]]]] = {}
    for rating in context.ratings:
        items = found.get((rating.candidate, rating.stage))
        if items is None:
            items = found[rating.candidate, rating.stage] = {}
        panelist = rating.panelist
        for key, score in rating.scores.items():
            scores = items.get(key)
            if scores is None:
                items[key] = [(panelist, score)]
            else:
                scores.append((panelist, score))
    return found


def weighted_scores(
    context: ScoringContext, combine: Combine, center: Center = mean
) -> dict[str, MethodScore]:
    """Score every candidate by the weighted aggregation, with a full breakdown.

    :param combine: turns one competence's scores into the candidate's value on it.
    :param center: the per-perspective summary of scores (mean, median, …).
    """
    rec = context.recruitment
    profile = rec.profile
    # Supporters have no perspective and cannot rate (Recruitment checks it).
    perspectives = {p.id: p.perspective for p in rec.panel if p.perspective is not None}
    by_item = _by_item(context)
    assessed = _assessed(profile)
    nothing: dict[str, list[tuple[str, float]]] = {}
    keep = context.breakdown
    results = {}
    # Steps 1–4 per stage in one pass over its competences. The sums are the
    # ones weighted_mean takes, in the same order, so the figures are the same
    # to the last bit as _stage_and_total's (tests/test_scoring.py holds them to it).
    for candidate in rec.candidates:
        incomplete = False
        stage_scores: dict[Stage, float | None] = {}
        persp_stage: dict[Perspective, dict[Stage, float | None]] = {p: {} for p in _PERSPECTIVES}
        breakdown: dict[Stage, dict[str, CompetenceScore]] = {}
        for stage in profile.stages:
            items = by_item.get((candidate.id, stage), nothing)
            staged: dict[str, CompetenceScore] = {}
            weight_sum = value_sum = 0.0
            weight_sums = dict.fromkeys(_PERSPECTIVES, 0.0)
            value_sums = dict.fromkeys(_PERSPECTIVES, 0.0)
            for competence in assessed[stage]:
                listed = items.get(competence.key)
                m: dict[Perspective, float | None] = {}
                if listed:
                    listed.sort()  # by panelist: the lists are this function's own
                    for p in _PERSPECTIVES:
                        own = [s for pid, s in listed if perspectives[pid] is p]
                        if not own:
                            m[p] = None
                        elif center is mean:  # fmean's arithmetic, without its checks
                            m[p] = fsum(own) / len(own)
                        else:
                            m[p] = center(own)
                    value = combine([(perspectives[pid], s) for pid, s in listed], m)
                else:
                    m, value, listed = dict.fromkeys(_PERSPECTIVES), None, []
                weight = competence.weight
                if value is None:
                    incomplete = True
                else:
                    weight_sum += weight
                    value_sum += weight * value
                for p, v in m.items():
                    if v is not None:
                        weight_sums[p] += weight
                        value_sums[p] += weight * v
                if keep:
                    staged[competence.key] = CompetenceScore(
                        value=value, perspectives=m, scores=listed
                    )
            breakdown[stage] = staged
            stage_scores[stage] = value_sum / weight_sum if weight_sum > 0 else None
            for p in _PERSPECTIVES:
                w = weight_sums[p]
                persp_stage[p][stage] = value_sums[p] / w if w > 0 else None
        stage_weights = profile.stages
        results[candidate.id] = MethodScore(
            total=weighted_mean((stage_weights[s], v) for s, v in stage_scores.items()),
            perspectives={
                p: weighted_mean((stage_weights[s], v) for s, v in persp_stage[p].items())
                for p in _PERSPECTIVES
            },
            stages={
                stage: StageScore(
                    score=stage_scores[stage],
                    perspectives={p: persp_stage[p][stage] for p in _PERSPECTIVES},
                    competences=breakdown[stage],
                )
                for stage in profile.stages
            }
            if keep
            else {},
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
