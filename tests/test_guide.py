"""Interview-guide linting, measured on hand-labelled questions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs
import pytest

import rekrytera
from rekrytera.catalogue import BuiltinCatalogue
from rekrytera.cli import main
from rekrytera.guide import is_closed, lint, open_rewrite
from rekrytera.model import InterviewGuide, Question, QuestionKind

DATA = Path(__file__).parent / "data"
DOCS = Path(__file__).parent.parent / "docs" / "reference" / "lint.md"
EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.toml"))


def corpus(name: str) -> list[tuple[bool, str, str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, lang, text = line.split("\t")
            assert label in ("open", "closed"), line
            rows.append((label == "closed", lang, text))
    return rows


def measure(rows: list[tuple[bool, str, str]]) -> tuple[int, float, float]:
    tp = sum(1 for closed, _, text in rows if closed and is_closed(text))
    fp = sum(1 for closed, _, text in rows if not closed and is_closed(text))
    fn = sum(1 for closed, _, text in rows if closed and not is_closed(text))
    return len(rows), tp / (tp + fp), tp / (tp + fn)


def labelled(name: str) -> list[tuple[str, str, str]]:
    """(label, language, question) rows of a set with the four labels of the next rules."""
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, lang, text = line.split("\t")
            assert label in ("closed", "indirect", "leading", "open"), line
            rows.append((label, lang, text))
    return rows


class TestSecondHeldOutSet:
    """The set written before the next rule change: its size, and today's figures on it."""

    def test_the_set(self) -> None:
        rows = labelled("questions-heldout-2.tsv")
        assert len(rows) >= 80
        for lang in ("sv", "en"):
            assert {label for label, row_lang, _ in rows if row_lang == lang} == {
                "closed",
                "indirect",
                "leading",
                "open",
            }
        assert len({text for _, _, text in rows}) == len(rows)

    @pytest.mark.parametrize("lang", ["sv", "en"])
    def test_figures_in_docs(self, lang: str) -> None:
        rows = [
            (label == "closed", lang, text)
            for label, row_lang, text in labelled("questions-heldout-2.tsv")
            if row_lang == lang
        ]
        n, precision, recall = measure(rows)
        line = f"| `questions-heldout-2.tsv` | {lang} | {n} | {precision:.3f} | {recall:.3f} |"
        assert line in DOCS.read_text(encoding="utf-8"), line


class TestClosedQuestions:
    def test_corpus(self) -> None:
        """At least 100 questions in Swedish and English, both kinds, labelled by hand."""
        rows = corpus("questions.tsv")
        assert len(rows) >= 100
        assert {lang for _, lang, _ in rows} == {"sv", "en"}
        assert {closed for closed, _, _ in rows} == {True, False}

    @pytest.mark.parametrize("name", ["questions.tsv", "questions-heldout.tsv"])
    def test_figures_in_docs(self, name: str) -> None:
        """The precision and recall the docs state are the ones measured now."""
        n, precision, recall = measure(corpus(name))
        line = f"| `{name}` | {n} | {precision:.3f} | {recall:.3f} |"
        assert line in DOCS.read_text(encoding="utf-8"), line

    def test_quality(self) -> None:
        """High precision everywhere; recall high on the development set."""
        _, precision, recall = measure(corpus("questions.tsv"))
        assert precision >= 0.95
        assert recall >= 0.95
        _, precision, recall = measure(corpus("questions-heldout.tsv"))
        assert precision >= 0.9
        assert recall >= 0.7

    @pytest.mark.parametrize(
        ("closed", "rewrite"),
        [
            (
                "Är du en person som är trygg i dig själv?",
                "På vilket sätt är du en person som är trygg i dig själv?",
            ),
            ("Kan du berätta om en konflikt?", "Berätta om en konflikt."),
            ("Anna, har du varit med om det?", "På vilket sätt har du varit med om det?"),
            ("Do you like people?", "In what way do you like people?"),
            ("Could you describe your style?", "Describe your style."),
        ],
    )
    def test_open_rewrite(self, closed: str, rewrite: str) -> None:
        """A closed question gets an open rewrite in the style the seeds teach."""
        assert open_rewrite(closed) == rewrite
        assert not is_closed(rewrite)

    def test_open_questions_unchanged(self) -> None:
        """Open questions are not rewritten."""
        assert open_rewrite("Var arbetade du?") == "Var arbetade du?"


