"""Loading many recruitments into a :class:`Dataset`: folders, files and SQLite stores."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, closing
from functools import partial, reduce
from itertools import chain, pairwise
from pathlib import Path

import attrs
import msgspec
import numpy as np

from .._i18n import _, os_error
from ..exceptions import InvalidRecruitment, Problem, RekryteraError
from ..io import SCHEMA, from_tree, loads, to_tree
from ..model import Recruitment
from ._builder import Builder, InvalidSources, RatingsBreakRules
from ._dataset import Dataset, RatingColumns, built
from ._read import is_dataset, need_pyarrow, read_dataset
from ._structs import decoder, ratings_decoder

__all__ = ["ENGINES", "InvalidSources", "load"]

#: The engines that compute the analyses (see :func:`load`).
ENGINES = ("numpy", "duckdb")

#: Suffixes of the SQLite stores ``rekrytera export`` writes.
STORE_SUFFIXES = (".sqlite", ".sqlite3", ".db")

Progress = Callable[[int, int], None]


def _fast(document: str | bytes) -> tuple[Recruitment, RatingColumns] | None:
    """The recruitment and its rating columns, or None to leave it to the full loader.

    msgspec decodes the file into structs generated from the model (see
    :mod:`._structs`), checking every type as it parses; the model's own
    constructors then build everything but the ratings, which go straight into
    columns. Whatever this does not accept for certain (a type it does not
    expect, an older schema, a broken rule) it leaves to :func:`rekrytera.loads`,
    which reports the problems.
    """
    decode, build = decoder()
    try:
        file = decode.decode(document)
        if file.schema != SCHEMA:
            return None
        rec = build(file)
        competences = tuple(c.key for c in rec.profile.competences)
        ratings = (
            ()
            if file.ratings is msgspec.UNSET
            else ratings_decoder(competences).decode(file.ratings)
        )
    except (msgspec.MsgspecError, InvalidRecruitment, ValueError, TypeError):
        return None
    return rec, _columns(ratings, len(competences))


def _columns(ratings: Sequence[msgspec.Struct], width: int) -> RatingColumns:
    """Decoded ratings (of :func:`ratings_decoder`'s structs) as columns.

    The structs are turned into tuples and transposed in C: no Python code runs per rating.
    """
    if not ratings:
        return RatingColumns((), (), (), (), np.zeros((0, width)))
    fields = type(ratings[0]).__struct_fields__
    columns = tuple(zip(*map(msgspec.structs.astuple, ratings), strict=True))
    panelists, candidates, stages, scores, phases = (
        columns[fields.index(name)]
        for name in ("panelist", "candidate", "stage", "scores", "phase")
    )
    matrix = np.fromiter(
        chain.from_iterable(map(msgspec.structs.astuple, scores)), np.float64, len(scores) * width
    )
    return RatingColumns(
        panelists,
        candidates,
        stages,
        phases,
        matrix.reshape(len(scores), width),
    )


#: Adds one recruitment to a builder: ``add(builder, fast)``. With *fast* it
#: may take the fast path; without, the model reads everything.
Adder = Callable[[Builder, bool], None]


def _add_document(builder: Builder, fast: bool, *, document: str | bytes, fmt: str) -> None:
    """Add one recruitment file's text; raises InvalidRecruitment with its problems."""
    if fast and fmt == "json":
        decoded = _fast(document)
        if decoded is not None and builder.try_add(*decoded):
            return
    # The full loader says what is wrong, or accepts what the fast path doubted.
    rec = loads(document, fmt)  # type: ignore[arg-type]
    builder.add(rec, RatingColumns.of(rec))


@attrs.frozen
class _Tables:
    """Ratings read from a Parquet export: per rating its fields and a table of scores."""

    panelists: list[str] = attrs.Factory(list)
    candidates: list[str] = attrs.Factory(list)
    stages: list[str] = attrs.Factory(list)
    phases: list[str] = attrs.Factory(list)
    scores: list[dict[str, float]] = attrs.Factory(list)


def _add_tables(builder: Builder, fast: bool, *, structure: str, ratings: _Tables) -> None:
    """Add a recruitment's structure (JSON without ratings) and its ratings."""
    rec = loads(structure, "json")
    if fast:
        try:
            columns = RatingColumns.from_tables(
                ratings.panelists,
                ratings.candidates,
                ratings.stages,
                ratings.phases,
                ratings.scores,
                [c.key for c in rec.profile.competences],
            )
        except (KeyError, ValueError, TypeError):
            pass
        else:
            if builder.try_add(rec, columns):
                return
    # Let the model say what is wrong, with paths into the recruitment's ratings.
    tree = to_tree(rec)
    tree["ratings"] = [
        {"panelist": p, "candidate": c, "stage": s, "phase": ph, "scores": scores}
        for p, c, s, ph, scores in zip(
            ratings.panelists,
            ratings.candidates,
            ratings.stages,
            ratings.phases,
            ratings.scores,
            strict=True,
        )
    ]
    rec = from_tree(tree)
    builder.add(rec, RatingColumns.of(rec))


def _parquet(path: Path) -> Iterator[tuple[str, Adder]]:
    """The recruitments of a directory written by the ``rekrytera-parquet`` exporter."""
    need_pyarrow(path)
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

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
        raise RekryteraError(
            _("{path}: not a rekrytera Parquet export ({error})").format(path=path, error=e)
        ) from None
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
    by_rec: dict[str, _Tables] = {}
    for first, end in pairwise(bounds):
        rec_id = columns["recruitment"][first]
        cols = by_rec.setdefault(rec_id, _Tables())
        cols.panelists.append(columns["panelist"][first])
        cols.candidates.append(columns["candidate"][first])
        cols.stages.append(columns["stage"][first])
        cols.phases.append(columns["phase"][first])
        scores = dict(
            zip(columns["competence"][first:end], columns["score"][first:end], strict=True)
        )
        if len(scores) < end - first:
            raise RekryteraError(
                _(
                    "{path}: ratings.parquet has a competence twice in one rating of {id!r} "
                    "(by {panelist!r} of {candidate!r})"
                ).format(
                    path=path,
                    id=rec_id,
                    panelist=cols.panelists[-1],
                    candidate=cols.candidates[-1],
                )
            )
        cols.scores.append(scores)
    for rec_id, structure in zip(
        recs.column("recruitment").to_pylist(), recs.column("structure").to_pylist(), strict=True
    ):
        cols = by_rec.pop(rec_id, _Tables())
        yield f"{path}#{rec_id}", partial(_add_tables, structure=structure, ratings=cols)
    if by_rec:
        raise RekryteraError(
            _(
                "{path}: ratings.parquet has ratings of recruitments that recruitments.parquet "
                "lacks: {ids}"
            ).format(path=path, ids=", ".join(sorted(by_rec)))
        )


#: Reads one recruitment's document when called: ``(text, format)``.
Reader = Callable[[], tuple[str | bytes, str]]


def _read_file(path: Path, fmt: str) -> tuple[bytes, str]:
    """A recruitment file, read only now: a corpus is never all in memory at once."""
    try:
        return path.read_bytes(), fmt
    except OSError as e:
        raise RekryteraError(f"{path}: {os_error(e)}") from None


def _read_stored(db: sqlite3.Connection, path: Path, id: str) -> tuple[str, str]:
    """One recruitment of a store, read only now (in the load's one read transaction)."""
    try:
        row = db.execute("SELECT document FROM recruitments WHERE id = ?", (id,)).fetchone()
    except sqlite3.Error as e:
        raise RekryteraError(f"{path}#{id}: {e}") from None
    return row[0], "json"


def _add_read(builder: Builder, fast: bool, *, read: Reader) -> None:
    document, fmt = read()
    _add_document(builder, fast, document=document, fmt=fmt)


def _readers(path: Path, stack: ExitStack) -> Iterator[tuple[str, Reader]]:
    """``(source, read)`` for every recruitment document in *path*: a file, a
    folder of them or a store. *stack* closes what stays open."""
    if path.suffix.lower() in STORE_SUFFIXES and path.is_file():
        db = stack.enter_context(
            closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True))
        )
        try:
            # One read transaction: every document as of the same moment, even
            # while another process writes to the store.
            db.execute("BEGIN")
            ids = [id for (id,) in db.execute("SELECT id FROM recruitments ORDER BY id")]
        except sqlite3.Error as e:
            raise RekryteraError(
                _("{path}: not a rekrytera store ({error})").format(path=path, error=e)
            ) from None
        for id in ids:
            yield f"{path}#{id}", partial(_read_stored, db, path, id)
    elif path.is_dir():
        with os.scandir(path) as entries:  # a directory entry knows if it is a file
            # Sorted by name, as their paths (in one folder) sort.
            found = sorted(
                (e.name, e.path)
                for e in entries
                if os.path.splitext(e.name)[1].lower() in (".json", ".toml") and e.is_file()
            )
        for _by_name, name in found:
            file = Path(name)
            yield str(file), partial(_read_file, file, file.suffix.lower().lstrip("."))
    elif path.is_file():
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in ("json", "toml"):
            raise RekryteraError(
                _(
                    "{path}: not a recruitment file (.json, .toml), a folder of them, a store "
                    "({suffixes}) or a Parquet export"
                ).format(path=path, suffixes=", ".join(STORE_SUFFIXES))
            )
        yield str(path), partial(_read_file, path, fmt)
    else:
        raise RekryteraError(_("{path}: no such file or folder").format(path=path))


