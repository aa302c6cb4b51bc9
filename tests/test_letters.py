"""Letters to candidates: the invitation says residents take part; the decision says the outcome."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import rekrytera
from rekrytera import catalogue
from rekrytera.ad import render
from rekrytera.cli import main
from rekrytera.letters import KINDS, letter
from rekrytera.plain import check
from tests.conftest import SOCIAL, staff_only

TEMPLATES = sorted(catalogue.entries("templates"))


@pytest.fixture
def rec() -> rekrytera.Recruitment:
    return rekrytera.load(SOCIAL)  # k2 is hired


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_letter_is_plain(rec: rekrytera.Recruitment, kind: str, lang: str) -> None:
    """Both letters, to the hired candidate and to another, pass the plain-language check."""
    for candidate in ("k1", "k2"):
        text = letter(rec, kind, candidate, lang=lang).text()
        assert check(text, lang=lang) == []


@pytest.mark.parametrize("template", TEMPLATES)
def test_invitations_from_every_template_are_plain(template: str) -> None:
    rec = catalogue.template(template)
    rec = attrs.evolve(rec, candidates=[rekrytera.model.Candidate(id="k1")])
    assert check(letter(rec, "invitation", "k1").text()) == []


def test_invitation_says_residents_take_part(rec: rekrytera.Recruitment) -> None:
    text = letter(rec, "invitation", "k1").text()
    assert "Invånare med egen erfarenhet av socialtjänsten är med på intervjun." in text
    assert "arbetsprov" in text  # the profile has a work sample stage
    assert "Invånare" not in letter(staff_only(rec), "invitation", "k1").text()


def test_decision(rec: rekrytera.Recruitment) -> None:
    assert rec.decision is not None
    assert rec.decision.hired == ("k2",)
    assert "du får jobbet" in letter(rec, "decision", "k2").text()
    assert "anställt en annan person" in letter(rec, "decision", "k1").text()
    undecided = attrs.evolve(rec, decision=None)
    with pytest.raises(rekrytera.RekryteraError, match="no decision is recorded yet"):
        letter(undecided, "decision", "k1", lang="en")


def test_names_only_when_asked(rec: rekrytera.Recruitment) -> None:
    name = rec.candidate("k1").identity.name
    assert name
    assert name not in render(letter(rec, "invitation", "k1"), "html")
    assert f"Hej {name}!" in letter(rec, "invitation", "k1", names=True).text()


def test_unknown_candidate_and_kind(rec: rekrytera.Recruitment) -> None:
    with pytest.raises(rekrytera.RekryteraError, match="no candidate 'k9'"):
        letter(rec, "invitation", "k9", lang="en")
    with pytest.raises(rekrytera.RekryteraError, match="unknown letter 'thanks'"):
        letter(rec, "thanks", "k1", lang="en")


def test_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "brev.md"
    argv = ["letter", str(SOCIAL), "--kind", "invitation", "--candidate", "k1", "-o", str(out)]
    assert main(argv) == 0
    assert out.read_text(encoding="utf-8").startswith("# Inbjudan till intervju")
    assert capsys.readouterr().err == ""
    assert main(argv) == 2  # exists: only with --force
    assert main(["letter", str(SOCIAL), "--kind", "decision", "--candidate", "k9"]) == 2
    assert "ingen kandidat 'k9'" in capsys.readouterr().err
