"""The workspace over HTTP (Starlette's test client): every refusal, headers, privacy, the flow."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from starlette.testclient import TestClient

import rekrytera
from rekrytera.exporters import Store
from rekrytera.model import Decision, Identity
from rekrytera.web import Settings, create_app
from rekrytera.workspace import DAY, Workspace

from .conftest import Clock

REC = "hbg-2026-017"
#: Identity values planted on the candidates: none may reach a resident's page.
PLANTED = {
    "k1": Identity(
        name="Anna Andersson",
        email="anna.andersson@example.se",
        phone="070-174 06 05",
        personal_id="19850101-1236",
        identifiers={"arende": "AB-778812"},
    ),
}
SECRET_VALUES = [
    "anna.andersson@example.se",
    "070-174 06 05",
    "0701740605",
    "19850101-1236",
    "850101",
    "AB-778812",
    "m.rahimi@example.se",
    "070-174 06 11",
]


@pytest.fixture
def store(open_store: Path) -> Path:
    """The open store, with a personal identity number and a case number on k1."""
    with Store(open_store) as s:
        rec = s.get(REC)
        s.put(
            attrs.evolve(
                rec,
                candidates=[
                    attrs.evolve(c, identity=PLANTED.get(c.id, c.identity)) for c in rec.candidates
                ],
            )
        )
    return open_store


@pytest.fixture
def app_and_links(store: Path, clock: Clock) -> tuple[object, dict[str, str]]:
    with Store(store) as s:
        tokens = {i.panelist: i.token for i in Workspace(s, clock=clock).invite(REC)}
    return create_app(store, settings=Settings(clock=clock)), tokens


@pytest.fixture
def client(app_and_links: tuple[object, dict[str, str]]) -> Iterator[TestClient]:
    app, _ = app_and_links
    with TestClient(app) as c:  # type: ignore[arg-type]
        yield c


def sign_in(app_and_links: tuple[object, dict[str, str]], panelist: str) -> TestClient:
    app, tokens = app_and_links
    c = TestClient(app)  # type: ignore[arg-type]
    r = c.get(f"/l/{tokens[panelist]}", follow_redirects=False)
    assert r.status_code == 303, r.text
    assert r.headers["location"] == "/"
    return c


def csrf(c: TestClient, path: str) -> str:
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', c.get(path).text)
    assert match, path
    return match[1]


def no_recruitment_data(html: str) -> None:
    for word in ("Socialsekreterare", "k1", "Anna", "Andersson", "trygghet", "hbg-2026"):
        assert word not in html, word


class TestRefusals:
    def test_no_session(self, client: TestClient) -> None:
        """Without a link every page is a plain 403 with no recruitment data."""
        for path in ("/", "/rate/k1/interview", "/ranking", "/prepare", "/chair", "/chair/memo"):
            r = client.get(path)
            assert r.status_code == 403, path
            no_recruitment_data(r.text)

    def test_wrong_token(self, client: TestClient) -> None:
        """A wrong link is refused with no data and no cookie."""
        r = client.get("/l/" + "x" * 43, follow_redirects=False)
        assert r.status_code == 403
        assert "set-cookie" not in r.headers
        no_recruitment_data(r.text)

    def test_revoked(self, app_and_links: tuple[object, dict[str, str]], store: Path) -> None:
        """A revoked link no longer signs in, and the session it gave has ended."""
        c = sign_in(app_and_links, "inv1")
        with Store(store) as s:
            Workspace(s).revoke(REC, "inv1")
        assert c.get("/").status_code == 403
        _, tokens = app_and_links
        r = TestClient(app_and_links[0]).get(f"/l/{tokens['inv1']}")  # type: ignore[arg-type]
        assert r.status_code == 403

    def test_expired(self, app_and_links: tuple[object, dict[str, str]], clock: Clock) -> None:
        """Thirty days after the decision the links stop working."""
        chef = sign_in(app_and_links, "chef")
        r = chef.post("/chair/decision", data={"csrf": csrf(chef, "/chair"), "hired": "k2"})
        assert r.status_code == 200
        clock.now += 31 * DAY
        assert chef.get("/").status_code == 403
        _, tokens = app_and_links
        r = TestClient(app_and_links[0]).get(f"/l/{tokens['inv1']}")  # type: ignore[arg-type]
        assert r.status_code == 403

    def test_conflict_candidate(self, app_and_links: tuple[object, dict[str, str]]) -> None:
        """A panelist who declared a conflict takes no part: no candidate can be opened,
        rated or ranked, and the home page says why."""
        c = sign_in(app_and_links, "inv3")
        for candidate in ("k3", "k1"):
            assert c.get(f"/rate/{candidate}/interview").status_code == 403
            token = csrf(c, "/")
            r = c.post(f"/rate/{candidate}/interview", data={"csrf": token, "score.trygghet": "4"})
            assert r.status_code == 403
        assert c.get("/ranking").status_code == 403
        home = c.get("/").text
        assert "Du har anmält jäv mot en av de sökande" in home
        assert "/rate/" not in home

    def test_unknown_candidate_and_stage(
        self, app_and_links: tuple[object, dict[str, str]]
    ) -> None:
        """Unknown candidates and stages are 404, not errors."""
        c = sign_in(app_and_links, "inv1")
        assert c.get("/rate/k99/interview").status_code == 404
        assert c.get("/rate/k1/dance").status_code == 404

    def test_roles(self, app_and_links: tuple[object, dict[str, str]]) -> None:
        """Residents cannot reach the chair's pages; supporters cannot rate or rank."""
        inv1 = sign_in(app_and_links, "inv1")
        for path in ("/chair", "/chair/memo", "/chair/audit"):
            assert inv1.get(path).status_code == 403
        r = inv1.post("/chair/calibration", data={"csrf": csrf(inv1, "/")})
        assert r.status_code == 403
        stod = sign_in(app_and_links, "metodstod")
        assert stod.get("/rate/k1/interview").status_code == 403
        assert stod.get("/ranking").status_code == 403
        assert stod.get("/prepare/inv1").status_code == 200  # the resident they support
        assert inv1.get("/prepare/inv2").status_code == 403  # another resident's

    def test_missing_csrf(self, app_and_links: tuple[object, dict[str, str]], store: Path) -> None:
        """A post without the form's token (or with a wrong one) changes nothing."""
        c = sign_in(app_and_links, "chef")
        for data in ({}, {"csrf": "0" * 64}):
            r = c.post("/chair/calibration", data=data)
            assert r.status_code == 403
        with Store(store) as s:
            assert not Workspace(s).calibration_open(REC)

    def test_csrf_of_another_session(self, app_and_links: tuple[object, dict[str, str]]) -> None:
        """One panelist's form token is worthless in another's session."""
        inv1, chef = sign_in(app_and_links, "inv1"), sign_in(app_and_links, "chef")
        r = chef.post("/chair/calibration", data={"csrf": csrf(inv1, "/")})
        assert r.status_code == 403

    def test_rate_limit(
        self, client: TestClient, app_and_links: tuple[object, dict[str, str]]
    ) -> None:
        """After ten refused links from one address, even a good link waits (429)."""
        for _ in range(10):
            assert client.get("/l/wrong").status_code == 403
        _, tokens = app_and_links
        r = client.get(f"/l/{tokens['inv1']}")
        assert r.status_code == 429
        no_recruitment_data(r.text)


