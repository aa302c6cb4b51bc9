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

from .._i18n import N_, _
from ..exceptions import RekryteraError
from ._builder import InvalidSources
from ._columns import STAGES
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


# What the reader promises of the scores, checked with SQL as the numpy reader
# checks them: first whether anything is wrong (on the numbered scores), then,
# only if so, which ids (on the Parquet files themselves). The messages are
# translated when they are reported, in the language of that moment.
_UNKNOWN = [
    (
        "SELECT x.recruitment, 'scores.' || x.candidate FROM raw x "
        "ANTI JOIN cand USING (recruitment, candidate)",
        N_("not a candidate"),
    ),
    (
        "SELECT x.recruitment, 'scores.' || x.panelist FROM raw x "
        "ANTI JOIN (SELECT * FROM pan WHERE persp > -2) USING (recruitment, panelist)",
        N_("not a panelist who rates"),
    ),
    (
        "SELECT x.recruitment, 'scores.' || x.competence FROM raw x "
        "ANTI JOIN comp USING (recruitment, competence)",
        N_("not a competence of the profile"),
    ),
    (
        f"SELECT x.recruitment, 'scores.stage' FROM raw x WHERE ({_STAGE_CODE} END) IS NULL "
        f"UNION ALL SELECT x.recruitment, 'scores.phase' FROM raw x "
        f"WHERE ({_PHASE_CODE} END) IS NULL",
        N_("not a stage or phase"),
    ),
]
_BROKEN = [
    (
        """SELECT rec, 'scores' FROM s_all JOIN rec USING (rec) JOIN comp USING (comp)
        WHERE score IS NULL OR isnan(score) OR score < low OR score > high
           OR (mask >> stage) & 1 = 0""",
        N_(
            "a score off the scale, at a stage that does not assess its "
            "competence, or a second rating of a candidate by a panelist"
        ),
    ),
    (
        """SELECT any_value(rec), 'scores' FROM s_all
        GROUP BY pan::BIGINT * 4194304 + cand, comp * 8 + stage * 2 + phase
        HAVING count(*) > 1""",
        N_("a competence scored twice in one rating"),
    ),
]


def _check(con: Any, reader: _Reader) -> None:
    """Report what the Parquet files cannot promise; each check lists at most SHOWN."""
    (unknown,) = con.execute(
        "SELECT count(*) FROM s_all WHERE rec IS NULL OR cand IS NULL OR pan IS NULL "
        "OR persp = -2 OR comp IS NULL OR stage IS NULL OR phase IS NULL"
    ).fetchone()
    checks = _UNKNOWN if unknown else _BROKEN
    for sql, message in checks:
        for rec, where in con.execute(f"SELECT DISTINCT * FROM ({sql}) LIMIT {SHOWN}").fetchall():
            reader.problem(reader.ids[rec] if isinstance(rec, int) else rec, where, _(message))


def load_duckdb(path: Path) -> Dataset:
    """The :class:`Dataset` of a Parquet dataset, its scores left to a :class:`DuckDBEngine`."""

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
        _register(con, reader)
        con.read_parquet([str(f) for f in _files(path, "scores")]).create_view("raw")
        # Every score, numbered; a code is null where an id is unknown. Those of
        # panelists left out for a conflict are kept (persp -1) but never count.
        con.execute(
            f"""CREATE TABLE s_all AS
            SELECT cand.rec, cand.cand, pan.pan, pan.persp, comp.comp, comp.weight,
                   ({_STAGE_CODE} END)::TINYINT AS stage, ({_PHASE_CODE} END)::TINYINT AS phase,
                   score
            FROM raw LEFT JOIN cand USING (recruitment, candidate)
            LEFT JOIN pan USING (recruitment, panelist)
            LEFT JOIN comp USING (recruitment, competence)"""
        )
        _check(con, reader)
        if reader.problems:
            raise InvalidSources({s: tuple(p) for s, p in sorted(reader.problems.items())})
        con.execute("CREATE VIEW s AS SELECT * FROM s_all WHERE persp >= 0")
        left = con.execute(
            """SELECT cand, max(CASE WHEN phase = 0 THEN 3 ELSE 2 END) FROM s_all
            WHERE persp = -1 GROUP BY cand"""
        ).fetchall()
        for name in ("cand", "pan", "comp", "rec"):  # only the numbers are needed now
            con.unregister(name)
        reader.sorted.clear()
    except BaseException:
        con.close()
        shutil.rmtree(folder, ignore_errors=True)
        raise
    engine = DuckDBEngine(con, folder, pairs)
    # The database goes when the engine does (or when Python exits).
    weakref.finalize(engine, _remove, con, folder)
    ds = built(b)
    left_out = ds.cand_left_out.copy()
    for code, bits in left:
        left_out[code] = bits
    return attrs.evolve(ds, cand_left_out=left_out, engine=engine)


def _register(con: Any, reader: _Reader) -> None:
    """Give DuckDB the codes of the recruitments, candidates, panelists and competences."""
    import pyarrow as pa
    import pyarrow.compute as pc

    b = reader.builder
    cand, pan, comp = (reader.sorted[n] for n in ("candidates", "panel", "competences"))
    # -2: no perspective (a supporter: may not rate); -1: left out for a conflict.
    persp = np.where(
        pc.is_valid(pan.column("perspective")).to_numpy(zero_copy_only=False),
        np.asarray(b.pan_perspective, dtype=np.int8),
        -2,
    ).astype(np.int8)
    stages = comp.column("stages").combine_chunks()
    stage = pc.index_in(pc.list_flatten(stages), value_set=pa.array([s.value for s in STAGES]))
    owner = pc.list_parent_indices(stages).to_numpy(zero_copy_only=False)
    known = pc.is_valid(stage).to_numpy(zero_copy_only=False)
    bits = np.left_shift(1, pc.fill_null(stage, 0).to_numpy(zero_copy_only=False))
    mask = np.bincount(owner[known], weights=bits[known], minlength=comp.num_rows).astype(np.int64)
    # Only the stages the profile weighs assess anything.
    profile = ((reader.stage_rank >= 0) << np.arange(len(STAGES))).sum(axis=1)
    mask &= profile[np.asarray(b.comp_rec, dtype=np.int64)]
    scale = np.asarray(b.scale, dtype=np.float64).reshape(-1, 2)
    tables = {
        "cand": {
            "recruitment": cand.column("recruitment"),
            "candidate": cand.column("candidate"),
            "rec": np.asarray(b.cand_rec, dtype=np.int32),
            "cand": np.arange(cand.num_rows, dtype=np.int32),
        },
        "pan": {
            "recruitment": pan.column("recruitment"),
            "panelist": pan.column("panelist"),
            "pan": np.arange(pan.num_rows, dtype=np.int32),
            "persp": persp,
        },
        "comp": {
            "recruitment": comp.column("recruitment"),
            "competence": comp.column("competence"),
            "comp": np.arange(comp.num_rows, dtype=np.int32),
            "weight": comp.column("weight"),
            "mask": mask.astype(np.int32),
        },
        "rec": {
            "rec": np.arange(len(b.rec_id), dtype=np.int32),
            "low": scale[:, 0],
            "high": scale[:, 1],
        },
    }
    for name, columns in tables.items():
        con.register(name, pa.table(columns))
