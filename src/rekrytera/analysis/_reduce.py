"""The numpy engine's reductions: the scores that count for a phase, item by item.

Every analysis works from these sums (see :mod:`._items`), never from the
scores themselves. The scores are reduced a chunk at a time: what is made
per score while reducing is the size of a chunk, not of the dataset, which
at national scale is what sets the peak memory.
"""

from __future__ import annotations

import attrs
import numpy as np

from ..model import Phase
from ._dataset import Dataset, Rows

__all__ = [
    "CHUNK",
    "ItemSpread",
    "ItemStats",
    "complete_items",
    "from_scores",
    "spread_from_scores",
]

#: How many scores (or items) the numpy engine reduces at a time (at least).
CHUNK = 1 << 20


@attrs.frozen(eq=False)
class ItemStats:
    """Per perspective (row 0 staff, row 1 resident) and item (column), the counted scores.

    All that ``balanced`` needs; the agreement statistics also need an
    :class:`ItemSpread`.
    """

    n: np.ndarray
    total: np.ndarray
    #: Per panelist, whether any score of theirs counts.
    raters: np.ndarray
    #: Per candidate (row) and perspective (column), how many panelists rated them.
    rated: np.ndarray


@attrs.frozen(eq=False)
class ItemSpread:
    """How the counted scores spread, per perspective and item, as agreement needs it.

    ``m2`` is the sum of squared deviations from the perspective's mean of
    the item; ``level_counts[p, item, l]`` how many scores of perspective
    *p* on the item equal ``levels[l]``.
    """

    m2: np.ndarray
    levels: np.ndarray
    level_counts: np.ndarray
    #: Per panelist, the sum of their scores over the items complete for every
    #: panelist (``all``), and over those complete for their own perspective.
    rater_sum_all: np.ndarray
    rater_sum_own: np.ndarray


def complete_items(ds: Dataset, n: np.ndarray, raters: np.ndarray) -> np.ndarray:
    """The items scored by every one of *raters* in their recruitment (and by two or more).

    *n* counts each item's scores by those raters; the only items an
    intraclass correlation can use (complete cases of a two-way ANOVA).
    """
    k = np.bincount(ds.pan_rec[raters], minlength=len(ds))
    result: np.ndarray = (n == k[ds.item_rec]) & (n >= 2)
    return result


class _Chunks:
    """The scores that count for a phase, in chunks, and each score's code.

    A score's code is its perspective and item in one number
    (``perspective · items + item``): the index of its sums.
    """

    def __init__(self, ds: Dataset, phase: Phase) -> None:
        self.ds = ds
        self.n_items = len(ds.item_cand)
        self.size = 2 * self.n_items
        rows = ds.effective(phase)
        step = CHUNK
        self.pieces: list[Rows]
        if isinstance(rows, slice):
            start, stop, _ = rows.indices(ds.n_scores)
            self.pieces = [slice(i, min(i + step, stop)) for i in range(start, stop, step)]
        else:
            self.pieces = [rows[i : i + step] for i in range(0, len(rows), step)]

    def code(self, piece: Rows) -> tuple[np.ndarray, int, tuple[slice, slice]]:
        """The code of each score of *piece* among the items the piece touches.

        Returns ``(codes, span, parts)``: the codes number the piece's items
        from its first (``perspective · span + item − first``), and *parts*
        says where the staff and resident sums of those items go. A chunk's
        scores are a few recruitments' (the dataset keeps them together), so
        what is counted per chunk is the size of the chunk, not the dataset's.
        """
        ds = self.ds
        item = ds.score_item[piece]
        first = int(item.min()) if len(item) else 0
        span = int(item.max()) - first + 1 if len(item) else 0
        code: np.ndarray = ds.pan_perspective[ds.score_pan[piece]].astype(
            np.int32 if 2 * span < 2**31 else np.int64
        )
        np.multiply(code, span, out=code)
        code += item
        code -= first
        parts = (
            slice(first, first + span),
            slice(self.n_items + first, self.n_items + first + span),
        )
        return code, span, parts


def _add(target: np.ndarray, found: np.ndarray, span: int, parts: tuple[slice, slice]) -> None:
    """Add a chunk's sums (see :meth:`_Chunks.code`) to the whole's, along the last axis."""
    target[..., parts[0]] += found[..., :span]
    target[..., parts[1]] += found[..., span:]


def from_scores(ds: Dataset, phase: Phase) -> ItemStats:
    """The numpy engine: :class:`ItemStats` from the dataset's score columns."""
    chunks = _Chunks(ds, phase)
    size, n_pan = chunks.size, len(ds.pan_id)
    # An item's count is at most its panel: 4 bytes are plenty.
    n = np.zeros(size, dtype=np.int32)
    total = np.zeros(size)
    raters = np.zeros(n_pan, dtype=bool)
    for piece in chunks.pieces:
        code, span, parts = chunks.code(piece)
        _add(n, np.bincount(code, minlength=2 * span), span, parts)
        values = ds.levels[ds.score_level[piece]]
        _add(total, np.bincount(code, weights=values, minlength=2 * span), span, parts)
        raters |= np.bincount(ds.score_pan[piece], minlength=n_pan) > 0
    return ItemStats(
        n=n.reshape(2, -1),
        total=total.reshape(2, -1),
        raters=raters,
        rated=_rated(ds, phase),
    )