class TestHeadersAndLogs:
    def test_security_headers(self, app_and_links: tuple[object, dict[str, str]]) -> None:
        """Every page carries CSP without inline script, nosniff, DENY, no-referrer, no-store."""
        c = sign_in(app_and_links, "inv1")
        for path in ("/", "/rate/k1/interview", "/does-not-exist"):
            h = c.get(path).headers
            assert "script-src 'self'" in h["content-security-policy"]
            assert "unsafe-inline" not in h["content-security-policy"]
            assert h["x-content-type-options"] == "nosniff"
            assert h["x-frame-options"] == "DENY"
            assert h["referrer-policy"] == "no-referrer"
            assert h["cache-control"] == "no-store"

    def test_cookie_flags(self, app_and_links: tuple[object, dict[str, str]]) -> None:
        """The session cookie is HttpOnly and SameSite=Strict; Secure over HTTPS."""
        app, tokens = app_and_links
        r = TestClient(app).get(f"/l/{tokens['inv1']}", follow_redirects=False)  # type: ignore[arg-type]
        cookie = r.headers["set-cookie"].lower()
        assert "httponly" in cookie
        assert "samesite=strict" in cookie
        assert "secure" not in cookie
        secure = TestClient(app, base_url="https://testserver")  # type: ignore[arg-type]
        r = secure.get(f"/l/{tokens['hr']}", follow_redirects=False)
        assert "secure" in r.headers["set-cookie"].lower()

    def test_no_token_in_logs_or_urls(
        self, app_and_links: tuple[object, dict[str, str]], caplog: pytest.LogCaptureFixture
    ) -> None:
        """The log names route templates, never a token; the token leaves the address bar."""
        caplog.set_level(logging.INFO, logger="rekrytera.web")
        app, tokens = app_and_links
        c = TestClient(app)  # type: ignore[arg-type]
        r = c.get(f"/l/{tokens['inv1']}")
        assert str(r.url).endswith("/")
        c.get("/rate/k1/interview")
        text = caplog.text
        assert tokens["inv1"] not in text
        assert "GET /l/{token} 303" in text
        assert "GET /rate/{candidate}/{stage} 200" in text


