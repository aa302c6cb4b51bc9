"""What the workspace's parts share: errors, records, and the store access with its audit."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Callable
from typing import Any, Literal

import attrs

from ..exceptions import RekryteraError
from ..exporters import Store
from ..model import Recruitment, Role
from ..privacy import AccessDenied

__all__ = [
    "CHAIRS",
    "DAY",
    "FAILURE_WINDOW",
    "MAX_FAILURES",
    "Access",
    "AuditEntry",
    "Draft",
    "Invitation",
    "LinkInfo",
    "LinkRefused",
    "RateLimited",
    "RatingState",
    "Sealed",
    "StaleDraft",
    "StoreUser",
    "WorkspaceError",
    "digest",
]

DAY = 86_400.0
#: The roles that chair a recruitment: they see who has submitted (never what),
#: open calibration, record the decision and manage links.
CHAIRS = frozenset({Role.HIRING_MANAGER, Role.HR})
#: Failed link attempts from one client address allowed within :data:`FAILURE_WINDOW`.
MAX_FAILURES = 10
FAILURE_WINDOW = 15 * 60.0


class WorkspaceError(RekryteraError):
    """Something the workspace cannot do; the message says why in plain words."""


class LinkRefused(WorkspaceError):
    """A link or session that is unknown, revoked or expired: no data is given out."""


class RateLimited(WorkspaceError):
    """Too many refused links from one client address; try again later."""


class Sealed(WorkspaceError):
    """The rating was already submitted and sealed: it cannot be changed."""


class StaleDraft(WorkspaceError):
    """A newer draft was saved elsewhere (another tab); this older one is not saved."""


def digest(secret: str) -> str:
    """The SHA-256 of a token or session secret, as stored (the secret never is)."""
    return hashlib.sha256(secret.encode()).hexdigest()


@attrs.frozen
class Access:
    """Who is using the workspace: one panelist of one recruitment, through one link."""

    recruitment: str
    panelist: str
    role: Role
    token_hash: str = attrs.field(repr=False)

    @property
    def chair(self) -> bool:
        """Whether the panelist chairs the recruitment (hiring manager or HR)."""
        return self.role in CHAIRS

    @property
    def rates(self) -> bool:
        """Whether the panelist rates candidates (every role but the supporter)."""
        return self.role.perspective is not None


@attrs.frozen
class Invitation:
    """A new personal link. ``token`` is shown once and never stored."""

    panelist: str
    role: Role
    token: str = attrs.field(repr=False)

    def url(self, base_url: str) -> str:
        """The link to give the panelist."""
        return f"{base_url.rstrip('/')}/l/{self.token}"


@attrs.frozen
class LinkInfo:
    """What the chair may know of a link: never its token."""

    panelist: str
    created: float
    revoked: float | None
    expires: float | None


@attrs.frozen
class Draft:
    """A rating being written: saved on every change, private until submitted."""

    scores: dict[str, float | None]
    note: str
    version: int
    updated: float


@attrs.frozen
class AuditEntry:
    """Who did what and when: ids only, never the content of notes or scores."""

    at: float
    panelist: str | None
    action: str
    subject: str


RatingState = Literal["none", "draft", "submitted"]


class StoreUser:
    """The store, the clock, one read of each recruitment per workspace, and the audit log."""

    def __init__(self, store: Store, *, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.clock = clock
        # Recruitments read by this workspace, so that one page reads each once. A
        # workspace serves one request (or one command); writes read afresh
        # inside their transaction and update this.
        self._read: dict[str, Recruitment] = {}

    def _get(self, recruitment: str) -> Recruitment:
        if recruitment not in self._read:
            self._read[recruitment] = self.store.get(recruitment)
        return self._read[recruitment]

    def _fresh(self, recruitment: str) -> Recruitment:
        """The recruitment as stored now: call inside a write transaction."""
        self._read[recruitment] = self.store.get(recruitment)
        return self._read[recruitment]

    def _put(self, rec: Recruitment) -> None:
        self.store.put(rec)
        self._read[rec.id] = rec

    def _rows(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        return self.store.query(sql, parameters)

    def _require_chair(self, access: Access | None) -> None:
        if access is not None and not access.chair:
            raise AccessDenied("only the hiring manager or HR may do this")

    def _audit(
        self,
        db: sqlite3.Connection,
        recruitment: str,
        panelist: str | None,
        action: str,
        subject: str,
    ) -> None:
        db.execute(
            "INSERT INTO workspace_audit (recruitment_id, at, panelist_id, action, subject) "
            "VALUES (?, ?, ?, ?, ?)",
            (recruitment, self.clock(), panelist, action, subject),
        )
