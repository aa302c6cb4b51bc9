"""Analyses across many recruitments against the baselines the research issue names.

Run: python benchmarks/analysis.py [--recruitments N] [--seed S]
Needs: pip install ".[analysis]" krippendorff   (pingouin too, if you want its row)

On N synthetic recruitments (2,000 by default) of 15 candidates × 5 panelists
(3 staff, 2 residents) × 8 competences at one stage — about 1.2 million
scores — it times, in the same process and on the same scores:

- ``balanced`` for every recruitment (``rekrytera.analysis``), against a plain
  numpy weighted mean per candidate (two ``bincount`` calls), and against
  ``rekrytera.score`` one recruitment at a time;
- Krippendorff's alpha (interval and ordinal) for every recruitment, against
  calling the ``krippendorff`` package once per recruitment, and checks that
  the values agree to 1e-9;
- ICC(2,1) and ICC(2,k) for every recruitment, against a per-recruitment numpy
  two-way ANOVA (and pingouin's ``intraclass_corr`` on a sample, if installed);
- exact Kemeny for one recruitment of 15 candidates.

Each time is the best of several runs; ratios are rekrytera / baseline.
"""

from __future__ import annotations

import argparse
import platform
from collections.abc import Callable
from typing import Literal

import attrs
import krippendorff
import numpy as np
from _timing import best

import rekrytera
from rekrytera import analysis
from rekrytera.analysis import Dataset
from rekrytera.analysis._compute import alpha_by_group, balanced, icc_by_group
from rekrytera.analysis._ordinal import alpha_ordinal_by_group
from rekrytera.simulate import Settings, simulate

SETTINGS = Settings(
    templates=("enhetschef",),  # 8 competences, all at the interview
    candidates=(15, 15),
    staff=(3, 3),
    residents=(2, 2),
    missing=0.0,
    ineligible=0.1,
    calibrated=0.1,
)


#: The levels of measurement both implementations compute.
Level = Literal["interval", "ordinal"]


def fresh(ds: Dataset) -> Dataset:
    """The same data without anything computed from it yet (a new, empty cache)."""
    return attrs.evolve(ds)


