"""Conflicts of interest (jäv): by default a declared conflict bars a panelist from the
whole recruitment; a profile may choose per-candidate recusal instead."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest

import rekrytera
from rekrytera.cli import main
from rekrytera.model import Conflict, Recusal, conflict_problems, may_assess, recused
from rekrytera.report import render

from .conftest import SOCIAL

KEY = b"k" * 32


def inv2_declares() -> rekrytera.Recruitment:
    """The example with inv2, who rated k1, k2 and k4, declaring a conflict with k3."""
    rec = rekrytera.load(SOCIAL)
    panel = [attrs.evolve(p, conflicts=["k3"]) if p.id == "inv2" else p for p in rec.panel]
    return attrs.evolve(rec, panel=panel)


class TestRules:
    def test_example_is_lawful(self) -> None:
        """The bundled example records inv3's conflict, and inv3 took no part."""
        rec = rekrytera.load(SOCIAL)
        assert rec.profile.recusal is Recusal.RECRUITMENT
        (inv3,) = [p for p in rec.panel if p.conflicts]
        assert inv3.conflict_records == (
            Conflict(
                candidate="k3",
                declared=dt.date(2026, 4, 2),
                declared_by="inv3",
                decided=dt.date(2026, 4, 3),
                decided_by="chef",
            ),
        )
        assert recused(rec) == {"inv3"}
        assert conflict_problems(rec) == []

    def test_every_part_reported(self) -> None:
        """Ratings, interview presence and asked questions of the panelist are reported."""
        problems = conflict_problems(inv2_declares())
        paths = [p.path for p in problems]
        assert [p for p in paths if p.startswith("ratings")] == [
            "ratings[16].panelist",
            "ratings[17].panelist",
            "ratings[18].panelist",
        ]
        assert any(p.startswith("interviews[") and ".panelists[" in p for p in paths)
        assert all(
            "'inv2' declared a conflict of interest (jäv) with 'k3'" in p.message for p in problems
        )

    def test_ranking_and_questions_reported(self) -> None:
        rec = inv2_declares()
        rec = attrs.evolve(
            rec,
            rankings=[rekrytera.model.Ranking(panelist="inv2", order=["k1"])],
            # Without a list of who was there, only the asked questions show inv2.
            interviews=[attrs.evolve(i, panelists=()) for i in rec.interviews],
        )
        paths = {p.path for p in conflict_problems(rec)}
        assert "rankings[0].panelist" in paths
        assert any(".asked[" in p and p.endswith(".by") for p in paths)

    def test_per_candidate(self) -> None:
        """Per-candidate recusal allows the others; the candidate's interview is still barred."""
        rec = inv2_declares()
        rec = attrs.evolve(rec, profile=attrs.evolve(rec.profile, recusal=Recusal.CANDIDATE))
        assert recused(rec) == set()
        assert conflict_problems(rec) == []
        assert may_assess(rec, "inv2", "k1")
        assert not may_assess(rec, "inv2", "k3")
        k3 = next(i for i in rec.interviews if i.candidate == "k3")
        interviews = [
            attrs.evolve(i, panelists=[*i.panelists, "inv2"]) if i is k3 else i
            for i in rec.interviews
        ]
        (problem,) = conflict_problems(attrs.evolve(rec, interviews=interviews))
        assert ".panelists[" in problem.path

    def test_records_checked(self, minimal_toml: str, tmp_path: Path) -> None:
        path = tmp_path / "r.toml"
        path.write_text(
            minimal_toml.replace(
                'conflicts = ["k2"]',
                'conflicts = ["k2"]\nconflict_records = [{ candidate = "k1", declared = 2026-04-02, '
                "decided = 2026-04-01 }]",
            ),
            encoding="utf-8",
        )
        with pytest.raises(rekrytera.InvalidRecruitment) as info:
            rekrytera.load(path)
        messages = [str(p) for p in info.value.problems]
        assert messages == [
            "panel[1].conflict_records[0].candidate: 'k1' is not among 'inv1''s conflicts",
            "panel[1].conflict_records[0].decided: the decision cannot come before the declaration",
        ]


class TestCheckCommand:
    @pytest.mark.usefixtures("english")
    def test_refused(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """check exits 2 and names the panelist, one line per problem."""
        path = tmp_path / "r.toml"
        rekrytera.dump(inv2_declares(), path)
        assert main(["check", str(path)]) == 2
        lines = capsys.readouterr().out.splitlines()
        assert lines[0].startswith("ratings[16].panelist: 'inv2' declared a conflict of interest")
        assert all("'inv2'" in line for line in lines)

    def test_per_candidate_accepted(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        rec = inv2_declares()
        rec = attrs.evolve(rec, profile=attrs.evolve(rec.profile, recusal=Recusal.CANDIDATE))
        path = tmp_path / "r.toml"
        rekrytera.dump(rec, path)
        assert main(["check", str(path)]) == 0


class TestScoring:
    def test_ratings_left_out(self) -> None:
        """The panelist's ratings do not count: the result equals that without them,
        with a flag on each candidate who lost one and a remark."""
        rec = inv2_declares()
        result = rekrytera.score(rec)
        without = rekrytera.score(
            attrs.evolve(rec, ratings=[r for r in rec.ratings if r.panelist != "inv2"])
        )
        for ours, theirs in zip(result.candidates, without.candidates, strict=True):
            assert (ours.id, ours.total, ours.rank) == (theirs.id, theirs.total, theirs.rank)
            expected = set(theirs.flags) | ({"conflict_excluded"} if ours.id != "k3" else set())
            assert set(ours.flags) == expected
        assert "recused_ratings" in result.remarks
        assert result.resident_weight_used  # inv1 still rates: the weight applies
        data = json.loads(json.dumps(result.to_dict()))
        assert "recused_ratings" in data["remarks"]

    def test_memo_says_so(self) -> None:
        rec = inv2_declares()
        for lang, words in (("sv", "anmält jäv"), ("en", "declared a conflict of interest")):
            assert words in render(rec, lang=lang)

    def test_no_flag_when_lawful(self) -> None:
        result = rekrytera.score(rekrytera.load(SOCIAL))
        assert "recused_ratings" not in result.remarks
        assert not any("conflict_excluded" in c.flags for c in result.candidates)


class TestAnonymise:
    def test_records_follow_the_pseudonyms(self) -> None:
        rec = rekrytera.load(SOCIAL)
        copy = rekrytera.anonymise(rec, KEY)
        (barred,) = [p for p in copy.panel if p.conflicts]
        (record,) = barred.conflict_records
        assert record.candidate == barred.conflicts[0]
        assert record.declared_by == barred.id  # inv3 declared it: their pseudonym
        assert record.decided_by not in ("chef", "inv3")
        assert "inv3" not in rekrytera.dumps(copy)
