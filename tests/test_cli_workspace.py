"""`rekrytera invite` and `rekrytera serve` from the command line."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from rekrytera.cli import main
from rekrytera.cli.workspace import _loopback
from rekrytera.exporters import Store
from rekrytera.workspace import LinkRefused, Workspace

REC = "hbg-2026-017"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


class TestInvite:
    def test_json(self, capsys: pytest.CaptureFixture[str], open_store: Path) -> None:
        """JSON is a list of {panelist, role, url}, one per panelist, each URL under the base."""
        code, out, _ = run(
            capsys,
            "invite",
            str(open_store),
            REC,
            "--base-url",
            "https://rek.example/",
            "--format",
            "json",
        )
        assert code == 0
        rows = json.loads(out)
        assert [set(r) for r in rows] == [{"panelist", "role", "url"}] * 7
        assert {r["panelist"]: r["role"] for r in rows}["inv1"] == "resident"
        for r in rows:
            assert r["url"].startswith("https://rek.example/l/")
        with Store(open_store) as store:
            token = rows[0]["url"].rsplit("/", 1)[1]
            _, access = Workspace(store).enter(token, "127.0.0.1")
            assert access.panelist == rows[0]["panelist"]

    @pytest.mark.usefixtures("english")
    def test_text_and_one_panelist(
        self, capsys: pytest.CaptureFixture[str], open_store: Path
    ) -> None:
        """--panelist makes a link for that panelist only; text is a table."""
        code, out, _ = run(capsys, "invite", str(open_store), REC, "--panelist", "inv1")
        assert code == 0
        lines = out.splitlines()
        assert lines[0].split() == ["panelist", "role", "link"]
        assert len(lines) == 2
        assert lines[1].startswith("inv1")
        assert "http://127.0.0.1:8000/l/" in lines[1]

    @pytest.mark.usefixtures("english")
    def test_revoke(self, capsys: pytest.CaptureFixture[str], open_store: Path) -> None:
        """--revoke ends a panelist's links."""
        run(capsys, "invite", str(open_store), REC, "--panelist", "inv1", "--format", "json")
        code, out, _ = run(capsys, "invite", str(open_store), REC, "--revoke", "inv1")
        assert (code, out) == (0, "inv1: 1 link revoked\n")
        with Store(open_store) as store:
            assert Workspace(store).links(REC)[0].revoked is not None

    def test_revoked_link_refused(
        self, capsys: pytest.CaptureFixture[str], open_store: Path
    ) -> None:
        """A link revoked from the command line no longer signs in."""
        _, out, _ = run(
            capsys, "invite", str(open_store), REC, "--panelist", "hr", "--format", "json"
        )
        token = json.loads(out)[0]["url"].rsplit("/", 1)[1]
        run(capsys, "invite", str(open_store), REC, "--revoke", "hr")
        with Store(open_store) as store, pytest.raises(LinkRefused):
            Workspace(store).enter(token, "127.0.0.1")

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["nope"], "has no recruitment 'nope'; it has: hbg-2026-017"),
            ([REC, "--panelist", "x9"], "no panelist 'x9' in hbg-2026-017"),
            ([REC, "--revoke", "x9"], "no panelist 'x9' in hbg-2026-017"),
            ([REC, "--valid-days", "0"], "valid_days must be a positive number"),
        ],
    )
    @pytest.mark.usefixtures("english")
    def test_bad_input(
        self,
        capsys: pytest.CaptureFixture[str],
        open_store: Path,
        args: list[str],
        message: str,
    ) -> None:
        """Unknown recruitments and panelists are exit 2 with one line; nothing is made."""
        code, out, err = run(capsys, "invite", str(open_store), *args)
        assert code == 2
        assert out == ""
        assert message in err
        assert err.count("\n") == 1
        with Store(open_store) as store:
            assert Workspace(store).links(REC) == []

    @pytest.mark.usefixtures("english")
    def test_no_store(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A missing store is exit 2 saying how to make one, and no file is created."""
        code, _, err = run(capsys, "invite", str(tmp_path / "x.sqlite"), REC)
        assert code == 2
        assert "rekrytera export FILE --to" in err
        assert not (tmp_path / "x.sqlite").exists()


class TestServe:
    def test_loopback(self) -> None:
        """Only loopback addresses count as this machine only."""
        for host in ("127.0.0.1", "127.0.0.2", "::1", "localhost"):
            assert _loopback(host), host
        for host in ("0.0.0.0", "192.0.2.7", "::", "example.org"):
            assert not _loopback(host), host

    @pytest.mark.usefixtures("english")
    def test_without_the_extra(self, tmp_path: Path, open_store: Path) -> None:
        """Without the web extra: one line naming the install, exit 2."""
        hide = "import sys; sys.modules['uvicorn'] = None"
        call = f"from rekrytera.cli import main; raise SystemExit(main(['serve', {str(open_store)!r}]))"
        result = subprocess.run(
            [sys.executable, "-c", f"{hide}; {call}"], capture_output=True, text=True, check=False
        )
        assert result.returncode == 2
        assert result.stderr == (
            "rekrytera: serve needs the web extra (uvicorn is missing): "
            "pip install 'rekrytera[web]'\n"
        )

    def test_serves_on_127_0_0_1(self, open_store: Path) -> None:
        """`rekrytera serve` answers on 127.0.0.1 and never prints a link's token."""
        pytest.importorskip(
            "uvicorn", reason="the web extra is not installed: pip install '.[web]'"
        )
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        with Store(open_store) as store:
            (invitation,) = Workspace(store).invite(REC, ["inv1"])
        process = subprocess.Popen(
            [sys.executable, "-m", "rekrytera", "serve", str(open_store), "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 20
            while True:
                try:
                    urllib.request.urlopen(f"{base}/static/style.css", timeout=2).close()
                    break
                except (urllib.error.URLError, ConnectionError):
                    assert time.monotonic() < deadline, "serve did not start"
                    time.sleep(0.1)

            class NoRedirect(urllib.request.HTTPRedirectHandler):
                def redirect_request(self, *args: object, **kwargs: object) -> None:
                    return None

            opener = urllib.request.build_opener(NoRedirect)
            with pytest.raises(urllib.error.HTTPError) as answer:
                opener.open(f"{base}/l/{invitation.token}", timeout=5)
            assert answer.value.code == 303
            assert "rekrytera_session=" in answer.value.headers["set-cookie"]
            answer.value.close()
        finally:
            process.terminate()
            out, err = process.communicate(timeout=20)
        assert invitation.token not in out + err
        assert "http://127.0.0.1:" in err
        assert "TLS" not in err  # loopback: no warning about other machines
