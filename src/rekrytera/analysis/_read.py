"""Reading a Parquet dataset into a :class:`Dataset` through Arrow columns.

No score becomes a Python object on the way: the score rows go from Arrow's
dictionary-encoded columns straight into numpy codes, a batch at a time, and
ids are looked up with Arrow's hash lookup (``index_in``) and numpy's
sorted search. Only the ids themselves, the recruitments' fields and their
attributes become Python values.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from .._i18n import _, os_error
from ..exceptions import Problem, RekryteraError
from ._arrow import _fields, _flags, _Ids, _index_in, _objects, _repeated
from ._builder import Builder, InvalidSources, RatingsBreakRules
from ._columns import _NO_PERSPECTIVE, PERSPECTIVES, PHASES, STAGES, distinct, level_of, level_type
from ._dataset import Dataset, built
from ._write import FORMAT, MANIFEST, STAGE_COLUMNS, VERSION

__all__ = ["is_dataset", "need_pyarrow", "read_dataset"]

#: How many score rows are decoded at a time.
BATCH = 1 << 18
KEYS = ["recruitment", "panelist", "candidate", "stage", "phase", "competence"]


def need_pyarrow(path: Path) -> None:
    """Say in one line that reading *path* needs pyarrow, if it is missing."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise RekryteraError(
            _("{path}: reading Parquet needs pyarrow: pip install 'rekrytera[arrow]'").format(
                path=path
            )
        ) from None


def is_dataset(path: Path) -> bool:
    """Whether *path* is a folder written by :func:`write_dataset`."""
    return (path / MANIFEST).is_file()


