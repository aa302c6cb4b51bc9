"""Krippendorff's ordinal alpha for every group at once."""

from __future__ import annotations

import numpy as np

from ._stats import ordinal_final, ordinal_o

__all__ = ["alpha_ordinal_by_group", "alpha_ordinal_from_counts"]


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
    n_units = len(unit_group)
    counts = np.bincount(
        unit * len(levels) + level.reshape(-1), minlength=n_units * len(levels)
    ).reshape(n_units, len(levels))
    return alpha_ordinal_from_counts(counts, unit_group, n_groups)


def alpha_ordinal_from_counts(
    counts: np.ndarray, unit_group: np.ndarray, n_groups: int
) -> np.ndarray:
    """Krippendorff's alpha (ordinal) per group from each unit's count of each level.

    ``counts[u, l]``: how many values of unit *u* fall on the *l*-th level,
    the levels in ascending order (a level no one used changes nothing).
    """
    return ordinal_final(ordinal_o(counts, unit_group, n_groups))
