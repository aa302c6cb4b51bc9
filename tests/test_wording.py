"""Plain, correct Swedish: the wording the lawful-defaults issue found wrong stays fixed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import rekrytera
from rekrytera.report import render

from .conftest import SOCIAL

ROOT = Path(__file__).parent.parent
SOURCES = [
    *sorted((ROOT / "src" / "rekrytera").rglob("*.py")),
    *sorted((ROOT / "src" / "rekrytera").rglob("*.toml")),
    *sorted((ROOT / "src" / "rekrytera").rglob("*.html")),
    *sorted((ROOT / "docs" / "tutorials").glob("*-sv.md")),
]


@pytest.mark.parametrize(
    ("wrong", "why"),
    [
        (r"\bJäv deklarerat\b|\bdeklarerat jäv\b", "jäv is anmält, not deklarerat"),
        (r"varit med att forma", "varit med och format"),
        (r"Tala om skillnaden", "Diskutera skillnaden"),
        (r"\bi medel\b", "i genomsnitt"),
        (r"\bsamma etta\b|\betta anställd\b|invånarnas etta\b", "toppkandidat, not etta"),
        (r"^# Handledning", "handledning means professional supervision"),
        (r'"metodstöd"', "the person is a metodstödjare"),
        (
            r"Ger exempel på (?:hur )?hen\b|när hen blir|söker upp hen|hens egen",
            "say who: den sökande",
        ),
    ],
)
def test_wording(wrong: str, why: str) -> None:
    pattern = re.compile(wrong, re.MULTILINE)
    found = [
        f"{path.relative_to(ROOT)}:{text[: m.start()].count(chr(10)) + 1}"
        for path in SOURCES
        for text in [path.read_text(encoding="utf-8")]
        for m in pattern.finditer(text)
    ]
    assert found == [], why


def test_drift_says_how_many_changed() -> None:
    """The memo counts the ratings that changed apart from those compared."""
    rec = rekrytera.load(SOCIAL)
    drift = rekrytera.score(rec, phase="calibrated").agreement.drift
    assert drift is not None
    assert 0 < drift.changed < drift.pairs
    assert f"ändrades {drift.changed} av {drift.pairs} jämförda bedömningar" in render(rec)
    assert f"{drift.changed} of {drift.pairs} compared ratings changed" in render(rec, lang="en")


def test_score_table_says_how_many_changed(capsys: pytest.CaptureFixture[str]) -> None:
    from rekrytera.cli import main

    assert main(["score", str(SOCIAL)]) == 0
    drift = rekrytera.score(rekrytera.load(SOCIAL)).agreement.drift
    assert drift is not None
    out = capsys.readouterr().out
    assert f"{drift.changed} av {drift.pairs} jämförda bedömningar ändrades, i genomsnitt" in out
