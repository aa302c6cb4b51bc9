"""Recruitment files load with every problem reported, and dump losslessly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given

import rekrytera
from rekrytera import InvalidRecruitment, Problem, RekryteraError
from rekrytera.io import from_tree, to_tree
from rekrytera.model import Recruitment, Role, Stage
from rekrytera.testing import recruitments


def _problems(text: str, format: str = "toml") -> list[str]:
    with pytest.raises(InvalidRecruitment) as info:
        rekrytera.loads(text, format)  # type: ignore[arg-type]
    return [str(p) for p in info.value.problems]


class TestExamples:
    def test_load(self, example: Path) -> None:
        """Every bundled example is valid and has residents, ratings, a guide and records."""
        rec = rekrytera.load(example)
        assert any(p.role is Role.RESIDENT for p in rec.panel)
        assert any(rec.panel[0].role is Role.HIRING_MANAGER for _ in [0])
        assert len(rec.ratings) >= 10
        assert all(r.note is not None for r in rec.ratings)
        assert any(r.note for r in rec.ratings)
        assert rec.guide.questions
        assert rec.interviews

    def test_same_as_written(self, example: Path) -> None:
        """The examples are in the form dump writes, so dump(load(x)) is x."""
        rec = rekrytera.load(example)
        assert rekrytera.dumps(rec) == example.read_text(encoding="utf-8")

    def test_child_and_youth_degree_requirement(self) -> None:
        """The social secretary example requires the degree, with its legal basis."""
        path = Path(__file__).parent.parent / "examples" / "socialsekreterare-barn-unga.toml"
        rec = rekrytera.load(path)
        (requirement,) = rec.profile.requirements
        assert requirement.key == "socionomexamen"
        assert requirement.basis is not None
        assert "3 kap. 3 a §" in requirement.basis


class TestRoundTrip:
    @given(recruitments())
    def test_toml(self, rec: Recruitment) -> None:
        """loads(dumps(x)) == x in TOML for every valid recruitment."""
        assert rekrytera.loads(rekrytera.dumps(rec, "toml"), "toml") == rec

    @given(recruitments())
    def test_json(self, rec: Recruitment) -> None:
        """loads(dumps(x)) == x in JSON for every valid recruitment."""
        assert rekrytera.loads(rekrytera.dumps(rec, "json"), "json") == rec

    @given(recruitments(max_candidates=3, max_panelists=3))
    def test_same_tree(self, rec: Recruitment) -> None:
        """TOML and JSON hold the same tree (dates aside, which JSON writes as text)."""
        from_toml = tomllib.loads(rekrytera.dumps(rec, "toml"))
        from_json = json.loads(rekrytera.dumps(rec, "json"))
        assert from_tree(from_toml) == from_tree(from_json) == rec
        assert set(from_toml) == set(from_json)

    def test_file(self, tmp_path: Path, example: Path) -> None:
        """dump then load through real files, in both formats."""
        rec = rekrytera.load(example)
        for suffix in (".toml", ".json"):
            target = tmp_path / f"copy{suffix}"
            rekrytera.dump(rec, target)
            assert rekrytera.load(target) == rec

    def test_schema_first(self, example: Path) -> None:
        """Dumped files start with their schema number."""
        tree = to_tree(rekrytera.load(example))
        assert next(iter(tree)) == "schema"
        assert tree["schema"] == rekrytera.SCHEMA


# Each case breaks the minimal file in one place and names the line that must come out.
BAD_INPUT = {
    "unknown top-level key": (
        ("schema = 1\n", "schema = 1\ncandidatez = []\n"),
        "candidatez: unknown key (did you mean 'candidates'?)",
    ),
    "unknown nested key": (
        ("weight = 3", "weight = 3\nwieght = 2"),
        "profile.competences[0].wieght: unknown key (did you mean 'weight'?)",
    ),
    "number too large for a float": (
        ("weight = 3", "weight = 1" + "0" * 400),
        "profile.competences[0].weight: 1000000000000000000000000000000000000... "
        "(an integer) is too large a number",
    ),
    "wrong type": (
        ("weight = 3", 'weight = "3"'),
        "profile.competences[0].weight: expected a number, got '3' (a string)",
    ),
    "bool is not a number": (
        ("trygghet = 4,", "trygghet = true,"),
        "ratings[0].scores.trygghet: expected a number, got True (a boolean)",
    ),
    "missing required key": (
        ('title = "Socialsekreterare"\n', ""),
        "recruitment.title: required but missing",
    ),
    "not a table": (
        (
            '[[candidates]]\nid = "k2"\n',
            '[[candidates]]\nid = "k2"\nmeets = "socionomexamen"\n',
        ),
        "candidates[1].meets: expected an array, got 'socionomexamen' (a string)",
    ),
    "unknown enum value": (
        ('role = "resident"', 'role = "brukare"'),
        "panel[1].role: 'brukare' is not one of: hiring_manager, hr, colleague, union, resident, supporter",
    ),
    "bad key": (
        ('id = "k2"', 'id = "k 2"'),
        "candidates[1].id: 'k 2' is not a valid key (letters, digits, '_', '-' and '.', starting with a letter or digit)",
    ),
    "duplicate id": (
        ('id = "k2"', 'id = "k1"'),
        "candidates[1].id: duplicate id 'k1'",
    ),
    "unknown panelist": (
        ('panelist = "inv1"', 'panelist = "inv9"'),
        "ratings[0].panelist: unknown panelist 'inv9'",
    ),
    "unknown candidate": (
        ('candidate = "k1"\nstage', 'candidate = "k7"\nstage'),
        "ratings[0].candidate: unknown candidate 'k7'",
    ),
    "unknown stage": (
        ('stage = "interview"\nscores', 'stage = "screening"\nscores'),
        "ratings[0].stage: screening is not a stage of this profile (interview, work_sample)",
    ),
    "unknown competence": (
        ("relationsskapande = 5 }", "relationsskapande = 5, humor = 3 }"),
        "ratings[0].scores.humor: unknown competence 'humor'",
    ),
    "unknown requirement": (
        ('meets = ["socionomexamen"]', 'meets = ["korkort"]'),
        "candidates[0].meets[0]: unknown requirement 'korkort'",
    ),
    "competence not assessed at stage": (
        (
            'stage = "interview"\nscores = { trygghet = 4, relationsskapande = 5 }',
            'stage = "work_sample"\nscores = { trygghet = 4, relationsskapande = 5 }',
        ),
        "ratings[0].scores.trygghet: 'trygghet' is not assessed at the work_sample stage",
    ),
    "score outside the scale": (
        ("trygghet = 4,", "trygghet = 7,"),
        "ratings[0].scores.trygghet: 7 is outside the scale 1–5",
    ),
    "score not finite": (
        ("trygghet = 4,", "trygghet = nan,"),
        "ratings[0].scores.trygghet: nan is not a finite number",
    ),
    "score infinite": (
        ("trygghet = 4,", "trygghet = inf,"),
        "ratings[0].scores.trygghet: inf is not a finite number",
    ),
    "supporter rates": (
        ('panelist = "inv1"', 'panelist = "stod"'),
        "ratings[0].panelist: 'stod' is a supporter; supporters do not rate",
    ),
    "conflict of interest": (
        ('conflicts = ["k2"]', 'conflicts = ["k1"]'),
        "ratings[0].candidate: 'inv1' declared a conflict of interest (jäv) with 'k1' and may not rate them",
    ),
    "unknown conflict": (
        ('conflicts = ["k2"]', 'conflicts = ["k9"]'),
        "panel[1].conflicts[0]: unknown candidate 'k9'",
    ),
    "negative weight": (
        ("weight = 3", "weight = -3"),
        "profile.competences[0].weight: -3 is negative; weights must be zero or more",
    ),
    "negative stage weight": (
        ("work_sample = 0.3", "work_sample = -0.3"),
        "profile.stages.work_sample: -0.3 is negative; weights must be zero or more",
    ),
    "stage weights sum to zero": (
        ("interview = 0.7, work_sample = 0.3", "interview = 0, work_sample = 0"),
        "profile.stages: the stage weights sum to zero",
    ),
    "competence weights sum to zero": (
        (
            "weight = 3",
            'weight = 0\n[profile.competences.anchors]\n\n[[profile.competences]]\nkey = "x"\nlabel = "X"\nweight = 0',
        ),
        "",  # replaced below: the file then has three competences, see test
    ),
    "inverted scale": (
        ("[profile]\n", "[profile]\nscale = { min = 5, max = 1 }\n"),
        "profile.scale.max: 1 must be greater than min (5)",
    ),
    "unknown question": (
        ('asked = [{ question = "q1"', 'asked = [{ question = "q9"'),
        "interviews[0].asked[0].question: unknown question 'q9'",
    ),
    "question of unknown competence": (
        ('competence = "trygghet"\ntext', 'competence = "humor"\ntext'),
        "guide.questions[0].competence: unknown competence 'humor'",
    ),
    "resident decides": (
        ('decided_by = "chef"', 'decided_by = "inv1"'),
        "decision.decided_by: 'inv1' is a resident; residents and supporters advise, the hiring manager decides",
    ),
    "bad date": (
        ('decided_by = "chef"', 'decided_by = "chef"\ndate = 2026-05-04T10:00:00'),
        "decision.date: expected a date like 2026-05-04, got datetime.datetime(2026, 5, 4, 10, 0) (a date-time)",
    ),
    "identity key itself": (
        ('name = "Anna Andersson"', 'identity = { name = "Anna" }'),
        "candidates[0].identity: unknown key (did you mean 'identifiers'?)",
    ),
}
del BAD_INPUT["competence weights sum to zero"]


class TestBadInput:
    def test_minimal_is_valid(self, minimal_toml: str) -> None:
        """The file the cases break is valid to begin with."""
        rec = rekrytera.loads(minimal_toml, "toml")
        assert rec.candidate("k1").identity.name == "Anna Andersson"

    @pytest.mark.usefixtures("english")
    @pytest.mark.parametrize(("edit", "expected"), list(BAD_INPUT.values()), ids=list(BAD_INPUT))
    def test_reported_with_path(
        self, minimal_toml: str, edit: tuple[str, str], expected: str
    ) -> None:
        """Each class of bad input is one line that names where the problem is."""
        old, new = edit
        assert old in minimal_toml
        assert expected in _problems(minimal_toml.replace(old, new, 1))

    def test_competence_weights_sum_to_zero(self, minimal_toml: str) -> None:
        """A profile whose competences all weigh nothing cannot rank anyone."""
        text = minimal_toml.replace("weight = 3", "weight = 0").replace(
            'label = "Relationsskapande"', 'label = "Relationsskapande"\nweight = 0'
        )
        assert _problems(text) == ["profile.competences: the competence weights sum to zero"]

    def test_two_ratings_same_phase(self, minimal_toml: str) -> None:
        """A panelist rates a candidate once per stage and phase."""
        rating = minimal_toml[minimal_toml.index("[[ratings]]") : minimal_toml.index("[[guide")]
        text = minimal_toml.replace(rating, rating + rating)
        assert _problems(text) == [
            "ratings[1]: a second independent rating of 'k1' by 'inv1' at the interview "
            "stage (the first is ratings[0])"
        ]
        calibrated = rating.replace(
            'stage = "interview"', 'stage = "interview"\nphase = "calibrated"'
        )
        assert rekrytera.loads(minimal_toml.replace(rating, rating + calibrated))

    def test_every_problem_not_just_the_first(self, minimal_toml: str) -> None:
        """Structural problems anywhere in the file come out together."""
        text = (
            minimal_toml.replace("weight = 3", 'weight = "tre"')
            .replace('role = "resident"', 'role = "brukare"')
            .replace("trygghet = 4,", "trygghet = [4],")
            .replace('title = "Socialsekreterare"', 'title = "Socialsekreterare"\ntypo = 1')
        )
        assert _problems(text) == [
            "recruitment.typo: unknown key",
            "profile.competences[0].weight: expected a number, got 'tre' (a string)",
            "panel[1].role: 'brukare' is not one of: hiring_manager, hr, colleague, union, resident, supporter",
            "ratings[0].scores.trygghet: expected a number, got an array",
        ]

    def test_every_integrity_problem(self, minimal_toml: str) -> None:
        """Rules that tie the parts together are reported all at once."""
        text = (
            minimal_toml.replace('panelist = "inv1"', 'panelist = "x"')
            .replace("trygghet = 4,", "trygghet = 0,")
            .replace('meets = ["socionomexamen"]', 'meets = ["y"]')
        )
        assert _problems(text) == [
            "candidates[0].meets[0]: unknown requirement 'y'",
            "ratings[0].panelist: unknown panelist 'x'",
            "ratings[0].scores.trygghet: 0 is outside the scale 1–5",
        ]

    def test_json_paths(self, minimal_toml: str) -> None:
        """JSON files get the same paths as TOML files."""
        tree = tomllib.loads(minimal_toml)
        tree["ratings"][0]["scores"]["trygghet"] = 7
        assert _problems(json.dumps(tree), "json") == [
            "ratings[0].scores.trygghet: 7 is outside the scale 1–5"
        ]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("", "the file is empty"),
            ("  \n\n", "the file is empty"),
            ("schema = ", "not valid TOML: "),
            ("[1, 2]", "expected a table at the top of the file, got an array"),
            ('{"schema": 1,', "not valid JSON: "),
            ("[recruitment]\nid = 'x'", "schema: required but missing"),
            ('schema = "1"', "schema: expected a format version"),
            ("schema = 0", "schema: expected a format version"),
            (
                "schema = 99",
                "schema: the file is in format version 99, newer than this release",
            ),
        ],
    )
    def test_whole_document(self, text: str, expected: str) -> None:
        """Problems with the document as a whole are one line, never a traceback."""
        (problem,) = _problems(text, "json" if text.startswith(("{", "[1")) else "toml")
        assert problem.startswith(expected)

    def test_too_deep(self) -> None:
        """Absurdly nested input is refused with a message."""
        assert _problems("[" * 100_000, "json") == [
            "the file is nested too deeply to be a recruitment"
        ]
        assert _problems("a = " + "[" * 100_000, "toml") == [
            "the file is nested too deeply to be a recruitment"
        ]

    def test_bytes(self) -> None:
        """Binary and non-UTF-8 input is refused; a UTF-8 BOM is fine."""
        assert _problems(b"\x00\x01")[0] == "not a text file (it contains NUL bytes)"  # type: ignore[arg-type]
        assert _problems(b"title = '\xe5'")[0].startswith("not a UTF-8 text file")  # type: ignore[arg-type]

    def test_bom(self, minimal_toml: str) -> None:
        """Files saved by Windows editors, with a byte-order mark, load."""
        assert rekrytera.loads(b"\xef\xbb\xbf" + minimal_toml.encode())

    def test_files(self, tmp_path: Path) -> None:
        """A missing file, a directory and a binary file are problems, not crashes."""
        with pytest.raises(InvalidRecruitment, match="no such file"):
            rekrytera.load(tmp_path / "nope.toml")
        with pytest.raises(InvalidRecruitment, match="is a directory"):
            rekrytera.load(tmp_path)
        (tmp_path / "bin.toml").write_bytes(bytes(range(256)))
        with pytest.raises(InvalidRecruitment, match="not a text file"):
            rekrytera.load(tmp_path / "bin.toml")
        (tmp_path / "latin1.toml").write_bytes("title = 'å'".encode("latin-1"))
        with pytest.raises(InvalidRecruitment, match="not a UTF-8 text file"):
            rekrytera.load(tmp_path / "latin1.toml")

    def test_format_guessed(self, minimal_toml: str, tmp_path: Path) -> None:
        """Without a known suffix, JSON is told from TOML by its first character."""
        rec = rekrytera.loads(minimal_toml)
        (tmp_path / "a.txt").write_text(rekrytera.dumps(rec, "json"), encoding="utf-8")
        (tmp_path / "b.txt").write_text(minimal_toml, encoding="utf-8")
        assert rekrytera.load(tmp_path / "a.txt") == rekrytera.load(tmp_path / "b.txt") == rec

    def test_problem_under(self) -> None:
        """Problem paths compose."""
        assert Problem("x", "m").under("a") == Problem("a.x", "m")
        assert Problem("[0]", "m").under("a") == Problem("a[0]", "m")
        assert Problem("", "m").under("a") == Problem("a", "m")
        assert Problem("x", "m").under("") == Problem("x", "m")
        assert str(Problem("", "m")) == "m"

    def test_odd_keys_quoted(self, minimal_toml: str) -> None:
        """A key that is not a plain token is quoted in the path."""
        text = minimal_toml.replace("weight = 3", 'weight = 3\n"två ord" = 1')
        assert "profile.competences[0]['två ord']: unknown key" in _problems(text)


class TestDump:
    def test_unknown_suffix(self, minimal_toml: str, tmp_path: Path) -> None:
        """dump refuses to guess a format from an unknown suffix."""
        rec = rekrytera.loads(minimal_toml)
        with pytest.raises(RekryteraError, match=r"use a \.toml or \.json suffix"):
            rekrytera.dump(rec, tmp_path / "x.yaml")
        with pytest.raises(RekryteraError, match="unknown format"):
            rekrytera.dumps(rec, "yaml")  # type: ignore[arg-type]

    def test_atomic(
        self, minimal_toml: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A failure half-way through writing leaves the old file and no temporary file."""
        rec = rekrytera.loads(minimal_toml)
        target = tmp_path / "rec.json"
        target.write_text("old", encoding="utf-8")

        def fail(fd: int) -> None:
            raise OSError("disk full")

        monkeypatch.setattr(os, "fsync", fail)
        with pytest.raises(OSError, match="disk full"):
            rekrytera.dump(rec, target)
        assert target.read_text(encoding="utf-8") == "old"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["rec.json"]

    def test_private_by_default(self, minimal_toml: str, tmp_path: Path) -> None:
        """A new file holding personal data is readable by its owner only."""
        target = tmp_path / "rec.toml"
        rekrytera.dump(rekrytera.loads(minimal_toml), target)
        assert target.stat().st_mode & 0o077 == 0

    def test_keeps_mode(self, minimal_toml: str, tmp_path: Path) -> None:
        """Replacing a file keeps the permissions it had."""
        target = tmp_path / "rec.toml"
        target.write_text("old", encoding="utf-8")
        target.chmod(0o640)
        rekrytera.dump(rekrytera.loads(minimal_toml), target)
        assert target.stat().st_mode & 0o777 == 0o640

    def test_temporary_file_is_private_while_written(self, tmp_path: Path) -> None:
        """Even when it replaces a readable file, the temporary file is owner-only and named."""
        from rekrytera._atomic import atomic_writer, temporary_files

        target = tmp_path / "rec.toml"
        target.write_text("old", encoding="utf-8")
        target.chmod(0o644)
        with atomic_writer(target) as f:
            f.write("new")
            (tmp,) = temporary_files(target)
            assert tmp.name.startswith(f".rec.toml.rekrytera-{os.getpid()}-")
            assert tmp.stat().st_mode & 0o777 == 0o600
        assert target.read_text(encoding="utf-8") == "new"
        assert target.stat().st_mode & 0o777 == 0o644
        assert temporary_files(target) == []

    def test_stale_temporary_files_removed(self, minimal_toml: str, tmp_path: Path) -> None:
        """A temporary file left by a killed process goes at the next write; a live one stays."""
        from rekrytera._atomic import temporary_files

        target = tmp_path / "rec.toml"
        gone = subprocess.run(
            [sys.executable, "-c", "import os; print(os.getpid())"],
            capture_output=True,
            text=True,
            check=True,
        )
        dead = int(gone.stdout)
        stale = tmp_path / f".rec.toml.rekrytera-{dead}-abc.tmp"
        stale.write_text("Anna Andersson, 19850101-1236", encoding="utf-8")
        live = tmp_path / f".rec.toml.rekrytera-{os.getppid()}-def.tmp"
        live.write_text("being written", encoding="utf-8")
        rekrytera.dump(rekrytera.loads(minimal_toml), target)
        assert temporary_files(target) == [live]

    def test_whole_numbers(self, minimal_toml: str) -> None:
        """Whole numbers are written without a decimal point."""
        text = rekrytera.dumps(rekrytera.loads(minimal_toml))
        assert "weight = 3\n" in text
        assert "interview = 0.7\n" in text

    def test_stage_enum_in_tree(self, minimal_toml: str) -> None:
        """The tree holds plain strings, not enum members, for other tools."""
        tree = to_tree(rekrytera.loads(minimal_toml))
        assert type(tree["ratings"][0]["stage"]) is str
        assert tree["ratings"][0]["stage"] == Stage.INTERVIEW.value


