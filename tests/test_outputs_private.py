"""Identifiers planted in every free-text field reach none of the outputs that promise so.

One recruitment (the social-secretary example) gets identity values for
everyone and, in every free-text field, people's identifiers in the forms
people type them: an en dash or a no-break space in a personal identity
number, a phone number with slashes, an email spelled out, a name decomposed.
Then every output the documentation promises to be free of them is checked:
the pseudonymised copy, a resident's view, the decision memo (HTML and
Markdown) and the score table without ``--names``, the CSV export, and the
results CSV of ``analyse``. (The xlsx and Parquet plugins check their own
outputs the same way, with the same planted recruitment, in their tests.)
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import attrs
import pytest

import rekrytera
from rekrytera.cli import main
from rekrytera.model import Identity, Ranking, Recruitment
from rekrytera.privacy import view
from rekrytera.testing import planted_recruitment

from ._people import people

ROOT = Path(__file__).parent.parent
KEY = b"k" * 32


@pytest.fixture(scope="module")
def planted() -> tuple[Recruitment, list[str], list[str]]:
    rec = rekrytera.load(ROOT / "examples" / "socialsekreterare-barn-unga.toml")
    # A resident's own order with a comment, so that comments are planted too.
    own = Ranking(panelist="inv1", order=["k2", "k1"], comment="-")
    return planted_recruitment(attrs.evolve(rec, rankings=[*rec.rankings, own]))


def _absent(text: str, secrets: list[str], where: str) -> None:
    composed = unicodedata.normalize("NFC", text)
    for secret in secrets:
        assert unicodedata.normalize("NFC", secret) not in composed, (where, secret)


def test_the_recruitment_really_holds_them(
    planted: tuple[Recruitment, list[str], list[str]],
) -> None:
    """The check below means something: every secret is in the planted file."""
    rec, contact, names = planted
    text = unicodedata.normalize("NFC", rekrytera.dumps(rec))
    for secret in [*contact, *names]:
        assert unicodedata.normalize("NFC", secret) in text, secret


def test_anonymised_copy(planted: tuple[Recruitment, list[str], list[str]]) -> None:
    rec, contact, names = planted
    _absent(rekrytera.dumps(rekrytera.anonymise(rec, KEY)), [*contact, *names], "anonymise")


def test_residents_views(planted: tuple[Recruitment, list[str], list[str]]) -> None:
    """A resident sees names (they meet the candidates) but no contact detail or number."""
    rec, contact, _ = planted
    for panelist in rec.panel:
        if panelist.role.value == "resident":
            text = rekrytera.dumps(view(rec, panelist.id).recruitment())
            _absent(text, contact, f"view of {panelist.id}")


def _written(rec: Recruitment, tmp_path: Path) -> Path:
    source = tmp_path / "planted.toml"
    rekrytera.dump(rec, source)
    return source


def test_command_outputs(
    planted: tuple[Recruitment, list[str], list[str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rec, contact, names = planted
    source = _written(rec, tmp_path)
    files = {
        "memo.html": ["report", str(source), "-o", str(tmp_path / "memo.html")],
        "memo.md": ["report", str(source), "-o", str(tmp_path / "memo.md")],
        "csv": ["export", str(source), "--to", str(tmp_path / "csv"), "--format", "csv"],
        "analyse": ["analyse", str(source), "--table", "candidates", "--format", "csv"],
    }
    for label, argv in files.items():
        assert main(argv) == 0, (label, capsys.readouterr().err)
        out = capsys.readouterr().out
        path = tmp_path / label
        found = [path] if path.is_file() else sorted(path.iterdir()) if path.is_dir() else []
        text = out + "".join(f.read_text(encoding="utf-8") for f in found)
        _absent(text, [*contact, *names], label)
    for fmt in ("table", "json", "csv"):
        assert main(["score", str(source), "--format", fmt]) == 0
        _absent(capsys.readouterr().out, [*contact, *names], f"score --format {fmt}")


def test_names_only_on_request(
    planted: tuple[Recruitment, list[str], list[str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--names shows names, and still no contact detail."""
    rec, contact, names = planted
    source = _written(rec, tmp_path)
    assert main(["score", str(source), "--names"]) == 0
    out = capsys.readouterr().out
    assert any(unicodedata.normalize("NFC", n) in out for n in names)
    _absent(out, contact, "score --names")


def test_identity_fields_are_all_set(planted: tuple[Recruitment, list[str], list[str]]) -> None:
    rec, _, _ = planted
    for person in people(rec):
        assert person.identity != Identity()
