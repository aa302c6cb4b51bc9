"""The scores that count for a phase, reduced item by item: all any analysis needs.

Every analysis works from an :class:`ItemStats` (for agreement also an
:class:`ItemSpread`, and the dataset's candidates, panel and items), never
from the scores themselves. An *engine* reduces the scores to them: numpy
from the dataset's score columns in memory (:mod:`._reduce`), or DuckDB
with SQL over a Parquet dataset, out of core (:mod:`._duckdb`). Both give
the same figures.
"""

from __future__ import annotations

from typing import Protocol

import attrs
import numpy as np

from ..model import Phase
from ._dataset import Dataset
from ._drift import drift_by_recruitment
from ._reduce import ItemSpread, ItemStats, complete_items, from_scores, spread_from_scores
from ._stats import AlphaSums, IccSums, alpha_sums, icc_sums, ordinal_o, ratio

__all__ = [
    "NUMPY",
    "CandidateSums",
    "Engine",
    "ItemSpread",
    "ItemStats",
    "NumpyEngine",
    "combine_stages",
    "complete_items",
    "engine_of",
    "from_scores",
    "item_spread",
    "item_stats",
    "unit_stats",
]

#: The sets of panelists agreement is measured within (see ``analysis.SETS``).
PERSPECTIVE_SETS = ("staff", "resident")


@attrs.frozen(eq=False)
class CandidateSums:
    """Per candidate, the ``balanced`` totals at one resident weight, and who rated them."""

    total: np.ndarray
    staff: np.ndarray
    resident: np.ndarray
    #: Some item the profile assesses has no value at this weight.
    incomplete: np.ndarray
    #: Per candidate (row) and perspective (column), how many panelists rated them.
    rated: np.ndarray


class Engine(Protocol):
    """What reduces a dataset's scores to the sums every analysis is computed from.

    *phase* says which scores count; *name* is a set of :data:`SETS
    <rekrytera.analysis.SETS>`.
    """

    def candidates(self, ds: Dataset, resident_weight: float, phase: Phase) -> CandidateSums:
        """The ``balanced`` totals of every candidate."""
        ...

    def set_sums(
        self, ds: Dataset, phase: Phase, name: str, group_of_rec: np.ndarray, n_groups: int
    ) -> tuple[AlphaSums, np.ndarray | None]:
        """Per group, the sums of Krippendorff's alpha and the ordinal coincidence matrix.

        The matrix is None for ``between``, which compares means.
        """
        ...

    def icc_sums(self, ds: Dataset, phase: Phase, name: str) -> IccSums:
        """Per recruitment, the two-way ANOVA of the set's complete items."""
        ...

    def scores(self, ds: Dataset, phase: Phase) -> np.ndarray:
        """Per recruitment, how many scores count."""
        ...

    def drift(self, ds: Dataset) -> dict[str, np.ndarray]:
        """Per recruitment, how calibrated scores moved (see ``_drift.drift_by_recruitment``)."""
        ...


def engine_of(ds: Dataset) -> Engine:
    """The dataset's engine: numpy over its score columns unless it has another."""
    engine: Engine = NUMPY if ds.engine is None else ds.engine
    return engine


def item_stats(ds: Dataset, phase: Phase | str) -> ItemStats:
    """The dataset's :class:`ItemStats` for *phase*, from its score columns (computed once)."""
    key = ("items", Phase(phase))
    if key not in ds._cache:
        ds._cache[key] = from_scores(ds, Phase(phase))
    result: ItemStats = ds._cache[key]
    return result


def item_spread(ds: Dataset, phase: Phase | str) -> ItemSpread:
    """The dataset's :class:`ItemSpread` for *phase* (computed once, when an analysis needs it)."""
    key = ("spread", Phase(phase))
    if key not in ds._cache:
        ds._cache[key] = spread_from_scores(ds, Phase(phase), item_stats(ds, phase))
    result: ItemSpread = ds._cache[key]
    return result


