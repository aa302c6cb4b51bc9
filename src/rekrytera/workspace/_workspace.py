"""The panel's workspace on a SQLite store: drafts, sealed ratings, calibration, decision."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Mapping

import attrs

from .._i18n import _
from ..model import (
    ChecklistItem,
    Decision,
    Participation,
    Phase,
    Ranking,
    Rating,
    Recruitment,
    Register,
    Role,
    Stage,
    may_assess,
    recused,
)
from ..privacy import AccessDenied, PanelistView, resident_scrubber, view
from ._base import Access, AuditEntry, Draft, RatingState, Sealed, StaleDraft, WorkspaceError
from ._links import Links

__all__ = ["Workspace"]


class Workspace(Links):
    """The panel's workspace for the recruitments of one :class:`~rekrytera.exporters.Store`.

    Every method that writes does so in one store transaction. Ratings that are
    submitted go into the recruitment itself (``Recruitment.ratings``); drafts,
    links, sessions, calibration and the audit log live in the store's
    ``workspace_*`` tables.

    :param clock: seconds since the epoch (``time.time``); tests pass their own.
    """

    # -- what a panelist sees ------------------------------------------------

    def recruitment(self, access: Access) -> Recruitment:
        """The whole recruitment (for the workspace's own use; pages use :meth:`view`)."""
        return self._get(access.recruitment)

    def participation(self, access: Access) -> tuple[Participation, ...]:
        """The register's records *access*'s panelist may see.

        A resident sees their own record, a supporter those of the residents
        they support; staff see none here (the register has access of its own).
        """
        records = self.store.register(access.recruitment).participation
        return tuple(p for p in records if access.panelist in (p.panelist, p.supporter))

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
            current = self._writable(db, access, candidate, stage, phase, version)
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
            raise WorkspaceError(_("give at least one score before you submit"))
        with self.store.transaction() as db:
            rec = self._fresh(access.recruitment)
            self._writable(db, access, candidate, stage, phase, version)
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

    def _writable(
        self,
        db: sqlite3.Connection,
        access: Access,
        candidate: str,
        stage: Stage,
        phase: Phase,
        version: int,
    ) -> int:
        """The current draft version, once sure the rating is open and *version* is it.

        Call inside the write transaction, after reading the recruitment afresh.
        """
        if self.submitted(access, candidate, stage, phase) is not None:
            raise Sealed("this rating is submitted and sealed; it cannot be changed")
        row = db.execute(
            "SELECT version FROM workspace_drafts WHERE recruitment_id = ? AND panelist_id = ? "
            "AND candidate_id = ? AND stage = ? AND phase = ?",
            (access.recruitment, access.panelist, candidate, stage.value, phase.value),
        ).fetchone()
        current = 0 if row is None else int(row[0])
        if version != current:
            raise StaleDraft("a newer version was saved in another tab or window; reload the page")
        return current

    def check_rating(self, access: Access, candidate: str, stage: Stage, phase: Phase) -> None:
        """Refuse (``AccessDenied``, ``KeyError``) a rating the panelist may not give."""
        rec = self.recruitment(access)
        if not access.rates:
            raise AccessDenied("supporters do not rate")
        panelist = rec.panelist(access.panelist)
        rec.candidate(candidate)  # KeyError for an unknown candidate
        if panelist.id in recused(rec):
            raise AccessDenied(
                "you have declared a conflict of interest and take no part in this recruitment"
            )
        if not may_assess(rec, panelist.id, candidate):
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
            if access.panelist in recused(rec):
                raise AccessDenied(
                    "you have declared a conflict of interest and take no part in this recruitment"
                )
            others = [r for r in rec.rankings if r.panelist != access.panelist]
            self._put(attrs.evolve(rec, rankings=[*others, ranking]))
            self._audit(db, access.recruitment, access.panelist, "ranking_saved", access.panelist)
        return ranking

    def mark_prepared(self, access: Access) -> None:
        """Record that a resident has read the preparation material (in the register)."""
        if access.role is not Role.RESIDENT:
            raise AccessDenied("the preparation page is for residents")
        with self.store.transaction() as db:
            mine = [
                p
                for p in self.store.register(access.recruitment).participation
                if p.panelist == access.panelist
            ]
            record = (
                mine[0]
                if mine
                else Participation(recruitment=access.recruitment, panelist=access.panelist)
            )
            checklist = {**record.checklist, ChecklistItem.DOCUMENTS: True}
            self.store.put_register(
                Register(participation=[attrs.evolve(record, checklist=checklist)])
            )
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
        self,
        access: Access,
        hired: Iterable[str],
        motivation: str,
        *,
        date: dt.date | None = None,
    ) -> Decision:
        """Record the decision; links then expire after their ``valid_days``."""
        self._require_chair(access)
        now = self.clock()
        day = date or dt.datetime.fromtimestamp(now, dt.UTC).date()
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
