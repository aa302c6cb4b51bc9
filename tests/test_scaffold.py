"""``rekrytera new-plugin``: a distribution whose tests pass as written.

Here the generated tests run in-process against the generated source; the
nox ``plugins`` session installs a generated plugin for real and runs its
tests, ``mypy --strict`` and ruff on it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rekrytera import RekryteraError
from rekrytera.cli import main
from rekrytera.scaffold import HOOKS, new_plugin

pytest_plugins = ["pytester"]


def test_every_hook(tmp_path: Path) -> None:
    """All hooks by default: a module and a test each, the entry point, a README."""
    target = new_plugin("ek", tmp_path / "ek")
    files = sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file())
    modules = sorted(m for m, _ in HOOKS.values())
    assert files == sorted(
        [
            "README.md",
            "pyproject.toml",
            "src/rekrytera_ek/__init__.py",
            "src/rekrytera_ek/py.typed",
            "tests/test_installed.py",
            *(f"src/rekrytera_ek/{m}.py" for m in modules),
            *(f"tests/test_{m}.py" for m in modules),
        ]
    )
    pyproject = (target / "pyproject.toml").read_text(encoding="utf-8")
    for group in ("methods", "exporters", "anonymisers", "policies", "catalogues"):
        assert f'[project.entry-points."rekrytera.{group}"]\nek = "rekrytera_ek"' in pyproject
    written = "".join(p.read_text("utf-8") for p in target.rglob("*") if p.is_file())
    assert re.search(r"\$\{?[a-z_]+", written.replace("$ ", "")) is None  # every placeholder filled


@pytest.mark.parametrize("hooks", [list(HOOKS), ["policy"], ["catalogue", "method"]])
def test_generated_tests_pass(hooks: list[str], tmp_path: Path, pytester: pytest.Pytester) -> None:
    """The generated tests pass against the generated code (all but the installed check)."""
    target = new_plugin("goteborg-policy", tmp_path / "plugin", hooks=hooks)
    pytester.syspathinsert(target / "src")
    for test in (target / "tests").glob("test_*.py"):
        pytester.makepyfile(**{test.stem: test.read_text(encoding="utf-8")})
    result = pytester.runpytest("-p", "no:cacheprovider", "-k", "not installed")
    result.assert_outcomes(passed=_expected(hooks), deselected=2)


def _expected(hooks: list[str]) -> int:
    per_hook = {
        "method": 2,
        "exporter": 1,
        "anonymiser": 2,
        "policy": 2,
        "catalogue": 2,
        "importer": 2,
    }
    return sum(per_hook[h] for h in hooks)


class TestRefused:
    def test_existing_folder_kept(self, tmp_path: Path) -> None:
        (tmp_path / "ek").mkdir()
        (tmp_path / "ek" / "mine.txt").write_text("keep", encoding="utf-8")
        with pytest.raises(RekryteraError, match="exists; use --force"):
            new_plugin("ek", tmp_path / "ek")
        assert [p.name for p in (tmp_path / "ek").iterdir()] == ["mine.txt"]
        new_plugin("ek", tmp_path / "ek", force=True)
        assert not (tmp_path / "ek" / "mine.txt").exists()

    @pytest.mark.parametrize("name", ["Ek", "ek plugin", "-ek", "ek_", "a" * 31, "åre"])
    def test_bad_name(self, name: str, tmp_path: Path) -> None:
        with pytest.raises(RekryteraError, match="cannot name a plugin"):
            new_plugin(name, tmp_path / "x")
        assert not (tmp_path / "x").exists()

    @pytest.mark.usefixtures("english")
    def test_bad_hook_from_the_command_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code = main(["new-plugin", "ek", "--hooks", "method,exportr", "-o", str(tmp_path / "x")])
        assert code == 2
        assert capsys.readouterr().err == (
            "rekrytera: --hooks takes method, exporter, anonymiser, policy, catalogue, importer; "
            "got exportr\n"
        )
        assert not (tmp_path / "x").exists()

    def test_nothing_half_written(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A failure while writing leaves neither the plugin nor a staging folder behind."""
        from rekrytera import scaffold

        calls = []

        def failing(template: str, values: dict[str, str]) -> str:
            calls.append(template)
            if len(calls) == 3:
                raise OSError("disk full")
            return ""

        monkeypatch.setattr(scaffold, "_fill", failing)
        with pytest.raises(OSError, match="disk full"):
            new_plugin("ek", tmp_path / "ek")
        assert list(tmp_path.iterdir()) == []


def test_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without -o the plugin goes to ./rekrytera-NAME; the command says what to do next."""
    monkeypatch.chdir(tmp_path)
    assert main(["--lang", "en", "new-plugin", "ek", "--hooks", "policy"]) == 0
    assert capsys.readouterr().out == (
        "rekrytera-ek: a plugin with policy. Next: pip install -e rekrytera-ek && "
        "pytest rekrytera-ek\n"
    )
    assert (tmp_path / "rekrytera-ek" / "src" / "rekrytera_ek" / "policy.py").is_file()
