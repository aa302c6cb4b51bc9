"""Krippendorff's ordinal alpha for every group at once."""

from __future__ import annotations

import numpy as np

__all__ = ["alpha_ordinal_by_group"]


def alpha_ordinal_by_group(
    unit: np.ndarray, value: np.ndarray, unit_group: np.ndarray, n_groups: int
) -> np.ndarray:
    """Krippendorff's alpha (ordinal) per group; NaN where it is undefined.

    One row per value given: its unit (what was rated) and the value; each
    unit belongs to one group (``unit_group``). The formula is that of
    :func:`rekrytera.scoring.krippendorff_alpha_ordinal`: each group's
    coincidence matrix ``o[c][k] = Σ_u n_uc (n_uk − [c = k]) / (m_u − 1)``
    over its pairable units, its marginals ``n_c``, and the
    ordinal distance ``(Σ_{g from c to k} n_g − (n_c + n_k) / 2)²``. The
    scores take few distinct values (a rating scale), so the work is a pass
    over the units per pair of values.
    """
    out = np.full(n_groups, np.nan)
    if len(value) == 0:
        return out
    levels, level = np.unique(value, return_inverse=True)
    n_levels, n_units = len(levels), len(unit_group)
    m = np.bincount(unit, minlength=n_units)
    pairable = m >= 2
    if not pairable.any():
        return out
    # Per pairable unit, how many values fall on each level.
    keep = pairable[unit]
    index = np.cumsum(pairable) - 1
    n_pairable = int(pairable.sum())
    counts = np.bincount(
        index[unit[keep]] * n_levels + level[keep], minlength=n_pairable * n_levels
    ).reshape(n_pairable, n_levels)
    g = unit_group[pairable]
    scale = 1.0 / (m[pairable] - 1)
    o = np.zeros((n_groups, n_levels, n_levels))
    weighted = counts * scale[:, None]
    for c in range(n_levels):
        for k in range(c, n_levels):
            pairs = weighted[:, c] * (counts[:, k] - (c == k))
            o[:, c, k] = o[:, k, c] = np.bincount(g, weights=pairs, minlength=n_groups)
    n_c = o.sum(axis=2)
    n = n_c.sum(axis=1)
    cumulative = np.concatenate([np.zeros((n_groups, 1)), np.cumsum(n_c, axis=1)], axis=1)
    low = np.minimum.outer(np.arange(n_levels), np.arange(n_levels))
    high = np.maximum.outer(np.arange(n_levels), np.arange(n_levels))
    between = cumulative[:, high + 1] - cumulative[:, low]
    delta = (between - (n_c[:, :, None] + n_c[:, None, :]) / 2) ** 2
    observed = (o * delta).sum(axis=(1, 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = (n_c[:, :, None] * n_c[:, None, :] * delta).sum(axis=(1, 2)) / (n - 1)
        alpha = 1.0 - observed / expected
    defined = (n > 1) & (expected > 0)
    out[defined] = alpha[defined]
    return out
