"""The need, suggestions, screening, work samples and applications: format, rules, privacy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given

import rekrytera
from rekrytera.exceptions import InvalidRecruitment
from rekrytera.exporters import structure
from rekrytera.model import Outcome, Screening, Stage, Suggestion, WorkSample
from rekrytera.privacy import RetentionPolicy, erase, free_texts, purge, view
from rekrytera.testing import recruitments

KEY = b"k" * 32

STEPS = """
[need]
why = "En socialsekreterare går i pension."
people_need = "Någon som stannar."
in_their_words = ["Ring tillbaka när du har lovat det."]
residents_take_part = true
residents_reason = "De ser det vi inte ser."
decided_by = "chef"
date = 2026-02-02

[[screening]]
candidate = "k1"
requirement = "socionomexamen"
met = true
by = "chef"
reason = "Examen 2019 enligt Anna Andersson."
blind = true

[[screening]]
candidate = "k2"
requirement = "socionomexamen"
met = false
by = "chef"
reason = "Ingen examen bifogad."

[[suggestions]]
by = "inv1"
text = "Fråga hur de gör när en förälder inte vill prata."
competence = "relationsskapande"
level = 5
outcome = "changed"
response = "Blev en följdfråga."

[[work_samples]]
key = "prov"
title = "Skriv en bedömning"
case = "En lärare har gjort en orosanmälan."
minutes = 45
competences = ["relationsskapande"]