def _is_parquet_export(path: Path) -> bool:
    """Whether *path* is a folder written by the ``rekrytera-parquet`` exporter."""
    return (path / "recruitments.parquet").is_file()


def _twice(id: str, other: str) -> tuple[Problem]:
    """The problem of a recruitment whose id *other* source has already."""
    return (
        Problem("recruitment.id", _("{id!r} is also the id of {other}").format(id=id, other=other)),
    )


def _documents(path: Path, stack: ExitStack) -> Iterator[tuple[str, Adder]]:
    """``(source, add)`` for every recruitment in *path*; *stack* closes what stays open."""
    if _is_parquet_export(path):
        yield from _parquet(path)
        return
    for source, read in _readers(path, stack):
        yield source, partial(_add_read, read=read)


def recruitments(*sources: str | os.PathLike[str]) -> Iterator[Recruitment]:
    """Every recruitment in *sources*, read and checked one at a time.

    A source is a recruitment file (``.json`` or ``.toml``), a folder of them
    (not its subfolders) or a SQLite store, as for :func:`load`. A file or a
    stored document is read only when its turn comes, so a generator over a
    national corpus holds one recruitment at a time: give it to
    :func:`write_dataset` to turn the corpus into a Parquet dataset.

    Invalid recruitments, and an id that occurs twice, are collected while the
    valid ones are yielded; after the last one :class:`InvalidSources` lists
    them all (and :func:`write_dataset` writes nothing).

    :raises InvalidSources: after the last recruitment, if any was invalid.
    :raises RekryteraError: for a source that does not exist or cannot be read.
    """
    invalid: dict[str, tuple[Problem, ...]] = {}
    first: dict[str, str] = {}
    with ExitStack() as stack:
        for source in sources:
            path = Path(source)
            if is_dataset(path) or _is_parquet_export(path):
                raise RekryteraError(
                    _(
                        "{path}: Parquet holds columns, not recruitments; give recruitment "
                        "files, folders of them or stores"
                    ).format(path=path)
                )
            try:
                readers = list(_readers(path, stack))
            except OSError as e:
                raise RekryteraError(f"{path}: {os_error(e)}") from None
            for source, read in readers:
                document, fmt = read()
                try:
                    rec = loads(document, fmt)  # type: ignore[arg-type]
                except InvalidRecruitment as e:
                    invalid[source] = e.problems
                    continue
                if rec.id in first:
                    invalid[source] = _twice(rec.id, first[rec.id])
                    continue
                first[rec.id] = source
                yield rec
    if invalid:
        raise InvalidSources(invalid)


