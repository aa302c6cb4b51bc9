"""Writing many recruitments as a Parquet dataset, streaming: memory stays bounded.

The layout is documented in ``docs/reference/parquet-dataset.md``; its
:data:`VERSION` changes whenever a table or column changes meaning.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .._i18n import _
from ..exceptions import RekryteraError
from ..model import Recruitment, Stage, recused
from ._columns import FIELDS

__all__ = [
    "FORMAT",
    "MANIFEST",
    "NULL_PARTITION",
    "PARTITION_BY",
    "TABLES",
    "VERSION",
    "write_dataset",
]

#: What ``dataset.json`` says the folder is.
FORMAT = "rekrytera-dataset"
#: The version of the layout this rekrytera writes and reads.
VERSION = 1
#: The file at the dataset's root that names its format, version and partitioning.
MANIFEST = "dataset.json"
#: The partition keys by default: the file format's conventional attributes
#: for the year and the municipality group (``ar``, ``kommungrupp``).
PARTITION_BY = ("ar", "kommungrupp")
#: The folder name of a missing partition value, as Hive and the engines that read it spell it.
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
#: The rows of a row group: a partition's rows are written when there are as many.
ROW_GROUP = 1 << 16
#: How many rows the writer holds, over all tables and partitions, at most.
BUFFERED_ROWS = 1 << 19
#: How many row groups a file gets before it is closed and the next one begun.
GROUPS_PER_FILE = 32
#: How many files the writer keeps open; beyond it the least recently used
#: is closed and its partition, written to again, gets a new file.
OPEN_FILES = 512

STAGE_COLUMNS = tuple(f"weight_{stage.value}" for stage in Stage)


def _schemas() -> dict[str, Any]:
    import pyarrow as pa

    text, whole, number, flag = pa.string(), pa.int32(), pa.float64(), pa.bool_()
    schemas = {
        "recruitments": pa.schema(
            [
                ("recruitment", text),
                ("title", text),
                ("organisation", text),
                ("area", text),
                ("attributes", pa.map_(text, text)),
                ("scale_min", pa.int64()),
                ("scale_max", pa.int64()),
                ("stages", pa.list_(text)),
                *((name, number) for name in STAGE_COLUMNS),
                ("decided", flag),
            ]
        ),
        "competences": pa.schema(
            [
                ("recruitment", text),
                ("competence", text),
                ("position", whole),
                ("weight", number),
                ("stages", pa.list_(text)),
            ]
        ),
        "candidates": pa.schema(
            [
                ("recruitment", text),
                ("candidate", text),
                ("position", whole),
                ("eligible", flag),
                ("hired", flag),
            ]
        ),
        "panel": pa.schema(
            [
                ("recruitment", text),
                ("panelist", text),
                ("position", whole),
                ("role", text),
                ("perspective", text),
                ("left_out", flag),
            ]
        ),
        "scores": pa.schema(
            [
                ("recruitment", text),
                ("panelist", text),
                ("candidate", text),
                ("stage", text),
                ("phase", text),
                ("competence", text),
                ("score", number),
            ]
        ),
    }
    # Every file says what it is, even when copied out of its dataset.
    metadata = {"rekrytera.format": FORMAT, "rekrytera.version": str(VERSION)}
    return {name: schema.with_metadata(metadata) for name, schema in schemas.items()}


#: The tables of the layout, each a folder of Parquet files.
TABLES = ("recruitments", "competences", "candidates", "panel", "scores")


def _rows(rec: Recruitment) -> dict[str, list[tuple[Any, ...]]]:
    """The rows *rec* adds to each table."""
    info, profile = rec.info, rec.profile
    id = info.id
    hired = set(rec.decision.hired) if rec.decision else set()
    requirements = {r.key for r in profile.requirements}
    barred = recused(rec)
    stages = list(profile.stages)
    weights = [profile.stages.get(stage) for stage in Stage]
    return {
        "recruitments": [
            (
                id,
                info.title,
                info.organisation or None,
                info.area or None,
                list(info.attributes.items()),
                profile.scale.min,
                profile.scale.max,
                [s.value for s in stages],
                *weights,
                rec.decision is not None,
            )
        ],
        "competences": [
            (
                id,
                c.key,
                i,
                c.weight,
                [s.value for s in stages if c.stages is None or s in c.stages],
            )
            for i, c in enumerate(profile.competences)
        ],
        "candidates": [
            (id, c.id, i, requirements.issubset(c.meets), c.id in hired)
            for i, c in enumerate(rec.candidates)
        ],
        "panel": [
            (
                id,
                p.id,
                i,
                p.role.value,
                None if p.role.perspective is None else p.role.perspective.value,
                p.id in barred,
            )
            for i, p in enumerate(rec.panel)
        ],
        "scores": [
            (id, r.panelist, r.candidate, r.stage.value, r.phase.value, key, float(value))
            for r in rec.ratings
            for key, value in r.scores.items()
        ],
    }


def _value(rec: Recruitment, key: str) -> str | None:
    """What analyses group *rec* by under *key*: an attribute, else a field of its own."""
    value = rec.info.attributes.get(key)
    if value is None and key in FIELDS:
        value = getattr(rec.info, key) or None
    return value


#: The longest partition value (percent-encoded) a folder name holds on every file system.
LONGEST_SEGMENT = 200


def _segment(rec: str, key: str, value: str | None) -> str:
    """A partition value as a folder name: percent-encoded, so any text is one safe segment."""
    if value is None:
        return NULL_PARTITION
    segment = quote(value, safe="")
    if len(segment) + len(key) + 1 > LONGEST_SEGMENT:
        raise RekryteraError(
            _(
                "{id}: the value of {key!r} is too long to name a partition folder; "
                "partition by something shorter"
            ).format(id=rec, key=key)
        )
    return segment


class _Writer:
    """Buffers rows per table and partition, and writes them out as Parquet row groups.

    A partition's rows are written as a row group when there are
    :data:`ROW_GROUP` of them, or, when all buffers together hold
    :data:`BUFFERED_ROWS`, the fullest buffers are written first. A file
    gets at most :data:`GROUPS_PER_FILE` row groups (its metadata stays in
    memory until it is closed), and at most :data:`OPEN_FILES` files are
    open: memory stays bounded however large the corpus.
    """

    def __init__(self, root: Path, partition_by: Sequence[str]) -> None:
        self.root = root
        self.partition_by = tuple(partition_by)
        self.schemas = _schemas()
        self.buffers: dict[tuple[str, tuple[str, ...]], list[tuple[Any, ...]]] = {}
        self.buffered = 0
        self.files = 0
        #: Each open file, and how many row groups it has.
        self.open: dict[tuple[str, tuple[str, ...]], tuple[Any, int]] = {}

    def add(self, rec: Recruitment) -> int:
        """Buffer *rec*'s rows; returns how many scores it has."""
        part = tuple(_segment(rec.id, key, _value(rec, key)) for key in self.partition_by)
        rows = _rows(rec)
        for table, values in rows.items():
            if values:
                where = (table, part)
                buffer = self.buffers.setdefault(where, [])
                buffer.extend(values)
                self.buffered += len(values)
                if len(buffer) >= ROW_GROUP:
                    self._write(where)
        if self.buffered >= BUFFERED_ROWS:
            for where in sorted(self.buffers, key=lambda w: -len(self.buffers[w])):
                self._write(where)
                if self.buffered < BUFFERED_ROWS // 2:
                    break
        return len(rows["scores"])

    def _write(self, where: tuple[str, tuple[str, ...]]) -> None:
        """Write one buffer as a row group of its partition's open file."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = self.buffers.pop(where, [])
        if not rows:
            return
        self.buffered -= len(rows)
        table, part = where
        schema = self.schemas[table]
        columns = list(zip(*rows, strict=True))
        del rows
        batch = pa.table(
            [pa.array(c, type=f.type) for c, f in zip(columns, schema, strict=True)],
            schema=schema,
        )
        writer, groups = self.open.pop(where, (None, 0))
        if writer is None:
            if len(self.open) >= OPEN_FILES:
                self.open.pop(next(iter(self.open)))[0].close()
            folder = self.root / table
            for key, value in zip(self.partition_by, part, strict=True):
                folder /= f"{key}={value}"
            folder.mkdir(parents=True, exist_ok=True)
            self.files += 1
            writer = pq.ParquetWriter(
                folder / f"part-{self.files:06}.parquet", schema, compression="zstd"
            )
        writer.write_table(batch, row_group_size=batch.num_rows)
        if groups + 1 >= GROUPS_PER_FILE:
            writer.close()
        else:
            self.open[where] = (writer, groups + 1)  # the most recently used last

    def close(self) -> None:
        """Write what is buffered and close every file; a table without rows gets an empty one."""
        import pyarrow.parquet as pq

        for where in list(self.buffers):
            self._write(where)
        while self.open:
            self.open.popitem()[1][0].close()
        for table, schema in self.schemas.items():
            folder = self.root / table
            if not folder.exists():  # other engines find no files as an error, not as no rows
                folder.mkdir()
                pq.write_table(schema.empty_table(), folder / "part-000000.parquet")


def write_dataset(
    recruitments: Iterable[Recruitment],
    path: str | os.PathLike[str],
    *,
    partition_by: Sequence[str] = PARTITION_BY,
    force: bool = False,
) -> tuple[int, int]:
    """Write *recruitments* as a Parquet dataset in the folder *path*.

    The recruitments are taken one at a time (a generator is never held in
    memory) and written out in bounded batches, so memory does not grow with
    the corpus. The dataset holds what analyses need: ids, roles, scales,
    weights, the fields and attributes to group by, who is eligible and who
    was hired, and every score. It holds no names, contact details,
    applications, comments or anything from the participation register.

    The folder is written beside *path* and moved into place when complete:
    a failure leaves nothing half-written, and an existing dataset is
    replaced only with *force*.

    :param partition_by: recruitment attributes (or the fields ``id``,
        ``organisation``, ``area``, ``title``) whose values become
        ``key=value`` folders in every table; ``()`` for none.
    :returns: how many recruitments and scores were written.
    :raises RekryteraError: when pyarrow is missing or *path* exists (without *force*).
    """
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise RekryteraError(
            _("writing a Parquet dataset needs pyarrow: pip install 'rekrytera[arrow]'")
        ) from None
    target = Path(path)
    if target.exists() and not force:
        raise RekryteraError(
            _("{path} already exists; give --force to replace it").format(path=target)
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        writer = _Writer(temporary, partition_by)
        count = scores = 0
        try:
            for rec in recruitments:
                scores += writer.add(rec)
                count += 1
        finally:
            writer.close()
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "partition_by": list(partition_by),
            "tables": list(TABLES),
            "recruitments": count,
            "scores": scores,
        }
        (temporary / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            os.replace(target, old)
            os.replace(temporary, target)
            shutil.rmtree(old) if old.is_dir() else old.unlink()
        else:
            os.replace(temporary, target)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return count, scores
