"""Vectorised ``balanced`` scoring and agreement statistics over a whole Dataset.

Every function works on all recruitments (or all groups of them) at once with
``numpy.bincount`` over integer codes, and gives the values that
``rekrytera.score`` and ``rekrytera.scoring`` give one recruitment at a time
(the tests hold them to 1e-9).
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs
import numpy as np

from ..model import Phase
from ._dataset import Dataset
from ._items import item_stats

__all__ = [
    "ICC_FORMS",
    "Totals",
    "alpha_by_group",
    "balanced",
    "drift_by_recruitment",
    "icc_by_group",
    "icc_forms_by_group",
    "rank_within",
    "round9",
    "tau_by_group",
    "tops",
]

#: Totals are compared after rounding to this many decimals (the scoring contract).
DECIMALS = 9


def _div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den where den > 0, NaN elsewhere."""
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


def round9(x: np.ndarray) -> np.ndarray:
    """Round to 9 decimals exactly as Python's ``round(v, 9)`` does.

    ``numpy.round`` scales and may differ from the correctly rounded result
    next to a half-way point; the few values that close to one are rounded by
    Python instead, so ties and ranks are those of ``rekrytera.score``.
    """
    rounded = np.round(x, DECIMALS)
    scaled = x * 10.0**DECIMALS
    near = np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < 1e-4)
    for i in near:
        if np.isfinite(x[i]):
            rounded[i] = round(float(x[i]), DECIMALS)
    return rounded


@attrs.frozen(eq=False)
class Totals:
    """The ``balanced`` result for every candidate of a dataset (arrays by candidate)."""

    total: np.ndarray
    staff: np.ndarray
    resident: np.ndarray
    incomplete: np.ndarray
    rank: np.ndarray  # 0 where unranked
    tie: np.ndarray
    divergent: np.ndarray
    #: Residents rate in the recruitment but none rated the candidate.
    resident_missing: np.ndarray
    #: A perspective's total rests on a single panelist.
    single_rater: np.ndarray
    #: Per perspective (row) and item (column), the mean score; NaN where none.
    item_means: np.ndarray


def item_sums(ds: Dataset, phase: Phase | str) -> tuple[np.ndarray, np.ndarray]:
    """Per perspective (row) and item (column), the sum and number of the scores that count."""
    stats = item_stats(ds, phase)
    return stats.total, stats.n


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den for sums whose denominator is 0 only where the numerator is: NaN there."""
    with np.errstate(invalid="ignore", divide="ignore"):
        result: np.ndarray = num / den
    return result


def _total(ds: Dataset, values: np.ndarray) -> np.ndarray:
    """Steps 3–4 of the contract: competences weighted within a stage, then the stages.

    *values* has one value per item, NaN where it has none; the result one
    total per candidate, NaN where nothing was scored.
    """
    n_groups = len(ds.group_stage_weight)
    present = ~np.isnan(values)
    weight = np.where(present, ds.item_weight, 0.0)
    num = np.bincount(
        ds.item_group, weights=weight * np.where(present, values, 0.0), minlength=n_groups
    )
    den = np.bincount(ds.item_group, weights=weight, minlength=n_groups)
    stage = _ratio(num, den)
    scored = ~np.isnan(stage)
    weight = np.where(scored, ds.group_stage_weight, 0.0)
    stage = weight * np.where(scored, stage, 0.0)
    # Each candidate's stages, added column by column (a reduction over an axis
    # of three is slow in numpy).
    num, den = stage[0::3] + stage[1::3] + stage[2::3], weight[0::3] + weight[1::3] + weight[2::3]
    return _ratio(num, den)


def by_size(group: np.ndarray) -> Iterator[np.ndarray]:
    """The members of every group, one matrix per group size: ``(groups, size)`` indices."""
    order = np.argsort(group, kind="stable")
    g = group[order]
    if not len(g):
        return
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    sizes = np.diff(np.r_[starts, len(g)])
    for size in np.unique(sizes):
        first = starts[sizes == size]
        yield order[first[:, None] + np.arange(size)]


def rank_within(
    group: np.ndarray, values: np.ndarray, rankable: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Standard competition ranks ("1224") of *values* (higher first) within each group.

    Returns ``(rank, tie)``: rank 0 and no tie where not *rankable*.
    """
    rank = np.zeros(len(values), dtype=np.int64)
    tie = np.zeros(len(values), dtype=bool)
    index = np.flatnonzero(rankable)
    for members in by_size(group[index]):
        # Each row one group: sort it best first, then read ranks and ties off the runs.
        order = np.argsort(-values[index[members]], axis=1, kind="stable")
        who = np.take_along_axis(index[members], order, axis=1)
        v = values[who]
        new = np.ones(v.shape, dtype=bool)
        new[:, 1:] = v[:, 1:] != v[:, :-1]
        position = np.broadcast_to(np.arange(v.shape[1]), v.shape)
        rank[who] = np.maximum.accumulate(np.where(new, position, 0), axis=1) + 1
        later = np.zeros(v.shape, dtype=bool)
        later[:, :-1] = ~new[:, 1:]
        tie[who] = ~new | later
    return rank, tie


