"""The scores that count for a phase, reduced item by item: all any analysis needs.

Every analysis works from an :class:`ItemStats` (and the dataset's
candidates, panel and items), never from the scores themselves. An *engine*
reduces the scores to it: numpy from the dataset's score columns in memory
(:func:`from_scores`), or DuckDB with SQL over a Parquet dataset, out of
core (:mod:`._duckdb`). Both give the same figures.
"""

from __future__ import annotations

from typing import Protocol

import attrs
import numpy as np

from ..model import Phase
from ._dataset import Dataset

__all__ = ["Engine", "ItemStats", "complete_items", "from_scores", "item_stats", "unit_stats"]


@attrs.frozen(eq=False)
class ItemStats:
    """Per perspective (row 0 staff, row 1 resident) and item (column), the counted scores.

    ``m2`` is the sum of squared deviations from the perspective's mean of
    the item; ``level_counts[p, item, l]`` how many scores of perspective
    *p* on the item equal ``levels[l]``.
    """

    n: np.ndarray
    total: np.ndarray
    m2: np.ndarray
    levels: np.ndarray
    level_counts: np.ndarray
    #: Per panelist, whether any score of theirs counts.
    raters: np.ndarray
    #: Per candidate (row) and perspective (column), how many panelists rated them.
    rated: np.ndarray
    #: Per panelist, the sum of their scores over the items complete for every
    #: panelist (``all``), and over those complete for their own perspective.
    rater_sum_all: np.ndarray
    rater_sum_own: np.ndarray


class Engine(Protocol):
    """What reduces a dataset's scores: its items for a phase, and the drift."""

    def items(self, ds: Dataset, phase: Phase) -> ItemStats: ...

    def drift(self, ds: Dataset) -> dict[str, np.ndarray]: ...


def item_stats(ds: Dataset, phase: Phase | str) -> ItemStats:
    """The dataset's :class:`ItemStats` for *phase*, from its engine (computed once)."""
    key = ("items", Phase(phase))
    if key not in ds._cache:
        engine = ds.engine
        ds._cache[key] = (
            from_scores(ds, Phase(phase)) if engine is None else engine.items(ds, Phase(phase))
        )
    result: ItemStats = ds._cache[key]
    return result


def unit_stats(stats: ItemStats, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(m, sum, m2)`` per item of the scores of a set: ``all``, ``staff`` or ``resident``.

    For ``all`` the two perspectives are pooled exactly (Chan et al.'s
    formula for the spread of two groups together).
    """
    if name in ("staff", "resident"):
        p = ("staff", "resident").index(name)
        return stats.n[p], stats.total[p], stats.m2[p]
    n0, n1 = stats.n
    m = n0 + n1
    with np.errstate(invalid="ignore", divide="ignore"):
        gap = np.where((n0 > 0) & (n1 > 0), stats.total[0] / n0 - stats.total[1] / n1, 0.0)
        between = np.where(m > 0, n0 * n1 / np.maximum(m, 1) * gap * gap, 0.0)
    return m, stats.total[0] + stats.total[1], stats.m2[0] + stats.m2[1] + between


def complete_items(ds: Dataset, n: np.ndarray, raters: np.ndarray) -> np.ndarray:
    """The items scored by every one of *raters* in their recruitment (and by two or more).

    *n* counts each item's scores by those raters; the only items an
    intraclass correlation can use (complete cases of a two-way ANOVA).
    """
    k = np.bincount(ds.pan_rec[raters], minlength=len(ds))
    result: np.ndarray = (n == k[ds.item_rec]) & (n >= 2)
    return result


def from_scores(ds: Dataset, phase: Phase) -> ItemStats:
    """The numpy engine: :class:`ItemStats` from the dataset's score columns."""
    rows = ds.effective(phase)
    code = ds.score_code[rows]
    value = ds.score_value[rows]
    n_items = len(ds.item_cand)
    size = 2 * n_items
    n = np.bincount(code, minlength=size)
    total = np.bincount(code, weights=value, minlength=size)
    mean = np.divide(total, n, out=np.zeros(size), where=n > 0)
    deviation = value - mean[code]
    m2 = np.bincount(code, weights=deviation * deviation, minlength=size)
    del deviation
    levels, level = np.unique(value, return_inverse=True)
    level_counts = np.bincount(
        code * len(levels) + level.reshape(-1), minlength=size * len(levels)
    ).astype(np.int32)
    del level
    pan = ds.score_pan[rows]
    raters = np.bincount(pan, minlength=len(ds.pan_id)) > 0
    counts = n.reshape(2, -1)
    # The rater sums of the complete items: every panelist, and each perspective.
    perspective = ds.pan_perspective
    complete_all = complete_items(ds, counts[0] + counts[1], raters & (perspective >= 0))
    own = [complete_items(ds, counts[p], raters & (perspective == p)) for p in (0, 1)]
    item = ds.score_item[rows]
    mine = np.where(ds.score_perspective[rows] == 0, own[0][item], own[1][item])
    n_pan = len(ds.pan_id)
    sum_all = np.bincount(pan, weights=np.where(complete_all[item], value, 0.0), minlength=n_pan)
    sum_own = np.bincount(pan, weights=np.where(mine, value, 0.0), minlength=n_pan)
    return ItemStats(
        n=counts,
        total=total.reshape(2, -1),
        m2=m2.reshape(2, -1),
        levels=levels,
        level_counts=level_counts.reshape(2, n_items, len(levels)),
        raters=raters,
        rated=_rated(ds, phase),
        rater_sum_all=sum_all,
        rater_sum_own=sum_own,
    )


def _rated(ds: Dataset, phase: Phase) -> np.ndarray:
    """How many distinct panelists of each perspective rated each candidate.

    The scores that count for *phase*, as ``rekrytera.score`` counts them.
    """
    rows = ds.effective(phase)
    n_cand, n_pan, n_rec = len(ds.cand_id), len(ds.pan_id), len(ds)
    # Each panelist's place within their recruitment's panel, so that a
    # (candidate, panelist) pair has a small code: no sort of the scores.
    order = np.argsort(ds.pan_rec, kind="stable")
    size = np.bincount(ds.pan_rec, minlength=n_rec)
    start = np.concatenate(([0], np.cumsum(size)[:-1]))
    local = np.empty(n_pan, dtype=np.int64)
    local[order] = np.arange(n_pan) - start[ds.pan_rec[order]]
    width = max(int(size.max(initial=0)), 1)
    # A rating's scores lie together: the first score of each is enough
    # (a repeat of a candidate and panelist only counts twice, harmlessly).
    starts = ds.rating_start
    if isinstance(rows, slice):  # the independent scores: a prefix
        starts = starts[: np.searchsorted(starts, rows.stop)]
    else:
        cand, pan = ds.score_cand[rows], ds.score_pan[rows]
        first = np.ones(len(rows), dtype=bool)
        first[1:] = (cand[1:] != cand[:-1]) | (pan[1:] != pan[:-1])
        starts = rows[first]
    cand, pan = ds.score_cand[starts], ds.score_pan[starts]
    rated = np.bincount(cand * width + local[pan], minlength=n_cand * width) > 0
    rated = rated.reshape(n_cand, width)
    slot = np.full(n_rec * width, -1, dtype=np.int64)
    slot[ds.pan_rec * width + local] = ds.pan_perspective
    perspective = slot.reshape(n_rec, width)[ds.cand_rec]
    return np.stack(
        [
            np.count_nonzero(rated & (perspective == 0), axis=1),
            np.count_nonzero(rated & (perspective == 1), axis=1),
        ],
        axis=1,
    )
