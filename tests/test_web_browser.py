"""The workspace in a real browser: Playwright drives Debian's chromium against uvicorn on 127.0.0.1.

The whole recruitment (invite, two staff and one resident rate, sealing checked at
each step, calibration, the resident's own ranking, the decision), axe-core on
every page at 360 px and at desktop width, a keyboard-only walk through the
resident's pages, and the screenshots the documentation shows (rewritten in
docs/_static/workspace/ only with REKRYTERA_SCREENSHOTS=1).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from axe_playwright_python.sync_playwright import Axe
from playwright import sync_api as playwright

from rekrytera.cli import main
from rekrytera.web import create_app

from .conftest import CHROMIUM_FLAGS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: The screenshots the documentation shows are rewritten only when asked for
#: (``REKRYTERA_SCREENSHOTS=1 python3 -m nox -s tests``); otherwise they are
#: taken all the same, into a temporary folder, so a test run leaves the
#: working tree as it found it.
SHOTS = (
    Path(__file__).parent.parent / "docs" / "_static" / "workspace"
    if os.environ.get("REKRYTERA_SCREENSHOTS")
    else Path(tempfile.gettempdir()) / "rekrytera-screenshots"
)
REC = "hbg-2026-017"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _need_chromium() -> str:
    if CHROMIUM:
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail("CI must run the browser tests: noxfile.py installs Debian's chromium")
    pytest.skip("Debian's chromium is not installed (CI installs it: see noxfile.py)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium, headless, started once for the module and closed after it."""
    executable = _need_chromium()
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=executable,
            args=list(CHROMIUM_FLAGS),
        )
        yield b
        b.close()


@pytest.fixture
def server(open_store: Path) -> Iterator[str]:
    """uvicorn serving the workspace on 127.0.0.1 and a free port; stopped after the test."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(
        create_app(open_store), host="127.0.0.1", port=port, log_level="warning", access_log=False
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    assert not thread.is_alive()


@pytest.fixture
def links(server: str, open_store: Path) -> dict[str, str]:
    """The panel's personal links, made by `rekrytera invite --format json`."""
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["invite", str(open_store), REC, "--base-url", server, "--format", "json"])
    assert code == 0
    rows = json.loads(out.getvalue())
    assert {r["role"] for r in rows} >= {"hiring_manager", "hr", "colleague", "resident"}
    return {r["panelist"]: r["url"] for r in rows}