def _manifest(path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except OSError as e:
        raise RekryteraError(f"{path / MANIFEST}: {os_error(e)}") from None
    except ValueError as e:
        raise RekryteraError(f"{path / MANIFEST}: {e}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RekryteraError(
            _("{path}: not a rekrytera Parquet dataset").format(path=path / MANIFEST)
        )
    version = manifest.get("version")
    if version != VERSION:
        raise RekryteraError(
            _(
                "{path}: a Parquet dataset of version {version}; this rekrytera reads "
                "version {supported}"
            ).format(path=path / MANIFEST, version=version, supported=VERSION)
        )
    return manifest


def _files(path: Path, name: str) -> list[Path]:
    folder = path / name
    if not folder.is_dir():
        raise RekryteraError(
            _("{path}: the table {table!r} is missing").format(path=path, table=name)
        )
    return sorted(folder.rglob("*.parquet"))


def _table(path: Path, name: str, columns: list[str]) -> Any:
    """One whole table of the dataset (an Arrow table), partitions ignored."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    files = _files(path, name)
    try:
        # Each file alone: read_table would also read partitions off the path
        # (and older pyarrow fails on a partition that is null throughout).
        return pa.concat_tables([pq.ParquetFile(f).read(columns=columns) for f in files])
    except Exception as e:  # pyarrow's errors share no base class but Exception
        raise RekryteraError(f"{path / name}: {e}") from None


class _Reader:
    """Reads the tables in order, numbering everything as :class:`Builder` does."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: dict[str, list[Problem]] = {}
        self.builder = Builder()
        #: Each per-recruitment table as read, in the order of its codes.
        self.sorted: dict[str, Any] = {}

    def problem(self, rec: str, where: str, message: str) -> None:
        self.problems.setdefault(f"{self.path}#{rec}", []).append(Problem(where, message))

    def recruitments(self) -> None:
        import pyarrow as pa

        columns = ["recruitment", "title", "organisation", "area", "attributes"]
        columns += ["scale_min", "scale_max", "stages", *STAGE_COLUMNS]
        table = _table(self.path, "recruitments", columns)
        ids = table.column("recruitment").to_pylist()
        order = sorted(range(len(ids)), key=ids.__getitem__)
        self.ids = [ids[i] for i in order]
        self.vocabulary = pa.array(self.ids, type=pa.string())
        for a, b in zip(self.ids, self.ids[1:], strict=False):
            if a == b:
                self.problem(a, "recruitment.id", _("the id occurs twice"))
        b = self.builder
        b.rec_id = self.ids
        b.rec_columns = _fields(table, np.asarray(order, dtype=np.int64))

        def floats(name: str) -> np.ndarray:
            column = table.column(name).to_numpy(zero_copy_only=False)
            result: np.ndarray = np.asarray(column, dtype=np.float64)[order]
            return result

        b.scale = np.stack([floats("scale_min"), floats("scale_max")], axis=1).tolist()
        b.stage_weight = np.stack([floats(c) for c in STAGE_COLUMNS], axis=1).tolist()
        # Each stage's place among the profile's stages (-1: not one of them).
        self.stage_rank = np.full((len(ids), len(STAGES)), -1, dtype=np.int64)
        stages = table.column("stages").to_pylist()
        for n, i in enumerate(order):
            for rank, stage in enumerate(stages[i] or ()):
                self.stage_rank[n, [s.value for s in STAGES].index(stage)] = rank
        b.checked = [True] * len(ids)

    def rows(self, name: str, key: str, extra: list[str]) -> tuple[np.ndarray, Any, Any]:
        """A per-recruitment table sorted by recruitment and position, with the rows' codes.

        Returns each row's recruitment code, its ids (an Arrow array) and the
        table, in that order.
        """
        table = _table(self.path, name, ["recruitment", key, "position", *extra])
        rec = _index_in(table.column("recruitment"), self.vocabulary)
        for bad in np.flatnonzero(rec < 0).tolist():
            self.problem(
                table.column("recruitment")[bad].as_py(),
                f"{name}.{table.column(key)[bad].as_py()}",
                _("a recruitment the dataset lacks"),
            )
        position = table.column("position").to_numpy(zero_copy_only=False)
        order = np.lexsort((position, rec))
        order = order[rec[order] >= 0]
        table = table.take(order)
        rec = rec[order]
        return rec, table.column(key), table

    def people(self, name: str, key: str, extra: list[str]) -> tuple[np.ndarray, Any, _Ids]:
        """The table *name* in order: each row's recruitment, the table and its ids.

        Reports an id given twice.
        """
        rec, ids, table = self.rows(name, key, extra)
        self.sorted[name] = table
        found = _Ids(rec, ids)
        for row in found.twice().tolist():
            self.problem(self.ids[rec[row]], f"{name}.{ids[row].as_py()}", _("the id occurs twice"))
        return rec, table, found

    def tables(self) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        b = self.builder
        b.cand_rec, table, self.cand = self.people("candidates", "candidate", ["eligible", "hired"])
        b.cand_id = _objects(table.column("candidate"))
        b.cand_eligible = _flags(table.column("eligible"))
        b.cand_hired = _flags(table.column("hired"))

        b.pan_rec, table, self.pan = self.people("panel", "panelist", ["perspective", "left_out"])
        b.pan_id = _objects(table.column("panelist"))
        perspective = _index_in(
            table.column("perspective"), pa.array([p.value for p in PERSPECTIVES])
        )
        left_out = _flags(table.column("left_out"))
        # Only panelists with a perspective may have scores; those left out have them as written.
        self.rates = perspective >= 0
        b.pan_perspective = np.where(left_out, _NO_PERSPECTIVE, perspective).astype(np.int8)
        b.barred = np.flatnonzero(left_out).tolist()

        rec, table, self.comp = self.people("competences", "competence", ["weight", "stages"])
        b.comp_rec = rec
        b.comp_key = _objects(table.column("competence"), shared=True)
        b.comp_weight = table.column("weight").to_numpy(zero_copy_only=False)
        # The (stage, competence) pairs each recruitment assesses: stage by
        # stage in the profile's order, competences in theirs.
        stages = table.column("stages").combine_chunks()
        comp = pc.list_parent_indices(stages).to_numpy(zero_copy_only=False).astype(np.int64)
        stage = _index_in(pc.list_flatten(stages), pa.array([s.value for s in STAGES]))
        rank = np.where(stage >= 0, self.stage_rank[rec[comp], stage], -1)
        keep = rank >= 0
        comp, stage, rank = comp[keep], stage[keep], rank[keep]
        order = np.lexsort((comp, rank, rec[comp]))
        b.pair_stage = stage[order]
        b.pair_comp = comp[order]
        b.rec_pairs = np.bincount(rec[comp], minlength=len(self.ids))

    def scores(self) -> None:
        import pyarrow.parquet as pq

        files = _files(self.path, "scores")
        # The columns are filled in place, a batch at a time: nothing is held twice.
        try:
            total = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
        except Exception as e:  # pyarrow's errors share no base class but Exception
            raise RekryteraError(f"{self.path / 'scores'}: {e}") from None
        self.columns = {
            name: np.empty(total, dtype=dtype)
            for name, dtype in (
                ("pan", np.int32),
                ("cand", np.int32),
                ("stage", np.int8),
                ("phase", np.int8),
                ("comp", np.int32),
                ("level", np.uint8),
            )
        }
        #: The values the scores take so far, sorted (NaN last); "level" indexes it.
        self.levels = np.zeros(0)
        self.filled = 0
        for file in files:
            try:
                batches = pq.ParquetFile(file, read_dictionary=KEYS).iter_batches(
                    batch_size=BATCH, columns=[*KEYS, "score"]
                )
                for batch in batches:
                    self._batch(batch)
            except Exception as e:  # pyarrow's errors share no base class but Exception
                raise RekryteraError(f"{file}: {e}") from None
        if self.filled < total:  # rows left out for a problem: reported, never analysed
            self.columns = {k: v[: self.filled] for k, v in self.columns.items()}

    def _batch(self, batch: Any) -> None:
        import pyarrow as pa

        def column(n: int) -> tuple[Any, np.ndarray]:
            array = batch.column(n)
            return array.dictionary, array.indices.to_numpy(zero_copy_only=False)

        values, index = column(0)
        rec = _index_in(values, self.vocabulary)[index]
        unknown = rec < 0
        for name in set(values.take(pa.array(index[unknown])).to_pylist()):
            self.problem(str(name), "scores", _("a recruitment the dataset lacks"))

        def look_up(n: int, ids: _Ids, what: str, valid: np.ndarray | None = None) -> np.ndarray:
            values, index = column(n)
            found = ids.find(rec, values, index)
            if valid is not None:
                found = np.where(found >= 0, np.where(valid[np.maximum(found, 0)], found, -1), -1)
            for r, i in set(
                zip(
                    rec[(found < 0) & ~unknown].tolist(),
                    index[(found < 0) & ~unknown].tolist(),
                    strict=True,
                )
            ):
                self.problem(self.ids[r], f"scores.{values[i].as_py()}", what)
            return found

        pan = look_up(1, self.pan, _("not a panelist who rates"), self.rates)
        cand = look_up(2, self.cand, _("not a candidate"))
        comp = look_up(5, self.comp, _("not a competence of the profile"))

        def code(n: int, names: tuple[Any, ...], where: str) -> np.ndarray:
            values, index = column(n)
            codes = _index_in(values, pa.array([x.value for x in names]))
            for bad in np.flatnonzero(codes < 0).tolist():
                self.problem("?", f"scores.{where}", repr(values[bad].as_py()))
            result: np.ndarray = codes[index]
            return result

        stage = code(3, STAGES, "stage")
        phase = code(4, PHASES, "phase")
        value = batch.column(6).to_numpy(zero_copy_only=False).astype(np.float64, copy=False)
        good = ~unknown & (pan >= 0) & (cand >= 0) & (comp >= 0) & (stage >= 0) & (phase >= 0)
        start, end = self.filled, self.filled + int(np.count_nonzero(good))
        # Levels first: a new value renumbers the scores filled so far, not these.
        level = self._level(value[good])
        for name, array in (("pan", pan), ("cand", cand), ("stage", stage), ("phase", phase)):
            self.columns[name][start:end] = array[good]
        self.columns["comp"][start:end] = comp[good]
        self.columns["level"][start:end] = level
        self.filled = end

    def _level(self, value: np.ndarray) -> np.ndarray:
        """Each value's index into :attr:`levels`, which grows by the values it lacks.

        The scores filled so far are renumbered when a new value sorts among
        the old, and their column widened when the levels outgrow its type.
        """
        found = distinct(value)
        new = found[~np.isin(found, self.levels)]
        if np.isnan(self.levels[-1:]).any():
            new = new[~np.isnan(new)]
        if len(new):
            levels = np.union1d(self.levels, new)
            column = self.columns["level"]
            kind = level_type(len(levels))
            if kind != column.dtype:
                column = self.columns["level"] = column.astype(kind)
            renumber: np.ndarray = np.searchsorted(levels, self.levels).astype(kind)
            column[: self.filled] = renumber[column[: self.filled]]
            self.levels = levels
        result: np.ndarray = level_of(self.levels, value).astype(self.columns["level"].dtype)
        return result

    def ratings(self) -> None:
        """Group the scores into ratings: one per panelist, candidate, stage and phase."""
        c = self.columns
        n = len(c["level"])
        # A rating starts wherever its panelist, candidate, stage or phase changes.
        change = np.ones(n, dtype=bool)
        if n:
            change[1:] = c["pan"][1:] != c["pan"][:-1]
            for name in ("cand", "stage", "phase"):
                change[1:] |= c[name][1:] != c[name][:-1]
        starts = np.flatnonzero(change)
        del change
        key = self._key(starts)
        if len(np.unique(key)) < len(key):  # a rating's scores lie apart: bring them together
            order = np.argsort(self._key(np.arange(n)), kind="stable")
            for name in c:
                c[name] = c[name][order]
            del order
            self.ratings()
            return
        counts = np.diff(np.r_[starts, n])
        self._once(starts)
        b = self.builder
        b.rating_pan = c["pan"][starts]
        b.rating_cand = c["cand"][starts]
        b.rating_stage = c["stage"][starts]
        b.rating_phase = c["phase"][starts]
        b.rating_count = [counts]
        b.score_comp = [c.pop("comp")]
        b.score_level = [c.pop("level")]
        b.levels = self.levels
        self.columns = {}

    def _key(self, rows: np.ndarray) -> np.ndarray:
        """One number per panelist, candidate, stage and phase, of the scores at *rows*."""
        c = self.columns
        n_cand = max(len(self.builder.cand_id), 1)
        key = c["pan"][rows].astype(np.int64) * n_cand + c["cand"][rows]
        key = key * len(STAGES) + c["stage"][rows]
        result: np.ndarray = key * len(PHASES) + c["phase"][rows]
        return result

    def _once(self, starts: np.ndarray) -> None:
        """Report each rating that scores a competence twice."""
        c = self.columns
        if not len(starts):
            return
        comp_rec = np.asarray(self.builder.comp_rec, dtype=np.int64)
        first = np.searchsorted(comp_rec, np.arange(len(self.ids)))
        # Each competence's place in its profile, and each score's.
        place = np.arange(len(comp_rec)) - first[comp_rec]
        if place.max(initial=0) < 62:
            # Distinct powers of two sum to their bitwise or; a repeated one
            # does not. A block of ratings at a time: one bit mask per score
            # of the block, not of every score.
            bit = np.left_shift(1, place, dtype=np.int32 if place.max() < 20 else np.int64)
            n = len(c["comp"])
            step = max(1, int(np.searchsorted(starts, min(BATCH, n))))
            ends = np.r_[starts, n]
            twice = np.concatenate(
                [
                    _repeated(
                        bit, c["comp"], starts[i : i + step], int(ends[min(i + step, len(starts))])
                    )
                    for i in range(0, len(starts), step)
                ]
            )
        else:  # pragma: no cover - a profile of more than 62 competences
            local = place.astype(np.int8 if place.max() < 127 else np.int64)[c["comp"]]
            counts = np.diff(np.r_[starts, len(local)])
            width = int(local.max()) + 1
            key = np.repeat(np.arange(len(starts), dtype=np.int64), counts) * width
            key = np.sort(key + local.astype(np.int64))
            twice = np.zeros(len(starts), dtype=bool)
            twice[key[1:][key[1:] == key[:-1]] // width] = True
        for rating in np.flatnonzero(twice).tolist():
            cand = int(c["cand"][starts[rating]])
            rec = self.ids[int(np.asarray(self.builder.cand_rec)[cand])]
            self.problem(rec, "scores", _("a competence scored twice in one rating"))


@contextmanager
def _malloc() -> Iterator[None]:
    """Let Arrow allocate from the C library's ``malloc`` meanwhile, as numpy does.

    Arrow's own allocator (mimalloc or jemalloc) keeps some of what Arrow
    frees for Arrow; from ``malloc``, the memory of the batches read goes on
    to serve numpy's arrays. It lowers the peak by about 4 bytes a score.
    Each buffer frees itself through the allocator that made it, so switching
    the default back and forth is safe.
    """
    import pyarrow as pa

    before = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(before)


def read_dataset(path: Path) -> Dataset:
    """The :class:`Dataset` of the Parquet dataset in *path*.

    :raises InvalidSources: for references between the tables that do not
        hold, and ratings that break a rule of the model.
    :raises RekryteraError: when *path* is no such dataset, or a newer version.
    """
    need_pyarrow(path)
    with _malloc():
        return _read_dataset(path)


def _read_dataset(path: Path) -> Dataset:
    import pyarrow as pa

    _manifest(path)
    reader = _Reader(path)
    reader.recruitments()
    reader.tables()
    reader.scores()
    # What Arrow read is all in numpy now: give its memory back, not keep it
    # for reads that may never come (about 4 bytes a score otherwise).
    reader.sorted.clear()
    pa.default_memory_pool().release_unused()
    if not reader.problems:
        reader.ratings()
    if not reader.problems:
        try:
            return built(reader.builder)
        except RatingsBreakRules as e:
            for i in e.indices:
                reader.problem(
                    reader.ids[i],
                    "scores",
                    _(
                        "a score off the scale, at a stage that does not assess its "
                        "competence, or a second rating of a candidate by a panelist"
                    ),
                )
    raise InvalidSources({s: tuple(p) for s, p in sorted(reader.problems.items())})
