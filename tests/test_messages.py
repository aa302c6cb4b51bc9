"""One voice: every message from the catalogue, in Swedish by default and English on request.

The messages in the code are English msgids; ``locale/sv/LC_MESSAGES/
rekrytera.po`` translates them. These tests extract the messages the way
``nox -s messages`` does (Babel), hold the catalogue to them, and run every
command in both languages looking for words of the other one.
"""

from __future__ import annotations

import contextlib
import errno
import gettext
import os
import re
import shutil
import string
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import rekrytera
from rekrytera._i18n import DOMAIN, os_error, translations
from rekrytera.cli import COMMANDS, chosen_language, main
from rekrytera.i18n import LANG_ENV, language

SRC = Path(rekrytera.__file__).parent
PO = (
    Path(__file__).parents[1]
    / "src"
    / "rekrytera"
    / "locale"
    / "sv"
    / "LC_MESSAGES"
    / "rekrytera.po"
)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
EXAMPLES = Path(__file__).parents[1] / "examples"
EXAMPLE = EXAMPLES / "socialsekreterare-barn-unga.toml"
REGISTER = EXAMPLES / "pool" / "invanarpool.toml"


def _extracted() -> dict[str | tuple[str, ...], list[str]]:
    """Every message the code marks, with where it is marked."""
    found: dict[str | tuple[str, ...], list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(SRC), keywords=KEYWORDS
    ):
        key = tuple(message) if isinstance(message, tuple | list) else message
        found.setdefault(key, []).append(f"{filename}:{lineno}")
    return found


def _catalog() -> Catalog:
    with PO.open("rb") as f:
        return read_po(f, locale="sv")


