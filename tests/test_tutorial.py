"""The HR tutorials, run as written: every command, every file they have you write.

``docs/tutorials/hr-sv.md`` (and its English twin ``hr-en.md``) takes a
recruitment through the six steps from ``rekrytera init`` to the decision,
the resident's feedback and the evaluation summary. This test reads a page,
writes the files its captioned blocks give (``(ny fil)``/``(new file)`` a new
file, ``(lägg till)``/``(append)`` appended), and runs every ``$ rekrytera``
line in order in one folder, each of which must succeed.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

import rekrytera
from rekrytera.cli import main
from rekrytera.participation import load_register

TUTORIALS = Path(__file__).parent.parent / "docs" / "tutorials"
PAGE = TUTORIALS / "hr-sv.md"
BLOCK = re.compile(r"^```(\{code-block\} \w+|console)\n(.*?)^```$", re.M | re.S)
CAPTION = re.compile(r"^:caption: (\S+) \((ny fil|new file|lägg till|append)\)\n\n?", re.M)


def steps(page: str) -> list[tuple[str, str, str]]:
    """("run", argv line, "") or ("write"/"append", file name, text), in page order."""
    found = []
    for kind, body in BLOCK.findall(page):
        if kind == "console":
            found += [("run", line[2:], "") for line in body.splitlines() if line.startswith("$ ")]
            continue
        caption = CAPTION.match(body)
        assert caption, f"a code block without a file caption: {body[:60]!r}"
        action = "write" if caption.group(2) in ("ny fil", "new file") else "append"
        found.append((action, caption.group(1), body[caption.end() :]))
    return found


STEPS = {
    "hr-sv": (
        "Steg",
        ["Behovet", "Kravprofilen", "Annonsen", "Urvalet", "Intervjun", "Arbetsprovet"],
    ),
    "hr-en": (
        "Step",
        [
            "The need",
            "The competence profile",
            "The job ad",
            "Screening",
            "The interview",
            "The work sample",
        ],
    ),
}
#: What the resident's feedback says, in the page's language.
FEEDBACK = {
    "hr-sv": (
        "Du föreslog: ”Fråga hur de gör när en förälder inte vill prata med dem.” Vi",
        "Du satte k1, k2 först, lika högt.",
        "Chefen anställde k2.",
    ),
    "hr-en": (
        "You suggested: “Fråga hur de gör när en förälder inte vill prata med dem.” We",
        "You put k1, k2 first, equally.",
        "The manager hired k2.",
    ),
}


def test_the_pages_run_the_same_recruitment() -> None:
    """The English page is the Swedish one's twin: the same commands and files."""
    sv, en = (steps((TUTORIALS / f"{p}.md").read_text(encoding="utf-8")) for p in STEPS)
    assert [(a, t, x) for a, t, x in sv] == [(a, t, x) for a, t, x in en]


@pytest.mark.parametrize("name", list(STEPS))
def test_the_page_covers_the_six_steps(name: str) -> None:
    page = (TUTORIALS / f"{name}.md").read_text(encoding="utf-8")
    word, names = STEPS[name]
    for n, step in enumerate(names, 1):
        assert f"## {word} {n}. {step}" in page
    commands = {shlex.split(line)[1] for action, line, _ in steps(page) if action == "run"}
    assert {
        "init",
        "match",
        "introduction",
        "lint",
        "ad",
        "plain",
        "import-applicants",
        "screen",
        "letter",
        "score",
        "report",
        "feedback",
        "evaluation",
        "participation",
    } <= commands


@pytest.mark.parametrize("name", list(STEPS))
def test_the_tutorial_runs(
    name: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    if name == "hr-en":  # the page asks for REKRYTERA_LANG=en
        monkeypatch.setenv("REKRYTERA_LANG", "en")
    else:
        monkeypatch.delenv("REKRYTERA_LANG", raising=False)
    for action, target, text in steps((TUTORIALS / f"{name}.md").read_text(encoding="utf-8")):
        if action == "run":
            argv = shlex.split(target)
            assert argv[0] == "rekrytera", target
            code = main(argv[1:])
            out, err = capsys.readouterr()
            assert code == 0, (target, out, err)
            assert "Traceback" not in err
        elif action == "write":
            assert not (tmp_path / target).exists(), target
            (tmp_path / target).write_text(text, encoding="utf-8")
        else:
            with (tmp_path / target).open("a", encoding="utf-8") as f:
                f.write("\n" + text)

    rec = rekrytera.load(tmp_path / "rekrytering.toml")
    assert rec.need is not None
    assert rec.need.residents_take_part
    assert [c.identity.name for c in rec.candidates] == [
        "Anna Andersson",
        "Mohammed Rahimi",
        "Johan Berg",
    ]
    assert [(s.candidate, s.met, s.blind) for s in rec.screening] == [
        ("k1", True, True),
        ("k2", True, True),
        ("k3", False, True),
    ]
    assert rec.decision is not None
    assert rec.decision.hired == ("k2",)
    assert rekrytera.score(rec).ranking[0].id == "k2"
    register = load_register(tmp_path / "invanare.toml")
    (record,) = register.of(rec.id)
    assert record.evaluation is not None
    assert record.evaluation.answers["paverka"] == 4
    feedback = (tmp_path / "aterkoppling-inv1.md").read_text(encoding="utf-8")
    for sentence in FEEDBACK[name]:
        assert sentence in feedback
    for written in (
        "introduktion.html",
        "annons.md",
        "inbjudan-k1.md",
        "beslutsunderlag.html",
        "beslut-k1.md",
        "utvardering-invanare.md",
        "utvardering-panel.md",
    ):
        assert (tmp_path / written).stat().st_size > 0, written