def balanced(
    ds: Dataset,
    resident_weight: float = 0.5,
    *,
    divergence: float = 1.0,
    phase: Phase | str = Phase.INDEPENDENT,
) -> Totals:
    """The ``balanced`` method of the scoring contract for every recruitment at once."""
    sums, counts = item_sums(ds, phase)
    present = counts > 0
    means = _ratio(sums, counts)
    w_staff, w_resident = 1.0 - resident_weight, resident_weight
    num = np.where(present[0], w_staff * means[0], 0.0) + np.where(
        present[1], w_resident * means[1], 0.0
    )
    den = np.where(present[0], w_staff, 0.0) + np.where(present[1], w_resident, 0.0)
    combined = _ratio(num, den)
    total = _total(ds, combined)
    staff = _total(ds, means[0])
    resident = _total(ds, means[1])
    n_cand = len(ds.cand_id)
    incomplete = np.zeros(n_cand, dtype=bool)
    if len(ds.item_cand):  # a candidate's items are consecutive
        first = np.flatnonzero(np.r_[True, ds.item_cand[1:] != ds.item_cand[:-1]])
        incomplete[ds.item_cand[first]] = np.logical_or.reduceat(np.isnan(combined), first)
    rank, tie = rank_within(ds.cand_rec, round9(total), ds.cand_eligible & ~np.isnan(total))
    gap = np.abs(resident - staff)
    divergent = np.zeros(n_cand, dtype=bool)
    known = ~np.isnan(gap)
    divergent[known] = round9(gap[known]) >= divergence
    resident_missing, single_rater = _coverage(ds, phase, ds.cand_eligible & ~np.isnan(total))
    return Totals(
        total=total,
        staff=staff,
        resident=resident,
        incomplete=incomplete,
        rank=rank,
        tie=tie,
        divergent=divergent,
        resident_missing=resident_missing,
        single_rater=single_rater,
        item_means=means,
    )