class TestResidentPrivacy:
    def test_no_contact_details_anywhere(
        self, app_and_links: tuple[object, dict[str, str]], store: Path
    ) -> None:
        """No page a resident reaches holds a candidate's contact details or identity number,
        not even inside others' notes after calibration."""
        hr, chef = sign_in(app_and_links, "hr"), sign_in(app_and_links, "chef")
        inv1 = sign_in(app_and_links, "inv1")
        note = (
            "Ring på 070\u2011174\u00a006\u00a005, anna.andersson@example.se, "
            "pnr 19850101\u20131236, ärende AB-778812."
        )
        for who, c in (("hr", hr), ("inv1", inv1)):
            r = c.post(
                "/rate/k1/interview",
                data={
                    "csrf": csrf(c, "/"),
                    "score.trygghet": "4",
                    "note": note if who == "hr" else "",
                    "action": "submit",
                    "confirm": "yes",
                    "version": "0",
                },
            )
            assert r.status_code == 200, r.text
        chef.post("/chair/calibration", data={"csrf": csrf(chef, "/chair")})
        pages = ["/", "/ranking", "/prepare", "/introduction", "/feedback"] + [
            f"/rate/{c}/{s}" for c in ("k1", "k2", "k3", "k4") for s in ("interview", "work_sample")
        ]
        seen = [inv1.get(p) for p in pages]
        assert "Ring på" in seen[5].text  # k1's interview page shows hr's note…
        for page, r in zip(pages, seen, strict=True):
            for value in SECRET_VALUES:
                assert value not in r.text, (page, value)
            # No part of the phone number either, once the random form token is out.
            text = re.sub(r'name="csrf" value="[0-9a-f]+"', "", r.text)
            assert "174" not in text, page

    def test_note_warning(self, app_and_links: tuple[object, dict[str, str]]) -> None:
        """A note with a personal identity number gets a warning beside the field."""
        c = sign_in(app_and_links, "inv1")
        r = c.post(
            "/rate/k1/interview/draft",
            data={"csrf": csrf(c, "/"), "note": "pnr 850101–1236", "version": "0"},
        )
        assert r.json() == {"version": 1, "warnings": ["personal_id"]}
        page = c.get("/rate/k1/interview").text
        assert "verkar innehålla ett personnummer" in page