def _fields(text: str) -> set[str]:
    """The placeholders of a message: ``{name!r}`` and ``%(name)s`` alike."""
    brace = {f"{{{name}}}" for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    percent = set(re.findall(r"%(?:\(\w+\))?[sdrgf]", text))
    return brace | percent


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    if not PO.is_file():
        pytest.skip("run from a source checkout: the .po catalogue is not installed")
    return _catalog()


class TestCatalogue:
    def test_every_message_is_translated(self, catalog: Catalog) -> None:
        """Each message the code marks has a checked (not fuzzy) Swedish translation."""
        missing = []
        for key, where in _extracted().items():
            msgid = key[0] if isinstance(key, tuple) else key
            entry = catalog.get(msgid)
            translated: Any = () if entry is None else entry.string
            forms = list(translated) if isinstance(translated, tuple | list) else [translated]
            if entry is None or entry.fuzzy or not all(forms):
                missing.append(f"{where[0]}: {msgid!r}")
        assert missing == []

    def test_no_entry_without_code(self, catalog: Catalog) -> None:
        """The catalogue holds no message that no code uses any more."""
        used = {k[0] if isinstance(k, tuple) else k for k in _extracted()}
        unused = [
            m.id for m in catalog if m.id and (m.id[0] if m.pluralizable else m.id) not in used
        ]
        assert unused == []

    def test_placeholders_kept(self, catalog: Catalog) -> None:
        """A translation has the same placeholders as its message: none lost, none added."""
        wrong = []
        for m in catalog:
            if not m.id:
                continue
            ids: Any = m.id if m.pluralizable else (m.id,)
            strings: Any = m.string if m.pluralizable else (m.string,)
            want = _fields(ids[-1])
            for form in strings:
                # The singular of a plural may leave out {n} ("1 invånare" still has it).
                if _fields(form) - want or (not m.pluralizable and _fields(form) != want):
                    wrong.append((ids[0], form))
        assert wrong == []

    def test_plural_forms(self) -> None:
        """Swedish and English plurals: '1 invånare', '2 invånare', '1 resident', '2 residents'."""
        from rekrytera._i18n import ngettext

        said = {}
        for lang in ("sv", "en"):
            with language(lang):
                said[lang] = [
                    ngettext("{n} resident", "{n} residents", n).format(n=n) for n in (1, 2)
                ]
                said[lang] += [
                    ngettext("{n} candidate", "{n} candidates", n).format(n=n) for n in (1, 2)
                ]
        assert said == {
            "sv": ["1 invånare", "2 invånare", "1 kandidat", "2 kandidater"],
            "en": ["1 resident", "2 residents", "1 candidate", "2 candidates"],
        }

    def test_installed_catalogue_is_current(self, catalog: Catalog) -> None:
        """The compiled catalogue that is installed says what the .po file says.

        An editable install compiles it when installed: after editing the .po
        file, install again (``pip install -e .``) and this passes.
        """
        installed = translations("sv")
        assert isinstance(installed, gettext.GNUTranslations)
        stale = []
        for m in catalog:
            if not m.id:
                continue
            msgid: Any = m.id
            translated: Any = m.string
            if m.pluralizable:
                got = tuple(installed.ngettext(msgid[0], msgid[1], n) for n in (1, 2))
                if got != tuple(translated):
                    stale.append(msgid[0])
            elif installed.gettext(msgid) != translated:
                stale.append(msgid)
        assert stale == []

    def test_compiled_into_the_package(self) -> None:
        """The .mo file is package data, where gettext finds it."""
        mo = resources.files("rekrytera") / "locale" / "sv" / "LC_MESSAGES" / f"{DOMAIN}.mo"
        assert mo.is_file()


class TestChoosingTheLanguage:
    @pytest.mark.parametrize(
        ("argv", "env", "expected"),
        [
            ([], None, "sv"),
            (["check", "x.toml"], "en", "en"),
            (["--lang", "en", "check", "x.toml"], None, "en"),
            (["check", "--lang=en", "x.toml"], "sv", "en"),
            (["check", "--lang", "sv", "x.toml"], "en", "sv"),
            (["check", "--", "--lang", "en"], None, "sv"),
            (["--lang", "xx", "check"], "en", "en"),  # the parser refuses xx, in English
        ],
    )
    def test_order(
        self,
        monkeypatch: pytest.MonkeyPatch,
        argv: list[str],
        env: str | None,
        expected: str,
    ) -> None:
        """--lang wins over REKRYTERA_LANG, which wins over Swedish."""
        if env is None:
            monkeypatch.delenv(LANG_ENV, raising=False)
        else:
            monkeypatch.setenv(LANG_ENV, env)
        assert chosen_language(argv) == expected

    def test_unknown_env(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A REKRYTERA_LANG that is no language is an error, exit 2, not a silent default."""
        monkeypatch.setenv(LANG_ENV, "fi")
        assert main(["check", str(EXAMPLE)]) == 2
        assert capsys.readouterr().err == (
            "rekrytera: REKRYTERA_LANG=fi är inget språk; använd något av: sv, en\n"
        )

    def test_api_is_english_unless_asked(self) -> None:
        """The Python API keeps English; language() switches a block, and only that block."""
        with pytest.raises(rekrytera.InvalidRecruitment, match="required but missing"):
            rekrytera.loads("schema = 1", format="toml")
        with language("sv"), pytest.raises(rekrytera.InvalidRecruitment, match="saknas"):
            rekrytera.loads("schema = 1", format="toml")
        with pytest.raises(rekrytera.InvalidRecruitment, match="required but missing"):
            rekrytera.loads("schema = 1", format="toml")

    def test_unknown_language(self) -> None:
        with pytest.raises(ValueError, match="unknown language 'fi'"), contextlib.ExitStack() as s:
            s.enter_context(language("fi"))


# -- every command in both languages --------------------------------------------------------

#: Common words of one language that the other's messages never contain.
#: Data (names, competences, paths) is removed from the output first.
ENGLISH_WORDS = re.compile(
    r"\b(the|is|are|and|of|with|not|must|no such|unknown|expected|required|missing|"
    r"cannot|use|show|default|usage|options|error|candidates?|residents?|ratings?|"
    r"questions?|competences?|panelists?)\b"
)
SWEDISH_WORDS = re.compile(
    r"\b(och|är|inte|för|att|med|som|av|på|till|eller|finns|saknas|okänd|fel|standard|"
    r"kandidat(er)?|invånare|bedömning(ar)?|frågor|kompetens(er)?|panelmedlem(mar)?|"
    r"användning|flaggor)\b",
    re.IGNORECASE,
)


def _data(*paths: Path) -> list[str]:
    """Every text in the files a command reads: it may appear in any language."""
    texts: list[str] = []
    for path in paths:
        tree = rekrytera.io.read_tree(path) if path.suffix in (".toml", ".json") else {}
        stack: list[object] = [tree]
        while stack:
            value = stack.pop()
            if isinstance(value, dict):
                stack.extend(value.values())
                texts.extend(str(k) for k in value)
            elif isinstance(value, list):
                stack.extend(value)
            elif isinstance(value, str):
                texts.append(value)
    return sorted(set(texts), key=len, reverse=True)


def _without(text: str, data: list[str]) -> str:
    text = re.sub(r"--[\w-]+", " ", text)  # option names are code, in no language
    text = re.sub(r"\\(.)", r"\1", text)  # data as Markdown shows it: "juni\." is "juni."
    for value in data:
        if len(value) > 2:
            text = text.replace(value, " ")
    return text


def _scenarios(tmp: Path) -> Iterator[tuple[str, list[str]]]:
    """(name, argv) for every command, with what it writes, and its common errors."""
    bad = tmp / "bad.toml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace("trygghet = 4", "trygghet = 7", 1))
    store = tmp / "store.sqlite"
    sim = tmp / "sim"
    yield "check", ["check", str(EXAMPLE)]
    yield "check bad", ["check", str(bad)]
    yield "check missing", ["check", str(tmp / "nope.toml")]
    yield "score", ["score", str(EXAMPLE)]
    yield "score bad method", ["score", str(EXAMPLE), "--method", "balansed"]
    yield "score bad weight", ["score", str(EXAMPLE), "--resident-weight", "2"]
    yield "report", ["report", str(EXAMPLE), "-o", str(tmp / "memo.md")]
    yield "report exists", ["report", str(EXAMPLE), "-o", str(tmp / "memo.md")]
    yield "anonymise", ["anonymise", str(EXAMPLE), "-o", str(tmp / "anon.toml")]
    yield (
        "anonymise key",
        ["anonymise", str(EXAMPLE), "-o", str(tmp / "a2.toml"), "--key-file", str(tmp / "k")],
    )
    yield "export", ["export", str(EXAMPLE), "--to", str(store)]
    yield "export unknown", ["export", str(EXAMPLE), "--to", str(tmp / "out.xyz")]
    yield "purge", ["purge", str(EXAMPLE), "--months", "24", "-o", str(tmp / "purged.toml")]
    yield (
        "erase",
        ["erase", str(EXAMPLE), "--candidate", "x", "--basis", "GDPR", "-o", str(tmp / "e.toml")],
    )
    yield "lint", ["lint", str(EXAMPLE)]
    yield "participation", ["participation", str(EXAMPLE), "--register", str(REGISTER)]
    yield "split", ["split", str(EXAMPLE), "--register", str(tmp / "reg.toml")]
    yield "match", ["match", "--register", str(REGISTER), str(EXAMPLE)]
    yield "simulate", ["simulate", "--recruitments", "3", "--to", str(sim)]
    yield (
        "simulate bad",
        ["simulate", "--recruitments", "3", "--agreement", "2", "--to", str(tmp / "s2")],
    )
    yield "dataset", ["dataset", str(sim), "--to", str(tmp / "ds")]
    yield "dataset exists", ["dataset", str(sim), "--to", str(tmp / "ds")]
    yield "analyse", ["analyse", str(sim), "--no-progress"]
    yield "analyse by", ["analyse", str(sim), "--by", "kommun", "--no-progress"]
    yield "init", ["init", "--template", "boendestodjare", "-o", str(tmp / "new.toml")]
    yield "init unknown", ["init", "--template", "nope", "-o", str(tmp / "new2.toml")]
    applicants = tmp / "sokande.csv"
    applicants.write_text("namn;e-post\nLina Berg;lina@example.se\n", encoding="utf-8")
    broken = tmp / "trasig.csv"
    broken.write_text("namn;e-post\nLina Berg;lina.example.se\n", encoding="utf-8")
    copy = tmp / "kopia.toml"
    copy.write_bytes(EXAMPLE.read_bytes())
    yield "import-applicants", ["import-applicants", str(applicants), "--into", str(copy)]
    yield "import-applicants bad", ["import-applicants", str(broken), "--into", str(copy)]
    yield "screen", ["screen", str(copy), "--blind"]
    finding = ["--candidate", "k1", "--requirement", "socionomexamen", "--met", "--by", "hr"]
    yield "screen record", ["screen", str(copy), *finding]
    yield "screen half", ["screen", str(copy), "--candidate", "k1"]
    yield "introduction", ["introduction", str(EXAMPLE)]
    yield "feedback", ["feedback", str(EXAMPLE), "--panelist", "inv1"]
    yield "feedback unknown", ["feedback", str(EXAMPLE), "--panelist", "nobody"]
    yield "evaluation form", ["evaluation", "--form", "resident"]
    yield "evaluation", ["evaluation", str(EXAMPLE), "--register", str(REGISTER)]
    yield "evaluation none", ["evaluation"]
    yield "templates", ["templates"]
    yield "plugins", ["plugins"]
    yield "plugins --check", ["plugins", "--check"]
    yield "ad", ["ad", str(EXAMPLE)]
    yield "letter", ["letter", str(EXAMPLE), "--kind", "invitation", "--candidate", "k1"]
    yield "letter bad", ["letter", str(EXAMPLE), "--kind", "decision", "--candidate", "k9"]
    yield "plain", ["plain", str(bad)]
    yield "new-plugin", ["new-plugin", "ek", "--hooks", "policy", "-o", str(tmp / "ek")]
    yield "new-plugin bad", ["new-plugin", "Ek", "-o", str(tmp / "ek2")]
    yield "score skip unknown", ["score", str(EXAMPLE), "--skip-policy", "nope"]
    yield "invite", ["invite", str(store), "hbg-2026-017"]
    yield "invite unknown", ["invite", str(store), "nope"]
    yield "serve no store", ["serve", str(tmp / "none.sqlite")]
    yield "usage", ["score"]
    yield "unknown command", ["nope"]
    yield "help", ["--help"]
    for command in COMMANDS:
        yield f"{command.name} --help", [command.name, "--help"]


def test_every_command_is_run(tmp_path: Path) -> None:
    """The scenarios below run every command, not only its --help."""
    run = {argv[0] for name, argv in _scenarios(tmp_path) if "--help" not in argv}
    assert {c.name for c in COMMANDS} - run == set()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_command_speaks_one_language(
    lang: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """No command says a word of the other language, and none misses a translation.

    Swedish is asked for by default (no option, no environment), English by
    REKRYTERA_LANG; the output of each command, with the data it read taken
    out, may hold no common word of the other language.
    """
    monkeypatch.delenv(LANG_ENV, raising=False)
    if lang == "en":
        monkeypatch.setenv(LANG_ENV, "en")
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    data = _data(EXAMPLE, REGISTER)
    other = ENGLISH_WORDS if lang == "sv" else SWEDISH_WORDS
    found = {}
    for name, argv in _scenarios(tmp_path):
        with contextlib.suppress(SystemExit):  # --help and usage errors exit
            main(argv)
        out, err = capsys.readouterr()
        written = tmp_path / "memo.md"
        text = out + err + (written.read_text(encoding="utf-8") if name == "report" else "")
        text = _without(text.replace(str(tmp_path), " "), data)
        words = sorted({m.group(0) for m in other.finditer(text)})
        if words:
            found[name] = words
    assert found == {}


class TestOsErrors:
    """The operating system's errors in the chosen language (the C library's are English)."""

    @pytest.mark.parametrize(
        ("code", "sv", "en"),
        [
            (errno.ENOENT, "filen eller mappen finns inte", "no such file or folder"),
            (errno.EACCES, "du saknar behörighet", "permission denied"),
            (errno.ENOSPC, "disken är full", "the disk is full"),
        ],
    )
    def test_common_errors(self, code: int, sv: str, en: str) -> None:
        error = OSError(code, os.strerror(code))
        with language("sv"):
            assert os_error(error) == sv
        with language("en"):
            assert os_error(error) == en

    def test_others_keep_the_system_text(self) -> None:
        with language("sv"):
            assert os_error(OSError(errno.EIO, "Input/output error")) == "Input/output error"

    @pytest.mark.parametrize("under", [("ut.json",), ("mapp", "ut.json")])
    def test_in_a_command(
        self, under: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An export under a file: one Swedish line naming the file, exit 2."""
        (tmp_path / "fil").write_text("", encoding="utf-8")
        target = tmp_path.joinpath("fil", *under)
        assert main(["--lang", "sv", "export", str(EXAMPLE), "--to", str(target)]) == 2
        err = capsys.readouterr().err
        fil = tmp_path / "fil"
        assert err == f"rekrytera: kan inte skriva {target}: {fil} är en fil, inte en mapp\n"
