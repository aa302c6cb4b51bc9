"""The rekrytera command: messages, never tracebacks, and the exit-code contract."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from rekrytera import __version__
from rekrytera.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class TestCheck:
    @pytest.mark.usefixtures("english")
    def test_examples(self, capsys: pytest.CaptureFixture[str], example: Path) -> None:
        """Every example passes check with exit 0 and a summary line."""
        code, out, err = run(capsys, "check", str(example))
        assert (code, err) == (0, "")
        assert out.startswith(f"{example}: ok — ")
        assert re.fullmatch(
            r"\d+ candidates?, \d+ panelists? \(\d+ residents?\), \d+ ratings?\n",
            out.removeprefix(f"{example}: ok — "),
        )

    @pytest.mark.usefixtures("english")
    def test_problems(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, minimal_toml: str
    ) -> None:
        """Problems are printed one per line as 'path: message' with exit 2."""
        bad = tmp_path / "bad.toml"
        bad.write_text(
            minimal_toml.replace("trygghet = 4,", "trygghet = 7,").replace(
                'role = "resident"', 'role = "brukare"'
            ),
            encoding="utf-8",
        )
        code, out, err = run(capsys, "check", str(bad))
        assert code == 2
        assert out == (
            "panel[1].role: 'brukare' is not one of: hiring_manager, hr, colleague, union, "
            "resident, supporter\n"
        )
        assert err == ""

    @pytest.mark.usefixtures("english")
    def test_several_files(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, example: Path
    ) -> None:
        """With several files, each line names its file; one bad file means exit 2."""
        empty = tmp_path / "empty.toml"
        empty.write_text("", encoding="utf-8")
        code, out, _ = run(capsys, "check", str(example), str(empty))
        assert code == 2
        assert out.splitlines()[1] == f"{empty}: the file is empty"

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (None, "no such file"),
            (b"", "the file is empty"),
            (b"\x89PNG\r\n\x1a\n\x00\x00", "not a text file"),
            (b"a = " + b"[" * 50_000, "nested too deeply"),
        ],
    )
    @pytest.mark.usefixtures("english")
    def test_unreadable(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        content: bytes | None,
        message: str,
    ) -> None:
        """Missing, empty, binary and absurdly nested files get exit 2 and a message."""
        path = tmp_path / "f.toml"
        if content is not None:
            path.write_bytes(content)
        code, out, err = run(capsys, "check", str(path))
        assert code == 2
        assert out.startswith(f"{path}: ")
        assert message in out
        assert "Traceback" not in out + err


class TestMain:
    @pytest.mark.usefixtures("english")
    def test_usage(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Usage errors exit 2 with argparse's message."""
        with pytest.raises(SystemExit) as info:
            main([])
        assert info.value.code == 2
        assert "required: COMMAND" in capsys.readouterr().err

    @pytest.mark.usefixtures("english")
    def test_internal_error(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        example: Path,
    ) -> None:
        """A bug is exit 1 with a one-line explanation, the traceback only on request."""
        import rekrytera.cli.check

        def boom(path: str) -> None:
            raise ZeroDivisionError("oops")

        monkeypatch.setattr(rekrytera.cli.check, "load", boom)
        monkeypatch.delenv("REKRYTERA_TRACEBACK", raising=False)
        code, _, err = run(capsys, "check", str(example))
        assert code == 1
        assert err.startswith("rekrytera: internal error: ZeroDivisionError: oops\n")
        monkeypatch.setenv("REKRYTERA_TRACEBACK", "1")
        with pytest.raises(ZeroDivisionError):
            main(["check", str(example)])


