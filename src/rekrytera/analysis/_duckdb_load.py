"""Loading a Parquet dataset for the DuckDB engine: codes in memory, scores in DuckDB.

The candidates, panelists and competences are read and numbered as for
the numpy engine; the scores are checked with SQL (as the numpy reader
checks them), joined to those numbers and kept in DuckDB's own database in
a temporary folder, which goes when the engine does.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from .._i18n import _
from ..exceptions import RekryteraError
from ._builder import InvalidSources
from ._dataset import Dataset, built
from ._duckdb import _PHASE_CODE, _STAGE_CODE, DuckDBEngine, _remove
from ._read import _files, _manifest, _Reader

__all__ = ["load_duckdb"]

#: How much memory DuckDB may use before it spills to its temporary folder.
MEMORY_LIMIT = "1GB"
#: How many problems of each kind a check reports (a broken dataset can have millions).
SHOWN = 20


def _connect(folder: Path) -> Any:
    try:
        import duckdb
    except ImportError:
        raise RekryteraError(
            _("the duckdb engine needs DuckDB: pip install 'rekrytera[duckdb]'")
        ) from None
    con = duckdb.connect(str(folder / "engine.duckdb"))
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    con.execute("SET temp_directory = ?", [str(folder / "spill")])
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")  # it would write to the caller's output
    return con


def _check(con: Any, reader: _Reader) -> None:
    """Report what the Parquet files cannot promise, as the numpy reader does (see ``_read``)."""
    checks = [
        (
            "SELECT x.recruitment, 'scores.' || x.candidate FROM raw x "
            "ANTI JOIN cand USING (recruitment, candidate)",
            _("not a candidate"),
        ),
        (
            "SELECT x.recruitment, 'scores.' || x.panelist FROM raw x "
            "ANTI JOIN (SELECT * FROM pan WHERE rates) USING (recruitment, panelist)",
            _("not a panelist who rates"),
        ),
        (
            "SELECT x.recruitment, 'scores.' || x.competence FROM raw x "
            "ANTI JOIN comp USING (recruitment, competence)",
            _("not a competence of the profile"),
        ),
        (
            f"""SELECT x.recruitment, 'scores' FROM raw x
            JOIN comp USING (recruitment, competence) JOIN rec USING (recruitment)
            WHERE x.score IS NULL OR isnan(x.score) OR x.score < rec.low OR x.score > rec.high
               OR NOT list_contains(comp.stages, x.stage) OR ({_PHASE_CODE} END) IS NULL""",
            _(
                "a score off the scale, at a stage that does not assess its "
                "competence, or a second rating of a candidate by a panelist"
            ),
        ),
        (
            "SELECT recruitment, 'scores' FROM raw "
            "GROUP BY recruitment, panelist, candidate, stage, phase, competence "
            "HAVING count(*) > 1",
            _("a competence scored twice in one rating"),
        ),
    ]
    for sql, message in checks:
        for rec, where in con.execute(f"SELECT DISTINCT * FROM ({sql}) LIMIT {SHOWN}").fetchall():
            reader.problem(rec, where, message)


def load_duckdb(path: Path) -> Dataset:
    """The :class:`Dataset` of a Parquet dataset, its scores left to a :class:`DuckDBEngine`."""
    import pyarrow as pa

    _manifest(path)
    reader = _Reader(path)
    reader.recruitments()
    reader.tables()
    if reader.problems:
        raise InvalidSources({s: tuple(p) for s, p in sorted(reader.problems.items())})
    b = reader.builder
    pairs = np.asarray(b.rec_pairs, dtype=np.int64)
    # No items and no scores in memory: the engine has them.
    b.rec_pairs, b.pair_stage, b.pair_comp = [0] * len(b.rec_id), [], []
    folder = Path(tempfile.mkdtemp(prefix="rekrytera-duckdb-"))
    con = _connect(folder)
    try:
        cand, pan, comp = (reader.sorted[n] for n in ("candidates", "panel", "competences"))
        perspective = np.asarray(b.pan_perspective, dtype=np.int8)
        rates = _rates(pan)
        con.register(
            "cand",
            pa.table(
                {
                    "recruitment": cand.column("recruitment"),
                    "candidate": cand.column("candidate"),
                    "rec": pa.array(np.asarray(b.cand_rec, dtype=np.int32)),
                    "cand": pa.array(np.arange(cand.num_rows, dtype=np.int32)),
                }
            ),
        )
        con.register(
            "pan",
            pa.table(
                {
                    "recruitment": pan.column("recruitment"),
                    "panelist": pan.column("panelist"),
                    "pan": pa.array(np.arange(pan.num_rows, dtype=np.int32)),
                    "persp": pa.array(perspective),
                    "rates": pa.array(rates),
                    "left_out": pan.column("left_out"),
                }
            ),
        )
        con.register(
            "comp",
            pa.table(
                {
                    "recruitment": comp.column("recruitment"),
                    "competence": comp.column("competence"),
                    "comp": pa.array(np.arange(comp.num_rows, dtype=np.int32)),
                    "weight": comp.column("weight"),
                    "stages": comp.column("stages"),
                }
            ),
        )
        scale = np.asarray(b.scale, dtype=np.float64).reshape(-1, 2)
        con.register(
            "rec",
            pa.table(
                {
                    "recruitment": pa.array(b.rec_id, type=pa.string()),
                    "low": pa.array(scale[:, 0]),
                    "high": pa.array(scale[:, 1]),
                }
            ),
        )
        con.read_parquet([str(f) for f in _files(path, "scores")]).create_view("raw")
        _check(con, reader)
        if reader.problems:
            raise InvalidSources({s: tuple(p) for s, p in sorted(reader.problems.items())})
        con.execute(
            f"""CREATE TABLE s AS
            SELECT cand.rec, cand.cand, pan.pan, pan.persp, comp.comp, comp.weight,
                   ({_STAGE_CODE} END)::TINYINT AS stage, ({_PHASE_CODE} END)::TINYINT AS phase,
                   score
            FROM raw JOIN cand USING (recruitment, candidate) JOIN pan USING (recruitment, panelist)
            JOIN comp USING (recruitment, competence)
            WHERE pan.persp >= 0"""
        )
        left = con.execute(
            f"""SELECT cand.cand, max(CASE WHEN ({_PHASE_CODE} END) = 0 THEN 3 ELSE 2 END)
            FROM raw JOIN cand USING (recruitment, candidate) JOIN pan USING (recruitment, panelist)
            WHERE pan.left_out GROUP BY ALL"""
        ).fetchall()
    except BaseException:
        con.close()
        shutil.rmtree(folder, ignore_errors=True)
        raise
    engine = DuckDBEngine(con, folder, pairs, len(b.cand_id), len(b.pan_id))
    # The database goes when the engine does (or when Python exits).
    weakref.finalize(engine, _remove, con, folder)
    ds = built(b)
    left_out = ds.cand_left_out.copy()
    for code, bits in left:
        left_out[code] = bits
    return attrs.evolve(ds, cand_left_out=left_out, engine=engine)


def _rates(pan: Any) -> np.ndarray:
    """Which panelists may have scores: those with a perspective (left out or not)."""
    import pyarrow.compute as pc

    result: np.ndarray = pc.is_valid(pan.column("perspective")).to_numpy(zero_copy_only=False)
    return result
