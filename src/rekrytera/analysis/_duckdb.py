"""The DuckDB engine: the analyses' sums computed with SQL where the scores lie, out of core.

The scores of a Parquet dataset never enter Python. DuckDB joins them to the
codes of the candidates, panelists and competences (the only part read into
memory, as for the numpy engine), keeps them in a database file of its own
in a temporary folder, and reduces them item by item with SQL; only sums per
candidate, per recruitment or per group come back. The statistics are then
computed from those sums by the same code as for the numpy engine
(:mod:`._stats`), so both give the same figures.

Needs ``pip install 'rekrytera[duckdb]'``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from ..model import Phase
from ._columns import PHASES, STAGES
from ._dataset import Dataset
from ._items import PERSPECTIVE_SETS, CandidateSums, combine_stages
from ._stats import AlphaSums, IccSums, div

__all__ = ["DuckDBEngine"]

_STAGE_CODE = "CASE stage " + " ".join(f"WHEN '{s.value}' THEN {i}" for i, s in enumerate(STAGES))
_PHASE_CODE = "CASE phase " + " ".join(f"WHEN '{p.value}' THEN {i}" for i, p in enumerate(PHASES))

# Which scores count for a phase: the independent ones, or each panelist's
# calibrated rating of a candidate at a stage where there is one, else the
# independent one (as rekrytera.score counts them).
_COUNTED = {
    Phase.INDEPENDENT: "SELECT * FROM s WHERE phase = 0",
    Phase.CALIBRATED: """
        SELECT * FROM s WHERE phase = 1
        UNION ALL
        SELECT i.* FROM (SELECT * FROM s WHERE phase = 0) i
        ANTI JOIN (SELECT DISTINCT pan, cand, stage FROM s WHERE phase = 1) r
        USING (pan, cand, stage)
    """,
}

# The units of each set: (m, sum, m2) per item. `between` rates each item
# scored by both perspectives once by each perspective's mean.
_UNITS = {
    "all": ("n", "t", "m2", "n >= 2"),
    "staff": ("n0", "t0", "m2_0", "n0 >= 2"),
    "resident": ("n1", "t1", "m2_1", "n1 >= 2"),
    "between": (
        "2",
        "t0 / n0 + t1 / n1",
        "(t0 / n0 - t1 / n1) * (t0 / n0 - t1 / n1) / 2",
        "n0 > 0 AND n1 > 0",
    ),
}
_PERSPECTIVES = {"all": "(0, 1)", "staff": "(0)", "resident": "(1)"}


@attrs.define(eq=False)
class DuckDBEngine:
    """Sums over a Parquet dataset's scores, computed by DuckDB (see the module)."""

    con: Any
    folder: Path
    #: How many (stage, competence) pairs each recruitment's profile assesses.
    pairs: np.ndarray
    _phases: set[Phase] = attrs.Factory(set)

    def close(self) -> None:
        """Close the database and remove its temporary folder."""
        _remove(self.con, self.folder)

    def _arrays(
        self, sql: str, *names: str, params: list[Any] | None = None
    ) -> dict[str, np.ndarray]:
        relation = self.con.sql(sql, params=params)
        # DuckDB 1.4 added to_arrow_table; before, arrow() gave the table.
        table = (getattr(relation, "to_arrow_table", None) or relation.arrow)()
        return {n: _numpy(table.column(n)) for n in names}

    def _phase(self, phase: Phase) -> str:
        """Make the tables of *phase* (once): its counted scores, items and levels."""
        p = PHASES.index(phase)
        if phase not in self._phases:
            self.con.execute(f"CREATE TEMP VIEW counted_{p} AS {_COUNTED[phase]}")
            per = []
            for q, suffix in ((0, "0"), (1, "1")):
                per.append(
                    f"count(*) FILTER (WHERE persp = {q}) AS n{suffix}, "
                    f"coalesce(sum(score) FILTER (WHERE persp = {q}), 0) AS t{suffix}, "
                    f"coalesce(var_pop(score) FILTER (WHERE persp = {q}), 0) "
                    f"* count(*) FILTER (WHERE persp = {q}) AS m2_{suffix}"
                )
            self.con.execute(
                f"""CREATE TABLE items_{p} AS
                SELECT rec, cand, stage, comp, any_value(weight) AS weight, {", ".join(per)},
                       count(*) AS n, sum(score) AS t, var_pop(score) * count(*) AS m2
                FROM counted_{p} GROUP BY rec, cand, stage, comp"""
            )
            self.con.execute(
                f"""CREATE TABLE levels_{p} AS
                SELECT rec, cand, stage, comp, persp, score, count(*) AS c
                FROM counted_{p} GROUP BY ALL"""
            )
            self._phases.add(phase)
        return str(p)

    def candidates(self, ds: Dataset, resident_weight: float, phase: Phase) -> CandidateSums:
        p = self._phase(phase)
        w_staff, w_resident = 1.0 - resident_weight, resident_weight
        found = self._candidate_rows(p, w_staff, w_resident)
        n_cand = len(ds.cand_id)
        group = found["cand"].astype(np.int64) * len(STAGES) + found["stage"]
        values = {}
        for name in ("total", "staff", "resident"):
            stage = np.full(n_cand * len(STAGES), np.nan)
            stage[group] = np.asarray(found[name], dtype=np.float64)
            values[name] = combine_stages(ds, stage)
        present = np.bincount(found["cand"], weights=found["present"], minlength=n_cand)
        rated = np.zeros((n_cand, 2), dtype=np.int64)
        r = self._arrays(
            f"SELECT cand, persp, count(DISTINCT pan) AS k FROM counted_{p} GROUP BY ALL",
            "cand",
            "persp",
            "k",
        )
        rated[r["cand"], r["persp"]] = r["k"]
        return CandidateSums(
            total=values["total"],
            staff=values["staff"],
            resident=values["resident"],
            incomplete=present < self.pairs[ds.cand_rec],
            rated=rated,
        )

    def _candidate_rows(self, p: str, w_staff: float, w_resident: float) -> dict[str, np.ndarray]:
        """Per candidate and stage, the weighted mean of the items (combined, staff, resident)."""
        return self._arrays(
            f"""WITH v AS (
                SELECT cand, stage, weight,
                       CASE WHEN n0 > 0 THEN t0 / n0 END AS staff,
                       CASE WHEN n1 > 0 THEN t1 / n1 END AS resident
                FROM items_{p}
            ), c AS (
                SELECT *, (coalesce($1 * staff, 0) + coalesce($2 * resident, 0))
                    / nullif(CASE WHEN staff IS NULL THEN 0 ELSE $1 END
                             + CASE WHEN resident IS NULL THEN 0 ELSE $2 END, 0) AS combined
                FROM v
            )
            SELECT cand, stage,
                sum(weight * combined) / nullif(sum(weight) FILTER (WHERE combined IS NOT NULL), 0)
                    AS total,
                sum(weight * staff) / nullif(sum(weight) FILTER (WHERE staff IS NOT NULL), 0)
                    AS staff,
                sum(weight * resident)
                    / nullif(sum(weight) FILTER (WHERE resident IS NOT NULL), 0) AS resident,
                count(combined) AS present
            FROM c GROUP BY cand, stage""",
            "cand",
            "stage",
            "total",
            "staff",
            "resident",
            "present",
            params=[w_staff, w_resident],
        )

    def _groups(self, group_of_rec: np.ndarray) -> None:
        import pyarrow as pa

        self.con.register(
            "grp",
            pa.table(
                {
                    "rec": pa.array(np.arange(len(group_of_rec), dtype=np.int32)),
                    "g": pa.array(np.asarray(group_of_rec, dtype=np.int64)),
                }
            ),
        )

    def set_sums(
        self, ds: Dataset, phase: Phase, name: str, group_of_rec: np.ndarray, n_groups: int
    ) -> tuple[AlphaSums, np.ndarray | None]:
        p = self._phase(phase)
        m, t, m2, where = _UNITS[name]
        self._groups(group_of_rec)
        found = self._arrays(
            f"""WITH u AS (
                SELECT g, ({m})::DOUBLE AS m, {t} AS t, {m2} AS m2
                FROM items_{p} JOIN grp USING (rec) WHERE {where}
            ), gm AS (SELECT g, sum(t) / sum(m) AS grand FROM u GROUP BY g)
            SELECT g, sum(m) AS n, sum(2 * m * m2 / (m - 1)) AS observed,
                   sum(m2 + m * (t / m - grand) * (t / m - grand)) AS spread
            FROM u JOIN gm USING (g) GROUP BY g""",
            "g",
            "n",
            "observed",
            "spread",
        )
        sums = {}
        for key in ("n", "observed", "spread"):
            column = np.zeros(n_groups)
            column[found["g"]] = found[key]
            sums[key] = column
        alpha = AlphaSums(n=sums["n"], observed=sums["observed"], spread=sums["spread"])
        if name == "between":
            return alpha, None
        levels = self._arrays(f"SELECT DISTINCT score FROM levels_{p} ORDER BY score", "score")
        level = levels["score"]
        o = np.zeros((n_groups, len(level), len(level)))
        pairs = self._arrays(
            f"""WITH lv AS (
                SELECT rec, cand, stage, comp, score, sum(c) AS c FROM levels_{p}
                WHERE persp IN {_PERSPECTIVES[name]} GROUP BY ALL
            ), x AS (
                SELECT lv.*, sum(c) OVER (PARTITION BY rec, cand, stage, comp) AS m FROM lv
            )
            SELECT grp.g AS g, a.score AS c, b.score AS k,
                   sum(a.c * (b.c - (a.score = b.score)::INTEGER) / (a.m - 1)) AS o
            FROM x a JOIN x b USING (rec, cand, stage, comp) JOIN grp USING (rec)
            WHERE a.m >= 2 GROUP BY ALL""",
            "g",
            "c",
            "k",
            "o",
        )
        o[pairs["g"], np.searchsorted(level, pairs["c"]), np.searchsorted(level, pairs["k"])] = (
            pairs["o"]
        )
        return alpha, o

    def icc_sums(self, ds: Dataset, phase: Phase, name: str) -> IccSums:
        p = self._phase(phase)
        m, t, m2, where = _UNITS[name]
        if name == "between":
            raters = f"""SELECT rec, 2 AS k FROM items_{p} WHERE {where} GROUP BY rec"""
            sums = f"""SELECT rec, r AS rater, sum(CASE r WHEN 0 THEN t0 / n0 ELSE t1 / n1 END) AS s
                FROM items_{p}, (VALUES (0), (1)) AS raters(r) WHERE {where} GROUP BY ALL"""
        else:
            perspectives = _PERSPECTIVES[name]
            raters = f"""SELECT rec, count(DISTINCT pan) AS k FROM counted_{p}
                WHERE persp IN {perspectives} GROUP BY rec"""
            sums = f"""SELECT c.rec, c.pan AS rater, sum(c.score) AS s
                FROM counted_{p} c JOIN complete USING (rec, cand, stage, comp)
                WHERE c.persp IN {perspectives} GROUP BY ALL"""
        found = self._arrays(
            f"""WITH k AS ({raters}),
            complete AS (
                SELECT rec, cand, stage, comp, ({m})::DOUBLE AS m, {t} AS t, {m2} AS m2, k.k
                FROM items_{p} JOIN k USING (rec) WHERE {where} AND {m} = k.k AND {m} >= 2
            ),
            g AS (SELECT rec, any_value(k) AS k, count(*) AS n, sum(t) / (count(*) * any_value(k))
                  AS grand, sum(m2) AS within FROM complete GROUP BY rec),
            r AS (SELECT rec, sum((t / complete.k - grand) * (t / complete.k - grand)) AS rows
                  FROM complete JOIN g USING (rec) GROUP BY rec),
            s AS ({sums}),
            c AS (SELECT rec, sum((s / n - grand) * (s / n - grand)) AS cols
                  FROM s JOIN g USING (rec) GROUP BY rec)
            SELECT k.rec, k.k, coalesce(g.n, 0) AS n, coalesce(g.k * r.rows, 0) AS rows,
                   coalesce(g.n * c.cols, 0) AS cols, coalesce(g.within, 0) AS within
            FROM k LEFT JOIN g USING (rec) LEFT JOIN r USING (rec) LEFT JOIN c USING (rec)""",
            "rec",
            "k",
            "n",
            "rows",
            "cols",
            "within",
        )
        n_rec = len(ds)
        out = {}
        for key, dtype in (
            ("k", np.int64),
            ("n", np.float64),
            ("rows", np.float64),
            ("cols", np.float64),
            ("within", np.float64),
        ):
            column = np.zeros(n_rec, dtype=dtype)
            column[found["rec"]] = found[key]
            out[key] = column
        return IccSums(
            k=out["k"], n=out["n"], rows=out["rows"], cols=out["cols"], within=out["within"]
        )

    def scores(self, ds: Dataset, phase: Phase) -> np.ndarray:
        p = self._phase(phase)
        found = self._arrays(f"SELECT rec, count(*) AS n FROM counted_{p} GROUP BY rec", "rec", "n")
        out = np.zeros(len(ds), dtype=np.int64)
        out[found["rec"]] = found["n"]
        return out

    def drift(self, ds: Dataset) -> dict[str, np.ndarray]:
        n_rec = len(ds)
        found = self._arrays(
            """SELECT c.rec, c.persp, count(*) AS pairs, sum(c.score - i.score) AS d,
                      sum(abs(c.score - i.score)) AS a, count_if(c.score <> i.score) AS changed
               FROM s c JOIN s i USING (pan, cand, stage, comp)
               WHERE c.phase = 1 AND i.phase = 0 GROUP BY ALL""",
            "rec",
            "persp",
            "pairs",
            "d",
            "a",
            "changed",
        )
        revised = self._arrays("SELECT DISTINCT rec FROM s WHERE phase = 1", "rec")["rec"]
        rec, persp = found["rec"], found["persp"]

        def per(mask: np.ndarray, column: str) -> np.ndarray:
            return np.bincount(rec[mask], weights=found[column][mask], minlength=n_rec)

        every = np.ones(len(rec), dtype=bool)
        pairs = per(every, "pairs").astype(np.int64)
        result = {
            "revised": np.isin(np.arange(n_rec), revised),
            "pairs": pairs,
            "mean": div(per(every, "d"), pairs.astype(np.float64)),
            "mean_abs": div(per(every, "a"), pairs.astype(np.float64)),
            "sum": per(every, "d"),
            "sum_abs": per(every, "a"),
            "changed": per(every, "changed").astype(np.int64),
        }
        for code, name in enumerate(PERSPECTIVE_SETS):
            mine = persp == code
            n = per(mine, "pairs").astype(np.int64)
            result[f"pairs_{name}"] = n
            result[f"mean_{name}"] = div(per(mine, "d"), n.astype(np.float64))
        return result


def _numpy(column: Any) -> np.ndarray:
    """An Arrow column as numpy; a null number as NaN."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_floating(column.type) or pa.types.is_decimal(column.type):
        column = pc.fill_null(column.cast(pa.float64()), np.nan)
    result: np.ndarray = column.to_numpy(zero_copy_only=False)
    return result


def _remove(con: Any, folder: Path) -> None:
    con.close()
    shutil.rmtree(folder, ignore_errors=True)