class TestEntryPoints:
    @pytest.mark.parametrize(
        "command",
        [
            [sys.executable, "-m", "rekrytera"],
            [str(Path(sys.executable).parent / "rekrytera")],
        ],
        ids=["python -m", "console script"],
    )
    @pytest.mark.usefixtures("english")
    def test_installed(self, command: list[str], example: Path) -> None:
        """`python -m rekrytera` and the installed `rekrytera` script behave the same."""
        version = subprocess.run(
            [*command, "--version"], capture_output=True, text=True, check=True
        )
        assert version.stdout.strip() == f"rekrytera {__version__}"
        check = subprocess.run([*command, "check", str(example)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        bad = subprocess.run(
            [*command, "check", "/nonexistent.toml"], capture_output=True, text=True
        )
        assert bad.returncode == 2
        assert bad.stdout == "/nonexistent.toml: no such file: /nonexistent.toml\n"


EXAMPLE = Path(__file__).parent.parent / "examples" / "enhetschef-personlig-assistans.toml"


class TestPipes:
    def test_pipefail_head(self) -> None:
        """`set -o pipefail; rekrytera score FILE | head -1` succeeds: scripts can rely on it."""
        script = f"set -o pipefail; {sys.executable} -m rekrytera score {EXAMPLE} | head -1"
        result = subprocess.run(
            ["bash", "-c", script], capture_output=True, text=True, timeout=120, check=False
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.count("\n") == 1
        assert result.stderr == ""

    def test_closed_pipe_is_quiet(self) -> None:
        """A reader that stops early (like `| head -1`) gets no traceback and no 'internal error'.

        The output (the same file summarised 400 times, ~0.2 MB) is larger than
        a pipe holds, so writing after the reader is gone fails: rekrytera exits
        0 quietly, as `head` expects of the commands before it.
        """
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "rekrytera",
                "participation",
                "--format",
                "json",
                *[str(EXAMPLE)] * 400,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert proc.stdout is not None
        proc.stdout.readline()
        proc.stdout.close()
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0
        assert err == b""
        assert b"Traceback" not in err


class TestForce:
    """--force means one thing everywhere: replace an output that exists."""

    @pytest.mark.parametrize(
        ("argv", "output"),
        [
            (["report", str(EXAMPLE), "-o", "{out}"], "memo.html"),
            (["anonymise", str(EXAMPLE), "-o", "{out}"], "copy.json"),
            (["export", str(EXAMPLE), "--to", "{out}"], "copy.toml"),
            (["init", "--template", "socialsekreterare-barn-unga", "-o", "{out}"], "new.toml"),
            (["simulate", "--recruitments", "2", "--to", "{out}"], "sim.sqlite"),
        ],
    )
    @pytest.mark.usefixtures("english")
    def test_refused_then_forced(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        argv: list[str],
        output: str,
    ) -> None:
        """An existing output is kept (exit 2, one line) until --force replaces it."""
        out = tmp_path / output
        out.write_text("keep me", encoding="utf-8")
        args = [a.format(out=out) for a in argv]
        code, _, err = run(capsys, *args)
        assert code == 2
        assert err == f"rekrytera: {out} exists; use --force to replace it\n"
        assert out.read_text(encoding="utf-8") == "keep me"
        code, _, err = run(capsys, *args, "--force")
        assert code == 0, err
        assert out.read_bytes() != b"keep me"

    def test_export_adds_to_a_store(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A store is updated in place: exporting into one needs no --force."""
        store = tmp_path / "s.sqlite"
        assert run(capsys, "export", str(EXAMPLE), "--to", str(store))[0] == 0
        assert run(capsys, "export", str(EXAMPLE), "--to", str(store))[0] == 0

    @pytest.mark.usefixtures("english")
    def test_simulate_force_leaves_no_stale_files(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """simulate --force into a folder removes the earlier run's files, not others."""
        folder = tmp_path / "sim"
        assert (
            run(capsys, "simulate", "--recruitments", "5", "--seed", "1", "--to", str(folder))[0]
            == 0
        )
        (folder / "README.txt").write_text("mine", encoding="utf-8")
        code, _, err = run(
            capsys, "simulate", "--recruitments", "2", "--seed", "2", "--to", str(folder)
        )
        assert code == 2
        assert "use --force" in err
        assert len(list(folder.glob("*.json"))) == 5
        argv = ["simulate", "--recruitments", "2", "--seed", "2", "--to", str(folder), "--force"]
        assert run(capsys, *argv)[0] == 0
        assert len(list(folder.glob("*.json"))) == 2
        assert (folder / "README.txt").read_text(encoding="utf-8") == "mine"
