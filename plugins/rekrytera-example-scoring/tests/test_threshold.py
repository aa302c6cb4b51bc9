"""The threshold method, tested through the installed distribution's real entry point."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib.metadata import distribution
from pathlib import Path

import pytest

import rekrytera
from rekrytera.plugins import get_registry
from rekrytera.scoring import InvalidOption

EXAMPLE = Path(__file__).parents[3] / "examples" / "behandlingsassistent-stodboende.toml"
COMMAND = [sys.executable, "-m", "rekrytera"]


def threshold(*options: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """``rekrytera score EXAMPLE --method threshold`` with *options*, in a new process."""
    argv = [*COMMAND, "score", str(EXAMPLE), "--method", "threshold", *options]
    return subprocess.run(argv, capture_output=True, text=True, check=check)


class TestEntryPoint:
    def test_declared(self) -> None:
        """The distribution declares the plugin in the entry-point group of scoring methods."""
        eps = distribution("rekrytera-example-scoring").entry_points
        assert [(ep.group, ep.name, ep.value) for ep in eps] == [
            ("rekrytera.methods", "example_scoring", "rekrytera_example_scoring")
        ]

    def test_registered(self) -> None:
        """rekrytera finds the method through the entry point, with its distribution."""
        method = get_registry().methods()["threshold"]
        assert method.plugin == "example_scoring"
        assert method.distribution == "rekrytera-example-scoring 0.1.0"

    def test_not_loaded_when_autoload_is_off(self) -> None:
        """A municipality that runs only vetted plugins can switch autoloading off."""
        assert "threshold" not in get_registry(load_entry_points=False).methods()

    def test_listed_by_cli(self) -> None:
        """`rekrytera plugins` shows the method and where it comes from."""
        out = subprocess.run(
            [*COMMAND, "plugins", "--format", "json"], capture_output=True, text=True, check=True
        )
        rows = {r["name"]: r for r in json.loads(out.stdout)}
        assert rows["threshold"]["distribution"] == "rekrytera-example-scoring 0.1.0"
        assert rows["threshold"]["kind"] == "method"

    def test_console_script(self) -> None:
        """The installed `rekrytera` script sees the plugin too."""
        script = shutil.which("rekrytera", path=str(Path(sys.executable).parent))
        assert script is not None
        out = subprocess.run([script, "plugins"], capture_output=True, text=True, check=True)
        assert "threshold" in out.stdout


class TestThreshold:
    def test_same_ranking_as_balanced(self) -> None:
        """The totals and ranks are balanced's; only the flag is added."""
        rec = rekrytera.load(EXAMPLE)
        threshold = rekrytera.score(rec, "threshold")
        balanced = rekrytera.score(rec, "balanced")
        assert [(c.id, c.rank, c.total) for c in threshold.candidates] == [
            (c.id, c.rank, c.total) for c in balanced.candidates
        ]

    def test_floor(self) -> None:
        """Raising the floor flags more candidates; a floor below the scale flags none."""
        rec = rekrytera.load(EXAMPLE)

        def flagged(floor: float) -> set[str]:
            result = rekrytera.score(rec, "threshold", options={"floor": str(floor)})
            return {c.id for c in result.candidates if "not_recommended" in c.flags}

        assert flagged(0) == set()
        assert flagged(5.01) == {c.id for c in rec.candidates}
        assert flagged(3) <= flagged(4) <= flagged(5.01)
        assert flagged(4) - flagged(3)

    def test_bad_option(self) -> None:
        """A bad option is the user's error, not the plugin's."""
        rec = rekrytera.load(EXAMPLE)
        with pytest.raises(
            InvalidOption, match="method 'threshold', option 'floor': 'high' is not a number"
        ):
            rekrytera.score(rec, "threshold", options={"floor": "high"})
        with pytest.raises(InvalidOption, match="option 'last': 'maybe' is not one of: no, yes"):
            rekrytera.score(rec, "threshold", options={"last": "maybe"})
        with pytest.raises(InvalidOption, match="option 'heavy': -1 is less than 0"):
            rekrytera.score(rec, "threshold", options={"heavy": "-1"})
        with pytest.raises(
            InvalidOption, match=r"has no option 'flor'; it takes floor, heavy, last"
        ):
            rekrytera.score(rec, "threshold", options={"flor": "3"})  # refused before it runs

    def test_cli(self) -> None:
        """--method threshold and --option work from the command line, exit 2 on a bad option."""
        out = threshold("--option", "floor=4", "--format", "json")
        result = json.loads(out.stdout)
        assert result["method"] == "threshold"
        assert any("not_recommended" in c["flags"] for c in result["candidates"])
        bad = threshold("--option", "floor=x", check=False)
        assert bad.returncode == 2
        assert bad.stderr == (
            "rekrytera: metoden 'threshold', alternativet 'floor': 'x' är inget tal\n"
        )


def test_memo_says_how_it_counts(tmp_path: Path) -> None:
    """The memo and the score table tell this method's own computation, not balanced's."""
    from rekrytera.report import report

    rec = rekrytera.load(EXAMPLE)
    report(rec, tmp_path / "memo.md", method="threshold")
    text = (tmp_path / "memo.md").read_text(encoding="utf-8")
    assert "Som balanced" in text
    assert "inte rekommenderad" in text
    result = rekrytera.score(rec, "threshold")
    assert "not recommended" in result.explain("en")


class TestLabelsAndGroups:
    def test_the_flag_is_shown_by_its_label(self, tmp_path: Path) -> None:
        """The table and the memo show "rekommenderas inte" and explain it; JSON keeps the name."""
        table = threshold("--option", "floor=4").stdout
        assert "rekommenderas inte" in table
        assert "not_recommended" not in table
        rows = threshold("--option", "floor=4", "--format", "csv").stdout
        assert "not_recommended" in rows
        assert "rekommenderas inte" in rows
        from rekrytera.report import report

        report(
            rekrytera.load(EXAMPLE),
            tmp_path / "memo.md",
            method="threshold",
            options={"floor": "4"},
        )
        memo = (tmp_path / "memo.md").read_text(encoding="utf-8")
        assert "rekommenderas inte" in memo
        assert "rekommenderas därför inte" in memo
        data = rekrytera.score(rekrytera.load(EXAMPLE), "threshold", options={"floor": "4"})
        flags = data.to_dict()["method_flags"]
        assert flags["not_recommended"]["label"] == {
            "sv": "rekommenderas inte",
            "en": "not recommended",
        }

    def test_last_ranks_them_after_the_others_without_touching_totals(self) -> None:
        rec = rekrytera.load(EXAMPLE)
        plain = rekrytera.score(rec, "threshold", options={"floor": "3.8"})
        last = rekrytera.score(rec, "threshold", options={"floor": "3.8", "last": "yes"})
        flagged = {c.id for c in plain.ranking if "not_recommended" in c.flags}
        assert flagged
        assert flagged != {c.id for c in plain.ranking}
        assert {c.id: c.total for c in last.candidates} == {c.id: c.total for c in plain.candidates}
        order = [c.id for c in last.ranking]
        assert set(order[-len(flagged) :]) == flagged
        assert all(c.group == (1 if c.id in flagged else 0) for c in last.ranking)

    def test_help_shows_the_options(self) -> None:
        out = subprocess.run(
            [*COMMAND, "--lang", "en", "score", "--help"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "threshold: last (no | yes; default no): yes: rank the candidates not" in " ".join(
            out.split()
        )