class Checked:
    """Pages visited in one test: each one checked with axe and for sideways scrolling."""

    def __init__(self) -> None:
        self.axe = Axe()
        self.pages: list[str] = []

    def __call__(self, page: Any, label: str) -> None:
        for width in (360, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            result = self.axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
            problems = [
                (v["id"], [n["target"] for n in v["nodes"]][:3])
                for v in result.response["violations"]
            ]
            assert not problems, (label, width, problems)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, (label, width, scroll)
        self.pages.append(label)


def _shot(page: Any, name: str, width: int = 360) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _rate(page: Any, base: str, candidate: str, scores: dict[str, int], note: str) -> None:
    page.goto(f"{base}/rate/{candidate}/interview")
    for key, value in scores.items():
        page.check(f'input[name="score.{key}"][value="{value}"]')
    page.fill("#note", note)
    page.check("#confirm")
    page.click('button[value="submit"]')
    assert "inlämnad" in page.inner_text("main")


class TestWholeRecruitment:
    def test_invite_rate_calibrate_rank_decide(
        self, browser: Any, server: str, links: dict[str, str]
    ) -> None:
        """Two staff and a resident rate sealed; calibration opens; the resident ranks; the
        hiring manager decides — every page passes axe at 360 px and desktop width."""
        check = Checked()
        contexts = {who: browser.new_context() for who in ("chef", "hr", "kollega", "inv1")}
        pages = {who: ctx.new_page() for who, ctx in contexts.items()}
        try:
            for who, page in pages.items():
                page.goto(links[who])
                assert page.url == f"{server}/"  # the token left the address bar
            inv1, hr, kollega, chef = pages["inv1"], pages["hr"], pages["kollega"], pages["chef"]
            check(inv1, "home (resident)")
            _shot(inv1, "home-resident")
            inv1.goto(f"{server}/prepare")
            check(inv1, "preparation")
            _shot(inv1, "prepare")

            # The resident opens k1 before anyone rated: nothing of others'.
            inv1.goto(f"{server}/rate/k1/interview")
            check(inv1, "rating form")
            _shot(inv1, "rate")

            _rate(hr, server, "k1", {"trygghet": 4, "relationsskapande": 3}, "HR-NOTERING")
            check(hr, "submitted rating")
            _rate(kollega, server, "k1", {"trygghet": 3}, "KOLLEGA-NOTERING")
            inv1.reload()
            assert "HR-NOTERING" not in inv1.content()  # sealed: the resident has not rated

            _rate(inv1, server, "k1", {"trygghet": 5, "relationsskapande": 5}, "Varm och tydlig")
            assert "HR-NOTERING" not in inv1.content()  # sealed: calibration is not open
            assert "visas när du har lämnat in" in inv1.inner_text("main")

            chef.goto(f"{server}/chair")
            check(chef, "chair")
            main_text = chef.inner_text("main")
            assert "Inlämnad" in main_text
            assert "HR-NOTERING" not in chef.content()  # who submitted, never what
            chef.click("text=Öppna samtalet i panelen")
            assert "Samtalet i panelen är nu öppet" in chef.inner_text("main")
            _shot(chef, "chair", width=1000)

            inv1.goto(f"{server}/rate/k1/interview")
            assert "HR-NOTERING" in inv1.content()  # open now, for one who has rated
            check(inv1, "rating after calibration")
            inv1.click("text=Ge en ny bedömning efter samtalet")
            check(inv1, "calibrated rating form")
            inv1.check('input[name="score.trygghet"][value="4"]')
            inv1.check("#confirm")
            inv1.click('button[value="submit"]')
            assert "inlämnad" in inv1.inner_text("main")

            inv1.goto(f"{server}/ranking")
            check(inv1, "ranking")
            inv1.select_option("#place-k2", "1")
            inv1.select_option("#place-k1", "2")
            inv1.fill("#comment", "k2 lyssnade mest")
            inv1.click("text=Spara rangordningen")
            assert "Din rangordning är sparad" in inv1.inner_text("main")

            chef.goto(f"{server}/chair/memo")
            check(chef, "decision memo")
            memo = chef.inner_text("body")
            assert "Bedömarnas egna rangordningar" in memo
            assert "1. k2, 2. k1" in memo
            chef.goto(f"{server}/chair")
            chef.check("#hired-k2")
            chef.fill("#motivation", "Högst sammanvägt.")
            chef.click("text=Spara beslutet")
            assert "Beslutet är sparat" in chef.inner_text("main")
            chef.goto(f"{server}/chair/audit")
            check(chef, "audit log")
            assert "Högst sammanvägt" not in chef.content()

            chef.goto(f"{server}/lang/en?back=/chair")
            assert "Hiring manager and HR" in chef.inner_text("main")
            check(chef, "chair in English")
            _shot(chef, "chair-en", width=1000)
            inv1.goto(f"{server}/lang/en?back=/rate/k2/interview")
            assert "Rate k2" in inv1.inner_text("main")
            _shot(inv1, "rate-en")
            inv1.goto(f"{server}/prepare")
            _shot(inv1, "prepare-en")
        finally:
            for ctx in contexts.values():
                ctx.close()
        assert len(check.pages) == 11

    def test_refusal_page(self, browser: Any, server: str) -> None:
        """A wrong link shows a plain, accessible page and no data."""
        page = browser.new_page()
        try:
            response = page.goto(f"{server}/l/{'x' * 43}")
            assert response.status == 403
            Checked()(page, "refused")
            assert "Länken fungerar inte" in page.inner_text("main")
        finally:
            page.close()


class TestOtherPages:
    def test_supporter_errors_and_refusals(
        self, browser: Any, server: str, links: dict[str, str]
    ) -> None:
        """The supporter's pages, pages with errors, and the plain pages pass axe too."""
        check = Checked()
        page = browser.new_page()
        try:
            page.goto(links["metodstod"])
            check(page, "home (supporter)")
            page.click("text=Förbered dig: inv1")
            check(page, "preparation (supporter)")
            page.goto(links["inv1"])
            page.goto(f"{server}/rate/k1/interview")
            page.check('input[name="score.trygghet"][value="3"]')
            page.click('button[value="submit"]')  # without the confirmation
            assert "Kryssa i rutan" in page.inner_text("main")
            check(page, "rating with an error")
            page.goto(f"{server}/ranking")
            page.select_option("#place-k1", "1")
            page.select_option("#place-k2", "1")
            page.click("text=Spara rangordningen")
            assert "samma plats" in page.inner_text("main")
            check(page, "ranking with an error")
            page.goto(f"{server}/introduction")
            assert "De sex stegen" in page.inner_text("main")
            check(page, "introduction")
            page.goto(f"{server}/feedback")
            assert "Tack för att du var med" in page.inner_text("main")
            check(page, "feedback")
            page.goto(f"{server}/no-such-page")
            check(page, "not found")
            page.goto(f"{server}/")
            page.click("text=Logga ut")
            assert "Du är utloggad" in page.inner_text("main")
            check(page, "signed out")
        finally:
            page.close()
        assert len(check.pages) == 8


class TestResidentWithKeyboard:
    def _tab_to(self, page: Any, selector: str, limit: int = 60) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(
                "(s) => document.activeElement && document.activeElement.matches(s)", selector
            ):
                return
        raise AssertionError(f"Tab never reached {selector}")

    def test_keyboard_only(self, browser: Any, server: str, links: dict[str, str]) -> None:
        """A resident prepares, rates and ranks with Tab, arrows, Space and Enter alone."""
        page = browser.new_page(viewport={"width": 360, "height": 800})
        try:
            page.goto(links["inv1"])
            self._tab_to(page, 'a[href="/prepare"]')
            page.keyboard.press("Enter")
            page.wait_for_url(f"{server}/prepare")
            self._tab_to(page, 'form[action="/prepare"] button')
            page.keyboard.press("Enter")
            page.wait_for_selector("text=Tack!")

            page.goto(f"{server}/")
            self._tab_to(page, 'a[href="/rate/k2/interview"]')
            page.keyboard.press("Enter")
            page.wait_for_url(f"{server}/rate/k2/interview")
            self._tab_to(page, 'input[name="score.trygghet"]')  # "cannot rate", the last
            for _ in range(4):
                page.keyboard.press("ArrowDown")  # wraps to level 1, then up to level 4
            assert page.is_checked('input[name="score.trygghet"][value="4"]')
            self._tab_to(page, "#note")
            page.keyboard.type("Gav ett konkret exempel.")
            self._tab_to(page, "#confirm")
            page.keyboard.press("Space")
            self._tab_to(page, 'button[value="submit"]')
            page.keyboard.press("Enter")
            page.wait_for_selector("text=Bedömningen är inlämnad")

            page.goto(f"{server}/ranking")
            self._tab_to(page, "#place-k2")
            page.keyboard.press("ArrowDown")  # "Ingen plats" -> 1
            assert page.eval_on_selector("#place-k2", "e => e.value") == "1"
            self._tab_to(page, 'form[action="/ranking"] button[type="submit"]')
            page.keyboard.press("Enter")
            page.wait_for_selector("text=Din rangordning är sparad")
        finally:
            page.close()


class TestAutosave:
    def test_typing_is_saved_without_a_button(
        self, browser: Any, server: str, links: dict[str, str]
    ) -> None:
        """The optional script saves the draft as the panelist types: a reload loses nothing,
        and a personal identity number in the note is warned about."""
        page = browser.new_page()
        try:
            page.goto(links["kollega"])
            page.goto(f"{server}/rate/k3/interview")
            page.check('input[name="score.trygghet"][value="2"]')
            page.fill("#note", "Ringde 850101–1236 om referenser")
            page.wait_for_selector(".autosave-status:has-text('Sparat')")
            page.wait_for_selector("#note-warning:has-text('personnummer')")
            page.reload()
            assert page.input_value("#note") == "Ringde 850101–1236 om referenser"
            assert page.is_checked('input[name="score.trygghet"][value="2"]')
        finally:
            page.close()
