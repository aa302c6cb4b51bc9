"""The presidio anonymiser, tested through the installed distribution's entry point."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rekrytera_presidio import presidio_scrubber

import rekrytera
from rekrytera.plugins import get_registry
from rekrytera.privacy import Scrubber

EXAMPLES = Path(__file__).parents[3] / "examples"
KEY = b"0123456789abcdef0123456789abcdef"


def test_registered() -> None:
    """The anonymiser comes from this distribution, through its entry point."""
    anonymiser = get_registry().anonymisers()["presidio"]
    assert anonymiser.distribution == "rekrytera-presidio 0.1.0"
    assert anonymiser.plugin == "presidio"


@pytest.mark.parametrize(
    "text",
    [
        "Ring Anna på 070-174 06 05 eller mejla anna.andersson@example.se.",
        "Annas personnummer är 811218-9876; ANDERSSON sa det själv.",
        "Kontakt: +46 70 174 06 05, Anna Anderssons chef.",
    ],
)
def test_same_as_builtin(text: str) -> None:
    """On these texts Presidio's recognisers scrub exactly what the built-in scrubber does."""
    names = {"Anna Andersson": "k-1"}
    assert presidio_scrubber(names)(text) == Scrubber(names).scrub(text)


def test_other_identifiers() -> None:
    """Values of a person's other identifiers are scrubbed as [ID], as the built-in does."""
    text = "Se personalakt AN-4711 för Anna."
    names = {"Anna Andersson": "k-1"}
    expected = Scrubber(names, literals=["AN-4711"]).scrub(text)
    assert presidio_scrubber(names, ["AN-4711"])(text) == expected == "Se personalakt [ID] för k-1."


def test_dates_and_case_numbers_survive() -> None:
    """What is not personal data stays as it was."""
    text = "Intervju 2026-03-12, dnr 2023-1234, betyg 4 av 5."
    assert presidio_scrubber({})(text) == text


def test_anonymise_example(tmp_path: Path) -> None:
    """No name or contact detail survives, and the copy scores exactly as the original."""
    original = rekrytera.load(EXAMPLES / "socialsekreterare-barn-unga.toml")
    anonymised = rekrytera.anonymise(original, KEY, anonymiser="presidio")
    text = rekrytera.dumps(anonymised)
    for candidate in original.candidates:
        for value in (candidate.identity.name, candidate.identity.email, candidate.identity.phone):
            assert value is not None
            assert value not in text
    assert [(c.rank, c.total) for c in rekrytera.score(anonymised).candidates] == [
        (c.rank, c.total) for c in rekrytera.score(original).candidates
    ]
    builtin = rekrytera.anonymise(original, KEY)
    assert anonymised == builtin


def test_cli(tmp_path: Path) -> None:
    """`rekrytera anonymise --anonymiser presidio` works from the command line."""
    key = tmp_path / "key"
    key.write_bytes(KEY)
    out = tmp_path / "anon.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "rekrytera",
            "anonymise",
            str(EXAMPLES / "enhetschef-personlig-assistans.toml"),
            "-o",
            str(out),
            "--key-file",
            str(key),
            "--anonymiser",
            "presidio",
        ],
        check=True,
    )
    assert "Lena Svensson" not in out.read_text(encoding="utf-8")
    assert rekrytera.load(out)


def test_registering_does_not_load_presidio_analyzer() -> None:
    """Every rekrytera command loads this plugin; presidio_analyzer waits until the plugin works."""
    from rekrytera.pytest_plugin import loaded_with

    assert "presidio_analyzer" not in loaded_with("rekrytera_presidio")
