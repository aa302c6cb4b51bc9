"""The store's SQL schema, version by version, and the steps between versions."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from ..io import split_tree, structure_tree, to_tree
from ..model import Register

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "no_register", "put_records"]

#: The store's schema version, kept in ``PRAGMA user_version``.
SCHEMA_VERSION = 3

_V1 = """
CREATE TABLE recruitments (
    id            TEXT PRIMARY KEY,
    title         TEXT NOT NULL,
    organisation  TEXT NOT NULL,
    area          TEXT NOT NULL,
    decided       TEXT,              -- the decision's date (ISO), if any
    document      TEXT NOT NULL      -- the whole recruitment as a JSON file: lossless
);
CREATE TABLE profiles (
    recruitment_id TEXT PRIMARY KEY REFERENCES recruitments(id) ON DELETE CASCADE,
    scale_min      INTEGER NOT NULL,
    scale_max      INTEGER NOT NULL
);
CREATE TABLE stages (
    recruitment_id TEXT NOT NULL REFERENCES recruitments(id) ON DELETE CASCADE,
    stage          TEXT NOT NULL,
    weight         REAL NOT NULL,
    PRIMARY KEY (recruitment_id, stage)
);
CREATE TABLE competences (
    recruitment_id TEXT NOT NULL REFERENCES recruitments(id) ON DELETE CASCADE,
    key            TEXT NOT NULL,
    label          TEXT NOT NULL,
    weight         REAL NOT NULL,
    stages         TEXT NOT NULL,    -- JSON array of the stages that assess it
    PRIMARY KEY (recruitment_id, key)
);
CREATE TABLE panelists (
    recruitment_id TEXT NOT NULL REFERENCES recruitments(id) ON DELETE CASCADE,
    id             TEXT NOT NULL,
    role           TEXT NOT NULL,
    perspective    TEXT,             -- staff, resident, or NULL for a supporter
    experience     TEXT NOT NULL,    -- JSON array of lived-experience areas
    PRIMARY KEY (recruitment_id, id)
);
CREATE TABLE candidates (
    recruitment_id       TEXT NOT NULL REFERENCES recruitments(id) ON DELETE CASCADE,
    id                   TEXT NOT NULL,
    eligible             INTEGER NOT NULL,
    missing_requirements TEXT NOT NULL,  -- JSON array of requirement keys
    hired                INTEGER NOT NULL,
    PRIMARY KEY (recruitment_id, id)
);
CREATE TABLE ratings (
    recruitment_id TEXT NOT NULL REFERENCES recruitments(id) ON DELETE CASCADE,
    panelist_id    TEXT NOT NULL,
    candidate_id   TEXT NOT NULL,
    stage          TEXT NOT NULL,
    phase          TEXT NOT NULL,
    competence     TEXT NOT NULL,
    score          REAL NOT NULL,
    PRIMARY KEY (recruitment_id, panelist_id, candidate_id, stage, phase, competence)
);
CREATE TABLE results (
    recruitment_id TEXT NOT NULL REFERENCES recruitments(id) ON DELETE CASCADE,
    method         TEXT NOT NULL,
    resident_weight REAL NOT NULL,
    candidate_id   TEXT NOT NULL,
    rank           INTEGER,
    total          REAL,
    staff          REAL,
    resident       REAL,
    eligible       INTEGER NOT NULL,
    flags          TEXT NOT NULL,    -- JSON array
    PRIMARY KEY (recruitment_id, method, candidate_id)
);
CREATE INDEX ratings_by_candidate ON ratings (recruitment_id, candidate_id);
"""

# The panel's workspace (rekrytera.workspace, served by rekrytera.web). These
# tables do not reference recruitments(id): put() replaces a recruitment by
# deleting it, and links, drafts and the audit log must survive that.
_V2 = """
CREATE TABLE workspace_links (
    token_hash     TEXT PRIMARY KEY,  -- SHA-256 of the link's token (the token is never stored)
    recruitment_id TEXT NOT NULL,
    panelist_id    TEXT NOT NULL,
    created        REAL NOT NULL,     -- seconds since the epoch
    valid_days     REAL NOT NULL,     -- how long after the decision the link still works
    revoked        REAL
);
CREATE INDEX workspace_links_by_panelist ON workspace_links (recruitment_id, panelist_id);
CREATE TABLE workspace_sessions (
    session_hash TEXT PRIMARY KEY,    -- SHA-256 of the session cookie's value
    token_hash   TEXT NOT NULL,
    created      REAL NOT NULL
);
CREATE TABLE workspace_drafts (
    recruitment_id TEXT NOT NULL,
    panelist_id    TEXT NOT NULL,
    candidate_id   TEXT NOT NULL,
    stage          TEXT NOT NULL,
    phase          TEXT NOT NULL,
    scores         TEXT NOT NULL,     -- JSON object: competence -> score or null
    note           TEXT NOT NULL,
    version        INTEGER NOT NULL,
    updated        REAL NOT NULL,
    PRIMARY KEY (recruitment_id, panelist_id, candidate_id, stage, phase)
);
CREATE TABLE workspace_state (
    recruitment_id     TEXT PRIMARY KEY,
    calibration_opened REAL,
    decided            REAL           -- when the decision was recorded in the workspace
);
CREATE TABLE workspace_audit (
    id             INTEGER PRIMARY KEY,
    recruitment_id TEXT NOT NULL,
    at             REAL NOT NULL,
    panelist_id    TEXT,              -- who did it (NULL: the command line)
    action         TEXT NOT NULL,
    subject        TEXT NOT NULL      -- what it concerned (ids only, never content)
);
CREATE TABLE workspace_failures (
    client TEXT NOT NULL,             -- the client address of a refused link
    at     REAL NOT NULL
);
CREATE INDEX workspace_failures_by_client ON workspace_failures (client, at);
"""

# The participation register: residents' own data (lived experience, fees,
# income support), kept apart from the recruitments. Store.query cannot read
# these tables; Store.register and Store.put_register are their only door.
_V3 = """
CREATE TABLE register_residents (
    id       TEXT PRIMARY KEY,
    document TEXT NOT NULL            -- the register's [[residents]] entry, as JSON
);
CREATE TABLE register_participation (
    recruitment_id TEXT NOT NULL,
    panelist_id    TEXT NOT NULL,
    document       TEXT NOT NULL,     -- the register's [[participation]] entry, as JSON
    PRIMARY KEY (recruitment_id, panelist_id)
);
CREATE TABLE panelists_v3 (
    recruitment_id TEXT NOT NULL REFERENCES recruitments(id) ON DELETE CASCADE,
    id             TEXT NOT NULL,
    role           TEXT NOT NULL,
    perspective    TEXT,             -- staff, resident, or NULL for a supporter
    PRIMARY KEY (recruitment_id, id)
);
INSERT INTO panelists_v3 SELECT recruitment_id, id, role, perspective FROM panelists;
DROP TABLE panelists;
ALTER TABLE panelists_v3 RENAME TO panelists;
"""


def _v3(db: sqlite3.Connection) -> None:
    """Schema 3: residents' data moves out of the stored recruitments into the register."""
    for statement in _V3.split(";"):
        if statement.strip():
            db.execute(statement)
    rows = db.execute("SELECT id, document FROM recruitments").fetchall()
    for rid, document in rows:
        tree, moved = split_tree(json.loads(document))
        if moved is None:
            continue
        register = structure_tree(moved, Register)
        db.execute("UPDATE recruitments SET document = ? WHERE id = ?", (_json(tree), rid))
        put_records(db, register)


def _json(tree: object) -> str:
    return json.dumps(tree, ensure_ascii=False, separators=(",", ":"), default=str)


def _entries(register: Register) -> dict[str, list[dict[str, object]]]:
    tree = to_tree(register)
    return {"residents": tree.get("residents", []), "participation": tree.get("participation", [])}


def put_records(db: sqlite3.Connection, register: Register) -> None:
    entries = _entries(register)
    db.executemany(
        "INSERT OR REPLACE INTO register_residents VALUES (?, ?)",
        [(e["id"], _json(e)) for e in entries["residents"]],
    )
    db.executemany(
        "INSERT OR REPLACE INTO register_participation VALUES (?, ?, ?)",
        [(e["recruitment"], e["panelist"], _json(e)) for e in entries["participation"]],
    )


def no_register(action: int, table: str | None, *_: str | None) -> int:
    """An authorizer for :meth:`Store.query`: the register's tables cannot be read."""
    if action == sqlite3.SQLITE_READ and table and table.lower().startswith("register_"):
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


#: Steps from each schema version to the next, applied in order in one transaction.
MIGRATIONS: dict[int, str | Callable[[sqlite3.Connection], None]] = {0: _V1, 1: _V2, 2: _v3}