def unit_stats(
    stats: ItemStats, spread: ItemSpread, name: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(m, sum, m2)`` per item of the scores of a set: ``all``, ``staff`` or ``resident``.

    For ``all`` the two perspectives are pooled exactly (Chan et al.'s
    formula for the spread of two groups together).
    """
    if name in ("staff", "resident"):
        p = ("staff", "resident").index(name)
        return stats.n[p], stats.total[p], spread.m2[p]
    n0, n1 = stats.n
    m = n0 + n1
    # In place where it can be: at national scale each array here is large.
    with np.errstate(invalid="ignore", divide="ignore"):
        gap = stats.total[0] / n0
        gap -= stats.total[1] / n1
    gap[(n0 == 0) | (n1 == 0)] = 0.0
    between = np.multiply(n0, n1, dtype=np.float64)  # 0 where m is
    between /= np.maximum(m, 1)
    between *= gap
    between *= gap
    del gap
    m2 = spread.m2[0] + spread.m2[1]
    m2 += between
    del between
    return m, stats.total[0] + stats.total[1], m2


def _total(ds: Dataset, values: np.ndarray) -> np.ndarray:
    """Steps 3–4 of the contract: competences weighted within a stage, then the stages.

    *values* has one value per item, NaN where it has none; the result one
    total per candidate, NaN where nothing was scored.
    """
    n_groups = len(ds.group_stage_weight)
    missing = np.isnan(values)
    weight = ds.item_weight
    weight[missing] = 0.0
    den = np.bincount(ds.item_group, weights=weight, minlength=n_groups)
    weighted = np.where(missing, 0.0, values)
    del missing
    weighted *= weight
    del weight
    num = np.bincount(ds.item_group, weights=weighted, minlength=n_groups)
    return combine_stages(ds, ratio(num, den))


def combine_stages(ds: Dataset, stage: np.ndarray) -> np.ndarray:
    """Step 4: each candidate's total from its stages' values (``3 · candidate + stage``).

    A stage without a value (NaN) does not count; NaN where none has one.
    """
    scored = ~np.isnan(stage)
    weight = np.where(scored, ds.group_stage_weight, 0.0)
    stage = weight * np.where(scored, stage, 0.0)
    # Each candidate's stages, added column by column (a reduction over an axis
    # of three is slow in numpy).
    num, den = stage[0::3] + stage[1::3] + stage[2::3], weight[0::3] + weight[1::3] + weight[2::3]
    return ratio(num, den)


class NumpyEngine:
    """The numpy engine: every sum from the dataset's score columns, in memory."""

    def candidates(self, ds: Dataset, resident_weight: float, phase: Phase) -> CandidateSums:
        stats = item_stats(ds, phase)
        present = stats.n > 0
        means = ratio(stats.total, stats.n)
        w_staff, w_resident = 1.0 - resident_weight, resident_weight
        # In place where it can be: at national scale each array here is large.
        num = np.where(present[0], w_staff * means[0], 0.0)
        num += np.where(present[1], w_resident * means[1], 0.0)
        den = np.where(present[0], w_staff, 0.0)
        den += np.where(present[1], w_resident, 0.0)
        del present
        combined = ratio(num, den)
        del num, den
        incomplete = np.zeros(len(ds.cand_id), dtype=bool)
        if len(ds.item_cand):  # a candidate's items are consecutive
            first = np.flatnonzero(np.r_[True, ds.item_cand[1:] != ds.item_cand[:-1]])
            incomplete[ds.item_cand[first]] = np.logical_or.reduceat(np.isnan(combined), first)
        return CandidateSums(
            total=_total(ds, combined),
            staff=_total(ds, means[0]),
            resident=_total(ds, means[1]),
            incomplete=incomplete,
            rated=stats.rated,
        )

    def _units(
        self, ds: Dataset, phase: Phase, name: str
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
        """``(m, sum, m2, item)`` per unit of the set; *item* is None when every item is a unit.

        ``between`` rates each item scored by both perspectives, once by each
        perspective's mean.
        """
        stats = item_stats(ds, phase)
        if name == "between":
            both = np.flatnonzero((stats.n[0] > 0) & (stats.n[1] > 0))
            both = both.astype(np.int32 if len(stats.n[0]) < 2**31 else np.int64)
            # In place where it can be: at national scale each array here is large.
            staff = stats.total[0, both]
            staff /= stats.n[0, both]
            resident = stats.total[1, both]
            resident /= stats.n[1, both]
            total = staff + resident
            gap = np.subtract(staff, resident, out=staff)
            del resident
            np.square(gap, out=gap)
            gap /= 2
            return np.full(len(both), 2, dtype=np.int8), total, gap, both
        m, total, m2 = unit_stats(stats, item_spread(ds, phase), name)
        return m, total, m2, None

    def set_sums(
        self, ds: Dataset, phase: Phase, name: str, group_of_rec: np.ndarray, n_groups: int
    ) -> tuple[AlphaSums, np.ndarray | None]:
        m, total, m2, item = self._units(ds, phase, name)
        if n_groups < 2**31:
            group_of_rec = group_of_rec.astype(np.int32, copy=False)
        unit_group = group_of_rec[ds.item_rec if item is None else ds.item_rec[item]]
        sums = alpha_sums(m, total, m2, unit_group, n_groups)
        if name == "between":
            return sums, None
        counts = item_spread(ds, phase).level_counts
        own = counts[0] + counts[1] if name == "all" else counts[PERSPECTIVE_SETS.index(name)]
        return sums, ordinal_o(own, unit_group, n_groups)

    def icc_sums(self, ds: Dataset, phase: Phase, name: str) -> IccSums:
        n = len(ds)
        m, total, m2, item = self._units(ds, phase, name)
        if item is not None:  # between
            stats = item_stats(ds, phase)
            rec = ds.item_rec[item]
            # Each perspective's means in turn: at national scale each is large.
            sums = np.empty((n, 2))
            for p in (0, 1):
                mean = stats.total[p, item]
                mean /= stats.n[p, item]
                sums[:, p] = np.bincount(rec, weights=mean, minlength=n)
                del mean
            rater_sum = sums.reshape(-1)
            has_rater = np.repeat(np.bincount(rec, minlength=n) > 0, 2)
            rater_group = np.repeat(np.arange(n), 2)
            return icc_sums(m, total, m2, rec, has_rater, rater_group, rater_sum, n)
        stats = item_stats(ds, phase)
        perspective = ds.pan_perspective
        spread = item_spread(ds, phase)
        if name == "all":
            has_rater = stats.raters & (perspective >= 0)
            rater_sum = spread.rater_sum_all
        else:
            has_rater = stats.raters & (perspective == PERSPECTIVE_SETS.index(name))
            rater_sum = spread.rater_sum_own
        return icc_sums(m, total, m2, ds.item_rec, has_rater, ds.pan_rec, rater_sum, n)

    def scores(self, ds: Dataset, phase: Phase) -> np.ndarray:
        n = item_stats(ds, phase).n
        return np.bincount(ds.item_rec, weights=n[0] + n[1], minlength=len(ds)).astype(np.int64)

    def drift(self, ds: Dataset) -> dict[str, np.ndarray]:
        return drift_by_recruitment(ds)


#: The numpy engine (the default).
NUMPY = NumpyEngine()
