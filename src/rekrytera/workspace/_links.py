"""Personal links and sessions: made, revoked, expired, exchanged, rate-limited."""

from __future__ import annotations

import datetime as dt
import math
import secrets
import sqlite3
from collections.abc import Iterable

from .._i18n import _
from ._base import (
    DAY,
    FAILURE_WINDOW,
    MAX_FAILURES,
    Access,
    Invitation,
    LinkInfo,
    LinkRefused,
    RateLimited,
    StoreUser,
    WorkspaceError,
    digest,
)

__all__ = ["Links"]


class Links(StoreUser):
    """The workspace's links: only their hashes are stored."""

    def invite(
        self,
        recruitment: str,
        panelists: Iterable[str] | None = None,
        *,
        valid_days: float = 30.0,
    ) -> list[Invitation]:
        """A new personal link for each of *panelists* (default: the whole panel).

        A panelist's earlier links are revoked. Each link works until it is
        revoked or until *valid_days* after the decision is recorded (or after it
        was made, for a link made once the decision is in).

        :raises KeyError: for an unknown recruitment or panelist.
        """
        if not (valid_days > 0 and math.isfinite(valid_days)):
            raise WorkspaceError(_("valid_days must be a positive number"))
        now = self.clock()
        with self.store.transaction() as db:
            rec = self._get(recruitment)
            chosen = [p.id for p in rec.panel] if panelists is None else list(panelists)
            invitations = []
            for panelist_id in chosen:
                role = rec.panelist(panelist_id).role
                token = secrets.token_urlsafe(32)
                self._revoke(db, recruitment, panelist_id, now)
                db.execute(
                    "INSERT INTO workspace_links VALUES (?, ?, ?, ?, ?, NULL)",
                    (digest(token), recruitment, panelist_id, now, valid_days),
                )
                self._audit(db, recruitment, None, "link_created", panelist_id)
                invitations.append(Invitation(panelist_id, role, token))
        return invitations

    def revoke(self, recruitment: str, panelist: str, *, by: Access | None = None) -> int:
        """Revoke every link of *panelist*; returns how many were active."""
        self._require_chair(by)
        with self.store.transaction() as db:
            count = self._revoke(db, recruitment, panelist, self.clock())
            self._audit(db, recruitment, by.panelist if by else None, "link_revoked", panelist)
        return count

    def _revoke(self, db: sqlite3.Connection, recruitment: str, panelist: str, now: float) -> int:
        hashes = [
            h
            for (h,) in db.execute(
                "SELECT token_hash FROM workspace_links WHERE recruitment_id = ? "
                "AND panelist_id = ? AND revoked IS NULL",
                (recruitment, panelist),
            )
        ]
        for h in hashes:
            db.execute("UPDATE workspace_links SET revoked = ? WHERE token_hash = ?", (now, h))
            db.execute("DELETE FROM workspace_sessions WHERE token_hash = ?", (h,))
        return len(hashes)

    def links(self, recruitment: str) -> list[LinkInfo]:
        """Every link of *recruitment*, newest first (never the tokens)."""
        decided = self._decided(recruitment)
        rows = self._rows(
            "SELECT panelist_id, created, revoked, valid_days FROM workspace_links "
            "WHERE recruitment_id = ? ORDER BY created DESC, panelist_id",
            (recruitment,),
        )
        return [
            LinkInfo(p, c, r, None if decided is None else max(decided, c) + v * DAY)
            for p, c, r, v in rows
        ]

    def enter(self, token: str, client: str) -> tuple[str, Access]:
        """Exchange a link's *token* for a new session; returns the session secret and access.

        :raises RateLimited: when *client* had too many refused links lately.
        :raises LinkRefused: for an unknown, revoked or expired link (and counts a failure).
        """
        now = self.clock()
        session = secrets.token_urlsafe(32)
        # One transaction; a refusal is recorded (it counts towards the limit)
        # and raised once that is committed.
        with self.store.transaction() as db:
            db.execute("DELETE FROM workspace_failures WHERE at < ?", (now - FAILURE_WINDOW,))
            (failures,) = db.execute(
                "SELECT count(*) FROM workspace_failures WHERE client = ?", (client,)
            ).fetchone()
            limited = failures >= MAX_FAILURES
            access = None if limited else self._link_access(digest(token), now)
            if access is None and not limited:
                db.execute("INSERT INTO workspace_failures VALUES (?, ?)", (client, now))
            elif access is not None:
                db.execute(
                    "INSERT INTO workspace_sessions VALUES (?, ?, ?)",
                    (digest(session), access.token_hash, now),
                )
                self._audit(db, access.recruitment, access.panelist, "signed_in", access.panelist)
        if limited:
            raise RateLimited("too many refused links from this address; try again later")
        if access is None:
            raise LinkRefused("this link is not valid: it is unknown, revoked or expired")
        return session, access

    def session(self, secret: str) -> Access:
        """The access a session cookie gives, while its link is valid.

        :raises LinkRefused: for an unknown session, or one whose link was revoked or expired.
        """
        row = self._rows(
            "SELECT token_hash FROM workspace_sessions WHERE session_hash = ?", (digest(secret),)
        )
        access = None
        if row:
            access = self._link_access(str(row[0][0]), self.clock())
        if access is None:
            raise LinkRefused("this session has ended")
        return access

    def end_session(self, secret: str) -> None:
        """Sign out: forget the session."""
        with self.store.transaction() as db:
            db.execute("DELETE FROM workspace_sessions WHERE session_hash = ?", (digest(secret),))

    def _link_access(self, token_hash: str, now: float) -> Access | None:
        rows = self._rows(
            "SELECT recruitment_id, panelist_id, created, valid_days, revoked "
            "FROM workspace_links WHERE token_hash = ?",
            (token_hash,),
        )
        if not rows or rows[0][4] is not None:
            return None
        recruitment, panelist, created, valid_days = rows[0][:4]
        decided = self._decided(recruitment)
        # A link made after the decision (to read the memo, say) runs from its making.
        if decided is not None and now > max(decided, created) + valid_days * DAY:
            return None
        try:
            role = self._get(recruitment).panelist(panelist).role
        except KeyError:
            return None  # the recruitment or the panelist is gone from the store
        return Access(recruitment, panelist, role, token_hash)

    def _decided(self, recruitment: str) -> float | None:
        """When the decision was recorded: in the workspace, else the decision's date."""
        row = self._rows(
            "SELECT decided FROM workspace_state WHERE recruitment_id = ?", (recruitment,)
        )
        if row and row[0][0] is not None:
            return float(row[0][0])
        try:
            decision = self._get(recruitment).decision
        except KeyError:
            return None
        if decision is None:
            return None
        if decision.date is None:
            return 0.0  # decided, date unknown: links of a closed recruitment expire

        midnight = dt.datetime.combine(decision.date, dt.time(), tzinfo=dt.UTC)
        return midnight.timestamp() + DAY
