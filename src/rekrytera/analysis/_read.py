"""Reading a Parquet dataset into a :class:`Dataset` through Arrow columns.

No value becomes a Python object on the way but the ids themselves: the
score rows go from Arrow's dictionary-encoded columns straight into numpy
codes, a batch at a time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from .._i18n import _
from ..exceptions import Problem, RekryteraError
from ._builder import Builder, InvalidSources, RatingsBreakRules
from ._columns import _NO_PERSPECTIVE, _STAGE, FIELDS, PERSPECTIVES, PHASES, STAGES
from ._dataset import Dataset, built
from ._write import FORMAT, MANIFEST, STAGE_COLUMNS, VERSION

__all__ = ["is_dataset", "read_dataset"]

Report = Callable[[str, str, str], None]


def is_dataset(path: Path) -> bool:
    """Whether *path* is a folder written by :func:`write_dataset`."""
    return (path / MANIFEST).is_file()


def _manifest(path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
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


def _table(path: Path, name: str, columns: list[str]) -> Any:
    """One whole table of the dataset (an Arrow table), partitions ignored."""
    import pyarrow.dataset as pads

    folder = path / name
    if not folder.is_dir():
        raise RekryteraError(
            _("{path}: the table {table!r} is missing").format(path=path, table=name)
        )
    try:
        return pads.dataset(folder, format="parquet").to_table(columns=columns)
    except Exception as e:  # pyarrow's errors share no base class but Exception
        raise RekryteraError(f"{folder}: {e}") from None


def _codes(dictionary: Any, index: dict[Any, int], unknown: Callable[[Any], None]) -> np.ndarray:
    """The code of each value of an Arrow dictionary, -1 (and reported) where unknown."""
    values = dictionary.to_pylist()
    codes = np.fromiter((index.get(v, -1) for v in values), np.int64, len(values))
    for v in (values[i] for i in np.flatnonzero(codes < 0)):
        unknown(v)
    return codes


class _Reader:
    """Reads the tables in order, numbering everything as :class:`Builder` does."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: dict[str, list[Problem]] = {}
        self.builder = Builder()

    def problem(self, rec: str, where: str, message: str) -> None:
        self.problems.setdefault(f"{self.path}#{rec}", []).append(Problem(where, message))

    def recruitments(self) -> None:
        columns = ["recruitment", "title", "organisation", "area", "attributes"]
        columns += ["scale_min", "scale_max", "stages", *STAGE_COLUMNS]
        table = _table(self.path, "recruitments", columns)
        ids = table.column("recruitment").to_pylist()
        order = sorted(range(len(ids)), key=ids.__getitem__)
        self.ids = [ids[i] for i in order]
        self.rec = {id: n for n, id in enumerate(self.ids)}
        if len(self.rec) < len(ids):
            seen: set[str] = set()
            for id in self.ids:
                if id in seen:
                    self.problem(id, "recruitment.id", _("the id occurs twice"))
                seen.add(id)
        b = self.builder
        b.rec_id = self.ids
        own = {f: table.column(f).to_pylist() for f in FIELDS if f != "id"}
        own["id"] = ids
        b.rec_fields = [tuple(own[f][i] or None for f in FIELDS) for i in order]
        attributes = table.column("attributes").to_pylist()
        b.rec_attributes = [dict(attributes[i] or ()) for i in order]
        low, high = (
            np.asarray(table.column(c).to_pylist(), dtype=np.float64)
            for c in ("scale_min", "scale_max")
        )
        b.scale = np.stack([low[order], high[order]], axis=1).tolist()
        weights = np.stack(
            [np.asarray(table.column(c).to_pylist(), dtype=np.float64) for c in STAGE_COLUMNS],
            axis=1,
        )
        b.stage_weight = weights[order].tolist()
        stages = table.column("stages").to_pylist()
        self.stages = [[_STAGE[s] for s in stages[i]] for i in order]
        b.checked = [True] * len(ids)

    def people(
        self, table_name: str, key: str, extra: list[str]
    ) -> tuple[list[int], list[str], dict[str, list[Any]], dict[tuple[int, str], int]]:
        """Rows of a per-recruitment table sorted by recruitment and position, and their codes."""
        table = _table(self.path, table_name, ["recruitment", key, "position", *extra])
        recs = table.column("recruitment").to_pylist()
        keys = table.column(key).to_pylist()
        positions = table.column("position").to_pylist()
        rec = [self.rec.get(r, -1) for r in recs]
        for r, k in zip(recs, keys, strict=True):
            if r not in self.rec:
                self.problem(r, f"{table_name}.{k}", _("a recruitment the dataset lacks"))
        order = sorted(
            (i for i in range(len(rec)) if rec[i] >= 0), key=lambda i: (rec[i], positions[i])
        )
        columns = {c: table.column(c).to_pylist() for c in extra}
        sorted_rec = [rec[i] for i in order]
        sorted_keys = [keys[i] for i in order]
        codes: dict[tuple[int, str], int] = {}
        for n, (r, k) in enumerate(zip(sorted_rec, sorted_keys, strict=True)):
            if (r, k) in codes:
                self.problem(self.ids[r], f"{table_name}.{k}", _("the id occurs twice"))
            codes[(r, k)] = n
        return (
            sorted_rec,
            sorted_keys,
            {c: [v[i] for i in order] for c, v in columns.items()},
            codes,
        )

    def tables(self) -> None:
        b = self.builder
        b.cand_rec, b.cand_id, cand, self.cand = self.people(
            "candidates", "candidate", ["eligible", "hired"]
        )
        b.cand_eligible, b.cand_hired = cand["eligible"], cand["hired"]
        b.pan_rec, b.pan_id, pan, self.pan = self.people(
            "panel", "panelist", ["perspective", "left_out"]
        )
        names = [p.value for p in PERSPECTIVES]
        b.pan_perspective = [
            _NO_PERSPECTIVE if p is None or out else names.index(p)
            for p, out in zip(pan["perspective"], pan["left_out"], strict=True)
        ]
        b.barred = [n for n, out in enumerate(pan["left_out"]) if out]
        # Only panelists with a perspective may have rated; the left-out ones did, as written.
        self.raters = {k: n for k, n in self.pan.items() if pan["perspective"][n] is not None}
        b.comp_rec, b.comp_key, comp, self.comp = self.people(
            "competences", "competence", ["weight", "stages"]
        )
        b.comp_weight = comp["weight"]
        # The (stage, competence) pairs each recruitment assesses: stage by
        # stage in the profile's order, competences in theirs.
        first = np.searchsorted(
            np.asarray(b.comp_rec, dtype=np.int64), np.arange(len(self.ids) + 1)
        )
        for r, stages in enumerate(self.stages):
            pairs = 0
            for stage in stages:
                for c in range(first[r], first[r + 1]):
                    if STAGES[stage].value in comp["stages"][c]:
                        b.pair_stage.append(stage)
                        b.pair_comp.append(c)
                        pairs += 1
            b.rec_pairs.append(pairs)

    def scores(self) -> None:
        import pyarrow.dataset as pads

        names = ["recruitment", "panelist", "candidate", "stage", "phase", "competence"]
        folder = self.path / "scores"
        if not folder.is_dir():
            raise RekryteraError(
                _("{path}: the table {table!r} is missing").format(path=self.path, table="scores")
            )
        source = pads.dataset(
            folder,
            format=pads.ParquetFileFormat(
                read_options=pads.ParquetReadOptions(dictionary_columns=names)
            ),
        )
        # The columns are filled in place, a batch at a time: nothing is held twice.
        total = source.count_rows()
        self.columns = {
            name: np.empty(total, dtype=dtype)
            for name, dtype in (
                ("rec", np.int32),
                ("pan", np.int32),
                ("cand", np.int32),
                ("stage", np.int8),
                ("phase", np.int8),
                ("comp", np.int32),
                ("value", np.float64),
            )
        }
        stage_of = {s.value: i for i, s in enumerate(STAGES)}
        phase_of = {p.value: i for i, p in enumerate(PHASES)}
        self.filled = 0
        try:
            for batch in source.to_batches(columns=[*names, "score"], batch_size=1 << 18):
                self._batch(batch, stage_of, phase_of)
        except RekryteraError:
            raise
        except Exception as e:  # pyarrow's errors share no base class but Exception
            raise RekryteraError(f"{folder}: {e}") from None
        if self.filled < total:  # rows left out for a problem: reported, never analysed
            self.columns = {k: v[: self.filled] for k, v in self.columns.items()}

    def _batch(self, batch: Any, stage_of: dict[str, int], phase_of: dict[str, int]) -> None:
        def column(n: int) -> tuple[Any, np.ndarray]:
            array = batch.column(n)
            return array.dictionary, array.indices.to_numpy(zero_copy_only=False)

        recs, rec_i = column(0)
        rec_codes = _codes(
            recs,
            self.rec,
            lambda v: self.problem(v, "scores", _("a recruitment the dataset lacks")),
        )
        rec = rec_codes[rec_i]
        keep = rec >= 0

        def pairs(n: int, index: dict[tuple[int, str], int], what: str) -> np.ndarray:
            values, idx = column(n)
            keys = rec * len(values) + idx
            unique, inverse = np.unique(keys[keep], return_inverse=True)
            found = np.empty(len(unique), dtype=np.int64)
            names = values.to_pylist()
            for j, key in enumerate(unique.tolist()):
                r, v = divmod(key, len(values))
                found[j] = index.get((r, names[v]), -1)
                if found[j] < 0:
                    self.problem(self.ids[r], f"scores.{names[v]}", what)
            out = np.full(len(rec), -1, dtype=np.int64)
            out[keep] = found[inverse.reshape(-1)]
            return out

        pan = pairs(1, self.raters, _("not a panelist who rates"))
        cand = pairs(2, self.cand, _("not a candidate"))
        comp = pairs(5, self.comp, _("not a competence of the profile"))
        stages, stage_i = column(3)
        stage = _codes(stages, stage_of, lambda v: self.problem("?", "scores.stage", repr(v)))[
            stage_i
        ]
        phases, phase_i = column(4)
        phase = _codes(phases, phase_of, lambda v: self.problem("?", "scores.phase", repr(v)))[
            phase_i
        ]
        value = batch.column(6).to_numpy(zero_copy_only=False).astype(np.float64)
        good = keep & (pan >= 0) & (cand >= 0) & (comp >= 0) & (stage >= 0) & (phase >= 0)
        start, end = self.filled, self.filled + int(np.count_nonzero(good))
        for name, array in (
            ("rec", rec),
            ("pan", pan),
            ("cand", cand),
            ("stage", stage),
            ("phase", phase),
            ("comp", comp),
            ("value", value),
        ):
            self.columns[name][start:end] = array[good]
        self.filled = end

    def ratings(self) -> None:
        """Group the scores into ratings: one per panelist, candidate, stage and phase."""
        c = self.columns
        n_cand = max(len(self.builder.cand_id), 1)
        key = ((c["pan"].astype(np.int64) * n_cand + c["cand"]) * len(STAGES) + c["stage"]) * len(
            PHASES
        ) + c["phase"]
        starts = (
            np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.zeros(0, np.int64)
        )
        if len(np.unique(key[starts])) < len(starts):  # a rating's scores lie apart: sort them
            order = np.argsort(key, kind="stable")
            key = key[order]
            for name in c:
                c[name] = c[name][order]
            starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        del key
        counts = np.diff(np.r_[starts, len(c["value"])])
        self._once(starts, counts)
        b = self.builder
        b.rating_pan = c["pan"][starts]
        b.rating_cand = c["cand"][starts]
        b.rating_stage = c["stage"][starts]
        b.rating_phase = c["phase"][starts]
        b.rating_count = [counts]
        b.score_comp = [c.pop("comp")]
        b.score_value = [c.pop("value")]
        self.columns = {}

    def _once(self, starts: np.ndarray, counts: np.ndarray) -> None:
        """Report each rating that scores a competence twice."""
        c = self.columns
        if not len(starts):
            return
        first = np.searchsorted(np.asarray(self.builder.comp_rec, dtype=np.int64), c["rec"])
        local = c["comp"] - first  # the competence's place in its profile
        if local.max() < 62:
            # Distinct powers of two sum to their bitwise or; a repeated one does not.
            bits = np.left_shift(1, local, dtype=np.int64)
            del local
            twice = np.add.reduceat(bits, starts) != np.bitwise_or.reduceat(bits, starts)
        else:  # pragma: no cover - a profile of more than 62 competences
            key = np.repeat(np.arange(len(starts)), counts) * (int(local.max()) + 1) + local
            order = np.sort(key)
            repeated = order[1:][order[1:] == order[:-1]] // (int(local.max()) + 1)
            twice = np.zeros(len(starts), dtype=bool)
            twice[repeated] = True
        for rating in np.flatnonzero(twice).tolist():
            rec = self.ids[int(c["rec"][starts[rating]])]
            self.problem(rec, "scores", _("a competence scored twice in one rating"))


def read_dataset(path: Path) -> Dataset:
    """The :class:`Dataset` of the Parquet dataset in *path*.

    :raises InvalidSources: for references between the tables that do not
        hold, and ratings that break a rule of the model.
    :raises RekryteraError: when *path* is no such dataset, or a newer version.
    """
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise RekryteraError(
            _("{path}: reading Parquet needs pyarrow: pip install 'rekrytera[arrow]'").format(
                path=path
            )
        ) from None
    _manifest(path)
    reader = _Reader(path)
    reader.recruitments()
    reader.tables()
    reader.scores()
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