def _coverage(ds: Dataset, phase: Phase | str, scored: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ``resident_missing`` and ``single_rater`` flags of every candidate."""
    counts = item_stats(ds, phase).rated
    residents = np.zeros(len(ds), dtype=bool)
    residents[ds.pan_rec[ds.pan_perspective == 1]] = True
    missing = scored & residents[ds.cand_rec] & (counts[:, 1] == 0)
    single = scored & ((counts[:, 0] == 1) | (counts[:, 1] == 1))
    return missing, single


def unit_spread(
    unit: np.ndarray, value: np.ndarray, n_units: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(m, sum, m2)`` per unit of rows of values: how many, their sum and squared deviations."""
    m = np.bincount(unit, minlength=n_units)
    total = np.bincount(unit, weights=value, minlength=n_units)
    mean = _div(total, m.astype(np.float64))
    deviation = value - mean[unit]
    return m, total, np.bincount(unit, weights=deviation * deviation, minlength=n_units)


def alpha_by_group(
    group: np.ndarray, unit: np.ndarray, value: np.ndarray, unit_group: np.ndarray, n_groups: int
) -> np.ndarray:
    """Krippendorff's alpha (interval) per group; NaN where it is undefined.

    One row per value given: its group, its unit (what was rated) and the
    value. Each unit belongs to one group (``unit_group``). See
    :func:`alpha_from_units`.
    """
    return alpha_from_units(*unit_spread(unit, value, len(unit_group)), unit_group, n_groups)


def alpha_from_units(
    m: np.ndarray, total: np.ndarray, m2: np.ndarray, unit_group: np.ndarray, n_groups: int
) -> np.ndarray:
    """Krippendorff's alpha (interval) per group from each unit's ``(m, sum, m2)``.

    The formula is that of :func:`rekrytera.scoring.krippendorff_alpha_interval`.
    The spread around each group's mean is the spread within its units plus
    that of the unit means (exact, and with no subtraction of large sums).
    """
    pairable = m >= 2
    g = unit_group[pairable]
    m = m[pairable].astype(np.float64)
    unit_mean = total[pairable] / m
    spread = m2[pairable]
    observed = np.bincount(g, weights=2 * m * spread / (m - 1), minlength=n_groups)
    n = np.bincount(g, weights=m, minlength=n_groups)
    mean = _div(np.bincount(g, weights=m * unit_mean, minlength=n_groups), n)
    total_spread = np.bincount(
        g, weights=spread + m * (unit_mean - mean[g]) ** 2, minlength=n_groups
    )
    expected = _div(2 * n * total_spread, n * (n - 1))
    alpha = 1.0 - _div(_div(observed, n), expected)
    alpha[(n < 2) | ~(expected > 0)] = np.nan
    return alpha


#: The intraclass correlations :func:`icc_forms_by_group` gives (Shrout & Fleiss, 1979).
ICC_FORMS = ("icc11", "icc1k", "icc21", "icc2k", "icc31", "icc3k")


def icc_by_group(
    group: np.ndarray,
    unit: np.ndarray,
    rater: np.ndarray,
    value: np.ndarray,
    unit_group: np.ndarray,
    rater_group: np.ndarray,
    n_groups: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ICC(2,1) and ICC(2,k) per group (Shrout & Fleiss), and how many units each used.

    Two-way random effects, absolute agreement. The raters of a group are
    those with any value in it; only the units every one of them rated count
    (complete cases, as a two-way ANOVA needs). NaN where fewer than two units
    or raters remain, or the ICC is undefined.
    """
    forms, used = icc_forms_by_group(group, unit, rater, value, unit_group, rater_group, n_groups)
    return forms["icc21"], forms["icc2k"], used


def icc_forms_by_group(
    group: np.ndarray,
    unit: np.ndarray,
    rater: np.ndarray,
    value: np.ndarray,
    unit_group: np.ndarray,
    rater_group: np.ndarray,
    n_groups: int,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Every Shrout & Fleiss intraclass correlation per group, and the units each used.

    From rows of values (as :func:`icc_by_group`); see :func:`icc_from_units`.
    """
    n_units, n_raters = len(unit_group), len(rater_group)
    m, total, m2 = unit_spread(unit, value, n_units)
    has_rater = np.bincount(rater, minlength=n_raters) > 0
    k = np.bincount(rater_group[has_rater], minlength=n_groups)
    complete = (m == k[unit_group]) & (m >= 2)
    rater_sum = np.bincount(rater, weights=np.where(complete[unit], value, 0.0), minlength=n_raters)
    return icc_from_units(m, total, m2, unit_group, has_rater, rater_group, rater_sum, n_groups)


def icc_from_units(
    m: np.ndarray,
    total: np.ndarray,
    m2: np.ndarray,
    unit_group: np.ndarray,
    has_rater: np.ndarray,
    rater_group: np.ndarray,
    rater_sum: np.ndarray,
    n_groups: int,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Every Shrout & Fleiss intraclass correlation per group, from unit and rater sums.

    Each unit's ``(m, sum, m2)``; the raters with any value (``has_rater``)
    and each rater's sum over the complete units: those every rater of the
    group rated (complete cases, as a two-way ANOVA needs). From one two-way
    ANOVA of the complete units: ICC(1,·) one-way random (raters not
    separated from error), ICC(2,·) two-way random with absolute agreement,
    ICC(3,·) two-way mixed with consistency (the raters' own levels set
    aside); ``·1`` one rater's reliability, ``·k`` that of the mean of the
    group's *k* raters. NaN where fewer than two units or raters remain, or
    the ICC is undefined. Also returns how many units each group used.
    """
    k = np.bincount(rater_group[has_rater], minlength=n_groups)
    complete = (m == k[unit_group]) & (m >= 2)
    ug = unit_group[complete]
    n = np.bincount(ug, minlength=n_groups).astype(np.float64)
    kf = k.astype(np.float64)
    grand = _div(np.bincount(ug, weights=total[complete], minlength=n_groups), n * kf)
    unit_mean = total[complete] / kf[ug]
    ss_rows = kf * np.bincount(ug, weights=(unit_mean - grand[ug]) ** 2, minlength=n_groups)
    used = has_rater & (n[rater_group] > 0)
    rater_mean = rater_sum[used] / n[rater_group[used]]
    ss_cols = n * np.bincount(
        rater_group[used], weights=(rater_mean - grand[rater_group[used]]) ** 2, minlength=n_groups
    )
    # Around the grand mean: the spread within each unit, and of the unit means.
    ss_total = np.bincount(ug, weights=m2[complete], minlength=n_groups) + ss_rows
    ss_error = ss_total - ss_rows - ss_cols
    with np.errstate(divide="ignore", invalid="ignore"):
        ms_rows = ss_rows / (n - 1)
        ms_cols = ss_cols / (kf - 1)
        ms_error = ss_error / ((n - 1) * (kf - 1))
        single = (ms_rows - ms_error) / (
            ms_rows + (kf - 1) * ms_error + kf * (ms_cols - ms_error) / n
        )
        average = (ms_rows - ms_error) / (ms_rows + (ms_cols - ms_error) / n)
        ms_within = (ss_cols + ss_error) / (n * (kf - 1))
        # A denominator that is rounding noise (every unit alike: 0/0) is undefined,
        # not the ±0.5 its noise would give.
        tiny = 1e-12 * np.maximum(ss_total, 1e-300)

        def ratio(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
            out: np.ndarray = np.where(np.abs(bottom) > tiny, top / bottom, np.nan)
            return out

        forms = {
            "icc11": ratio(ms_rows - ms_within, ms_rows + (kf - 1) * ms_within),
            "icc1k": ratio(ms_rows - ms_within, ms_rows),
            "icc21": single,
            "icc2k": average,
            "icc31": ratio(ms_rows - ms_error, ms_rows + (kf - 1) * ms_error),
            "icc3k": ratio(ms_rows - ms_error, ms_rows),
        }
    undefined = (n < 2) | (k < 2)
    for values in forms.values():
        values[undefined | ~np.isfinite(values)] = np.nan
    return forms, n.astype(np.int64)


def tau_by_group(group: np.ndarray, x: np.ndarray, y: np.ndarray, n_groups: int) -> np.ndarray:
    """Kendall's tau-b between *x* and *y* within each group; NaN where undefined.

    The same counting as :func:`rekrytera.scoring.kendall_tau_b`, done for all
    groups of one size at once.
    """
    tau = np.full(n_groups, np.nan)
    for members in by_size(group):
        size = members.shape[1]
        if size < 2:
            continue
        i, j = np.triu_indices(size, 1)
        xs, ys = x[members], y[members]
        dx = xs[:, i] - xs[:, j]
        dy = ys[:, i] - ys[:, j]
        x_tie, y_tie = dx == 0, dy == 0
        concordant = ((dx * dy) > 0).sum(axis=1)
        discordant = ((dx * dy) < 0).sum(axis=1)
        only_x = (x_tie & ~y_tie).sum(axis=1)
        only_y = (y_tie & ~x_tie).sum(axis=1)
        den = np.sqrt(
            (concordant + discordant + only_x).astype(np.float64)
            * (concordant + discordant + only_y)
        )
        tau[group[members[:, 0]]] = _div((concordant - discordant).astype(np.float64), den)
    return tau


def tops(group: np.ndarray, values: np.ndarray, eligible: np.ndarray, n_groups: int) -> np.ndarray:
    """Whether each candidate is (one of) the eligible best of its group by *values*.

    Values are compared after rounding to 9 decimals, so equal totals all count.
    """
    rounded = round9(values)
    valid = eligible & ~np.isnan(rounded)
    best = np.full(n_groups, -np.inf)
    np.maximum.at(best, group[valid], rounded[valid])
    result: np.ndarray = valid & (rounded == best[group])
    return result


def drift_by_recruitment(ds: Dataset) -> dict[str, np.ndarray]:
    """Per recruitment, how calibrated scores moved from the independent ones they revise.

    As :func:`rekrytera.scoring` reports it: pairs of a calibrated and an
    independent score by the same panelist of the same candidate, stage and
    competence; the mean change (calibrated minus independent), the mean
    absolute change, and the mean change within each perspective.
    """
    n_rec = len(ds)
    comp_first = np.searchsorted(ds.comp_rec, np.arange(n_rec))
    local = ds.score_comp - comp_first[ds.comp_rec[ds.score_comp]]
    width = int(np.bincount(ds.comp_rec).max()) if len(ds.comp_rec) else 1
    key = ds.rating_key * width + local
    calibrated = ds.score_phase == 1
    ind_key, ind_value = key[~calibrated], ds.score_value[~calibrated]
    order = np.argsort(ind_key)
    ind_key, ind_value = ind_key[order], ind_value[order]
    cal = np.flatnonzero(calibrated)
    position = np.searchsorted(ind_key, key[cal])
    found = position < len(ind_key)
    found[found] = ind_key[position[found]] == key[cal][found]
    rows = cal[found]
    change = ds.score_value[rows] - ind_value[position[found]]
    rec = ds.score_rec[rows]
    perspective = ds.pan_perspective[ds.score_pan[rows]]
    pairs = np.bincount(rec, minlength=n_rec)
    result = {
        "revised": np.bincount(ds.score_rec[cal], minlength=n_rec) > 0,
        "pairs": pairs,
        "mean": _div(np.bincount(rec, weights=change, minlength=n_rec), pairs.astype(np.float64)),
        "mean_abs": _div(
            np.bincount(rec, weights=np.abs(change), minlength=n_rec), pairs.astype(np.float64)
        ),
        "sum": np.bincount(rec, weights=change, minlength=n_rec),
        "sum_abs": np.bincount(rec, weights=np.abs(change), minlength=n_rec),
    }
    for code, name in ((0, "staff"), (1, "resident")):
        mine = perspective == code
        n = np.bincount(rec[mine], minlength=n_rec)
        result[f"pairs_{name}"] = n
        result[f"mean_{name}"] = _div(
            np.bincount(rec[mine], weights=change[mine], minlength=n_rec), n.astype(np.float64)
        )
    return result