def load(
    *sources: str | os.PathLike[str],
    progress: Progress | None = None,
    keep_recruitments: bool = False,
    engine: str = "numpy",
) -> Dataset:
    """Load every recruitment in *sources* into one :class:`Dataset`.

    A source is a recruitment file (``.json`` or ``.toml``), a folder of them
    (not its subfolders), a SQLite store written by ``rekrytera export``, a
    directory written by the ``rekrytera-parquet`` exporter, or a Parquet
    dataset written by :func:`write_dataset` (alone: not with other sources).
    Parquet needs pyarrow. A Parquet dataset is read as Arrow columns, with
    no per-value Python objects, and checked for references that do not
    hold and ratings that break the model's rules. Every other recruitment
    is checked as :func:`rekrytera.load` checks it; JSON is read on a faster
    path that yields the same data. Files and stored documents are read one
    at a time, as they are added.

    :param progress: called as ``progress(done, total)`` after each recruitment.
    :param keep_recruitments: keep each recruitment's model objects (without
        its ratings) as :attr:`Dataset.recruitments`; by default only the
        columns analyses need are kept.
    :param engine: what computes the analyses: ``"numpy"`` (the default)
        holds the scores in memory; ``"duckdb"`` leaves the scores of a
        Parquet dataset to DuckDB, which computes with SQL out of core (it
        needs ``rekrytera[duckdb]`` and one Parquet dataset as the source).
    :raises InvalidSources: listing the problems of every invalid recruitment,
        and any recruitment id that occurs twice.
    :raises RekryteraError: for a source that does not exist or cannot be read.
    """
    if engine not in ENGINES:
        raise RekryteraError(
            _("no engine {name!r}; the engines are {engines}").format(
                name=engine, engines=", ".join(ENGINES)
            )
        )
    datasets = [Path(s) for s in sources if Path(s).is_dir() and is_dataset(Path(s))]
    if engine == "duckdb" and (len(sources) != 1 or not datasets):
        raise RekryteraError(
            _(
                "the duckdb engine reads one Parquet dataset; write one with "
                "analysis.write_dataset or rekrytera simulate --format dataset"
            )
        )
    if datasets:
        if len(sources) > 1:
            raise RekryteraError(
                _(
                    "{path}: a Parquet dataset is analysed on its own, not with other sources"
                ).format(path=datasets[0])
            )
        if keep_recruitments:
            raise RekryteraError(
                _("{path}: a Parquet dataset holds no recruitments to keep").format(
                    path=datasets[0]
                )
            )
        if engine == "duckdb":
            from ._duckdb_load import load_duckdb

            return load_duckdb(datasets[0])
        return read_dataset(datasets[0])
    with ExitStack() as stack:
        documents: list[tuple[str, Adder]] = []
        for source in sources:
            try:
                documents.extend(_documents(Path(source), stack))
            except OSError as e:
                raise RekryteraError(f"{source}: {os_error(e)}") from None
        return _build(documents, progress, keep_recruitments=keep_recruitments)