def spread_from_scores(ds: Dataset, phase: Phase, stats: ItemStats) -> ItemSpread:
    """The numpy engine: :class:`ItemSpread` from the dataset's score columns.

    The scores are counted level by level, a chunk at a time, and ``m2``
    computed from the counts, a block of items at a time.
    """
    chunks = _Chunks(ds, phase)
    size, n_pan, levels = chunks.size, len(ds.pan_id), ds.levels
    # An item's count on a level is at most its recruitment's panel, so a
    # small integer type holds it (and the two perspectives' counts together).
    panel = int(np.bincount(ds.pan_rec).max(initial=0)) if len(ds.pan_rec) else 0
    by_level: np.ndarray = np.zeros((len(levels), size), dtype=_small(2 * panel))
    # The rater sums of the complete items: every panelist, and each perspective.
    counts, perspective = stats.n, ds.pan_perspective
    complete_all = complete_items(ds, counts[0] + counts[1], stats.raters & (perspective >= 0))
    own = [complete_items(ds, counts[p], stats.raters & (perspective == p)) for p in (0, 1)]
    sum_all = np.zeros(n_pan)
    sum_own = np.zeros(n_pan)
    for piece in chunks.pieces:
        level = ds.score_level[piece]
        # The chunk's codes grouped by level (a stable sort of small keys is a
        # radix sort), then counted level by level.
        order = np.argsort(level, kind="stable")
        code, span, parts = chunks.code(piece)
        grouped = code[order]
        del order, code
        start = 0
        for i, end in enumerate(np.cumsum(np.bincount(level, minlength=len(levels))).tolist()):
            if end > start:
                found = np.bincount(grouped[start:end], minlength=2 * span)
                _add(by_level[i], found.astype(by_level.dtype), span, parts)
            start = end
        del grouped
        item = ds.score_item[piece]
        value = levels[level]
        pan = ds.score_pan[piece]
        sum_all += np.bincount(
            pan, weights=np.where(complete_all[item], value, 0.0), minlength=n_pan
        )
        mine = np.where(perspective[pan] == 0, own[0][item], own[1][item])
        sum_own += np.bincount(pan, weights=np.where(mine, value, 0.0), minlength=n_pan)
    m2 = _m2(by_level, levels, stats.n.reshape(-1), stats.total.reshape(-1))
    return ItemSpread(
        m2=m2.reshape(2, -1),
        levels=levels,
        level_counts=by_level.reshape(len(levels), 2, chunks.n_items).transpose(1, 2, 0),
        rater_sum_all=sum_all,
        rater_sum_own=sum_own,
    )


def _m2(by_level: np.ndarray, levels: np.ndarray, n: np.ndarray, total: np.ndarray) -> np.ndarray:
    """Each column's sum of squared deviations from its mean (``total / n``).

    *by_level* counts each of *levels* per column: ``Σ_l count_l · (level_l −
    mean)²``, as a second pass over the values gives it. A block of columns
    at a time.
    """
    size = by_level.shape[1]
    m2 = np.zeros(size)
    block = max(CHUNK // max(len(levels), 1), 1)
    column = levels[:, None]
    for start in range(0, size, block):
        part = slice(start, start + block)
        mean = np.divide(total[part], n[part], out=np.zeros(len(n[part])), where=n[part] > 0)
        deviation = column - mean
        np.square(deviation, out=deviation)
        deviation *= by_level[:, part]
        m2[part] = deviation.sum(axis=0)
    return m2


def _small(largest: int) -> type:
    """The smallest unsigned integer type that holds *largest*."""
    for kind in (np.uint8, np.uint16, np.uint32):
        if largest <= np.iinfo(kind).max:
            return kind
    return np.uint64


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
        cand, pan = ds.cand_of(rows), ds.score_pan[rows]
        first = np.ones(len(rows), dtype=bool)
        first[1:] = (cand[1:] != cand[:-1]) | (pan[1:] != pan[:-1])
        starts = rows[first]
    pair = ds.cand_of(starts).astype(np.int64)
    pair *= width
    pair += local[ds.score_pan[starts]]
    flat = np.zeros(n_cand * width, dtype=bool)
    flat[pair] = True
    del pair
    rated = flat.reshape(n_cand, width)
    slot = np.full(n_rec * width, -1, dtype=np.int8)
    slot[ds.pan_rec * width + local] = ds.pan_perspective
    perspective = slot.reshape(n_rec, width)[ds.cand_rec]
    return np.stack(
        [
            np.count_nonzero(rated & (perspective == 0), axis=1),
            np.count_nonzero(rated & (perspective == 1), axis=1),
        ],
        axis=1,
    )
