"""The resident's journey: the introduction, feedback after the decision, evaluation."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given

import rekrytera
from rekrytera import catalogue
from rekrytera.ad import render
from rekrytera.cli import main
from rekrytera.exceptions import RekryteraError
from rekrytera.journey import QUESTIONS, feedback, form, introduction, summarise
from rekrytera.model import (
    Evaluation,
    Need,
    Outcome,
    Participation,
    Ranking,
    Register,
    Role,
    Suggestion,
)
from rekrytera.plain import check
from rekrytera.testing import planted_recruitment, recruitments

from .conftest import EXAMPLES, REGISTER

EXAMPLE = next(p for p in EXAMPLES if p.stem == "socialsekreterare-barn-unga")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_introduction_is_plain(lang: str) -> None:
    """The introduction of every template, with and without its work sample, passes the
    plain-language check: residents read it without help."""
    samples = catalogue.work_samples(lang=lang)
    for name, rec in catalogue.templates(lang=lang).items():
        for variant in (rec, catalogue.with_work_sample(rec, samples[name][0])):
            document = introduction(variant, lang=lang)
            assert check(document.text(), lang=lang) == [], name
        assert samples[name][0].title in introduction(variant, lang=lang).text()


def test_the_introduction_carries_the_need() -> None:
    rec = rekrytera.load(EXAMPLE)
    need = Need(people_need="Någon som ringer tillbaka.")
    text = introduction(attrs.evolve(rec, need=need)).text()
    assert "Det här behöver de som vi finns till för: Någon som ringer tillbaka." in text
    assert "Intervjuerna är 2026-04-14, 2026-04-15, 2026-04-21." in text


@given(recruitments())
def test_the_introduction_names_nobody(rec: rekrytera.Recruitment) -> None:
    planted, contact, names = planted_recruitment(rec)
    text = render(introduction(planted), "md")
    for value in [*contact, *names]:
        assert value not in text


def _with_voice(rec: rekrytera.Recruitment) -> rekrytera.Recruitment:
    return attrs.evolve(
        rec,
        suggestions=[
            Suggestion(
                by="inv1",
                text="Fråga hur de gör när en förälder inte vill prata.",
                competence="relationsskapande",
                outcome=Outcome.ADOPTED,
                response="Den blev fråga q4.",
            ),
            Suggestion(by="inv1", text="Ta bort kravet på körkort.", outcome=Outcome.DECLINED),
            Suggestion(by="inv2", text="Något annat.", outcome=Outcome.OPEN),
        ],
        rankings=[*rec.rankings, Ranking(panelist="inv2", order=["k3", "k1"])],
    )


class TestFeedback:
    def test_what_the_resident_changed(self) -> None:
        rec = _with_voice(rekrytera.load(EXAMPLE))
        doc = feedback(rec, "inv1", rekrytera.score(rec), lang="en")
        ideas = doc.sections[0].items
        assert ideas == (
            "You suggested: “Fråga hur de gör när en förälder inte vill prata.” We used it. "
            "Den blev fråga q4.",
            "You suggested: “Ta bort kravet på körkort.” We did not use it.",
        )
        assessments = doc.sections[1].items
        assert assessments[0] == "You assessed 4 people who applied."
        assert assessments[1] == "You put k2 first. In the panel's ranking they came 1 of 3."
        assert "The residents' assessments counted for 50 % of each total." in assessments
        assert doc.sections[2].paragraph == "The manager hired k2."

    def test_the_own_order_wins_over_the_means(self) -> None:
        rec = _with_voice(rekrytera.load(EXAMPLE))
        result = rekrytera.score(rec)
        doc = feedback(rec, "inv2", result, lang="en", names=True)
        place = result.candidate("k3").rank
        assert doc.sections[1].items[1] == (
            f"You put Sara Lindqvist (k3) first. In the panel's ranking they came {place} of 3."
        )
        assert "Mohammed Rahimi (k2)" in doc.sections[2].paragraph

    @given(recruitments())
    def test_no_other_panelist_shows(self, rec: rekrytera.Recruitment) -> None:
        """Feedback names no other panelist and quotes no one else's note or comment."""
        planted, contact, names = planted_recruitment(rec)
        result = rekrytera.score(planted)
        for panelist in planted.panel:
            text = render(feedback(planted, panelist.id, result), "md")
            for value in [*contact, *names]:
                assert value not in text
            others = [r.note for r in planted.ratings if r.panelist != panelist.id and r.note]
            assert not any(note in text for note in others)

    def test_no_such_panelist(self) -> None:
        rec = rekrytera.load(EXAMPLE)
        with pytest.raises(RekryteraError, match="there is no panelist 'x'"):
            feedback(rec, "x", rekrytera.score(rec))

    @pytest.mark.parametrize("lang", ["sv", "en"])
    def test_plain(self, lang: str) -> None:
        rec = _with_voice(rekrytera.load(EXAMPLE))
        result = rekrytera.score(rec)
        for panelist in ("inv1", "inv2", "chef", "metodstod"):
            assert check(feedback(rec, panelist, result, lang=lang).text(), lang=lang) == []