def row(label: str, seconds: float, baseline: float | None = None) -> None:
    ratio = f"{seconds / baseline:8.2f}" if baseline else ""
    print(f"  {label:58}{seconds:9.4f}{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recruitments", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    recs = list(simulate(args.recruitments, seed=args.seed, settings=SETTINGS))
    ds = Dataset.from_recruitments(recs)
    rows = np.arange(len(ds.score_value))[ds.effective("independent")]
    n = len(ds)
    print(
        f"rekrytera {rekrytera.__version__}, numpy {np.__version__}, Python "
        f"{platform.python_version()}, {platform.machine()}"
    )
    print(
        f"{n:,} recruitments, {len(ds.cand_id):,} candidates, {len(rows):,} scores that count "
        f"({len(ds.score_value):,} with the calibrated ones)"
    )
    print(f"  {'':58}{'seconds':>9}{'ratio':>8}")

    # --- balanced -------------------------------------------------------------
    cand = ds.score_cand[rows]
    weight = ds.comp_weight[ds.score_comp[rows]]
    value = ds.score_value[rows]

    def baseline_mean() -> np.ndarray:
        return np.bincount(cand, weights=weight * value) / np.bincount(cand, weights=weight)

    base = best(baseline_mean)
    ours = best(lambda: balanced(fresh(ds)))
    print("balanced, every recruitment")
    row("baseline: numpy weighted mean per candidate (bincount)", base)
    row("rekrytera.analysis (balanced, from the raw scores)", ours, base)
    row(
        "rekrytera.analysis.scores (the same, as a Table)",
        best(lambda: analysis.scores(fresh(ds))),
        base,
    )
    sample = recs[: max(1, n // 20)]
    per_rec = best(lambda: [rekrytera.score(r) for r in sample], runs=1) * n / len(sample)
    row(f"rekrytera.score one at a time (from {len(sample)}, scaled)", per_rec, base)

    # --- Krippendorff's alpha -------------------------------------------------
    # Each recruitment's reliability data: panelists × items, NaN where not rated.
    order = np.argsort(ds.score_rec[rows], kind="stable")
    ends = np.cumsum(np.bincount(ds.score_rec[rows], minlength=n))[:-1]
    matrices = []
    for mine in np.split(rows[order], ends):
        _, p = np.unique(ds.score_pan[mine], return_inverse=True)
        _, i = np.unique(ds.score_item[mine], return_inverse=True)
        matrix = np.full((p.max() + 1, i.max() + 1), np.nan)
        matrix[p, i] = ds.score_value[mine]
        matrices.append(matrix)

    group, unit = ds.score_rec[rows], ds.score_item[rows]
    ours_by_level: dict[Level, Callable[[], np.ndarray]] = {
        "interval": lambda: alpha_by_group(group, unit, value, ds.item_rec, n),
        "ordinal": lambda: alpha_ordinal_by_group(unit, value, ds.item_rec, n),
    }
    for level, ours_alpha in ours_by_level.items():

        def baseline_alpha(level: Level = level) -> list[float]:
            return [krippendorff.alpha(m, level_of_measurement=level) for m in matrices]

        expected, got = np.array(baseline_alpha()), ours_alpha()
        worst = float(np.nanmax(np.abs(expected - got)))
        assert worst < 1e-9, worst
        base = best(baseline_alpha, runs=2)
        name = "Krippendorff's alpha" + ("" if level == "interval" else f" ({level})")
        print(f"{name}, every recruitment (largest difference {worst:.1e})")
        row("baseline: krippendorff.alpha once per recruitment", base)
        row("rekrytera.analysis", best(ours_alpha), base)

    # --- ICC ------------------------------------------------------------------
    rater = ds.score_pan[rows]

    def our_icc() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return icc_by_group(group, unit, rater, value, ds.item_rec, ds.pan_rec, n)

    def anova(m: np.ndarray) -> tuple[float, float]:
        """ICC(2,1) and ICC(2,k) of a complete raters × units table (Shrout & Fleiss)."""
        k_, n_ = m.shape
        grand = m.mean()
        ssr = k_ * ((m.mean(axis=0) - grand) ** 2).sum()
        ssc = n_ * ((m.mean(axis=1) - grand) ** 2).sum()
        sse = ((m - grand) ** 2).sum() - ssr - ssc
        msr, msc, mse = ssr / (n_ - 1), ssc / (k_ - 1), sse / ((n_ - 1) * (k_ - 1))
        return (
            (msr - mse) / (msr + (k_ - 1) * mse + k_ * (msc - mse) / n_),
            (msr - mse) / (msr + (msc - mse) / n_),
        )

    complete = [m[:, ~np.isnan(m).any(axis=0)] for m in matrices]

    def baseline_icc() -> list[tuple[float, float]]:
        return [anova(m) for m in complete]

    single, average, _ = our_icc()
    reference = np.array(baseline_icc())
    worst = float(
        max(
            np.nanmax(np.abs(reference[:, 0] - single)),
            np.nanmax(np.abs(reference[:, 1] - average)),
        )
    )
    assert worst < 1e-9, worst
    base = best(baseline_icc, runs=2)
    print(f"ICC(2,1) and ICC(2,k), every recruitment (largest difference {worst:.1e})")
    row("baseline: numpy two-way ANOVA once per recruitment", base)
    row("rekrytera.analysis", best(our_icc), base)
    try:
        import pandas as pd
        import pingouin
    except ImportError:
        print("  (pingouin is not installed: no pingouin row)")
    else:
        few = complete[:50]
        frames = [
            pd.DataFrame(
                {
                    "unit": np.repeat(np.arange(m.shape[1]), m.shape[0]),
                    "rater": np.tile(np.arange(m.shape[0]), m.shape[1]),
                    "score": m.T.ravel(),
                }
            )
            for m in few
        ]
        seconds = best(
            lambda: [pingouin.intraclass_corr(f, "unit", "rater", "score") for f in frames], runs=1
        )
        row(
            f"pingouin.intraclass_corr per recruitment ({len(few)}, scaled)",
            seconds * n / len(few),
            base,
        )

    # --- Kemeny ---------------------------------------------------------------
    one = recs[0]
    base = best(lambda: rekrytera.score(one))
    print(f"exact Kemeny, one recruitment of {len(one.candidates)} candidates")
    row("baseline: balanced on the same recruitment", base)
    row("rekrytera.score(method='kemeny')", best(lambda: rekrytera.score(one, "kemeny"), 3), base)


if __name__ == "__main__":
    main()
