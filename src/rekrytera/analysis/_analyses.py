"""The analyses a researcher runs across recruitments, each returning a tidy Table."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..exceptions import RekryteraError
from ..model import Phase
from ._compute import (
    ICC_FORMS,
    Totals,
    balanced,
    round9,
    tau_by_group,
    tops,
)
from ._dataset import Dataset
from ._items import engine_of
from ._stats import alpha_final, icc_final, ordinal_final
from ._table import Table

__all__ = ["SETS", "agreement", "groups", "scores", "sensitivity", "summarise"]

#: Whose ratings an agreement statistic compares: every panelist, the staff
#: panelists, the resident panelists, or the two perspectives (each item's
#: staff mean against its resident mean).
SETS = ("all", "staff", "resident", "between")

#: The resident weights of the default sensitivity curve: 0, 0.1, …, 1.
WEIGHTS = tuple(round(w / 10, 1) for w in range(11))


def _optional(values: np.ndarray, known: np.ndarray) -> np.ndarray:
    """*values* (an object column) with None where not *known*."""
    values[~known] = None
    return values


def scores(
    ds: Dataset,
    *,
    resident_weight: float = 0.5,
    divergence: float = 1.0,
    phase: Phase | str = Phase.INDEPENDENT,
) -> Table:
    """Every candidate of every recruitment scored by ``balanced``, one row each.

    The values are those :func:`rekrytera.score` gives each recruitment:
    ``total``, the ``staff`` and ``resident`` totals, ``rank`` (``None`` for
    the unranked), and the ``tie``, ``divergent``, ``incomplete``,
    ``resident_missing``, ``single_rater`` and ``conflict_excluded`` flags.
    Candidates appear by id only.
    """
    t = balanced(ds, resident_weight, divergence=divergence, phase=phase)
    ids = np.array(ds.ids, dtype=object)
    return Table(
        {
            "recruitment": ids[ds.cand_rec],
            "candidate": ds.cand_id,
            "eligible": ds.cand_eligible,
            "hired": ds.cand_hired,
            "rank": _optional(t.rank.astype(object), t.rank > 0),
            "total": t.total,
            "staff": t.staff,
            "resident": t.resident,
            "tie": t.tie,
            "divergent": t.divergent,
            "incomplete": t.incomplete,
            "resident_missing": t.resident_missing,
            "single_rater": t.single_rater,
            "conflict_excluded": (
                ds.cand_left_out & (1 if Phase(phase) is Phase.INDEPENDENT else 2)
            )
            > 0,
        }
    )


def groups(
    ds: Dataset, by: str | Sequence[str] | None
) -> tuple[np.ndarray, list[tuple[object, ...]]]:
    """Each recruitment's group under *by*, and the groups' values in order (missing last)."""
    fields = [by] if isinstance(by, str) else list(by or ())
    values = [ds.attribute(f) for f in fields]
    keys = [tuple(v[i] for v in values) for i in range(len(ds))]
    # Ungrouped, there is always the one group of everything, even when it is empty.
    found = set(keys) if fields else {()}
    ordered = sorted(found, key=lambda k: tuple(_natural(v) for v in k))
    index = {k: i for i, k in enumerate(ordered)}
    return np.array([index[k] for k in keys], dtype=np.int64), ordered


def _natural(value: object) -> tuple[bool, int, int, str]:
    """Sort numbers as numbers ("2" before "10"), then text; missing values last."""
    text = "" if value is None else str(value)
    return (value is None, 0 if text.isdigit() else 1, int(text) if text.isdigit() else 0, text)


Answer = tuple[np.ndarray, np.ndarray]


def _per_recruitment(
    ds: Dataset, resident_weight: float, phase: Phase | str
) -> tuple[dict[str, np.ndarray], dict[str, Answer], Totals]:
    n = len(ds)
    phase = Phase(phase)
    engine = engine_of(ds)
    totals = balanced(ds, resident_weight, phase=phase)
    columns: dict[str, np.ndarray] = {}
    for name in SETS:
        sums, o = engine.set_sums(ds, phase, name, np.arange(n), n)
        columns[f"alpha_{name}"] = alpha_final(sums)
        # The values alpha pairs in each recruitment: those of items scored twice or more.
        columns[f"pairable_{name}"] = sums.n
        if o is not None:
            columns[f"alpha_ordinal_{name}"] = ordinal_final(o)
        forms, used = icc_final(engine.icc_sums(ds, phase, name))
        for form in ICC_FORMS:
            columns[f"{form}_{name}"] = forms[form]
        columns[f"icc_items_{name}"] = used
    both = ds.cand_eligible & ~np.isnan(totals.staff) & ~np.isnan(totals.resident)
    columns["tau"] = tau_by_group(
        ds.cand_rec[both], round9(totals.staff[both]), round9(totals.resident[both]), n
    )
    resident_top = tops(ds.cand_rec, totals.resident, ds.cand_eligible, n)
    staff_top = tops(ds.cand_rec, totals.staff, ds.cand_eligible, n)
    top = totals.rank == 1

    def any_of(mask: np.ndarray) -> np.ndarray:
        return np.bincount(ds.cand_rec[mask], minlength=n) > 0

    hired = any_of(ds.cand_hired)

    answers = {
        "resident_top_is_staff_top": (
            any_of(resident_top & staff_top),
            any_of(resident_top) & any_of(staff_top),
        ),
        "resident_top_hired": (any_of(resident_top & ds.cand_hired), any_of(resident_top) & hired),
        "staff_top_hired": (any_of(staff_top & ds.cand_hired), any_of(staff_top) & hired),
        "top_hired": (any_of(top & ds.cand_hired), any_of(top) & hired),
    }
    drift = engine.drift(ds)
    for key in (
        "pairs",
        "changed",
        "mean",
        "mean_abs",
        "mean_staff",
        "mean_resident",
        "sum",
        "sum_abs",
    ):
        columns[f"drift_{key}"] = drift[key]
    return columns, answers, totals


def _scores_per_recruitment(ds: Dataset, phase: Phase | str) -> np.ndarray:
    """How many scores count for *phase* in each recruitment."""
    return engine_of(ds).scores(ds, Phase(phase))


_SUMMARY_ONLY = ("drift_sum", "drift_sum_abs")


def agreement(
    ds: Dataset,
    *,
    resident_weight: float = 0.5,
    phase: Phase | str = Phase.INDEPENDENT,
) -> Table:
    """Agreement and outcome measures for each recruitment, one row each.

    Columns: the recruitment's attributes; ``candidates``, ``eligible``,
    ``staff_panelists``, ``resident_panelists``, ``scores`` (that count for
    *phase*); ``alpha_<set>``, ``pairable_<set>`` (the values alpha pairs:
    those of items scored twice or more), ``alpha_ordinal_<set>`` (not for
    ``between``), the intraclass correlations ``icc11_``, ``icc1k_``,
    ``icc21_``, ``icc2k_``, ``icc31_`` and ``icc3k_<set>``, and
    ``icc_items_<set>`` (the items every panelist of the set scored: the only
    ones an ICC uses) for each set of :data:`SETS`; ``tau`` (Kendall's tau-b
    between the staff and resident totals of the eligible candidates);
    whether the residents' top candidate is the staff's
    (``resident_top_is_staff_top``) and whether the residents', the staff's
    and the ``balanced`` top candidate was hired (``None`` where it cannot be
    told); and the drift from independent to calibrated scores
    (``drift_pairs``, ``drift_changed``, ``drift_mean``, ``drift_mean_abs``,
    ``drift_mean_staff``, ``drift_mean_resident``).
    """
    n = len(ds)
    columns, answers, _ = _per_recruitment(ds, resident_weight, phase)
    perspective = ds.pan_perspective
    out: dict[str, np.ndarray] = {"recruitment": np.array(ds.ids, dtype=object)}
    for name in ds.attributes:
        column = name if name not in columns and name != "recruitment" else f"attribute.{name}"
        out[column] = ds.attribute(name)
    out["candidates"] = np.bincount(ds.cand_rec, minlength=n)
    out["eligible"] = np.bincount(ds.cand_rec[ds.cand_eligible], minlength=n)
    out["staff_panelists"] = np.bincount(ds.pan_rec[perspective == 0], minlength=n)
    out["resident_panelists"] = np.bincount(ds.pan_rec[perspective == 1], minlength=n)
    out["scores"] = _scores_per_recruitment(ds, phase)
    out.update({k: v for k, v in columns.items() if not k.startswith("drift")})
    out.update({name: _optional(a.astype(object), k) for name, (a, k) in answers.items()})
    out.update(
        {k: v for k, v in columns.items() if k.startswith("drift") and k not in _SUMMARY_ONLY}
    )
    return Table(out)


def _share(
    answer: np.ndarray, known: np.ndarray, group: np.ndarray, n_groups: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per group, the share of yes among the known answers, and how many were known."""
    n_known = np.bincount(group[known], minlength=n_groups)
    n_yes = np.bincount(group[known & answer], minlength=n_groups)
    share = np.full(n_groups, np.nan)
    np.divide(n_yes, n_known, out=share, where=n_known > 0)
    return share, n_known


