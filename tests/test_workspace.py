"""The panel's workspace on a store: links, sessions, sealing, drafts, calibration, decision."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import rekrytera
from rekrytera.exporters import Store
from rekrytera.model import ChecklistItem, Phase, Recusal, Stage
from rekrytera.privacy import AccessDenied
from rekrytera.workspace import (
    DAY,
    Access,
    LinkRefused,
    RateLimited,
    Sealed,
    StaleDraft,
    Workspace,
    WorkspaceError,
    digest,
)

from .conftest import Clock

REC = "hbg-2026-017"
IV = Stage.INTERVIEW
IND, CAL = Phase.INDEPENDENT, Phase.CALIBRATED


@pytest.fixture
def ws(open_store: Path, clock: Clock) -> Iterator[Workspace]:
    store = Store(open_store)
    yield Workspace(store, clock=clock)
    store.close()


def signed_in(ws: Workspace, panelist: str) -> Access:
    (invitation,) = ws.invite(REC, [panelist])
    _, access = ws.enter(invitation.token, "127.0.0.1")
    return access


def interview_scores(ws: Workspace) -> dict[str, float]:
    rec = ws.store.get(REC)
    keys = [c.key for c in rec.profile.competences if IV in rec.profile.stages_of(c)]
    return dict.fromkeys(keys, 3.0)


class TestLinks:
    def test_token_is_never_stored(self, ws: Workspace) -> None:
        """The store keeps the SHA-256 of a link's token, never the token itself."""
        (invitation,) = ws.invite(REC, ["inv1"])
        dump = "\n".join(ws.store._db.iterdump())
        assert invitation.token not in dump
        assert digest(invitation.token) in dump
        assert len(invitation.token) >= 43  # 32 random bytes, base64url: 256 bits

    def test_every_panelist_gets_a_link(self, ws: Workspace) -> None:
        """Without a list, every panelist of the recruitment gets a link of their own."""
        made = ws.invite(REC)
        rec = ws.store.get(REC)
        assert [i.panelist for i in made] == [p.id for p in rec.panel]
        assert len({i.token for i in made}) == len(made)

    def test_enter_gives_a_session(self, ws: Workspace) -> None:
        """A valid link gives a session whose access names the panelist and role."""
        (invitation,) = ws.invite(REC, ["inv1"])
        secret, access = ws.enter(invitation.token, "127.0.0.1")
        assert (access.panelist, access.role.value) == ("inv1", "resident")
        assert ws.session(secret) == access

    def test_wrong_token(self, ws: Workspace) -> None:
        """An unknown token is refused."""
        with pytest.raises(LinkRefused):
            ws.enter("not-a-token", "127.0.0.1")

    def test_revoked(self, ws: Workspace) -> None:
        """Revoking ends the link and every session it gave."""
        (invitation,) = ws.invite(REC, ["inv1"])
        secret, _ = ws.enter(invitation.token, "127.0.0.1")
        assert ws.revoke(REC, "inv1") == 1
        with pytest.raises(LinkRefused):
            ws.enter(invitation.token, "127.0.0.1")
        with pytest.raises(LinkRefused):
            ws.session(secret)

    def test_new_link_revokes_the_old(self, ws: Workspace) -> None:
        """A new link for a panelist makes their earlier one stop working."""
        (old,) = ws.invite(REC, ["inv1"])
        ws.invite(REC, ["inv1"])
        with pytest.raises(LinkRefused):
            ws.enter(old.token, "127.0.0.1")

    def test_expires_after_the_decision(self, ws: Workspace, clock: Clock) -> None:
        """A link works until valid_days after the decision is recorded, then not."""
        (invitation,) = ws.invite(REC, ["inv1"], valid_days=30)
        chef = signed_in(ws, "chef")
        clock.now += 5 * DAY
        ws.decide(chef, ["k2"], "Bäst sammantaget.")
        clock.now += 30 * DAY - 1
        secret, _ = ws.enter(invitation.token, "127.0.0.1")
        clock.now += 2
        with pytest.raises(LinkRefused):
            ws.enter(invitation.token, "127.0.0.1")
        with pytest.raises(LinkRefused):
            ws.session(secret)

    def test_link_made_after_a_decision_runs_from_its_making(
        self, tmp_path: Path, clock: Clock
    ) -> None:
        """For a recruitment decided long ago, a new link works for valid_days from now."""
        path = tmp_path / "done.sqlite"
        rekrytera.export(rekrytera.load(Path("examples/socialsekreterare-barn-unga.toml")), path)
        with Store(path) as store:
            ws = Workspace(store, clock=clock)
            (invitation,) = ws.invite(REC, ["inv1"], valid_days=30)
            ws.enter(invitation.token, "127.0.0.1")
            clock.now += 31 * DAY
            with pytest.raises(LinkRefused):
                ws.enter(invitation.token, "127.0.0.1")

    def test_rate_limit(self, ws: Workspace, clock: Clock) -> None:
        """Ten refused links from one address within 15 minutes block that address only."""
        (invitation,) = ws.invite(REC, ["inv1"])
        for _ in range(10):
            with pytest.raises(LinkRefused):
                ws.enter("wrong", "10.9.9.9")
        with pytest.raises(RateLimited):
            ws.enter(invitation.token, "10.9.9.9")
        ws.enter(invitation.token, "127.0.0.1")  # another address is not blocked
        clock.now += 15 * 60 + 1
        ws.enter(invitation.token, "10.9.9.9")

    def test_bad_valid_days(self, ws: Workspace) -> None:
        """valid_days must be a positive number."""
        with pytest.raises(WorkspaceError):
            ws.invite(REC, ["inv1"], valid_days=0)

    def test_store_is_owner_only(self, ws: Workspace) -> None:
        """The store file and its WAL side files are readable by their owner only."""
        for suffix in ("", "-wal", "-shm"):
            path = Path(str(ws.store.path) + suffix)
            if path.exists():
                assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, suffix


