"""Mutated example files never make the command line fail with an internal error.

Hypothesis breaks a bundled example in small ways people (and tools) do —
a number changed to something odd, a line dropped or doubled, a character
replaced — and runs the commands on it. Every answer is exit 0 or 2, never an
internal error; and a file ``check`` accepts is one ``score``, ``report``,
``anonymise`` and ``export`` accept too. Bounded: the test profile's example
count (40 under CI), no deadline.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rekrytera.cli import main

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.toml"))
REGISTER = Path(__file__).parent.parent / "examples" / "pool" / "invanarpool.toml"
NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")

ODD_NUMBERS = st.sampled_from(
    ["0", "-1", "1e308", "1e400", "-1e308", "99999999999", "0.0000001", "nan", "inf", "3.5"]
)


#: Lone surrogates cannot be written as UTF-8.
SURROGATES: tuple[Literal["Cs"], ...] = ("Cs",)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """An example file's text, changed in one to three places."""
    text = draw(st.sampled_from(EXAMPLES)).read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["number", "drop", "double", "char"]))
        lines = text.split("\n")
        if how == "number":
            numbers = list(NUMBER.finditer(text))
            m = draw(st.sampled_from(numbers))
            text = text[: m.start()] + draw(ODD_NUMBERS) + text[m.end() :]
        elif how in ("drop", "double"):
            i = draw(st.integers(0, len(lines) - 1))
            lines[i : i + 1] = [] if how == "drop" else [lines[i], lines[i]]
            text = "\n".join(lines)
        else:
            i = draw(st.integers(0, len(text) - 1))
            c = draw(st.characters(codec="utf-8", exclude_categories=SURROGATES))
            text = text[:i] + c + text[i + 1 :]
    return text


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=mutated())
def test_no_internal_error(text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every command answers a broken file with exit 0 or 2, and agrees with check."""
    _all_commands_agree(text, tmp_path, capsys)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("weight = 3", "weight = 1e308"),  # check said ok, score failed: inf
        ("weight = 3", "weight = 1000001"),
        ("interview = 0.7", "interview = 1e308"),
    ],
)
def test_huge_numbers_refused_by_check(
    old: str, new: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Numbers that would overflow a sum are refused by check, so no command trips on them."""
    text = (EXAMPLES[-1]).read_text(encoding="utf-8")
    assert old in text
    _all_commands_agree(text.replace(old, new, 1), tmp_path, capsys)
    assert main(["check", str(tmp_path / "fuzz.toml")]) == 2


@pytest.mark.usefixtures("english")
def test_huge_fee_refused_in_the_register(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fee that would overflow a sum is refused where fees live: the participation register."""
    text = REGISTER.read_text(encoding="utf-8")
    assert "fee = 1500" in text
    register = tmp_path / "register.toml"
    register.write_text(text.replace("fee = 1500", "fee = 1e308", 1), encoding="utf-8")
    code = main(["participation", str(EXAMPLES[-1]), "--register", str(register)])
    err = capsys.readouterr().err
    assert code == 2
    assert "participation[1].fee: 1e+308 is too large" in err, err


def _all_commands_agree(text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_text(text, encoding="utf-8")
    checked = main(["check", str(path)])
    err = capsys.readouterr().err
    assert checked in (0, 2), err
    assert "internal error" not in err
    commands = [
        ["score", str(path), "--format", "json"],
        ["report", str(path), "-o", str(tmp_path / "memo.html"), "--force"],
        ["anonymise", str(path), "-o", str(tmp_path / "anon.json"), "--force"],
        ["export", str(path), "--to", str(tmp_path / "out.json"), "--force"],
    ]
    for argv in commands:
        code = main(argv)
        _, err = capsys.readouterr()
        assert "internal error" not in err, (argv[0], err)
        if checked == 0:
            assert code == 0, (argv[0], err)
        else:
            assert code == 2, (argv[0], err)