class TestFlow:
    def rate(self, c: TestClient, **data: str) -> Any:
        return c.post("/rate/k1/interview", data={"csrf": csrf(c, "/"), **data})

    def test_save_then_submit(
        self, app_and_links: tuple[object, dict[str, str]], store: Path
    ) -> None:
        """Save a draft, be refused without the confirmation, then submit and find it sealed."""
        c = sign_in(app_and_links, "inv1")
        r = self.rate(c, **{"score.trygghet": "4", "note": "Bra exempel", "version": "0"})
        assert "?done=saved" in str(r.url)
        assert 'value="4" checked' in c.get("/rate/k1/interview").text
        r = self.rate(c, **{"score.trygghet": "4", "version": "1", "action": "submit"})
        assert r.status_code == 400
        assert "Kryssa i rutan" in r.text
        version = re.search(r'name="version" value="(\d+)"', r.text)[1]  # type: ignore[index]
        r = self.rate(
            c, **{"score.trygghet": "4", "version": version, "action": "submit", "confirm": "yes"}
        )
        assert "Bedömningen är inlämnad" in r.text
        with Store(store) as s:
            (rating,) = s.get(REC).ratings
        assert (rating.panelist, rating.scores) == ("inv1", {"trygghet": 4.0})
        r = self.rate(c, **{"score.trygghet": "1", "version": "0", "action": "save"})
        with Store(store) as s:
            assert s.get(REC).ratings == (rating,)

    def test_stale_tab(self, app_and_links: tuple[object, dict[str, str]]) -> None:
        """A post from an older tab is refused with a clear message and saves nothing."""
        c = sign_in(app_and_links, "inv1")
        token = csrf(c, "/")
        c.post("/rate/k1/interview/draft", data={"csrf": token, "note": "new", "version": "0"})
        r = c.post("/rate/k1/interview/draft", data={"csrf": token, "note": "old", "version": "0"})
        assert r.status_code == 409
        r = self.rate(c, note="old", version="0")
        assert r.status_code == 409
        assert "annan flik" in r.text
        assert ">new</textarea>" in c.get("/rate/k1/interview").text

    def test_off_scale_is_400(self, app_and_links: tuple[object, dict[str, str]]) -> None:
        """A score off the scale (a tampered form) is refused."""
        c = sign_in(app_and_links, "inv1")
        assert self.rate(c, **{"score.trygghet": "7"}).status_code == 400
        assert self.rate(c, **{"score.trygghet": "nan"}).status_code == 400

    def test_ranking(self, app_and_links: tuple[object, dict[str, str]], store: Path) -> None:
        """A resident saves their own order; two candidates on one place is refused."""
        c = sign_in(app_and_links, "inv1")
        token = csrf(c, "/ranking")
        r = c.post("/ranking", data={"csrf": token, "place.k1": "1", "place.k2": "1"})
        assert r.status_code == 400
        r = c.post(
            "/ranking",
            data={"csrf": token, "place.k2": "1", "place.k1": "2", "comment": "Varm och tydlig"},
        )
        assert "Din rangordning är sparad" in r.text
        with Store(store) as s:
            (ranking,) = s.get(REC).rankings
        assert (ranking.order, ranking.comment) == (("k2", "k1"), "Varm och tydlig")

    def test_prepared(self, app_and_links: tuple[object, dict[str, str]], store: Path) -> None:
        """The resident's 'I have read this' is stored and shown."""
        c = sign_in(app_and_links, "inv1")
        r = c.post("/prepare", data={"csrf": csrf(c, "/prepare")})
        assert "Tack!" in r.text
        assert "Du har markerat att du har läst" in c.get("/").text

    def test_introduction_and_feedback(
        self, app_and_links: tuple[object, dict[str, str]], store: Path
    ) -> None:
        """A resident reads the introduction from home, and after the decision what their
        part led to; a supporter, who does not rate, gets no feedback link."""
        inv1 = sign_in(app_and_links, "inv1")
        home = inv1.get("/").text
        assert 'href="/introduction"' in home
        assert 'href="/feedback"' not in home  # not decided yet
        with Store(store) as s:
            rec = s.get(REC)
            s.put(attrs.evolve(rec, decision=Decision(hired=["k2"], decided_by="chef")))
        assert 'href="/feedback"' in inv1.get("/").text
        intro = inv1.get("/introduction")
        assert intro.status_code == 200
        assert "De sex stegen" in intro.text
        feedback = inv1.get("/feedback").text
        assert "Tack för att du var med" in feedback
        assert "Chefen anställde Mohammed Rahimi (k2)." in feedback
        assert 'href="/feedback"' not in sign_in(app_and_links, "metodstod").get("/").text
        assert sign_in(app_and_links, "chef").get("/introduction").status_code == 200

    def test_chair(self, app_and_links: tuple[object, dict[str, str]], store: Path) -> None:
        """The chair sees who submitted (not what), opens calibration, reads the memo, decides."""
        inv1, chef = sign_in(app_and_links, "inv1"), sign_in(app_and_links, "chef")
        self.rate(
            inv1,
            **{"score.trygghet": "2", "action": "submit", "confirm": "yes", "version": "0"},
        )
        inv1.post("/ranking", data={"csrf": csrf(inv1, "/ranking"), "place.k2": "1"})
        page = chef.get("/chair").text
        assert "Inlämnad" in page
        assert "Samtal i panelen" in page
        assert chef.get("/chair/memo").status_code == 403
        chef.post("/chair/calibration", data={"csrf": csrf(chef, "/chair")})
        memo = chef.get("/chair/memo")
        assert memo.status_code == 200
        assert "sha256-" in memo.headers["content-security-policy"]
        assert "Bedömarnas egna rangordningar" in memo.text
        assert "inv1 (invånare)" in memo.text
        r = chef.post(
            "/chair/decision",
            data={"csrf": csrf(chef, "/chair"), "hired": "k2", "motivation": "Bäst."},
        )
        assert "Beslutet är sparat" in r.text
        audit = chef.get("/chair/audit").text
        assert "sparade beslutet" in audit
        assert "Bäst." not in audit

    def test_new_links_from_the_chair(self, app_and_links: tuple[object, dict[str, str]]) -> None:
        """The chair can make new links; they are shown once and the old ones stop working."""
        chef = sign_in(app_and_links, "chef")
        r = chef.post("/chair/invite", data={"csrf": csrf(chef, "/chair")})
        urls = re.findall(r"http://testserver/l/[\w-]+", r.text)
        assert len(urls) == 6  # every panelist but the chair
        assert chef.get("/").status_code == 200  # the chair's own session goes on
        _, tokens = app_and_links
        app = app_and_links[0]
        assert TestClient(app).get(f"/l/{tokens['inv1']}").status_code == 403  # type: ignore[arg-type]
        assert TestClient(app).get(urls[0][len("http://testserver") :]).status_code == 200  # type: ignore[arg-type]

    def test_english(self, app_and_links: tuple[object, dict[str, str]]) -> None:
        """The language link switches every word to English."""
        c = sign_in(app_and_links, "inv1")
        r = c.get("/lang/en?back=/prepare")
        assert r.url.path == "/prepare"
        assert "Prepare" in r.text
        assert "Förbered dig" not in r.text