def _evaluated(rec: rekrytera.Recruitment) -> rekrytera.Recruitment:
    return attrs.evolve(
        rec,
        evaluations=[
            Evaluation(role=Role.HR, answers={"perspektiv": 5, "samarbete": 4}),
            Evaluation(
                role=Role.HIRING_MANAGER, answers={"perspektiv": 4, "okand": 2}, comment="Bra."
            ),
        ],
    )


class TestEvaluation:
    def test_the_summary_counts_both_places(self) -> None:
        rec = _evaluated(rekrytera.load(EXAMPLE))
        register = Register(
            participation=[
                Participation(
                    recruitment=rec.id,
                    panelist="inv1",
                    evaluation=Evaluation(role=Role.RESIDENT, answers={"paverka": 5, "igen": 4}),
                ),
                Participation(
                    recruitment=rec.id,
                    panelist="inv2",
                    evaluation=Evaluation(role=Role.RESIDENT, answers={"paverka": 3}),
                ),
                Participation(
                    recruitment="another",
                    panelist="inv1",
                    evaluation=Evaluation(role=Role.RESIDENT, answers={"paverka": 1}),
                ),
            ]
        )
        summary = summarise([rec], register)
        assert summary.responses == {"resident": 2, "panel": 2}
        by = {(q.group, q.question): q for q in summary.questions}
        assert by["resident", "paverka"].mean == 4
        assert by["resident", "paverka"].distribution == (0, 0, 1, 0, 1)
        assert by["panel", "perspektiv"].answers == 2
        assert by["panel", "beslut"].mean is None
        assert (summary.comments, summary.unknown) == (1, 1)
        assert len(summary.questions) == sum(len(q) for q in QUESTIONS.values())

    def test_an_answer_must_be_1_to_5(self) -> None:
        with pytest.raises(ValueError, match=r"answers\.igen"):
            Evaluation(role=Role.RESIDENT, answers={"igen": 6})

    @pytest.mark.parametrize("group", ["resident", "panel"])
    @pytest.mark.parametrize("lang", ["sv", "en"])
    def test_the_forms_are_plain(self, group: str, lang: str) -> None:
        document = form(group, lang=lang)
        assert len(document.sections[0].items) == len(QUESTIONS[group])
        assert check(document.text(), lang=lang) == []

    @pytest.mark.usefixtures("english")
    def test_command_line(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "r.toml"
        rekrytera.dump(_evaluated(rekrytera.load(EXAMPLE)), path)
        assert main(["evaluation", str(path), "--register", str(REGISTER)]) == 0
        out = capsys.readouterr().out
        # the register holds two residents' answers for the example recruitment
        assert out.startswith("1 recruitments; answers from 2 residents and 2 others on the panel.")
        assert "2 answers have a comment" in out  # one from the panel, one from inv1
        assert main(["evaluation", str(path), "--format", "json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["responses"] == {"resident": 0, "panel": 2}  # no --register
        assert main(["evaluation", "--form", "resident", "--format", "text"]) == 0
        assert "I had time to prepare.   1   2   3   4   5" in capsys.readouterr().out
        assert main(["evaluation"]) == 2
        assert "give the recruitment files to summarise, or --form" in capsys.readouterr().err
        assert main(["evaluation", "--form", "panel", str(path)]) == 2
        assert main(["evaluation", "--form", "panel", "--format", "json"]) == 2


@pytest.mark.usefixtures("english")
def test_commands_write_documents(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "intro.html"
    assert main(["introduction", str(EXAMPLE), "--format", "html", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert main(["introduction", str(EXAMPLE), "-o", str(out)]) == 2
    assert "exists; use --force" in capsys.readouterr().err
    assert main(["feedback", str(EXAMPLE), "--panelist", "inv1"]) == 0
    text = capsys.readouterr().out
    assert "# Thank you for taking part" in text
    assert "Mohammed" not in text
    assert main(["feedback", str(EXAMPLE), "--panelist", "nobody"]) == 2