def _same_scale(ds: Dataset, group: np.ndarray, keys: Sequence[object]) -> None:
    """Refuse to pool recruitments rated on different scales: their scores do not compare."""
    seen: dict[int, dict[tuple[float, float], list[str]]] = {}
    for i, (id, low, high) in enumerate(zip(ds.ids, *ds.rec_scale.T.tolist(), strict=True)):
        seen.setdefault(int(group[i]), {}).setdefault((low, high), []).append(id)
    for g, scales in seen.items():
        if len(scales) > 1:
            listed = "; ".join(
                f"{_end(low)}–{_end(high)}: {len(ids)} "
                f"({', '.join(ids[:3])}{', …' if len(ids) > 3 else ''})"
                for (low, high), ids in sorted(scales.items())
            )
            where = "" if keys[g] == () else f" in the group {keys[g]!r}"
            raise RekryteraError(
                f"recruitments rated on different scales cannot be pooled{where} "
                f"({listed}); analyse each scale apart"
            )


def _end(value: float) -> str:
    """An end of a rating scale as written (a whole number)."""
    return str(int(value)) if math.isfinite(value) else str(value)


def _weighted_mean(
    values: np.ndarray, weights: np.ndarray, group: np.ndarray, n_groups: int
) -> np.ndarray:
    known = ~np.isnan(values) & (weights > 0)
    total = np.bincount(group[known], weights=weights[known], minlength=n_groups)
    out = np.full(n_groups, np.nan)
    np.divide(
        np.bincount(group[known], weights=values[known] * weights[known], minlength=n_groups),
        total,
        out=out,
        where=total > 0,
    )
    return out