class TestSealing:
    def test_others_sealed_until_own_and_calibration(self, ws: Workspace) -> None:
        """Others' ratings stay sealed until one's own is in and the chair opens calibration."""
        chef, hr, inv1 = (signed_in(ws, p) for p in ("chef", "hr", "inv1"))
        scores = interview_scores(ws)
        ws.submit(hr, "k1", IV, IND, scores, "HR:s anteckning", 0)
        with pytest.raises(AccessDenied):
            ws.others(inv1, "k1", IV)  # not rated yet
        ws.submit(inv1, "k1", IV, IND, scores, "", 0)
        with pytest.raises(AccessDenied):
            ws.others(inv1, "k1", IV)  # calibration not open
        ws.open_calibration(chef)
        others = ws.others(inv1, "k1", IV)
        assert [r.panelist for r in others] == ["hr"]
        with pytest.raises(AccessDenied):
            ws.others(chef, "k1", IV)  # the chair has not rated k1 yet

    def test_resident_sees_notes_without_identifiers(self, ws: Workspace) -> None:
        """Notes a resident sees after calibration hold no phone, email or identity number."""
        chef, hr, inv1 = (signed_in(ws, p) for p in ("chef", "hr", "inv1"))
        note = (
            "Ring Anna på 070\u2011174\u00a006\u00a005 eller 0701740605, "
            "anna.andersson@example.se, pnr 19850101-1236."
        )
        ws.submit(hr, "k1", IV, IND, interview_scores(ws), note, 0)
        ws.submit(inv1, "k1", IV, IND, interview_scores(ws), "", 0)
        ws.open_calibration(chef)
        (seen,) = ws.others(inv1, "k1", IV)
        for leaked in ("174", "0701740605", "anna.andersson@example.se", "19850101-1236"):
            assert leaked not in seen.note
        assert "Anna" in seen.note  # names are not hidden from residents
        # one's own rating is not among the others'
        assert [r for r in ws.others(hr, "k1", IV) if r.panelist == "hr"] == []

    def test_conflict_refused(self, ws: Workspace) -> None:
        """A panelist who declared a conflict of interest rates no candidate at all."""
        inv3 = signed_in(ws, "inv3")
        for candidate in ("k3", "k1"):
            with pytest.raises(AccessDenied, match="conflict of interest"):
                ws.save_draft(inv3, candidate, IV, IND, {}, "", 0)

    def test_per_candidate_recusal(self, ws: Workspace) -> None:
        """Where the profile chooses per-candidate recusal, only that candidate is refused."""
        rec = ws.store.get(REC)
        profile = attrs.evolve(rec.profile, recusal=Recusal.CANDIDATE)
        ws.store.put(attrs.evolve(rec, profile=profile))
        inv3 = signed_in(ws, "inv3")
        with pytest.raises(AccessDenied, match="with this candidate"):
            ws.save_draft(inv3, "k3", IV, IND, {}, "", 0)
        ws.save_draft(inv3, "k1", IV, IND, {}, "", 0)

    def test_supporter_does_not_rate(self, ws: Workspace) -> None:
        """A method supporter cannot rate or rank."""
        stod = signed_in(ws, "metodstod")
        with pytest.raises(AccessDenied):
            ws.save_draft(stod, "k1", IV, IND, {}, "", 0)
        with pytest.raises(AccessDenied):
            ws.save_ranking(stod, ["k1"], "")


