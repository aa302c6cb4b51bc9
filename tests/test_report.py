"""The decision report: content, privacy, languages, and a real browser rendering it."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html import escape, unescape
from pathlib import Path

import attrs
import pytest

import rekrytera
from rekrytera import RekryteraError
from rekrytera.cli import main
from rekrytera.model import Identity
from rekrytera.report import render, report

from .conftest import CHROMIUM_FLAGS

EXAMPLES = Path(__file__).parent.parent / "examples"
SOCIAL = EXAMPLES / "socialsekreterare-barn-unga.toml"


def with_personal_ids() -> rekrytera.Recruitment:
    """The social secretary example with personal identity numbers added."""
    rec = rekrytera.load(SOCIAL)
    return attrs.evolve(
        rec,
        candidates=[
            attrs.evolve(c, identity=attrs.evolve(c.identity, personal_id=f"19811218-987{i}"))
            for i, c in enumerate(rec.candidates)
        ],
    )


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


class TestContent:
    def test_well_formed_and_self_contained(self) -> None:
        """The HTML parses as XML, loads nothing from the network and runs no script."""
        html = render(rekrytera.load(SOCIAL))
        ET.fromstring(html.removeprefix("<!DOCTYPE html>\n"))
        assert "<script" not in html
        assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "https://" not in html
        assert html.count("<svg") == 2

    def test_ranking_in_order(self) -> None:
        """The ranking table lists the candidates in rank order with both perspectives."""
        rec = rekrytera.load(SOCIAL)
        html = render(rec)
        ranking = html[html.index('<section id="ranking">') : html.index("<figure>")]
        order = re.findall(r'<tr><td class="num">[^<]*</td><td>([^<]+)</td>', ranking)
        assert order == [c.id for c in rekrytera.score(rec).candidates]
        assert "Personal" in ranking
        assert "Invånare" in ranking

    def test_flags_explained(self) -> None:
        """Ineligible, incomplete and divergent candidates are explained in words."""
        rec = rekrytera.load(EXAMPLES / "behandlingsassistent-stodboende.toml")
        text = text_of(render(rec))
        assert "Uppfyller inte ska-kravet: B-körkort" in text
        assert "Personalens och invånarnas bedömningar skiljer sig med 1,04 poäng" in text

    def test_tie_explained(self, minimal_toml: str) -> None:
        """Tied candidates are told there is no hidden tie-break."""
        rec = rekrytera.loads(minimal_toml)
        second = attrs.evolve(rec.candidates[0], id="k3")
        ratings = [*rec.ratings, attrs.evolve(rec.ratings[0], candidate="k3")]
        rec = attrs.evolve(rec, candidates=[*rec.candidates, second], ratings=ratings)
        assert "Ingen dold särskiljning" in render(rec)

    def test_english(self) -> None:
        """--lang en gives the same report in English."""
        html = render(rekrytera.load(SOCIAL), lang="en")
        assert '<html lang="en">' in html
        assert "Decision memo" in html
        assert "Residents" in html

    def test_markdown(self) -> None:
        """The Markdown variant has the same content, without the charts."""
        rec = rekrytera.load(SOCIAL)
        md = render(rec, format="md")
        assert md.startswith("# Beslutsunderlag: Socialsekreterare")
        assert "<svg" not in md
        for section in (
            "## Rangordning",
            "## Bedömning per kompetens",
            "## Samstämmighet i panelen",
            "## Tjänsten och kravprofilen",
            "## Beslut",
        ):
            assert section in md
        assert "| 1 | k2 |" in md


class TestPrivacy:
    def test_no_contact_details_or_personal_ids(self) -> None:
        """Personal identity numbers and contact details never appear, even with names."""
        rec = with_personal_ids()
        for names in (False, True):
            for format in ("html", "md"):
                out = render(rec, format=format, names=names)
                for c in rec.candidates:
                    for value in (c.identity.personal_id, c.identity.email, c.identity.phone):
                        assert value is not None
                        assert value not in out

    def test_names_only_when_asked(self) -> None:
        """Names appear only with names=True."""
        rec = rekrytera.load(SOCIAL)
        assert "Anna Andersson" not in render(rec)
        assert "Anna Andersson" in render(rec, names=True)

    def test_panelists_never_named(self) -> None:
        """Panelists' names stay out of the report, residents' above all."""
        rec = rekrytera.load(SOCIAL)
        rec = attrs.evolve(
            rec,
            panel=[attrs.evolve(p, identity=Identity(name=f"Person {p.id}")) for p in rec.panel],
        )
        assert "Person inv1" not in render(rec, names=True)


HOSTILE = [
    "<script>alert(1)</script>",
    "[klicka](javascript:alert(1))",
    "# Rubrik",
    "Anna | Berg",
    "**fet** _kursiv_ `kod`",
    "<img src=x onerror=alert(1)>",
]


class TestMarkdownEscaping:
    @pytest.mark.parametrize("name", HOSTILE)
    def test_untrusted_text_stays_text(self, name: str) -> None:
        """A hostile name, label or comment renders (CommonMark) as the characters it is."""
        from markdown_it import MarkdownIt

        rec = rekrytera.load(SOCIAL)
        rec = attrs.evolve(
            rec,
            info=attrs.evolve(rec.info, title=name),
            candidates=[
                attrs.evolve(c, identity=Identity(name=name)) if c.id == "k1" else c
                for c in rec.candidates
            ],
        )
        html = MarkdownIt("commonmark").enable("table").render(render(rec, format="md", names=True))
        assert "<script" not in html
        assert "<img" not in html
        assert 'href="' not in html
        assert html.count("<h1>") == 1
        assert "<strong>fet</strong>" not in html
        plain = re.sub(r"<[^>]+>", "", html)
        assert name in unescape(plain)


class TestFiles:
    def test_write(self, tmp_path: Path) -> None:
        """report() writes .html or .md by suffix, atomically."""
        rec = rekrytera.load(SOCIAL)
        report(rec, tmp_path / "r.html")
        report(rec, tmp_path / "r.md", lang="en")
        assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# Decision memo")
        with pytest.raises(RekryteraError, match=r"use \.html or \.md"):
            report(rec, tmp_path / "r.pdf")
        with pytest.raises(RekryteraError, match="unknown report language"):
            render(rec, lang="de")

    @pytest.mark.usefixtures("english")
    def test_cli(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`rekrytera report FILE -o OUT` with scoring options; bad options exit 2."""
        out = tmp_path / "memo.html"
        assert (
            main(
                ["report", str(SOCIAL), "-o", str(out), "--lang", "en", "--resident-weight", "0.7"]
            )
            == 0
        )
        assert "resident weight 0.7" in out.read_text(encoding="utf-8")
        assert (
            main(["report", str(SOCIAL), "-o", str(tmp_path / "x.html"), "--resident-weight", "3"])
            == 2
        )
        assert "resident_weight must be between 0 and 1" in capsys.readouterr().err
        assert not (tmp_path / "x.html").exists()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (CI installs it: see noxfile.py)"
)
class TestInABrowser:
    def _chromium(self, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
        assert CHROMIUM is not None
        return subprocess.run(
            [
                CHROMIUM,
                "--headless",
                *CHROMIUM_FLAGS,
                f"--user-data-dir={tmp_path / 'profile'}",
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )

    def test_renders_with_the_ranking(self, tmp_path: Path) -> None:
        """Headless Chromium renders the report; its text holds the ranking in order."""
        rec = rekrytera.load(SOCIAL)
        page = tmp_path / "memo.html"
        report(rec, page, names=True)
        done = self._chromium(tmp_path, "--dump-dom", page.as_uri())
        assert done.returncode == 0, done.stderr[-2000:]
        dom = done.stdout
        ranking = dom[dom.index('id="ranking"') : dom.index("<figure>")]
        names = [rec.candidate(c.id).identity.name for c in rekrytera.score(rec).candidates]
        positions = [ranking.index(str(name)) for name in names]
        assert positions == sorted(positions)
        assert dom.count("<svg") == 2
        assert "<rect" in dom

    def test_screenshot(self, tmp_path: Path) -> None:
        """A screenshot of the rendered page is a real image of some size."""
        page = tmp_path / "memo.html"
        report(rekrytera.load(EXAMPLES / "enhetschef-personlig-assistans.toml"), page, lang="en")
        shot = tmp_path / "memo.png"
        done = self._chromium(
            tmp_path, "--window-size=1000,1400", f"--screenshot={shot}", page.as_uri()
        )
        assert done.returncode == 0, done.stderr[-2000:]
        data = shot.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        assert len(data) > 20_000


def test_large_tie_names_a_few(minimal_toml: str) -> None:
    """In a tie of many, each explanation names five others and counts the rest."""
    import attrs

    from rekrytera.model import Candidate
    from rekrytera.report import build

    rec = rekrytera.loads(minimal_toml)
    first = rec.candidates[0]
    extra = [Candidate(id=f"x{i}", meets=first.meets) for i in range(9)]
    same = [
        attrs.evolve(r, candidate=x.id)
        for x in extra
        for r in rec.ratings
        if r.candidate == first.id
    ]
    rec = attrs.evolve(
        rec,
        candidates=[first, *extra],
        panel=[attrs.evolve(p, conflicts=()) for p in rec.panel],
        ratings=[*(r for r in rec.ratings if r.candidate == first.id), *same],
        interviews=[],
        decision=None,
    )
    report = build(rec, rekrytera.score(rec), lang="en")
    texts = [" ".join(sentences) for _, sentences in report.explanations]
    tied = [t for t in texts if "Shares the rank" in t]
    assert tied
    assert all(t.count(", ") == 4 for t in tied)
    assert len(tied) == 10
    assert all("and 4 more" in t for t in tied)


@pytest.mark.parametrize("method", ["balanced", "panel_mean", "median", "borda", "kemeny"])
def test_memo_tells_its_own_method(method: str, tmp_path: Path) -> None:
    """Each method's memo says how that method computes a total, on that method's scale."""
    from rekrytera.report import report

    rec = rekrytera.load(EXAMPLES / "socialsekreterare-barn-unga.toml")
    report(rec, tmp_path / "memo.html", method=method, resident_weight=0.3)
    html = (tmp_path / "memo.html").read_text(encoding="utf-8")
    result = rekrytera.score(rec, method, resident_weight=0.3)
    assert escape(result.explain("sv")) in html
    assert ("invånarvikten 0,3" in html) is (method != "panel_mean")
    assert ("Kompetenser per kandidat" in html) is (method in ("balanced", "panel_mean", "median"))
    # Every nonzero total has a visible bar, drawn on the method's own scale.
    widths = [float(w) for w in re.findall(r'<rect x="170" y="\d+" width="([\d.]+)"', html)]
    totals = [c.total for c in result.ranking]
    assert len([w for w in widths if w > 20]) >= len([t for t in totals if t and t > 0.1]) // 2
    assert max(widths) <= 420.0 + 1e-9


def test_borda_bars_are_visible(tmp_path: Path) -> None:
    """Borda's 0–1 shares are drawn on a 0–1 axis, not on the 1–5 rating scale."""
    from rekrytera.report import report

    rec = rekrytera.load(EXAMPLES / "socialsekreterare-barn-unga.toml")
    report(rec, tmp_path / "memo.html", method="borda")
    html = (tmp_path / "memo.html").read_text(encoding="utf-8")
    ticks = re.findall(r'text-anchor="middle">([^<]+)</text>', html)
    assert ticks == ["0", "0,25", "0,50", "0,75", "1"]
    top = rekrytera.score(rec, "borda").ranking[0]
    assert top.total is not None
    full = re.search(r'<rect x="170" y="\d+" width="([\d.]+)"[^>]*><title>Sammanvägt', html)
    assert full is not None
    assert float(full[1]) == pytest.approx(top.total * 420, abs=0.2)


@pytest.mark.usefixtures("english")
def test_report_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """report takes --option like score, and refuses an unknown one with exit 2."""
    from rekrytera.cli import main

    path = EXAMPLES / "socialsekreterare-barn-unga.toml"
    out = tmp_path / "memo.md"
    assert main(["report", str(path), "-o", str(out), "--option", "foo=1"]) == 2
    assert "has no option 'foo'" in capsys.readouterr().err
    assert not out.exists()


def test_memo_says_when_no_resident_rates(tmp_path: Path) -> None:
    """A panel without a resident who rates: the memo says the weight does not apply."""
    from rekrytera.model import Role
    from rekrytera.report import report

    rec = rekrytera.load(SOCIAL)
    residents = {p.id for p in rec.panel if p.role is Role.RESIDENT}
    rec = attrs.evolve(
        rec,
        panel=[p for p in rec.panel if p.id not in residents],
        ratings=[r for r in rec.ratings if r.panelist not in residents],
        rankings=[r for r in rec.rankings if r.panelist not in residents],
        suggestions=[s for s in rec.suggestions if s.by not in residents],
        interviews=[],
        decision=None,
    )
    report(rec, tmp_path / "memo.md")
    text = unescape((tmp_path / "memo.md").read_text(encoding="utf-8")).replace("\\", "")
    assert "Panelen har ingen invånare som bedömer. Invånarvikten används inte" in text


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_agreement_figure_read_in_one_sentence(lang: str) -> None:
    """Each agreement figure in the memo comes with its values, what it rests on and
    how to read it: alpha, ordinal alpha, alpha on the panelists' totals, tau."""
    rec = rekrytera.load(SOCIAL)
    result = rekrytera.score(rec)
    text = text_of(render(rec, result=result, lang=lang))
    a = result.agreement
    sep = "," if lang == "sv" else "."

    def shown(value: float | None) -> str:
        return "–" if value is None else f"{value:.2f}".replace(".", sep)

    totals = {
        "sv": "Jämför man i stället varje bedömares samlade poäng för varje kandidat är alfa: "
        f"alla {shown(a.alpha_totals['all'])}",
        "en": f"overall score for each candidate, alpha is: all {shown(a.alpha_totals['all'])}",
    }[lang]
    assert totals in text
    items, raters = a.alpha_totals_basis["all"]
    basis = {
        "sv": f"{items} kandidater ({raters} bedömare)",
        "en": f"{items} candidates ({raters} panelists)",
    }
    assert basis[lang] in text
    reading = {
        "sv": [
            "vem som är starkast totalt",
            "mer överens om vad som är bättre",
            "1 = samma ordning",
        ],
        "en": ["who is stronger overall", "agrees more on what is better", "1 = same order"],
    }[lang]
    for phrase in reading:
        assert phrase in text, phrase


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_memo_shows_the_need_and_the_suggestions(fmt: str) -> None:
    """Step 1 and the residents' influence (step 2) are part of the decision memo."""
    from rekrytera.report import render

    rec = rekrytera.load(SOCIAL)
    text = render(rec, format=fmt, lang="en")
    assert "The need" in text
    assert "What the residents suggested" in text
    assert "Relationsskapande ska väga lika tungt som trygghet" in text
    assert "adopted in another form" in text
    assert "Trygg och stabil, level 5" in text
    swedish = render(rec, format=fmt)
    assert "Invånarnas förslag" in swedish
    assert "Behovet" in swedish
    bare = render(attrs.evolve(rec, need=None, suggestions=()), format=fmt, lang="en")
    assert "The need" not in bare
    assert "What the residents suggested" not in bare