[work_samples.guide.relationsskapande]
1 = "Skriver om familjen, inte med den."
5 = "Föreslår hur familjen görs delaktig."
"""


@pytest.fixture
def with_steps(minimal_toml: str) -> rekrytera.Recruitment:
    text = minimal_toml.replace(
        'id = "k1"\nname = "Anna Andersson"',
        'id = "k1"\nname = "Anna Andersson"\napplication = { brev = "Jag heter Anna Andersson '
        'och nås på anna@example.se." }',
    )
    return rekrytera.loads(text + STEPS, "toml")


def test_the_steps_load_and_round_trip(with_steps: rekrytera.Recruitment) -> None:
    rec = with_steps
    assert rec.need is not None
    assert rec.need.date == dt.date(2026, 2, 2)
    assert rec.suggestions[0].outcome is Outcome.CHANGED
    assert [s.met for s in rec.screening] == [True, False]
    assert rec.work_samples[0].guide["relationsskapande"][5].startswith("Föreslår")
    for fmt in ("toml", "json"):
        assert rekrytera.loads(rekrytera.dumps(rec, fmt), fmt) == rec


@given(recruitments())
def test_generated_steps_round_trip(rec: rekrytera.Recruitment) -> None:
    for fmt in ("toml", "json"):
        assert rekrytera.loads(rekrytera.dumps(rec, fmt), fmt) == rec


def _problems(rec: rekrytera.Recruitment, **changes: Any) -> list[str]:
    with pytest.raises(InvalidRecruitment) as e:
        attrs.evolve(rec, **changes)
    return [str(p) for p in e.value.problems]


@pytest.mark.usefixtures("english")
class TestRules:
    def test_a_resident_does_not_decide_the_need(self, with_steps: rekrytera.Recruitment) -> None:
        assert with_steps.need is not None
        need = attrs.evolve(with_steps.need, decided_by="inv1")
        assert _problems(with_steps, need=need) == [
            "need.decided_by: 'inv1' is a resident; the hiring manager decides whether "
            "residents take part"
        ]

    def test_no_resident_when_the_need_says_none(self, with_steps: rekrytera.Recruitment) -> None:
        assert with_steps.need is not None
        need = attrs.evolve(with_steps.need, residents_take_part=False)
        assert _problems(with_steps, need=need) == [
            "panel[1].role: 'inv1' is a resident, but need.residents_take_part says residents "
            "do not take part"
        ]

    def test_suggestions_name_what_exists(self, with_steps: rekrytera.Recruitment) -> None:
        bad = Suggestion(by="x", text="t", competence="okand", level=9, question="q9")
        assert _problems(with_steps, suggestions=[bad]) == [
            "suggestions[0].by: unknown panelist 'x'",
            "suggestions[0].competence: unknown competence 'okand'",
            "suggestions[0].level: level 9 is outside the scale 1–5",
            "suggestions[0].question: unknown question 'q9'",
        ]
        orphan = Suggestion(by="inv1", text="t", level=3)
        assert _problems(with_steps, suggestions=[orphan]) == [
            "suggestions[0].level: an anchor level needs the competence it belongs to"
        ]

    def test_screening_agrees_with_meets(self, with_steps: rekrytera.Recruitment) -> None:
        first, second = with_steps.screening
        assert _problems(with_steps, screening=[attrs.evolve(first, met=False), second]) == [
            "screening[0].met: screened as not met, but 'socionomexamen' is in 'k1''s meets"
        ]
        assert _problems(with_steps, screening=[first, first]) == [
            "screening[1]: 'k1' was screened for 'socionomexamen' twice (the first is screening[0])"
        ]
        odd = Screening(candidate="k9", requirement="körkort", met=False, by="nobody")
        assert _problems(with_steps, screening=[odd]) == [
            "screening[0].candidate: unknown candidate 'k9'",
            "screening[0].requirement: unknown requirement 'körkort'",
            "screening[0].by: unknown panelist 'nobody'",
        ]

    def test_a_work_sample_is_assessed_at_its_stage(
        self, with_steps: rekrytera.Recruitment
    ) -> None:
        sample = WorkSample(
            key="prov",
            title="t",
            case="c",
            competences=["trygghet", "okand"],
            guide={"relationsskapande": {7: "x"}},
        )
        assert _problems(with_steps, work_samples=[sample]) == [
            "work_samples[0].competences[0]: 'trygghet' is not assessed at the work_sample stage",
            "work_samples[0].competences[1]: unknown competence 'okand'",
            "work_samples[0].guide.relationsskapande: 'relationsskapande' is not among this "
            "work sample's competences",
            "work_samples[0].guide.relationsskapande.7: level 7 is outside the scale 1–5",
        ]
        profile = attrs.evolve(with_steps.profile, stages={Stage.INTERVIEW: 1.0})
        problems = _problems(with_steps, profile=profile, ratings=())
        assert "work_samples[0]: the profile has no work_sample stage (interview)" in problems

    def test_the_file_names_the_place(self, minimal_toml: str, tmp_path: Path) -> None:
        path = tmp_path / "r.toml"
        path.write_text(minimal_toml + STEPS.replace("met = true", "met = 1"), encoding="utf-8")
        with pytest.raises(InvalidRecruitment) as e:
            rekrytera.load(path)
        assert [p.path for p in e.value.problems] == ["screening[0].met"]


class TestPrivacy:
    def test_anonymise_follows_every_reference(self, with_steps: rekrytera.Recruitment) -> None:
        copy = rekrytera.anonymise(with_steps, KEY)
        ids = {p.id for p in copy.panel} | {c.id for c in copy.candidates}
        assert copy.need is not None
        assert copy.need.decided_by in ids
        assert {s.by for s in copy.suggestions} <= ids
        assert {s.candidate for s in copy.screening} | {s.by for s in copy.screening} <= ids
        assert all(not c.application for c in copy.candidates)
        assert "Anna Andersson" not in rekrytera.dumps(copy)
        assert copy.screening[0].blind
        assert copy.screening[1].reason == "Ingen examen bifogad."

    def test_purge_removes_the_application_and_screening_reasons(
        self, with_steps: rekrytera.Recruitment
    ) -> None:
        rec = attrs.evolve(
            with_steps,
            decision=rekrytera.model.Decision(
                hired=["k2"], date=dt.date(2026, 5, 4), decided_by="chef"
            ),
        )
        purged = purge(rec, RetentionPolicy(months=24), dt.date(2028, 6, 1))
        k1 = purged.candidate("k1")
        assert not k1.application
        assert not k1.identity
        assert purged.screening[0].reason == ""
        assert purged.screening[1].reason
        assert "application" in purged.retention[-1].removed
        erased = erase(rec, "k2", dt.date(2026, 6, 1), basis="begäran")
        assert erased.screening[1].reason == ""
        assert erased.candidate("k1").application == rec.candidate("k1").application

    def test_the_research_structure_keeps_no_text(self, with_steps: rekrytera.Recruitment) -> None:
        kept = structure(with_steps)
        assert kept.need is not None
        assert kept.need.residents_take_part is True
        assert kept.need.why == ""
        assert not kept.need.in_their_words
        assert [s.met for s in kept.screening] == [True, False]
        assert all(s.reason == "" for s in kept.screening)
        assert kept.suggestions == ()
        assert kept.work_samples == ()
        assert all(not c.application for c in kept.candidates)
        assert list(free_texts(kept)) == []

    def test_blind_screening_scrubs_names_from_applications(
        self, with_steps: rekrytera.Recruitment
    ) -> None:
        blind = view(with_steps, "chef", stage="screening", blind_screening=True).recruitment()
        letter = blind.candidate("k1").application["brev"]
        assert "Anna" not in letter
        assert "anna@example.se" not in letter
        assert "Jag heter" in letter
        resident = view(with_steps, "inv1").recruitment().candidate("k1").application["brev"]
        assert "Anna Andersson" in resident
        assert "anna@example.se" not in resident

    def test_free_texts_cover_the_new_fields(self, with_steps: rekrytera.Recruitment) -> None:
        paths = {path for path, _ in free_texts(with_steps)}
        assert {
            "need.why",
            "need.people_need",
            "need.in_their_words[0]",
            "need.residents_reason",
            "suggestions[0].text",
            "suggestions[0].response",
            "screening[0].reason",
            "work_samples[0].case",
            "work_samples[0].guide.relationsskapande.1",
        } <= paths