class TestDrafts:
    def test_draft_round_trip_and_versions(self, ws: Workspace) -> None:
        """Each save bumps the version; the draft reads back as saved."""
        inv1 = signed_in(ws, "inv1")
        first = ws.save_draft(inv1, "k1", IV, IND, {"trygghet": 4.0, "analys": None}, "a", 0)
        second = ws.save_draft(inv1, "k1", IV, IND, {"trygghet": 5.0}, "ab", first.version)
        assert (first.version, second.version) == (1, 2)
        draft = ws.draft(inv1, "k1", IV, IND)
        assert draft is not None
        assert (draft.scores, draft.note, draft.version) == ({"trygghet": 5.0}, "ab", 2)

    def test_older_tab_never_overwrites(self, ws: Workspace) -> None:
        """A save from a page showing an older version is refused, and the newer draft stays."""
        inv1 = signed_in(ws, "inv1")
        ws.save_draft(inv1, "k1", IV, IND, {"trygghet": 4.0}, "new", 0)
        ws.save_draft(inv1, "k1", IV, IND, {"trygghet": 5.0}, "newer", 1)
        with pytest.raises(StaleDraft):
            ws.save_draft(inv1, "k1", IV, IND, {"trygghet": 1.0}, "old tab", 1)
        with pytest.raises(StaleDraft):
            ws.submit(inv1, "k1", IV, IND, {"trygghet": 1.0}, "old tab", 1)
        draft = ws.draft(inv1, "k1", IV, IND)
        assert draft is not None
        assert draft.note == "newer"

    def test_drafts_are_private(self, ws: Workspace) -> None:
        """A draft is not a rating: the recruitment holds none until submission."""
        inv1 = signed_in(ws, "inv1")
        ws.save_draft(inv1, "k1", IV, IND, {"trygghet": 4.0}, "", 0)
        assert ws.store.get(REC).ratings == ()
        assert ws.state(REC)[("inv1", "k1", IV)] == "draft"


class TestSubmit:
    def test_submit_seals(self, ws: Workspace) -> None:
        """A submitted rating is in the recruitment, its draft gone, and it cannot change."""
        inv1 = signed_in(ws, "inv1")
        ws.save_draft(inv1, "k1", IV, IND, {"trygghet": 4.0}, "x", 0)
        rating = ws.submit(inv1, "k1", IV, IND, {"trygghet": 4.0, "analys": None}, "x", 1)
        assert rating.scores == {"trygghet": 4.0}
        assert ws.store.get(REC).ratings == (rating,)
        assert ws.draft(inv1, "k1", IV, IND) is None
        with pytest.raises(Sealed):
            ws.submit(inv1, "k1", IV, IND, {"trygghet": 1.0}, "", 0)
        with pytest.raises(Sealed):
            ws.save_draft(inv1, "k1", IV, IND, {"trygghet": 1.0}, "", 0)

    def test_needs_a_score(self, ws: Workspace) -> None:
        """A rating without a single score cannot be submitted."""
        inv1 = signed_in(ws, "inv1")
        with pytest.raises(WorkspaceError, match="at least one score"):
            ws.submit(inv1, "k1", IV, IND, {"trygghet": None}, "", 0)

    def test_off_scale_is_invalid(self, ws: Workspace) -> None:
        """A score off the scale is refused by the model, naming the path."""
        inv1 = signed_in(ws, "inv1")
        with pytest.raises(rekrytera.InvalidRecruitment, match="outside the scale"):
            ws.submit(inv1, "k1", IV, IND, {"trygghet": 7.0}, "", 0)
        assert ws.store.get(REC).ratings == ()

    def test_calibrated_keeps_the_independent(self, ws: Workspace) -> None:
        """After calibration opens, a calibrated rating is added beside the independent one."""
        chef, inv1 = signed_in(ws, "chef"), signed_in(ws, "inv1")
        with pytest.raises(AccessDenied):
            ws.submit(inv1, "k1", IV, CAL, {"trygghet": 4.0}, "", 0)
        ws.submit(inv1, "k1", IV, IND, {"trygghet": 3.0}, "", 0)
        with pytest.raises(AccessDenied):
            ws.submit(inv1, "k1", IV, CAL, {"trygghet": 4.0}, "", 0)
        ws.open_calibration(chef)
        ws.submit(inv1, "k1", IV, CAL, {"trygghet": 4.0}, "", 0)
        phases = sorted(r.phase.value for r in ws.store.get(REC).ratings)
        assert phases == ["calibrated", "independent"]