class TestCraftedRequests:
    def test_unknown_message_key(self, app_and_links: tuple[object, dict[str, str]]) -> None:
        """A made-up ?done= key shows no message rather than failing."""
        c = sign_in(app_and_links, "inv1")
        r = c.get("/ranking?done=bogus")
        assert r.status_code == 200
        assert 'class="notice"' not in r.text

    @pytest.mark.parametrize("back", ["//evil.example/", "/\\evil.example", "https://evil.example"])
    def test_language_switch_stays_here(self, client: TestClient, back: str) -> None:
        """The language switch only redirects to a path on this server."""
        r = client.get("/lang/en", params={"back": back}, follow_redirects=False)
        assert r.headers["location"] == "/"

    def test_chair_is_told_to_submit_first(
        self, app_and_links: tuple[object, dict[str, str]]
    ) -> None:
        """Before opening the discussion, a chair who rates sees how many ratings are left."""
        chef = sign_in(app_and_links, "chef")
        assert "Du har 8 egna bedömningar kvar" in chef.get("/chair").text


def test_every_text_in_both_languages_and_used() -> None:
    """The workspace's catalogue has the same keys in Swedish and English, each one used."""
    from rekrytera.web._texts import TEXTS

    assert TEXTS["sv"].keys() == TEXTS["en"].keys()
    here = Path(rekrytera.__file__).parent / "web"
    sources = "".join(p.read_text() for p in here.rglob("*") if p.suffix in (".py", ".html"))
    for key in TEXTS["sv"]:
        used = (
            f"t.{key}" in sources
            or f'"{key}"' in sources
            or key.startswith(("role_", "stage_", "action_", "kind_", "state_"))
        )
        assert used, key