def with_guide(*questions: Question) -> rekrytera.Recruitment:
    rec = rekrytera.load(EXAMPLES[0])
    return attrs.evolve(rec, guide=InterviewGuide(questions=questions), interviews=[])


class TestLint:
    def test_examples_and_templates_clean(self) -> None:
        """The bundled examples and every template, in both languages, lint clean."""
        for path in EXAMPLES:
            assert lint(rekrytera.load(path)) == [], path
        catalogue = BuiltinCatalogue()
        for lang in ("sv", "en"):
            for name, rec in catalogue.templates(lang).items():
                assert lint(rec, lang=lang) == [], (name, lang)

    def test_every_code(self) -> None:
        """Each kind of finding is reported with its code and location."""
        rec = with_guide(
            Question(
                id="a",
                competence="bemotande",
                text="Är du bra på bemötande?",
                follow_ups=["Exempel?"],
            ),
            Question(
                id="b",
                competence="bemotande",
                text="Du håller väl med om att bemötande är viktigt, eller hur?",
                follow_ups=["Varför?"],
            ),
            Question(
                id="c",
                competence="bemotande",
                text="Vad gör du och hur mäter du det?",
                follow_ups=["Exempel?"],
            ),
            Question(id="d", text="Berätta om dig själv.", follow_ups=["Något mer?"]),
            Question(id="e", competence="bemotande", text="Berätta om ett svårt möte."),
        )
        findings = lint(rec)
        codes = [(f.code, f.path) for f in findings]
        assert ("G001", "guide.questions[a].text") in codes
        assert ("G002", "guide.questions[b].text") in codes
        assert ("G003", "guide.questions[c].text") in codes
        assert ("G006", "guide.questions[d].competence") in codes
        assert ("G005", "guide.questions[e].follow_ups") in codes
        uncovered = {f.path for f in findings if f.code == "G004"}
        assert len(uncovered) == len(rec.profile.competences) - 1
        closed = next(f for f in findings if f.code == "G001")
        assert closed.suggestion == "Förslag: På vilket sätt är du bra på bemötande?"
        assert closed.name == "closed-question"

    def test_declared_closed(self) -> None:
        """A question the author marked closed is reported even in open form."""
        rec = with_guide(
            Question(
                id="a",
                competence="bemotande",
                text="Hur gör du?",
                kind=QuestionKind.CLOSED,
                follow_ups=["x"],
            )
        )
        assert [f.code for f in lint(rec) if f.path.startswith("guide")] == ["G001"]

    def test_english_messages(self) -> None:
        """Messages are Swedish by default, English on request."""
        rec = with_guide(Question(id="a", competence="bemotande", text="Berätta.", follow_ups=[]))
        assert lint(rec)[0].message.startswith("Frågan saknar följdfråga")
        assert lint(rec, lang="en")[0].message.startswith("The question has no follow-up")


class TestLintCommand:
    def test_clean(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Exit 0 and no output for a clean guide."""
        assert main(["lint", str(EXAMPLES[0])]) == 0
        assert capsys.readouterr().out == ""

    def test_findings(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Exit 1 with one line per finding; --format json for tools."""
        path = tmp_path / "g.toml"
        rekrytera.dump(
            with_guide(
                Question(id="a", competence="bemotande", text="Är du snäll?", follow_ups=["x"])
            ),
            path,
        )
        assert main(["lint", str(path)]) == 1
        lines = capsys.readouterr().out.splitlines()
        assert lines[0].startswith("guide.questions[a].text: G001 Ja/nej-fråga")
        assert main(["lint", str(path), "--format", "json", "--lang", "en"]) == 1
        data = json.loads(capsys.readouterr().out)
        assert data[0]["code"] == "G001"
        assert data[0]["name"] == "closed-question"
        assert re.match(
            r"Suggestion: In what way|Suggestion: På vilket sätt", data[0]["suggestion"]
        )

    def test_invalid(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Exit 2 on invalid input."""
        path = tmp_path / "bad.toml"
        path.write_text("schema = 1\n", encoding="utf-8")
        assert main(["lint", str(path)]) == 2
