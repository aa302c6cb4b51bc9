"""The agreement statistics in two steps: sums per group, then the statistic from the sums.

An engine gives the sums (numpy with ``bincount`` over units in memory, or
DuckDB with SQL over a Parquet dataset); the statistics are computed from
them here, once, for both. The formulas are those of
:mod:`rekrytera.scoring` (Krippendorff's alpha) and Shrout & Fleiss (1979)
for the intraclass correlations.
"""

from __future__ import annotations

import attrs
import numpy as np

__all__ = [
    "AlphaSums",
    "IccSums",
    "alpha_final",
    "alpha_sums",
    "div",
    "icc_final",
    "icc_sums",
    "ordinal_final",
    "ordinal_o",
    "ratio",
]


def div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den where den > 0, NaN elsewhere."""
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


def ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den for sums whose denominator is 0 only where the numerator is: NaN there."""
    with np.errstate(invalid="ignore", divide="ignore"):
        result: np.ndarray = num / den
    return result


@attrs.frozen(eq=False)
class AlphaSums:
    """Per group, over its pairable units (two values or more): what alpha needs.

    ``n`` the values, ``observed`` ``Σ 2·m·spread / (m − 1)`` over units of
    *m* values with the given spread (squared deviations from the unit's
    mean), and ``spread`` the values' squared deviations from the group's
    mean.
    """

    n: np.ndarray
    observed: np.ndarray
    spread: np.ndarray


def alpha_sums(
    m: np.ndarray, total: np.ndarray, m2: np.ndarray, unit_group: np.ndarray, n_groups: int
) -> AlphaSums:
    """The :class:`AlphaSums` of units given as ``(m, sum, m2)``, each in ``unit_group``.

    The spread around each group's mean is the spread within its units plus
    that of the unit means (exact, and with no subtraction of large sums).
    Two passes over the units, a block at a time: at national scale each
    array made per unit would be large.
    """
    observed = np.zeros(n_groups)
    n = np.zeros(n_groups)
    weighted = np.zeros(n_groups)
    blocks = _blocks(len(m))

    def pairable(part: slice) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        return _pairable(m[part], total[part], m2[part], unit_group[part])

    # One block (the usual case below national scale) is taken apart once, not twice.
    only = pairable(blocks[0]) if len(blocks) == 1 else None
    for part in blocks:
        g, mb, unit_mean, spread = only or pairable(part)
        weights = 2 * mb
        weights *= spread
        weights /= mb - 1
        observed += np.bincount(g, weights=weights, minlength=n_groups)
        n += np.bincount(g, weights=mb, minlength=n_groups)
        np.multiply(mb, unit_mean, out=weights)
        weighted += np.bincount(g, weights=weights, minlength=n_groups)
    mean = div(weighted, n)
    around = np.zeros(n_groups)
    for part in blocks:
        g, mb, unit_mean, spread = only or pairable(part)
        deviation = mean[g]
        np.subtract(unit_mean, deviation, out=deviation)
        np.square(deviation, out=deviation)
        deviation *= mb
        deviation += spread
        around += np.bincount(g, weights=deviation, minlength=n_groups)
    return AlphaSums(n=n, observed=observed, spread=around)


#: How many units the sums take at a time.
BLOCK = 1 << 18


def _blocks(n: int) -> list[slice]:
    """``0 … n`` in slices of :data:`BLOCK` (one empty slice when *n* is 0)."""
    return [slice(i, i + BLOCK) for i in range(0, n, BLOCK)] or [slice(0, 0)]