class TestChair:
    def test_only_chairs(self, ws: Workspace) -> None:
        """Only the hiring manager and HR open calibration, decide, revoke and read the log."""
        inv1 = signed_in(ws, "inv1")
        for act in (
            lambda: ws.open_calibration(inv1),
            lambda: ws.decide(inv1, ["k1"], ""),
            lambda: ws.revoke(REC, "hr", by=inv1),
            lambda: ws.audit(inv1),
        ):
            with pytest.raises(AccessDenied):
                act()

    def test_decision_recorded(self, ws: Workspace) -> None:
        """The decision goes into the recruitment, decided by the chair."""
        chef = signed_in(ws, "chef")
        ws.decide(chef, ["k2"], "Motivering.")
        decision = ws.store.get(REC).decision
        assert decision is not None
        assert (decision.hired, decision.decided_by) == (("k2",), "chef")

    def test_audit_has_no_content(self, ws: Workspace) -> None:
        """The audit log says who did what, never the scores or the note."""
        chef, inv1 = signed_in(ws, "chef"), signed_in(ws, "inv1")
        ws.submit(inv1, "k1", IV, IND, {"trygghet": 4.0}, "HEMLIG ANTECKNING", 0)
        ws.save_ranking(inv1, ["k2", "k1"], "HEMLIG KOMMENTAR")
        ws.open_calibration(chef)
        ws.decide(chef, ["k2"], "HEMLIG MOTIVERING")
        entries = ws.audit(chef)
        text = repr(entries)
        for secret in ("HEMLIG", "4.0"):
            assert secret not in text
        actions = [e.action for e in entries]
        for action in (
            "link_created",
            "signed_in",
            "rating_submitted_independent",
            "ranking_saved",
            "calibration_opened",
            "decision_recorded",
        ):
            assert action in actions

    def test_state_never_holds_scores(self, ws: Workspace) -> None:
        """Progress says submitted or draft per panelist, candidate and stage, nothing more."""
        inv1, hr = signed_in(ws, "inv1"), signed_in(ws, "hr")
        ws.submit(inv1, "k1", IV, IND, {"trygghet": 4.0}, "", 0)
        ws.save_draft(hr, "k2", IV, IND, {"trygghet": 2.0}, "", 0)
        assert ws.state(REC) == {("inv1", "k1", IV): "submitted", ("hr", "k2", IV): "draft"}


class TestRankingAndPreparation:
    def test_ranking_saved_in_the_recruitment(self, ws: Workspace) -> None:
        """The panelist's own order is part of the recruitment and replaces an earlier one."""
        inv1 = signed_in(ws, "inv1")
        ws.save_ranking(inv1, ["k2", "k1"], "first")
        ws.save_ranking(inv1, ["k1", "k2", "k4"], "second")
        (ranking,) = ws.store.get(REC).rankings
        assert (ranking.order, ranking.comment) == (("k1", "k2", "k4"), "second")

    def test_conflict_candidate_cannot_be_ranked(self, ws: Workspace) -> None:
        """A panelist who declared a conflict may not rank at all."""
        inv3 = signed_in(ws, "inv3")
        for order in (["k3"], ["k1"]):
            with pytest.raises(AccessDenied, match="conflict of interest"):
                ws.save_ranking(inv3, order, "")

    def test_mark_prepared(self, ws: Workspace) -> None:
        """A resident's 'I have read this' is stored in their record in the store's register."""
        inv1 = signed_in(ws, "inv1")
        before = ws.store.get(REC)
        ws.mark_prepared(inv1)
        record = next(p for p in ws.store.register(REC).participation if p.panelist == "inv1")
        assert record.checklist[ChecklistItem.DOCUMENTS] is True
        assert record.fee == 1500  # the rest of the record is kept
        assert ws.store.get(REC) == before  # the recruitment is not touched
        assert [p.panelist for p in ws.participation(inv1)] == ["inv1"]
        assert ws.participation(signed_in(ws, "hr")) == ()
        assert len(ws.participation(signed_in(ws, "metodstod"))) == 3
        with pytest.raises(AccessDenied):
            ws.mark_prepared(signed_in(ws, "hr"))
