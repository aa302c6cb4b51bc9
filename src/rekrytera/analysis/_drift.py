"""How calibrated scores moved from the independent ones they revise (the numpy engine)."""

from __future__ import annotations

import numpy as np

from ._dataset import Dataset
from ._stats import div

__all__ = ["drift_by_recruitment"]


def drift_by_recruitment(ds: Dataset) -> dict[str, np.ndarray]:
    """Per recruitment, how calibrated scores moved from the independent ones they revise.

    As :func:`rekrytera.scoring` reports it: pairs of a calibrated and an
    independent score by the same panelist of the same candidate, stage and
    competence; the mean change (calibrated minus independent), the mean
    absolute change, and the mean change within each perspective.
    """
    n_rec = len(ds)
    n_items = len(ds.item_cand)

    def key(rows: np.ndarray | slice) -> np.ndarray:
        """Panelist and item of each score in one number."""
        result: np.ndarray = ds.score_pan[rows].astype(np.int64)
        np.multiply(result, n_items, out=result)
        np.add(result, ds.score_item[rows], out=result)
        return result

    # The calibrated scores come last; of the independent ones only those of
    # revised ratings can pair with them (found rating by rating). At national
    # scale each array here is large: each goes as soon as it is used.
    calibrated = slice(ds.n_independent, ds.n_scores)
    revised = ds.revised()
    counts = np.diff(np.r_[ds.rating_start[: len(revised)], ds.n_independent])
    ind = np.flatnonzero(np.repeat(revised, counts))
    del revised, counts
    ind_key = key(ind)
    order = np.argsort(ind_key)
    ind_key, ind_value = ind_key[order], ds.levels[ds.score_level[ind[order]]]
    del ind, order
    cal_key = key(calibrated)
    position = np.searchsorted(ind_key, cal_key)
    found = position < len(ind_key)
    found[found] = ind_key[position[found]] == cal_key[found]
    del ind_key, cal_key
    rows = np.flatnonzero(found)
    rows += ds.n_independent
    change = ds.levels[ds.score_level[rows]]
    change -= ind_value[position[found]]
    del position, found, ind_value
    rec = ds.rec_of(rows)
    perspective = ds.pan_perspective[ds.score_pan[rows]]
    del rows
    pairs = np.bincount(rec, minlength=n_rec)
    result = {
        "revised": np.bincount(ds.rec_of(calibrated), minlength=n_rec) > 0,
        "pairs": pairs,
        "mean": div(np.bincount(rec, weights=change, minlength=n_rec), pairs.astype(np.float64)),
        "mean_abs": div(
            np.bincount(rec, weights=np.abs(change), minlength=n_rec), pairs.astype(np.float64)
        ),
        "sum": np.bincount(rec, weights=change, minlength=n_rec),
        "sum_abs": np.bincount(rec, weights=np.abs(change), minlength=n_rec),
        "changed": np.bincount(rec[change != 0], minlength=n_rec),
    }
    for code, name in ((0, "staff"), (1, "resident")):
        mine = perspective == code
        n = np.bincount(rec[mine], minlength=n_rec)
        result[f"pairs_{name}"] = n
        result[f"mean_{name}"] = div(
            np.bincount(rec[mine], weights=change[mine], minlength=n_rec), n.astype(np.float64)
        )
    return result
