"""Step 4: importing applicants (CSV and an installed importer plugin) and screening them."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rekrytera
from rekrytera.applicants import add_applicants, import_applicants, read_applicants, screen
from rekrytera.cli import main
from rekrytera.exceptions import InvalidRecruitment, UnknownName
from rekrytera.plugins import default_registry
from rekrytera.testing import emails, texts

from .conftest import EXAMPLES, install

EXAMPLE = next(p for p in EXAMPLES if p.stem == "socialsekreterare-barn-unga")

#: As Swedish Excel saves "CSV UTF-8": a byte-order mark, semicolons, CRLF.
EXCEL = (
    "\ufeffNamn;E-post;Telefon;Utbildning;Varför söker du?\r\n"
    "Lina Berg;lina.berg@example.se;070-111 22 33;Socionomexamen, Umeå 2021;"
    '"Jag vill arbeta nära familjer; mejla lina.berg@example.se."\r\n'
    "Omar Said;omar@example.se;;Socionom 2015;Jag heter Omar Said.\r\n"
)
MAP = ["--map", "Utbildning=application.utbildning", "--map", "Varför söker du?=application.brev"]


@pytest.fixture
def recruitment(tmp_path: Path) -> Path:
    path = tmp_path / "rekrytering.toml"
    shutil.copy(EXAMPLE, path)
    return path


def _csv(tmp_path: Path, text: str, name: str = "sokande.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.usefixtures("english")
class TestImportCommand:
    def test_an_excel_file_is_imported(
        self, recruitment: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        source = _csv(tmp_path, EXCEL)
        assert main(["import-applicants", str(source), "--into", str(recruitment), *MAP]) == 0
        assert capsys.readouterr().out.strip() == f"{recruitment}: added 2 applicants (k5, k6)"
        rec = rekrytera.load(recruitment)
        lina = rec.candidate("k5")
        assert lina.identity.name == "Lina Berg"
        assert lina.identity.phone == "070-111 22 33"
        assert lina.application["brev"].startswith("Jag vill arbeta nära familjer; mejla")
        assert rec.candidate("k6").identity.phone is None
        assert len(rec.candidates) == 6

    def test_a_malformed_row_names_row_and_column_and_imports_nothing(
        self, recruitment: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        before = recruitment.read_bytes()
        source = _csv(
            tmp_path,
            "id;namn;e-post;personnummer\n"
            "s1;Lina Berg;lina.berg@example.se;\n"
            "s2;Omar Said;omar.example.se;19850101–1234\n"
            "k1;Sara Ek;sara@example.se;\n"
            "s1;Eva Ek;eva@example.se\n",
        )
        assert main(["import-applicants", str(source), "--into", str(recruitment)]) == 2
        err = capsys.readouterr().err.splitlines()
        assert err == [
            f"{source}: row 3, column 'e-post': not an email address",
            f"{source}: row 3, column 'personnummer': not a valid personal identity number",
            f"{source}: row 4, column 'id': 'k1' is already a candidate of the recruitment",
            f"{source}: row 5: 3 fields, but there are 4 columns",
        ]
        assert "omar.example.se" not in "\n".join(err)
        assert "1234" not in "\n".join(err)
        assert recruitment.read_bytes() == before

    def test_a_column_nobody_mapped_is_a_problem(
        self, recruitment: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        source = _csv(tmp_path, EXCEL)
        args = ["import-applicants", str(source), "--into", str(recruitment)]
        assert main([*args, "--map", "Utbildning=-", "--map", "Telefon=bogus"]) == 2
        assert capsys.readouterr().err.splitlines() == [
            f"{source}: --map Telefon: 'bogus' is not a field; use one of id, name, email, "
            "phone, personal_id, meets, merits, -, identifiers.KEY or application.KEY",
            f"{source}: row 1, column 'Varför söker du?': not mapped to a field; --map "
            "'Varför söker du?=application.KEY' keeps it with the application, --map "
            "'Varför söker du?=-' leaves it out",
        ]

    def test_dry_run_writes_nothing(
        self, recruitment: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        before = recruitment.read_bytes()
        source = _csv(tmp_path, EXCEL)
        args = ["import-applicants", str(source), "--into", str(recruitment), *MAP, "--dry-run"]
        assert main(args) == 0
        assert "would add 2 applicants (k5, k6); nothing written" in capsys.readouterr().out
        assert recruitment.read_bytes() == before

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"", "the file is empty"),
            (b"namn;e-post\n", "the file has column headings but no applicants"),
            ("namn\nÅsa\n".encode("cp1252"), "not a UTF-8 text file (byte 5 cannot be decoded)"),
        ],
    )
    def test_a_file_with_nothing_to_import(
        self,
        recruitment: Path,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        content: bytes,
        message: str,
    ) -> None:
        source = tmp_path / "s.csv"
        source.write_bytes(content)
        assert main(["import-applicants", str(source), "--into", str(recruitment)]) == 2
        assert message in capsys.readouterr().err

    def test_no_importer_for_the_suffix(
        self, recruitment: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        source = _csv(tmp_path, EXCEL, "s.xlsx")
        assert main(["import-applicants", str(source), "--into", str(recruitment)]) == 2
        assert "no importer reads s.xlsx; choose one with --importer (csv)" in (
            capsys.readouterr().err
        )
        args = ["import-applicants", str(source), "--into", str(recruitment), "--importer", "cvs"]
        assert main(args) == 2
        assert "unknown importer 'cvs' (did you mean 'csv'?)" in capsys.readouterr().err

    def test_swedish_by_default(
        self,
        recruitment: Path,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.delenv("REKRYTERA_LANG")
        source = _csv(tmp_path, "namn;e-post\nLina;lina.example.se\n")
        assert main(["import-applicants", str(source), "--into", str(recruitment)]) == 2
        assert capsys.readouterr().err.strip() == (
            f"{source}: rad 2, kolumn 'e-post': inte en e-postadress"
        )


class TestLibrary:
    def test_ids_already_taken_are_refused(self) -> None:
        rec = rekrytera.load(EXAMPLE)
        with pytest.raises(InvalidRecruitment) as e:
            add_applicants(rec, [rec.candidates[0]])
        assert [p.path for p in e.value.problems] == ["applicants[0].id"]

    def test_the_importer_is_chosen_by_name(self, tmp_path: Path) -> None:
        rec = rekrytera.load(EXAMPLE)
        source = _csv(tmp_path, "namn\nLina\n", "s.txt")
        found = read_applicants(source, rec, importer="csv")
        assert [c.identity.name for c in found] == ["Lina"]
        with pytest.raises(UnknownName):
            read_applicants(source, rec, importer="nope")

    @given(
        st.lists(
            st.tuples(texts(min_size=1).map(str.strip).filter(bool), emails(), texts()),
            min_size=1,
            max_size=5,
        ),
        st.sampled_from([",", ";", "\t"]),
    )
    def test_what_csv_writes_is_read_back(
        self, people: list[tuple[str, str, str]], delimiter: str
    ) -> None:
        """Names and letters with delimiters, quotes and line breaks survive a CSV round trip."""
        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(["namn", "e-post", "brev"])
        writer.writerows(people)
        rec = rekrytera.load(EXAMPLE)
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "s.csv"
            source.write_text(out.getvalue(), encoding="utf-8")
            found = read_applicants(source, rec, mapping={"brev": "application.brev"})
            imported = import_applicants(source, rec, mapping={"brev": "application.brev"})
        assert [(c.identity.name, c.identity.email) for c in found] == [
            (name, email.strip()) for name, email, _ in people
        ]
        assert [c.application.get("brev", "") for c in found] == [
            letter.strip() for _, _, letter in people
        ]
        assert imported.candidates[len(rec.candidates) :] == tuple(found)


@pytest.mark.usefixtures("english")
def test_an_installed_importer_plugin(
    installed: Path, recruitment: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = (Path(__file__).parent / "plugins" / "tsv_importer.py").read_text(encoding="utf-8")
    install(installed, "rekrytera-test-ats", "rekrytera_test_ats", code, ("rekrytera.importers",))
    default_registry.cache_clear()
    try:
        source = tmp_path / "export.ats.tsv"
        source.write_text(
            "Kandidat-ID\tFörnamn\tEfternamn\tE-post\tPersonligt brev\n"
            "4711\tLina\tBerg\tlina@example.se\tJag vill arbeta med barn.\n",
            encoding="utf-8",
        )
        assert main(["import-applicants", str(source), "--into", str(recruitment)]) == 0
        assert rekrytera.load(recruitment).candidate("ats-4711").identity.name == "Lina Berg"
        capsys.readouterr()
        assert main(["plugins", "--format", "json"]) == 0
        rows = json.loads(capsys.readouterr().out)
        assert {
            "kind": "importer",
            "name": "ats-tsv",
            "plugin": "rekrytera_test_ats",
            "distribution": "rekrytera-test-ats 1.2.3",
        }.items() <= next(r for r in rows if r["name"] == "ats-tsv").items()
    finally:
        default_registry.cache_clear()


@pytest.mark.usefixtures("english")
class TestScreen:
    def test_a_finding_is_recorded_with_meets(
        self, recruitment: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        args = ["screen", str(recruitment), "--candidate", "k4", "--requirement", "socionomexamen"]
        more = ["--by", "hr", "--reason", "Examen från Norge.", "--date", "2026-03-02"]
        assert main([*args, "--not-met", *more]) == 0
        assert capsys.readouterr().out.strip() == (f"{recruitment}: k4, socionomexamen: not met")
        rec = rekrytera.load(recruitment)
        assert "socionomexamen" not in rec.candidate("k4").meets
        assert rec.screening[-1].reason == "Examen från Norge."
        assert not rec.screening[-1].blind
        assert main([*args, "--met", *more, "--blind"]) == 0
        rec = rekrytera.load(recruitment)
        assert "socionomexamen" in rec.candidate("k4").meets
        assert [(s.met, s.blind) for s in rec.screening if s.candidate == "k4"] == [(True, True)]

    def test_a_date_that_is_no_date(
        self, recruitment: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """One line in plain words (not argparse's "invalid fromisoformat value"), exit 2."""
        before = recruitment.read_bytes()
        args = ["screen", str(recruitment), "--candidate", "k4", "--requirement", "socionomexamen"]
        with pytest.raises(SystemExit) as stopped:
            main([*args, "--met", "--by", "hr", "--date", "2026-13-01"])
        assert stopped.value.code == 2
        err = capsys.readouterr().err
        assert "argument --date: '2026-13-01' is not a date (YYYY-MM-DD)" in err
        assert "fromisoformat" not in err
        assert recruitment.read_bytes() == before

    def test_the_blind_sheet_hides_who_applied(
        self, recruitment: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        source = _csv(tmp_path, EXCEL)
        assert main(["import-applicants", str(source), "--into", str(recruitment), *MAP]) == 0
        capsys.readouterr()
        assert main(["screen", str(recruitment), "--blind"]) == 0
        out = capsys.readouterr().out
        assert "Lina" not in out
        assert "lina.berg@example.se" not in out
        assert "Omar" not in out
        assert "Socionomexamen, Umeå 2021" in out
        assert "k5\n" in out
        assert "not screened yet" in out
        # Without --names, as blind: names only on request.
        assert main(["screen", str(recruitment), "--format", "json"]) == 0
        rows = {row["candidate"]: row for row in json.loads(capsys.readouterr().out)}
        assert "name" not in rows["k6"]
        assert "Omar" not in rows["k6"]["application"]["brev"]
        assert main(["screen", str(recruitment), "--names", "--format", "json"]) == 0
        rows = {row["candidate"]: row for row in json.loads(capsys.readouterr().out)}
        assert rows["k5"]["name"] == "Lina Berg"
        assert rows["k6"]["application"]["brev"] == "Jag heter Omar Said."
        assert rows["k1"]["requirements"][0]["in_meets"] is True

    @pytest.mark.parametrize(
        ("extra", "message"),
        [
            (["--blind", "--names"], "--blind hides who applied; leave out --names"),
            (["--candidate", "k1"], "to record a finding, give --candidate, --requirement"),
        ],
    )
    def test_contradictions_are_refused(
        self,
        recruitment: Path,
        capsys: pytest.CaptureFixture[str],
        extra: list[str],
        message: str,
    ) -> None:
        assert main(["screen", str(recruitment), *extra]) == 2
        assert message in capsys.readouterr().err

    def test_an_unknown_panelist_is_refused_and_nothing_written(
        self, recruitment: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        before = recruitment.read_bytes()
        args = ["screen", str(recruitment), "--candidate", "k1", "--requirement"]
        assert main([*args, "socionomexamen", "--met", "--by", "nobody"]) == 2
        assert "unknown panelist 'nobody'" in capsys.readouterr().err
        assert recruitment.read_bytes() == before


def test_screen_replaces_an_earlier_finding() -> None:
    rec = rekrytera.load(EXAMPLE)
    once = screen(rec, "k1", "socionomexamen", met=False, by="hr")
    twice = screen(once, "k1", "socionomexamen", met=True, by="chef", reason="Bevis kom.")
    assert [(s.by, s.met) for s in twice.screening if s.candidate == "k1"] == [("chef", True)]
    assert "socionomexamen" in twice.candidate("k1").meets