class TestHostileInput:
    """Input that is broken on purpose or by accident: one line, exit 2, never a hang."""

    @pytest.mark.usefixtures("english")
    def test_device_is_not_read_forever(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`check /dev/zero` stops at the size limit and says so."""
        from rekrytera.cli import main

        if not Path("/dev/zero").exists():
            pytest.skip("no /dev/zero on this system")
        assert main(["check", "/dev/zero"]) == 2
        assert "larger than 50 MB" in capsys.readouterr().out

    def test_size_limit_can_be_raised(
        self, minimal_toml: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """REKRYTERA_MAX_FILE_MB sets the limit."""
        path = tmp_path / "rec.toml"
        path.write_text(minimal_toml + "\n" + "#" * 200_000 + "\n", encoding="utf-8")
        monkeypatch.setenv("REKRYTERA_MAX_FILE_MB", "0.1")
        with pytest.raises(InvalidRecruitment, match="larger than 0 MB"):
            rekrytera.load(path)
        monkeypatch.setenv("REKRYTERA_MAX_FILE_MB", "1")
        assert rekrytera.load(path).id == "test-1"

    def test_duplicate_json_key(self, minimal_toml: str) -> None:
        """A key given twice in a JSON table is refused (JSON parsers keep the last silently)."""
        text = rekrytera.dumps(rekrytera.loads(minimal_toml), "json")
        doubled = text.replace('"title": "Socialsekreterare"', '"title": "A", "title": "B"', 1)
        with pytest.raises(InvalidRecruitment, match="the key 'title' appears twice"):
            rekrytera.loads(doubled, "json")

    def test_lone_surrogate(self, minimal_toml: str) -> None:
        """A lone surrogate (JSON can encode one; UTF-8 cannot hold it) is refused with its path."""
        text = rekrytera.dumps(rekrytera.loads(minimal_toml), "json")
        broken = text.replace('"title": "Socialsekreterare"', '"title": "Social\\ud800"', 1)
        with pytest.raises(InvalidRecruitment) as info:
            rekrytera.loads(broken, "json")
        assert [p.path for p in info.value.problems] == ["recruitment.title"]

    def test_unwritable_output(self, minimal_toml: str, tmp_path: Path) -> None:
        """Writing into a folder that does not exist is a RekryteraError, not an OSError."""
        with pytest.raises(RekryteraError, match=r"cannot write .*: no such file or folder"):
            rekrytera.dump(rekrytera.loads(minimal_toml), tmp_path / "nope" / "rec.toml")