def _build(
    documents: Sequence[tuple[str, Adder]],
    progress: Progress | None,
    slow: frozenset[int] = frozenset(),
    *,
    keep_recruitments: bool = False,
) -> Dataset:
    """The dataset of *documents*, each on the fast path unless its index is in *slow*."""
    builder = Builder(keep_recruitments=keep_recruitments)
    invalid: dict[str, tuple[Problem, ...]] = {}
    first: dict[str, str] = {}
    added: list[int] = []  # the document of each recruitment in the builder
    for n, (source, add) in enumerate(documents):
        try:
            add(builder, n not in slow)
        except InvalidRecruitment as e:
            invalid[source] = e.problems
        else:
            added.append(n)
            id = builder.rec_id[-1]
            if id in first:
                invalid[source] = _twice(id, first[id])
            first.setdefault(id, source)
        if progress is not None:
            progress(n + 1, len(documents))
    try:
        dataset = built(builder)
    except RatingsBreakRules as e:
        # Let the model say what is wrong with them.
        doubted = frozenset(added[i] for i in e.indices)
        for n in sorted(doubted):
            source, add = documents[n]
            try:
                add(Builder(), False)
            except InvalidRecruitment as problems:
                invalid[source] = problems.problems
        if not invalid:  # the model accepts them after all: read them its way
            return _build(documents, None, slow | doubted, keep_recruitments=keep_recruitments)
    if invalid:
        raise InvalidSources({s: invalid[s] for s, _ in documents if s in invalid})
    return dataset