def _mean(values: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    known = ~np.isnan(values)
    n = np.bincount(group[known], minlength=n_groups)
    out = np.full(n_groups, np.nan)
    np.divide(
        np.bincount(group[known], weights=values[known], minlength=n_groups),
        n,
        out=out,
        where=n > 0,
    )
    return out


def _group_columns(
    ds: Dataset, by: str | Sequence[str] | None, keys: list[tuple[object, ...]]
) -> dict[str, np.ndarray]:
    fields = [by] if isinstance(by, str) else list(by or ())
    return {f: np.array([k[i] for k in keys], dtype=object) for i, f in enumerate(fields)}


def summarise(
    ds: Dataset,
    by: str | Sequence[str] | None = None,
    *,
    resident_weight: float = 0.5,
    phase: Phase | str = Phase.INDEPENDENT,
) -> Table:
    """The common summaries, pooled over all recruitments or over each group.

    :param by: a recruitment attribute (or several) to group by, e.g.
        ``"kommungrupp"``; recruitments without it form their own group.

    Krippendorff's alpha is **pooled** (``alpha_<set>``): computed over every
    rated item of the group's recruitments together, so differences in how
    strict whole recruitments were count as agreement; beside it
    ``alpha_mean_<set>`` is the mean of the recruitments' own alphas, each
    weighted by the values it pairs, which does not mix their levels.
    ``alpha_ordinal_<set>`` and ``alpha_ordinal_mean_<set>`` are the same
    two for the ordinal alpha (not for ``between``, which compares means).
    Recruitments on different rating scales are not pooled (an error). ICCs
    are **means** of the per-recruitment values weighted by the complete
    items each rests on (an ICC across recruitments with different raters is
    not defined); ``icc_items_<set>`` counts those items. Tau is the plain
    mean of the recruitments' values. The top-candidate answers are **shares** of the
    recruitments where they can be told (``*_known`` counts them). Drift is
    pooled over every revised score.
    """
    group, keys = groups(ds, by)
    n_groups = len(keys)
    _same_scale(ds, group, keys)
    columns, answers, _ = _per_recruitment(ds, resident_weight, phase)
    engine = engine_of(ds)
    out = _group_columns(ds, by, keys)
    out["recruitments"] = np.bincount(group, minlength=n_groups)
    out["candidates"] = np.bincount(group[ds.cand_rec], minlength=n_groups)
    out["scores"] = np.bincount(
        group, weights=_scores_per_recruitment(ds, phase), minlength=n_groups
    ).astype(np.int64)
    for name in SETS:
        sums, o = engine.set_sums(ds, Phase(phase), name, group, n_groups)
        out[f"alpha_{name}"] = alpha_final(sums)
        out[f"alpha_mean_{name}"] = _weighted_mean(
            columns[f"alpha_{name}"], columns[f"pairable_{name}"], group, n_groups
        )
        if o is not None:
            out[f"alpha_ordinal_{name}"] = ordinal_final(o)
            out[f"alpha_ordinal_mean_{name}"] = _weighted_mean(
                columns[f"alpha_ordinal_{name}"], columns[f"pairable_{name}"], group, n_groups
            )
    for name in SETS:
        for form in ICC_FORMS:
            out[f"{form}_{name}"] = _weighted_mean(
                columns[f"{form}_{name}"], columns[f"icc_items_{name}"], group, n_groups
            )
        out[f"icc_items_{name}"] = np.bincount(
            group, weights=columns[f"icc_items_{name}"], minlength=n_groups
        ).astype(np.int64)
    out["tau"] = _mean(columns["tau"], group, n_groups)
    for name, (answer, known) in answers.items():
        out[name], out[f"{name}_known"] = _share(answer, known, group, n_groups)
    pairs = np.bincount(group, weights=columns["drift_pairs"], minlength=n_groups)
    out["drift_pairs"] = pairs.astype(np.int64)
    out["drift_changed"] = np.bincount(
        group, weights=columns["drift_changed"], minlength=n_groups
    ).astype(np.int64)
    for key in ("sum", "sum_abs"):
        total = np.bincount(group, weights=columns[f"drift_{key}"], minlength=n_groups)
        name = "drift_mean" if key == "sum" else "drift_mean_abs"
        out[name] = np.full(n_groups, np.nan)
        np.divide(total, pairs, out=out[name], where=pairs > 0)
    return Table(out)


def sensitivity(
    ds: Dataset,
    by: str | Sequence[str] | None = None,
    *,
    weights: Sequence[float] = WEIGHTS,
    phase: Phase | str = Phase.INDEPENDENT,
) -> Table:
    """How the ``balanced`` outcome changes with the resident weight, from 0 to 1.

    One row per group and weight *r*. Compared with the ranking of the staff
    alone (``r = 0``): ``top_changed``, the share of recruitments whose top
    candidate differs; ``tau``, the mean Kendall's tau-b between the totals at
    *r* and at 0 over the eligible candidates; and ``top_hired``, the share of
    decided recruitments whose top candidate at *r* was hired.
    """
    group, keys = groups(ds, by)
    n_groups, n = len(keys), len(ds)
    reference = balanced(ds, 0.0, phase=phase)
    ref_top = reference.rank == 1
    has_ref = np.bincount(ds.cand_rec[ref_top], minlength=n) > 0
    hired = np.bincount(ds.cand_rec[ds.cand_hired], minlength=n) > 0
    labels = _group_columns(ds, by, keys)
    out: dict[str, list[object]] = {name: [] for name in labels}
    for name in ("resident_weight", "recruitments", "top_changed", "tau", "top_hired"):
        out[name] = []
    for weight in weights:
        t = balanced(ds, float(weight), phase=phase)
        top = t.rank == 1
        has_top = np.bincount(ds.cand_rec[top], minlength=n) > 0
        changed = np.bincount(ds.cand_rec[top != ref_top], minlength=n) > 0
        comparable = has_top & has_ref
        both = ds.cand_eligible & ~np.isnan(t.total) & ~np.isnan(reference.total)
        tau = tau_by_group(
            ds.cand_rec[both], round9(t.total[both]), round9(reference.total[both]), n
        )
        top_hired = np.bincount(ds.cand_rec[top & ds.cand_hired], minlength=n) > 0
        decided = has_top & hired
        share_changed, n_comparable = _share(changed, comparable, group, n_groups)
        share_hired, _ = _share(top_hired, decided, group, n_groups)
        mean_tau = _mean(tau, group, n_groups)
        for g in range(n_groups):
            for name, column in labels.items():
                out[name].append(column[g])
            out["resident_weight"].append(float(weight))
            out["recruitments"].append(int(n_comparable[g]))
            out["top_changed"].append(share_changed[g])
            out["tau"].append(mean_tau[g])
            out["top_hired"].append(share_hired[g])
    return Table(
        {
            name: np.array(values, dtype=object if name in labels else None)
            for name, values in out.items()
        }
    )
