"""Step 3: the job ad, and the plain-language check it must pass."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

import rekrytera
from rekrytera import catalogue
from rekrytera.ad import FORMATS, draft, render
from rekrytera.cli import main
from rekrytera.plain import LIX_HARD, check, lix, sentences
from tests.conftest import SOCIAL, staff_only

TEMPLATES = sorted(catalogue.entries("templates"))


class TestLix:
    def test_formula(self) -> None:
        """Words per sentence plus the percentage of words over six letters (Björnsson)."""
        # 7 words, 2 sentences, 1 long word ("springer"): 3.5 + 100 / 7.
        assert lix("Jag ser en hund. Den springer fort.") == pytest.approx(3.5 + 100 / 7)

    def test_sentences_end_at_list_items_and_blank_lines(self) -> None:
        assert sentences("Rubrik\n\n- ett\n- två\nMer text. Slut!") == [
            "Rubrik",
            "ett",
            "två\nMer text.",
            "Slut!",
        ]

    def test_no_words(self) -> None:
        assert lix("  \n 123 ") is None


class TestCheck:
    def codes(self, text: str, lang: str = "sv") -> list[str]:
        return [f.code for f in check(text, lang=lang)]

    def test_clean(self) -> None:
        assert self.codes("Vi söker en kollega. Du träffar barn och familjer varje dag.") == []

    def test_hard_to_read(self) -> None:
        text = (
            "Handläggningsprocessen förutsätter myndighetsutövningskompetens, "
            "dokumentationsförmåga och samverkanskunskaper beträffande verksamhetsområdet. "
        ) * 4
        assert (lix(text) or 0) >= LIX_HARD
        assert "P001" in self.codes(text)

    def test_long_sentence(self) -> None:
        text = " ".join(["ord"] * 26) + "."
        assert self.codes(text) == ["P002"]
        assert self.codes(" ".join(["ord"] * 25) + ".") == []

    @pytest.mark.parametrize(
        ("text", "passive"),
        [
            ("Ansökan ska skickas i dag.", True),
            ("Körkort krävs.", True),
            ("Det kan finnas frågor.", False),  # a deponent verb, not a passive
            ("Du skickar ansökan i dag.", False),
        ],
    )
    def test_passive(self, text: str, passive: bool) -> None:
        assert ("P003" in self.codes(text)) is passive

    def test_passive_english(self) -> None:
        assert self.codes("Applications are accepted until May.", "en") == ["P003"]

    def test_jargon(self) -> None:
        [finding] = check("Vi ger erforderlig handledning.")
        assert (finding.code, finding.message) == (
            "P004",
            "'erforderlig' är byråkratiskt: skriv 'nödvändig'.",
        )

    def test_masculine_lean_only(self) -> None:
        assert self.codes("Du är analytisk, tuff och självsäker.") == ["P005"]
        # Gaucher et al. found no such effect of feminine wording: not reported.
        assert self.codes("Du är lyhörd, omtänksam och empatisk.") == []

    def test_paths(self) -> None:
        [finding] = check(" ".join(["ord"] * 30) + ".", path="annons.md")
        assert (
            str(finding) == "annons.md: mening 1: P002 30 ord i en mening. Dela upp den: högst 25."
        )


class TestAd:
    @pytest.mark.parametrize("lang", ["sv", "en"])
    @pytest.mark.parametrize("template", TEMPLATES)
    def test_every_template_passes_its_own_check(self, template: str, lang: str) -> None:
        ad = draft(catalogue.template(template, lang=lang), lang=lang)
        assert check(ad.text(), lang=lang, path="ad") == []

    def test_content(self) -> None:
        rec = rekrytera.load(SOCIAL)
        text = draft(rec).text()
        for competence in rec.profile.competences:
            assert competence.label in text
        for requirement in rec.profile.requirements:
            assert requirement.label in text
            assert requirement.basis is None or requirement.basis in text
        assert "Invånare med egen erfarenhet av socialtjänsten är med" in text
        assert "Därför stannar socionomer" not in text  # not a manager post

    def test_manager_post_says_why_social_workers_stay(self) -> None:
        text = draft(catalogue.template("enhetschef")).text()
        assert "bra ledarskap (85 procent)" in text
        assert "Framtidens Karriär – Socionom, 2019" in text

    def test_no_residents_no_resident_sentence(self) -> None:
        assert "Invånare" not in draft(staff_only(rekrytera.load(SOCIAL))).text()

    def test_html_escapes_every_text(self) -> None:
        rec = rekrytera.load(SOCIAL)
        rec = attrs.evolve(rec, info=attrs.evolve(rec.info, organisation="<script>x</script>"))
        page = render(draft(rec), "html")
        assert "<script>" not in page
        assert "&lt;script&gt;" in page
        assert page.startswith('<!doctype html>\n<html lang="sv">')

    @pytest.mark.parametrize("format", FORMATS)
    def test_formats(self, format: str) -> None:
        out = render(draft(rekrytera.load(SOCIAL)), format)
        assert "Socialsekreterare" in out


class TestCommands:
    def test_ad_prints_and_writes(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["ad", str(SOCIAL)]) == 0
        out, err = capsys.readouterr()
        assert out.startswith("# Socialsekreterare")
        assert err == ""  # the example's ad passes the check
        target = tmp_path / "annons.html"
        assert main(["ad", str(SOCIAL), "--format", "html", "-o", str(target)]) == 0
        assert target.read_text(encoding="utf-8").startswith("<!doctype html>")
        assert main(["ad", str(SOCIAL), "-o", str(target)]) == 2
        assert "finns redan" in capsys.readouterr().err

    def test_plain(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        good, bad = tmp_path / "bra.md", tmp_path / "svar.md"
        good.write_text("Vi söker en kollega.\n", encoding="utf-8")
        bad.write_text("Ansökan ska skickas i dag.\n", encoding="utf-8")
        assert main(["plain", str(good)]) == 0
        assert capsys.readouterr().out == ""
        assert main(["plain", str(good), str(bad)]) == 1
        assert capsys.readouterr().out == (
            f"{bad}: mening 1: P003 'ska skickas' är passiv form: den döljer vem som gör det. "
            "Säg vem.\n"
        )
        assert main(["plain", str(bad), "--format", "json"]) == 1
        [row] = json.loads(capsys.readouterr().out)
        assert (row["code"], row["name"]) == ("P003", "passive")

    def test_plain_unreadable(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["plain", str(tmp_path / "nope.md")]) == 2
        assert capsys.readouterr().err.startswith("rekrytera: kan inte läsa")
