"""A municipality's policy applies wherever a recruitment is acted on, not only in ``check``.

The policy is a real installed distribution with an entry point: every panel
includes a resident. ``score``, ``report``, ``export``, ``anonymise`` and
``serve`` (and their Python functions) refuse a panel without one, naming the
plugin; an administrator can skip it for one command, which is printed,
logged and shown in the result.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

import rekrytera
from rekrytera import PolicySkipped, PolicyViolation
from rekrytera.cli import main
from rekrytera.exceptions import UnknownName
from rekrytera.plugins import default_registry
from tests.conftest import SOCIAL, Clock, install

PLUGIN = "rekrytera_test_policy"
DIST = "rekrytera-test-policy 1.2.3"
POLICY = """
    import rekrytera
    from rekrytera import Problem
    from rekrytera.model import Role

    @rekrytera.hookimpl
    def rekrytera_validate(recruitment):
        if not any(p.role is Role.RESIDENT for p in recruitment.panel):
            yield Problem("panel", "every panel includes a resident")
"""


@pytest.fixture
def policy(installed: Path) -> Iterator[None]:
    """The policy installed as a distribution, and the process's registry reloaded."""
    install(installed, "rekrytera-test-policy", PLUGIN, POLICY)
    default_registry.cache_clear()
    yield
    default_registry.cache_clear()


