"""Loading many recruitments into a :class:`Dataset`: folders, files and SQLite stores."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from functools import partial, reduce
from itertools import accumulate, chain, pairwise
from pathlib import Path
from typing import Any

import orjson

from ..exceptions import InvalidRecruitment, Problem, RekryteraError
from ..io import SCHEMA, from_tree, loads, to_tree
from ..model import Recruitment
from ._dataset import Builder, Dataset, RatingColumns

__all__ = ["InvalidSources", "load"]

#: Suffixes of the SQLite stores ``rekrytera export`` writes.
STORE_SUFFIXES = (".sqlite", ".sqlite3", ".db")

_RATING_KEYS = frozenset({"panelist", "candidate", "stage", "phase", "scores", "note"})
_RATING_REQUIRED = frozenset({"panelist", "candidate", "stage", "scores"})
_NUMBERS = frozenset({int, float})
_STR = {str}
_DICT = {dict}

Progress = Callable[[int, int], None]


class InvalidSources(RekryteraError, ValueError):
    """Some of the recruitments to analyse are invalid; nothing was analysed.

    :ivar invalid: for each source (a file, or ``store.sqlite#id``), its problems.
    """

    invalid: dict[str, tuple[Problem, ...]]

    def __init__(self, invalid: dict[str, tuple[Problem, ...]]) -> None:
        self.invalid = invalid
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """One line per problem: ``source: path: message``."""
        return [f"{source}: {p}" for source, problems in self.invalid.items() for p in problems]


def _fast(document: str | bytes) -> tuple[Recruitment, RatingColumns] | None:
    """The recruitment and its rating columns, or None to leave it to the full loader.

    Everything but the ratings goes through the model as usual; the ratings,
    the bulk of a file, go straight into columns. Whatever this does not
    accept for certain (a type it does not expect, an older schema, a broken
    rule) it leaves to :func:`rekrytera.loads`, which reports the problems.
    """
    try:
        tree = orjson.loads(document)
    except orjson.JSONDecodeError:
        return None
    if type(tree) is not dict or tree.get("schema") != SCHEMA:
        return None
    ratings = tree.pop("ratings", [])
    columns = _rating_columns(ratings)
    if columns is None:
        return None
    try:
        rec = from_tree(tree)
    except InvalidRecruitment:
        return None
    return rec, columns


def _rating_columns(ratings: Any) -> RatingColumns | None:
    """The ratings as columns if every one has exactly the types the format allows."""
    if type(ratings) is not list or not all(
        type(r) is dict and _RATING_REQUIRED <= r.keys() <= _RATING_KEYS for r in ratings
    ):
        return None
    panelists = [r["panelist"] for r in ratings]
    candidates = [r["candidate"] for r in ratings]
    stages = [r["stage"] for r in ratings]
    phases = [r.get("phase", "independent") for r in ratings]
    notes = [r.get("note", "") for r in ratings]
    scores = [r["scores"] for r in ratings]
    strings = (panelists, candidates, stages, phases, notes)
    if ratings and (
        any(set(map(type, column)) != _STR for column in strings) or set(map(type, scores)) != _DICT
    ):
        return None
    values = list(chain.from_iterable(map(dict.values, scores)))
    # Exactly int or float: True is not a score, nor is "4".
    if not set(map(type, values)) <= _NUMBERS:
        return None
    return RatingColumns(
        panelists,
        candidates,
        stages,
        phases,
        list(map(len, scores)),
        list(chain.from_iterable(scores)),
        values,
    )


Adder = Callable[[Builder], None]


def _add_document(builder: Builder, document: str | bytes, fmt: str) -> None:
    """Add one recruitment file's text; raises InvalidRecruitment with its problems."""
    fast = _fast(document) if fmt == "json" else None
    if fast is not None and builder.try_add(*fast):
        return
    # The full loader says what is wrong, or accepts what the fast path doubted.
    rec = loads(document, fmt)  # type: ignore[arg-type]
    builder.add(rec, RatingColumns.of(rec))


def _add_columns(builder: Builder, structure: str, ratings: RatingColumns) -> None:
    """Add a recruitment's structure (JSON without ratings) and its rating columns."""
    rec = loads(structure, "json")
    if builder.try_add(rec, ratings):
        return
    # Let the model say what is wrong, with paths into the recruitment's ratings.
    tree = to_tree(rec)
    starts = list(accumulate(ratings.counts, initial=0))
    tree["ratings"] = [
        {
            "panelist": ratings.panelists[i],
            "candidate": ratings.candidates[i],
            "stage": ratings.stages[i],
            "phase": ratings.phases[i],
            "scores": dict(
                zip(
                    ratings.keys[starts[i] : starts[i + 1]],
                    ratings.values[starts[i] : starts[i + 1]],
                    strict=True,
                )
            ),
        }
        for i in range(len(ratings.counts))
    ]
    rec = from_tree(tree)
    builder.add(rec, RatingColumns.of(rec))


def _parquet(path: Path) -> Iterator[tuple[str, Adder]]:
    """The recruitments of a directory written by the ``rekrytera-parquet`` exporter."""
    try:
        import pyarrow.compute as pc
        import pyarrow.parquet as pq
    except ImportError:
        raise RekryteraError(
            f"{path}: reading Parquet needs pyarrow: pip install 'rekrytera[arrow]'"
        ) from None
    try:
        recs = pq.read_table(path / "recruitments.parquet", columns=["recruitment", "structure"])
        ratings = pq.read_table(
            path / "ratings.parquet",
            columns=[
                "recruitment",
                "panelist",
                "candidate",
                "stage",
                "phase",
                "competence",
                "score",
            ],
        )
    except (OSError, ValueError, KeyError) as e:
        raise RekryteraError(f"{path}: not a rekrytera Parquet export ({e})") from None
    keys = ["recruitment", "panelist", "candidate", "stage", "phase"]
    ratings = ratings.sort_by([(k, "ascending") for k in keys])
    columns = {name: ratings.column(name).to_pylist() for name in ratings.column_names}
    # A new rating starts wherever one of its keys changes.
    starts = [0]
    if ratings.num_rows:
        changed = reduce(
            pc.or_,
            (
                pc.not_equal(
                    ratings.column(k).slice(1), ratings.column(k).slice(0, ratings.num_rows - 1)
                )
                for k in keys
            ),
        )
        starts += [i + 1 for i in pc.indices_nonzero(changed).to_pylist()]
    bounds = [*starts, ratings.num_rows] if ratings.num_rows else [0]
    by_rec: dict[str, RatingColumns] = {}
    for first, end in pairwise(bounds):
        rec_id = columns["recruitment"][first]
        cols = by_rec.setdefault(rec_id, RatingColumns([], [], [], [], [], [], []))
        cols.panelists.append(columns["panelist"][first])
        cols.candidates.append(columns["candidate"][first])
        cols.stages.append(columns["stage"][first])
        cols.phases.append(columns["phase"][first])
        cols.counts.append(end - first)
        cols.keys.extend(columns["competence"][first:end])
        cols.values.extend(columns["score"][first:end])
    for rec_id, structure in zip(
        recs.column("recruitment").to_pylist(), recs.column("structure").to_pylist(), strict=True
    ):
        cols = by_rec.pop(rec_id, RatingColumns([], [], [], [], [], [], []))
        yield f"{path}#{rec_id}", partial(_add_columns, structure=structure, ratings=cols)
    if by_rec:
        raise RekryteraError(
            f"{path}: ratings.parquet has ratings of recruitments that recruitments.parquet "
            f"lacks: {', '.join(sorted(by_rec))}"
        )


def _documents(path: Path) -> Iterator[tuple[str, Adder]]:
    """``(source, add)`` for every recruitment in *path*."""
    if path.suffix.lower() in STORE_SUFFIXES and path.is_file():
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = db.execute("SELECT id, document FROM recruitments ORDER BY id").fetchall()
        except sqlite3.Error as e:
            raise RekryteraError(f"{path}: not a rekrytera store ({e})") from None
        finally:
            db.close()
        for id, document in rows:
            yield f"{path}#{id}", partial(_add_document, document=document, fmt="json")
    elif path.is_dir() and (path / "recruitments.parquet").is_file():
        yield from _parquet(path)
    elif path.is_dir():
        files = sorted(
            p for p in path.iterdir() if p.suffix.lower() in (".json", ".toml") and p.is_file()
        )
        for file in files:
            yield from _documents(file)
    elif path.is_file():
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in ("json", "toml"):
            raise RekryteraError(
                f"{path}: not a recruitment file (.json, .toml), a folder of them, a "
                f"store ({', '.join(STORE_SUFFIXES)}) or a Parquet export"
            )
        yield str(path), partial(_add_document, document=path.read_bytes(), fmt=fmt)
    else:
        raise RekryteraError(f"{path}: no such file or folder")


def load(
    *sources: str | os.PathLike[str],
    progress: Progress | None = None,
) -> Dataset:
    """Load every recruitment in *sources* into one :class:`Dataset`.

    A source is a recruitment file (``.json`` or ``.toml``), a folder of them
    (not its subfolders), a SQLite store written by ``rekrytera export``, or
    a directory written by the ``rekrytera-parquet`` exporter (reading it
    needs pyarrow). Every recruitment is checked as :func:`rekrytera.load`
    checks it; JSON is read on a faster path that yields the same data.

    :param progress: called as ``progress(done, total)`` after each recruitment.
    :raises InvalidSources: listing the problems of every invalid recruitment,
        and any recruitment id that occurs twice.
    :raises RekryteraError: for a source that does not exist or cannot be read.
    """
    documents: list[tuple[str, Adder]] = []
    for source in sources:
        try:
            documents.extend(_documents(Path(source)))
        except OSError as e:
            raise RekryteraError(f"{source}: {e.strerror or e}") from None
    return _build(documents, progress)


def _build(documents: Sequence[tuple[str, Adder]], progress: Progress | None) -> Dataset:
    builder = Builder()
    invalid: dict[str, tuple[Problem, ...]] = {}
    first: dict[str, str] = {}
    for done, (source, add) in enumerate(documents, 1):
        try:
            add(builder)
        except InvalidRecruitment as e:
            invalid[source] = e.problems
        else:
            id = builder.recs[-1].id
            if id in first:
                invalid[source] = (
                    Problem("recruitment.id", f"{id!r} is also the id of {first[id]}"),
                )
            first.setdefault(id, source)
        if progress is not None:
            progress(done, len(documents))
    if invalid:
        raise InvalidSources(invalid)
    return builder.build()