def _pairable(
    m: np.ndarray, total: np.ndarray, m2: np.ndarray, unit_group: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(group, m, mean, m2)`` of the units with two values or more (*m* as floats)."""
    pairable = m >= 2
    mb = m[pairable].astype(np.float64)
    return unit_group[pairable], mb, total[pairable] / mb, m2[pairable]


def alpha_final(sums: AlphaSums) -> np.ndarray:
    """Krippendorff's alpha (interval) per group; NaN where it is undefined."""
    n = sums.n
    expected = div(2 * n * sums.spread, n * (n - 1))
    alpha = 1.0 - div(div(sums.observed, n), expected)
    alpha[(n < 2) | ~(expected > 0)] = np.nan
    return alpha


def ordinal_o(counts: np.ndarray, unit_group: np.ndarray, n_groups: int) -> np.ndarray:
    """Each group's coincidence matrix from its units' counts of each level.

    ``counts[u, l]``: how many values of unit *u* fall on the *l*-th level;
    ``o[g, c, k] = Σ_u n_uc (n_uk − [c = k]) / (m_u − 1)`` over the group's
    pairable units.
    """
    n_levels = counts.shape[1]
    o = np.zeros((n_groups, n_levels, n_levels))
    # A block of units and a column at a time: no copy of the whole table in floats.
    for part in _blocks(len(counts)):
        block = counts[part]
        m = block.sum(axis=1, dtype=np.int64)
        pairable = m >= 2
        if not pairable.any():
            continue
        block = block[pairable]
        g = unit_group[part][pairable]
        scale = 1.0 / (m[pairable] - 1)
        del m, pairable
        for c in range(n_levels):
            weighted = block[:, c] * scale
            for k in range(c, n_levels):
                pairs = weighted * (block[:, k].astype(np.float64) - (c == k))
                o[:, c, k] += np.bincount(g, weights=pairs, minlength=n_groups)
    for c in range(n_levels):  # the matrix is symmetric: fill the lower half
        o[:, c + 1 :, c] = o[:, c, c + 1 :]
    return o


def ordinal_final(o: np.ndarray) -> np.ndarray:
    """Krippendorff's alpha (ordinal) per group from its coincidence matrix.

    The marginals ``n_c`` and the ordinal distance
    ``(Σ_{g from c to k} n_g − (n_c + n_k) / 2)²``; a level no one used
    changes nothing.
    """
    n_groups, n_levels = o.shape[0], o.shape[1]
    out = np.full(n_groups, np.nan)
    if n_levels == 0:
        return out
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


@attrs.frozen(eq=False)
class IccSums:
    """Per group, the two-way ANOVA of its complete units (every rater rated them).

    ``k`` raters, ``n`` complete units, the sums of squares of the units'
    means (``rows``), of the raters' means (``cols``) and within the units
    (``within``), all around the grand mean of the complete units.
    """

    k: np.ndarray
    n: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    within: np.ndarray


def icc_sums(
    m: np.ndarray,
    total: np.ndarray,
    m2: np.ndarray,
    unit_group: np.ndarray,
    has_rater: np.ndarray,
    rater_group: np.ndarray,
    rater_sum: np.ndarray,
    n_groups: int,
) -> IccSums:
    """The :class:`IccSums` of units given as ``(m, sum, m2)``.

    ``has_rater`` says which raters have any value, and ``rater_sum`` each
    rater's sum over the complete units of its group.
    """
    k = np.bincount(rater_group[has_rater], minlength=n_groups)
    kf = k.astype(np.float64)
    blocks = _blocks(len(m))

    def complete(part: slice) -> tuple[np.ndarray, np.ndarray]:
        """The groups of the block's complete units (every rater, two or more), and which."""
        group, mb = unit_group[part], m[part]
        keep = mb == k[group]
        keep &= mb >= 2
        return group[keep], keep

    # Two passes over the units, a block at a time, as alpha_sums makes them.
    n, sums, within = np.zeros(n_groups), np.zeros(n_groups), np.zeros(n_groups)
    for part in blocks:
        ug, keep = complete(part)
        n += np.bincount(ug, minlength=n_groups)
        sums += np.bincount(ug, weights=total[part][keep], minlength=n_groups)
        within += np.bincount(ug, weights=m2[part][keep], minlength=n_groups)
    grand = div(sums, n * kf)
    rows = np.zeros(n_groups)
    for part in blocks:
        ug, keep = complete(part)
        deviation = total[part][keep]
        deviation /= kf[ug]  # the unit's mean
        deviation -= grand[ug]
        np.square(deviation, out=deviation)
        rows += np.bincount(ug, weights=deviation, minlength=n_groups)
    rows *= kf
    used = has_rater & (n[rater_group] > 0)
    rater_mean = rater_sum[used] / n[rater_group[used]]
    cols = n * np.bincount(
        rater_group[used], weights=(rater_mean - grand[rater_group[used]]) ** 2, minlength=n_groups
    )
    return IccSums(k=k, n=n, rows=rows, cols=cols, within=within)


#: The intraclass correlations :func:`icc_final` gives (Shrout & Fleiss, 1979).
ICC_FORMS = ("icc11", "icc1k", "icc21", "icc2k", "icc31", "icc3k")


def icc_final(sums: IccSums) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Every Shrout & Fleiss intraclass correlation per group, and its complete units.

    ICC(1,·) one-way random (raters not separated from error), ICC(2,·)
    two-way random with absolute agreement, ICC(3,·) two-way mixed with
    consistency (the raters' own levels set aside); ``·1`` one rater's
    reliability, ``·k`` that of the mean of the group's *k* raters. NaN
    where fewer than two units or raters remain, or the ICC is undefined.
    """
    n, kf = sums.n.astype(np.float64), sums.k.astype(np.float64)
    ss_rows, ss_cols = sums.rows, sums.cols
    ss_total = sums.within + ss_rows
    ss_error = ss_total - ss_rows - ss_cols
    with np.errstate(divide="ignore", invalid="ignore"):
        ms_rows = ss_rows / (n - 1)
        ms_cols = ss_cols / (kf - 1)
        ms_error = ss_error / ((n - 1) * (kf - 1))
        ms_within = (ss_cols + ss_error) / (n * (kf - 1))
        # A denominator that is rounding noise (every unit alike: 0/0) is undefined,
        # not the ±0.5 its noise would give.
        tiny = 1e-12 * np.maximum(ss_total, 1e-300)

        def part(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
            out: np.ndarray = np.where(np.abs(bottom) > tiny, top / bottom, np.nan)
            return out

        forms = {
            "icc11": part(ms_rows - ms_within, ms_rows + (kf - 1) * ms_within),
            "icc1k": part(ms_rows - ms_within, ms_rows),
            "icc21": part(
                ms_rows - ms_error, ms_rows + (kf - 1) * ms_error + kf * (ms_cols - ms_error) / n
            ),
            "icc2k": part(ms_rows - ms_error, ms_rows + (ms_cols - ms_error) / n),
            "icc31": part(ms_rows - ms_error, ms_rows + (kf - 1) * ms_error),
            "icc3k": part(ms_rows - ms_error, ms_rows),
        }
    undefined = (n < 2) | (sums.k < 2)
    for values in forms.values():
        values[undefined | ~np.isfinite(values)] = np.nan
    return forms, n.astype(np.int64)