@pytest.fixture
def no_resident(tmp_path: Path, minimal_toml: str) -> Path:
    """A valid recruitment whose only resident became a colleague."""
    path = tmp_path / "no-resident.toml"
    path.write_text(minimal_toml.replace('role = "resident"', 'role = "colleague"'), "utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _commands(tmp_path: Path, source: Path) -> dict[str, tuple[list[str], Path | None]]:
    """Each command that acts on a recruitment, with what it would write."""
    return {
        "score": (["score", str(source)], None),
        "report": (
            ["report", str(source), "-o", str(tmp_path / "memo.html")],
            tmp_path / "memo.html",
        ),
        "export": (
            ["export", str(source), "--to", str(tmp_path / "out.json")],
            tmp_path / "out.json",
        ),
        "anonymise": (
            ["anonymise", str(source), "-o", str(tmp_path / "anon.toml")],
            tmp_path / "anon.toml",
        ),
    }


@pytest.mark.usefixtures("policy")
class TestCommands:
    @pytest.mark.parametrize("command", ["score", "report", "export", "anonymise"])
    def test_refused(
        self,
        command: str,
        tmp_path: Path,
        no_resident: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A broken policy is exit 2, one line naming the file, the plugin and its distribution."""
        argv, written = _commands(tmp_path, no_resident)[command]
        code, out, err = run(capsys, *argv)
        assert (code, out) == (2, "")
        assert err == (
            f"{no_resident}: panel: every panel includes a resident (policy '{PLUGIN}', {DIST})\n"
        )
        assert written is None or not written.exists()

    @pytest.mark.parametrize("command", ["score", "report", "export", "anonymise"])
    def test_skipped_by_an_administrator(
        self,
        command: str,
        tmp_path: Path,
        no_resident: Path,
        capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        """--skip-policy lets the command go ahead; it says so on stderr and in the log."""
        argv, written = _commands(tmp_path, no_resident)[command]
        with caplog.at_level(logging.WARNING, logger="rekrytera.policies"):
            code, _, err = run(capsys, *argv, "--skip-policy", PLUGIN)
        assert code == 0
        assert (
            f"rekrytera: note: policy '{PLUGIN}' was skipped for test-1 by an administrator" in err
        )
        assert [r.getMessage() for r in caplog.records] == [f"policy '{PLUGIN}' skipped for test-1"]
        assert written is None or written.exists()

    def test_skip_is_not_also_printed_by_logging(self, installed: Path, no_resident: Path) -> None:
        """Outside pytest no handler is set: the log record must not reach stderr in English."""
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(installed), *sys.path])}
        argv = [sys.executable, "-m", "rekrytera", "score", str(no_resident)]
        done = subprocess.run(
            [*argv, "--skip-policy", PLUGIN], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0
        assert done.stderr == (
            f"rekrytera: obs: policyn '{PLUGIN}' hoppades över för test-1 av en administratör\n"
        )

    def test_skip_is_recorded_in_the_result(
        self, tmp_path: Path, no_resident: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The JSON, the table and the memo name the skipped policy."""
        _, out, _ = run(
            capsys, "score", str(no_resident), "--format", "json", "--skip-policy", PLUGIN
        )
        assert json.loads(out)["skipped_policies"] == [PLUGIN]
        _, out, _ = run(capsys, "score", str(no_resident), "--skip-policy", PLUGIN)
        assert f"An administrator skipped these policies for this result: {PLUGIN}." in out
        memo = tmp_path / "memo.html"
        run(capsys, "report", str(no_resident), "-o", str(memo), "--skip-policy", PLUGIN)
        assert f"An administrator skipped these policies for this result: {PLUGIN}." in (
            memo.read_text("utf-8")
        )

    def test_unknown_skip_is_an_error(
        self, no_resident: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A misspelt --skip-policy skips nothing and says what there is."""
        code, _, err = run(
            capsys, "score", str(no_resident), "--skip-policy", "rekrytera_test_polcy"
        )
        assert code == 2
        assert err == (
            "rekrytera: no installed plugin checks a policy called 'rekrytera_test_polcy' "
            f"(did you mean '{PLUGIN}'?); available: {PLUGIN}\n"
        )

    def test_compliant_recruitment(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A recruitment that keeps the policy is scored as before, with nothing on stderr."""
        code, _, err = run(capsys, "score", str(SOCIAL))
        assert (code, err) == (0, "")

    def test_check_still_reports_it(
        self, no_resident: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, _ = run(capsys, "check", str(no_resident))
        assert code == 2
        assert f"(policy '{PLUGIN}', {DIST})" in out

    def test_swedish(self, no_resident: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The words around the plugin's own message follow the command's language."""
        code = main(["score", str(no_resident), "--skip-policy", "nope"])
        err = capsys.readouterr().err
        assert code == 2
        assert err.startswith("rekrytera: inget installerat tillägg kontrollerar en policy")

    def test_serve_refuses_the_store(
        self, tmp_path: Path, no_resident: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """serve starts no server on a store with a recruitment that breaks a policy."""
        pytest.importorskip("starlette", reason="serve needs the web extra")
        store = tmp_path / "store.sqlite"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PolicySkipped)
            rekrytera.export(rekrytera.load(no_resident), store, skip_policies=[PLUGIN])
        code, out, err = run(capsys, "serve", str(store), "--port", "1")
        assert (code, out) == (2, "")
        assert err == (
            f"{store}#test-1: panel: every panel includes a resident (policy '{PLUGIN}', {DIST})\n"
        )


@pytest.mark.usefixtures("policy")
class TestPythonAPI:
    def test_every_function_refuses(self, tmp_path: Path, no_resident: Path) -> None:
        rec = rekrytera.load(no_resident)
        with pytest.raises(PolicyViolation, match=PLUGIN):
            rekrytera.score(rec)
        with pytest.raises(PolicyViolation, match=PLUGIN):
            rekrytera.report.render(rec)
        with pytest.raises(PolicyViolation, match=PLUGIN):
            rekrytera.anonymise(rec, b"k" * 32)
        with pytest.raises(PolicyViolation, match=PLUGIN):
            rekrytera.export(rec, tmp_path / "x.json")
        assert not (tmp_path / "x.json").exists()

    def test_export_writes_nothing_when_one_breaks(self, tmp_path: Path, no_resident: Path) -> None:
        """Of several recruitments, one that breaks a policy stops the whole export."""
        good, bad = rekrytera.load(SOCIAL), rekrytera.load(no_resident)
        with pytest.raises(PolicyViolation) as caught:
            rekrytera.export([good, bad], tmp_path / "out.sqlite")
        assert [p.path for p in caught.value.problems] == ["test-1.panel"]
        assert not (tmp_path / "out.sqlite").exists()

    def test_skip(self, no_resident: Path) -> None:
        rec = rekrytera.load(no_resident)
        with pytest.warns(PolicySkipped, match=PLUGIN):
            result = rekrytera.score(rec, skip_policies=[PLUGIN])
        assert result.skipped_policies == (PLUGIN,)
        with pytest.raises(UnknownName, match="no installed plugin checks a policy called 'x'"):
            rekrytera.score(rec, skip_policies=["x"])

    def test_workspace(self, tmp_path: Path, no_resident: Path) -> None:
        pytest.importorskip("starlette", reason="the workspace needs the web extra")
        from rekrytera.web import Settings, create_app

        store = tmp_path / "store.sqlite"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PolicySkipped)
            rekrytera.export(rekrytera.load(no_resident), store, skip_policies=[PLUGIN])
        with pytest.raises(PolicyViolation, match=PLUGIN):
            create_app(store)
        with pytest.warns(PolicySkipped):
            create_app(store, settings=Settings(skip_policies=(PLUGIN,)))


def test_workspace_page_when_a_policy_breaks_after_start(
    installed: Path, open_store: Path, clock: Clock
) -> None:
    """A recruitment that breaks a policy after the server started gets a page, not a 500."""
    pytest.importorskip("starlette", reason="the workspace needs the web extra")
    import attrs
    from starlette.testclient import TestClient

    from rekrytera.exporters import Store
    from rekrytera.web import Settings, create_app
    from rekrytera.workspace import Workspace

    install(
        installed,
        "rekrytera-test-title",
        "rekrytera_test_title",
        """
        import rekrytera
        from rekrytera import Problem

        @rekrytera.hookimpl
        def rekrytera_validate(recruitment):
            if "BRYTER" in recruitment.title:
                yield Problem("recruitment.title", "no titles that break the rule")
        """,
        groups=("rekrytera.policies",),
    )
    default_registry.cache_clear()
    try:
        with Store(open_store) as s:
            rec_id = s.ids()[0]
            tokens = {i.panelist: i.token for i in Workspace(s, clock=clock).invite(rec_id)}
        app = create_app(open_store, settings=Settings(clock=clock))
        with Store(open_store) as s:
            rec = s.get(rec_id)
        broken = attrs.evolve(rec, info=attrs.evolve(rec.info, title="BRYTER mot regeln"))
        with warnings.catch_warnings():  # an administrator put it there, skipping the policy
            warnings.simplefilter("ignore", PolicySkipped)
            rekrytera.export(broken, open_store, skip_policies=["rekrytera_test_title"])
        with TestClient(app) as chef:
            assert chef.get(f"/l/{tokens['chef']}", follow_redirects=False).status_code == 303
            page = chef.get("/chair")
        assert page.status_code == 409
        assert "Rekryteringen följer inte en av kommunens regler" in page.text
    finally:
        default_registry.cache_clear()


def test_without_policies_nothing_changes(no_resident: Path) -> None:
    """With no policy installed, a panel without residents is scored as before."""
    default_registry.cache_clear()
    assert rekrytera.score(rekrytera.load(no_resident)).skipped_policies == ()
