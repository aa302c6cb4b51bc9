"""The panel's workspace on a SQLite store: links, drafts, sealed ratings, calibration, decision."""

from __future__ import annotations

import hashlib
import json
import math
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

import attrs

from ..exceptions import RekryteraError
from ..exporters import Store
from ..model import (
    ChecklistItem,
    Decision,
    Participation,
    Phase,
    Ranking,
    Rating,
    Recruitment,
    Role,
    Stage,
)
from ..privacy import AccessDenied, PanelistView, Scrubber, view

__all__ = [
    "CHAIRS",
    "DAY",
    "Access",
    "AuditEntry",
    "Draft",
    "Invitation",
    "LinkInfo",
    "LinkRefused",
    "RateLimited",
    "Sealed",
    "StaleDraft",
    "Workspace",
    "WorkspaceError",
    "digest",
    "resident_scrubber",
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


class Workspace:
    """The panel's workspace for the recruitments of one :class:`~rekrytera.exporters.Store`.

    Every method that writes does so in one store transaction. Ratings that are
    submitted go into the recruitment itself (``Recruitment.ratings``); drafts,
    links, sessions, calibration and the audit log live in the store's
    ``workspace_*`` tables.

    :param clock: seconds since the epoch (``time.time``); tests pass their own.
    """

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

    # -- links ---------------------------------------------------------------

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
            raise WorkspaceError("valid_days must be a positive number")
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
        import datetime as dt

        midnight = dt.datetime.combine(decision.date, dt.time(), tzinfo=dt.UTC)
        return midnight.timestamp() + DAY

    # -- what a panelist sees ------------------------------------------------

    def recruitment(self, access: Access) -> Recruitment:
        """The whole recruitment (for the workspace's own use; pages use :meth:`view`)."""
        return self._get(access.recruitment)

    def view(self, access: Access) -> PanelistView:
        """What *access*'s panelist may see (:func:`rekrytera.privacy.view`)."""
        return view(self.recruitment(access), access.panelist)

    def calibration_open(self, recruitment: str) -> bool:
        """Whether the chair has opened calibration."""
        row = self._rows(
            "SELECT calibration_opened FROM workspace_state WHERE recruitment_id = ?",
            (recruitment,),
        )
        return bool(row and row[0][0] is not None)

    def submitted(
        self, access: Access, candidate: str, stage: Stage, phase: Phase
    ) -> Rating | None:
        """The panelist's own submitted rating, if any."""
        for r in self.recruitment(access).ratings:
            if (
                r.panelist == access.panelist
                and r.candidate == candidate
                and r.stage is stage
                and r.phase is phase
            ):
                return r
        return None

    def others(self, access: Access, candidate: str, stage: Stage) -> tuple[Rating, ...]:
        """Everyone else's ratings of *candidate* at *stage*.

        Sealed until the panelist has submitted their own independent rating of
        the candidate at the stage **and** the chair has opened calibration.
        Residents get the notes with contact details and identity numbers removed.

        :raises AccessDenied: while sealed.
        """
        rec = self.recruitment(access)
        if not self.calibration_open(access.recruitment):
            raise AccessDenied("others' ratings stay sealed until the chair opens calibration")
        ratings = view(rec, access.panelist).ratings(candidate, stage)
        others = tuple(r for r in ratings if r.panelist != access.panelist)
        if access.role is Role.RESIDENT:
            scrub = resident_scrubber(rec).scrub
            others = tuple(attrs.evolve(r, note=scrub(r.note)) for r in others)
        return others

    def state(self, recruitment: str) -> dict[tuple[str, str, Stage], RatingState]:
        """Who has submitted what (panelist, candidate, stage) — never the content."""
        rec = self._get(recruitment)
        found: dict[tuple[str, str, Stage], RatingState] = {}
        for panelist, candidate, stage in self._rows(
            "SELECT panelist_id, candidate_id, stage FROM workspace_drafts "
            "WHERE recruitment_id = ? AND phase = 'independent'",
            (recruitment,),
        ):
            found[(str(panelist), str(candidate), Stage(stage))] = "draft"
        for r in rec.ratings:
            if r.phase is Phase.INDEPENDENT:
                found[(r.panelist, r.candidate, r.stage)] = "submitted"
        return found

    # -- rating ---------------------------------------------------------------

    def draft(self, access: Access, candidate: str, stage: Stage, phase: Phase) -> Draft | None:
        """The panelist's saved draft, if any."""
        row = self._rows(
            "SELECT scores, note, version, updated FROM workspace_drafts WHERE recruitment_id = ? "
            "AND panelist_id = ? AND candidate_id = ? AND stage = ? AND phase = ?",
            (access.recruitment, access.panelist, candidate, stage.value, phase.value),
        )
        if not row:
            return None
        scores, note, version, updated = row[0]
        return Draft(json.loads(str(scores)), str(note), int(version), float(updated))

    def save_draft(
        self,
        access: Access,
        candidate: str,
        stage: Stage,
        phase: Phase,
        scores: Mapping[str, float | None],
        note: str,
        version: int,
    ) -> Draft:
        """Save a draft; *version* is the version the page was showing.

        :raises StaleDraft: when a newer draft was saved since (another tab).
        :raises Sealed: when the rating is already submitted.
        """
        self.check_rating(access, candidate, stage, phase)
        now = self.clock()
        with self.store.transaction() as db:
            self._fresh(access.recruitment)
            if self.submitted(access, candidate, stage, phase) is not None:
                raise Sealed("this rating is submitted and sealed; it cannot be changed")
            row = db.execute(
                "SELECT version FROM workspace_drafts WHERE recruitment_id = ? AND panelist_id = ? "
                "AND candidate_id = ? AND stage = ? AND phase = ?",
                (access.recruitment, access.panelist, candidate, stage.value, phase.value),
            ).fetchone()
            current = 0 if row is None else int(row[0])
            if version != current:
                raise StaleDraft(
                    "a newer version was saved in another tab or window; reload the page"
                )
            db.execute(
                "INSERT OR REPLACE INTO workspace_drafts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    access.recruitment,
                    access.panelist,
                    candidate,
                    stage.value,
                    phase.value,
                    json.dumps(dict(scores)),
                    note,
                    current + 1,
                    now,
                ),
            )
        return Draft(dict(scores), note, current + 1, now)

    def submit(
        self,
        access: Access,
        candidate: str,
        stage: Stage,
        phase: Phase,
        scores: Mapping[str, float | None],
        note: str,
        version: int,
    ) -> Rating:
        """Submit and seal a rating; it becomes part of the recruitment and cannot change.

        A calibrated rating can be given once calibration is open and the
        panelist's independent rating of the candidate at the stage is in; the
        independent one is kept.

        :raises Sealed: when already submitted. :raises StaleDraft: as :meth:`save_draft`.
        :raises rekrytera.exceptions.InvalidRecruitment: when the rating breaks a rule of the model.
        """
        self.check_rating(access, candidate, stage, phase)
        given = {k: float(v) for k, v in scores.items() if v is not None}
        if not given:
            raise WorkspaceError("give at least one score before you submit")
        with self.store.transaction() as db:
            rec = self._fresh(access.recruitment)
            if self.submitted(access, candidate, stage, phase) is not None:
                raise Sealed("this rating is submitted and sealed; it cannot be changed")
            row = db.execute(
                "SELECT version FROM workspace_drafts WHERE recruitment_id = ? AND panelist_id = ? "
                "AND candidate_id = ? AND stage = ? AND phase = ?",
                (access.recruitment, access.panelist, candidate, stage.value, phase.value),
            ).fetchone()
            if version != (0 if row is None else int(row[0])):
                raise StaleDraft(
                    "a newer version was saved in another tab or window; reload the page"
                )
            rating = Rating(
                panelist=access.panelist,
                candidate=candidate,
                stage=stage,
                phase=phase,
                scores=given,
                note=note,
            )
            self._put(attrs.evolve(rec, ratings=[*rec.ratings, rating]))
            db.execute(
                "DELETE FROM workspace_drafts WHERE recruitment_id = ? AND panelist_id = ? "
                "AND candidate_id = ? AND stage = ? AND phase = ?",
                (access.recruitment, access.panelist, candidate, stage.value, phase.value),
            )
            self._audit(
                db,
                access.recruitment,
                access.panelist,
                f"rating_submitted_{phase.value}",
                f"{candidate}/{stage.value}",
            )
        return rating

    def check_rating(self, access: Access, candidate: str, stage: Stage, phase: Phase) -> None:
        """Refuse (``AccessDenied``, ``KeyError``) a rating the panelist may not give."""
        rec = self.recruitment(access)
        if not access.rates:
            raise AccessDenied("supporters do not rate")
        panelist = rec.panelist(access.panelist)
        rec.candidate(candidate)  # KeyError for an unknown candidate
        if candidate in panelist.conflicts:
            raise AccessDenied("you have declared a conflict of interest with this candidate")
        if stage not in rec.profile.stages:
            raise KeyError(stage.value)
        if phase is Phase.CALIBRATED:
            if not self.calibration_open(access.recruitment):
                raise AccessDenied("calibration is not open yet")
            if self.submitted(access, candidate, stage, Phase.INDEPENDENT) is None:
                raise AccessDenied("submit your independent rating first")

    # -- the panelist's own ranking and preparation ------------------------

    def save_ranking(self, access: Access, order: Iterable[str], comment: str) -> Ranking:
        """Save the panelist's own order of the candidates, replacing an earlier one."""
        if not access.rates:
            raise AccessDenied("supporters do not rank")
        ranking = Ranking(panelist=access.panelist, order=tuple(order), comment=comment)
        with self.store.transaction() as db:
            rec = self._fresh(access.recruitment)
            others = [r for r in rec.rankings if r.panelist != access.panelist]
            self._put(attrs.evolve(rec, rankings=[*others, ranking]))
            self._audit(db, access.recruitment, access.panelist, "ranking_saved", access.panelist)
        return ranking

    def mark_prepared(self, access: Access) -> None:
        """Record that a resident has read the preparation material (in their participation)."""
        if access.role is not Role.RESIDENT:
            raise AccessDenied("the preparation page is for residents")
        with self.store.transaction() as db:
            rec = self._fresh(access.recruitment)
            records = list(rec.participation)
            for i, record in enumerate(records):
                if record.panelist == access.panelist:
                    checklist = {**record.checklist, ChecklistItem.DOCUMENTS: True}
                    records[i] = attrs.evolve(record, checklist=checklist)
                    break
            else:
                records.append(
                    Participation(
                        panelist=access.panelist, checklist={ChecklistItem.DOCUMENTS: True}
                    )
                )
            self._put(attrs.evolve(rec, participation=records))
            self._audit(db, access.recruitment, access.panelist, "prepared", access.panelist)

    # -- the chair ------------------------------------------------------------

    def open_calibration(self, access: Access) -> None:
        """Open calibration: panelists who have submitted see the others' ratings."""
        self._require_chair(access)
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO workspace_state (recruitment_id, calibration_opened) VALUES (?, ?) "
                "ON CONFLICT (recruitment_id) DO UPDATE SET calibration_opened = "
                "coalesce(calibration_opened, excluded.calibration_opened)",
                (access.recruitment, self.clock()),
            )
            self._audit(db, access.recruitment, access.panelist, "calibration_opened", "")

    def decide(
        self, access: Access, hired: Iterable[str], motivation: str, *, date: object = None
    ) -> Decision:
        """Record the decision; links then expire after their ``valid_days``."""
        import datetime as dt

        self._require_chair(access)
        now = self.clock()
        day = date if isinstance(date, dt.date) else dt.datetime.fromtimestamp(now, dt.UTC).date()
        decision = Decision(
            hired=tuple(hired), date=day, decided_by=access.panelist, motivation=motivation
        )
        with self.store.transaction() as db:
            rec = self._fresh(access.recruitment)
            self._put(attrs.evolve(rec, decision=decision))
            db.execute(
                "INSERT INTO workspace_state (recruitment_id, decided) VALUES (?, ?) "
                "ON CONFLICT (recruitment_id) DO UPDATE SET decided = excluded.decided",
                (access.recruitment, now),
            )
            self._audit(
                db, access.recruitment, access.panelist, "decision_recorded", ",".join(hired)
            )
        return decision

    def audit(self, access: Access) -> list[AuditEntry]:
        """The audit log of the recruitment, newest first (for the chair)."""
        self._require_chair(access)
        return [
            AuditEntry(float(at), None if p is None else str(p), str(a), str(s))
            for at, p, a, s in self._rows(
                "SELECT at, panelist_id, action, subject FROM workspace_audit "
                "WHERE recruitment_id = ? ORDER BY id DESC",
                (access.recruitment,),
            )
        ]

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


def resident_scrubber(rec: Recruitment) -> Scrubber:
    """A scrubber for what residents read: identifiers out, names kept.

    Removes personal identity numbers, emails and phone numbers in any form the
    built-in patterns know, and every identity value stored for anyone in the
    recruitment as it is written there.
    """
    values: list[str] = []
    for i in [*(c.identity for c in rec.candidates), *(p.identity for p in rec.panel)]:
        values += [v for v in (i.email, i.phone, i.personal_id) if v]
        values += list(i.identifiers.values())
    return Scrubber(literals=values)
