"""An embedded SQLite store for many recruitments, queryable with plain SQL."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .._i18n import _
from ..io import SCHEMA, loads, structure_tree, to_tree
from ..model import Recruitment, Register
from ..scoring import Result, score
from ._schema import MIGRATIONS, SCHEMA_VERSION, no_register, put_records
from ._tables import result_rows

if TYPE_CHECKING:
    import sqlite3

__all__ = ["SCHEMA_VERSION", "LoosePermissionsWarning", "Store"]


class LoosePermissionsWarning(UserWarning):
    """A store holding personal data can be read by others than its owner."""


@functools.lru_cache(maxsize=1024)
def _json_list(values: tuple[str, ...]) -> str:
    """A JSON array of strings: one text per distinct tuple (flags and keys repeat)."""
    return json.dumps(list(values), ensure_ascii=False)


def _document(rec: Recruitment) -> str:
    """The recruitment as compact JSON (the C encoder; ``dumps`` indents for people)."""
    return json.dumps(to_tree(rec), ensure_ascii=False, separators=(",", ":"), default=str)


class Store:
    """A SQLite file holding many recruitments.

    Writing a recruitment again replaces it (by id) rather than duplicating it;
    each write is one transaction. The database runs in WAL mode with a busy
    timeout, so another process can read or write at the same time without
    failing or losing anything. A new store file is readable by its owner only
    (SQLite gives its ``-wal`` and ``-shm`` files the same mode).

    Use it as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: float = 60.0,
        check_same_thread: bool = True,
    ) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # SQLite's in-memory database (":memory:") has no file to protect.
        on_disk = str(path) != ":memory:"
        if on_disk and not self.path.exists():
            # Created owner-only before SQLite opens it: the file holds personal data.
            with contextlib.suppress(FileExistsError):
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        elif on_disk:
            mode = self.path.stat().st_mode & 0o777
            if mode & 0o077:
                warnings.warn(
                    _(
                        "{path} can be read by others (mode {mode:o}) and holds personal data: "
                        "make it yours only with 'chmod 600 {path}'"
                    ).format(path=self.path, mode=mode),
                    LoosePermissionsWarning,
                    stacklevel=2,
                )
        self._depth = 0
        import sqlite3  # loaded with the first store, not with rekrytera

        self._db = sqlite3.connect(
            self.path,
            timeout=timeout,
            isolation_level=None,
            check_same_thread=check_same_thread,
        )
        self._db.execute("PRAGMA foreign_keys = ON")
        self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._migrate()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    @property
    def version(self) -> int:
        """The schema version of the file."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        import sqlite3

        if self.version == SCHEMA_VERSION:
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            version = self.version  # another process may have migrated meanwhile
            if version > SCHEMA_VERSION:
                raise sqlite3.DatabaseError(
                    f"{self.path} has store schema {version}, newer than this release "
                    f"of rekrytera knows ({SCHEMA_VERSION}); upgrade rekrytera"
                )
            while version < SCHEMA_VERSION:
                step = MIGRATIONS[version]
                if callable(step):
                    step(self._db)
                else:
                    for statement in step.split(";"):
                        if statement.strip():
                            self._db.execute(statement)
                version += 1
                self._db.execute(f"PRAGMA user_version = {version}")
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``) for several steps; yields the connection.

        Everything inside commits together or not at all; :meth:`put` inside it
        joins it rather than committing on its own. Nested uses join the outer one.
        """
        if self._depth:
            self._depth += 1
            try:
                yield self._db
            finally:
                self._depth -= 1
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        finally:
            self._depth = 0

    # Called inside put()'s transaction just before it commits (tests fail it on purpose).
    _before_commit: Callable[[], None] | None = None

    def put(self, rec: Recruitment, *, result: Result | None = None) -> None:
        """Write *rec* (and its ``balanced`` result), replacing any earlier copy.

        :param result: the result to store; by default ``rekrytera.score(rec)``
            (without the agreement statistics and the breakdown by stage and
            competence, which the store does not keep).
        """
        result = result or score(rec, agreement=False, breakdown=False)
        hired = set(rec.decision.hired) if rec.decision else set()
        profile = rec.profile
        rid = rec.id
        with self.transaction() as db:
            db.execute("DELETE FROM recruitments WHERE id = ?", (rid,))
            db.execute(
                "INSERT INTO recruitments VALUES (?, ?, ?, ?, ?, ?)",
                (
                    rid,
                    rec.title,
                    rec.info.organisation,
                    rec.info.area,
                    rec.decision.date.isoformat() if rec.decision and rec.decision.date else None,
                    _document(rec),
                ),
            )
            db.execute(
                "INSERT INTO profiles VALUES (?, ?, ?)",
                (rid, profile.scale.min, profile.scale.max),
            )
            db.executemany(
                "INSERT INTO stages VALUES (?, ?, ?)",
                [(rid, s.value, w) for s, w in profile.stages.items()],
            )
            db.executemany(
                "INSERT INTO competences VALUES (?, ?, ?, ?, ?)",
                [
                    (rid, c.key, c.label, c.weight, _json_list(profile.stages_of(c)))
                    for c in profile.competences
                ],
            )
            db.executemany(
                "INSERT INTO panelists VALUES (?, ?, ?, ?)",
                [
                    (rid, p.id, p.role.value, p.perspective.value if p.perspective else None)
                    for p in rec.panel
                ],
            )
            by_id = {c.id: c for c in result.candidates}
            db.executemany(
                "INSERT INTO candidates VALUES (?, ?, ?, ?, ?)",
                [
                    (
                        rid,
                        c.id,
                        int(by_id[c.id].eligible),
                        _json_list(by_id[c.id].missing_requirements),
                        int(c.id in hired),
                    )
                    for c in rec.candidates
                ],
            )
            # The rows straight from the ratings: a million scores are a million rows.
            db.executemany(
                "INSERT INTO ratings VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (rid, r.panelist, r.candidate, stage, phase, key, value)
                    for r in rec.ratings
                    for stage, phase in ((r.stage.value, r.phase.value),)
                    for key, value in r.scores.items()
                ],
            )
            db.executemany(
                "INSERT INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        c.recruitment,
                        c.method,
                        result.resident_weight,
                        c.candidate,
                        c.rank,
                        c.total,
                        c.staff,
                        c.resident,
                        int(c.eligible),
                        _json_list(tuple(c.flags)),
                    )
                    for c in result_rows([rec], [result])
                ],
            )
            if self._before_commit is not None:
                self._before_commit()

    def ids(self) -> list[str]:
        """The ids of every recruitment in the store, sorted."""
        return [row[0] for row in self._db.execute("SELECT id FROM recruitments ORDER BY id")]

    def get(self, id: str) -> Recruitment:
        """The recruitment with *id*, exactly as it was written.

        :raises KeyError: if the store has no such recruitment.
        """
        row = self._db.execute("SELECT document FROM recruitments WHERE id = ?", (id,)).fetchone()
        if row is None:
            raise KeyError(id)
        return loads(row[0], "json")

    def __iter__(self) -> Iterator[Recruitment]:
        for (document,) in self._db.execute("SELECT document FROM recruitments ORDER BY id"):
            yield loads(document, "json")

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM recruitments").fetchone()[0])

    def query(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        """Run a read-only SQL query (a convenience for researchers and tests).

        The connection refuses writes while it runs (``PRAGMA query_only``):
        ``DELETE``, ``UPDATE`` and the like raise :class:`sqlite3.DatabaseError`.
        The participation register's tables (``register_*``) cannot be read
        here either: residents' own data is read with :meth:`register`.
        """
        self._db.execute("PRAGMA query_only = ON")
        # Setting an authorizer expires every prepared statement, so a cached
        # statement cannot slip past it.
        self._db.set_authorizer(no_register)
        try:
            return list(self._db.execute(sql, parameters))
        finally:
            self._db.set_authorizer(None)
            self._db.execute("PRAGMA query_only = OFF")

    # -- the participation register -------------------------------------------

    def register(self, recruitment: str | None = None) -> Register:
        """The participation register kept in the store: all of it, or one recruitment's records.

        With *recruitment*, the register holds that recruitment's records and
        no residents from the pool.
        """
        if recruitment is None:
            residents = [
                json.loads(d)
                for (d,) in self._db.execute("SELECT document FROM register_residents ORDER BY id")
            ]
            records = self._db.execute(
                "SELECT document FROM register_participation ORDER BY recruitment_id, panelist_id"
            )
        else:
            residents = []
            records = self._db.execute(
                "SELECT document FROM register_participation WHERE recruitment_id = ? "
                "ORDER BY panelist_id",
                (recruitment,),
            )
        tree = {
            "schema": SCHEMA,
            "residents": residents,
            "participation": [json.loads(d) for (d,) in records],
        }
        return structure_tree(tree, Register)

    def put_register(self, register: Register) -> None:
        """Write *register*'s residents and records, replacing earlier ones with the same ids."""
        with self.transaction() as db:
            put_records(db, register)
