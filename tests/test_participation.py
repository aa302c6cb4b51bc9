"""Residents who take part: records, the pool, matching and the summaries."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import tomllib
import warnings
from pathlib import Path

import attrs
import pytest

import rekrytera
import rekrytera.io
from rekrytera import catalogue
from rekrytera.cli import main
from rekrytera.model import ChecklistItem, Participation, PoolResident, Register, Step
from rekrytera.participation import (
    declared_out,
    dump_register,
    load_pool,
    load_register,
    match,
    summarise,
    summarise_all,
    unknown_areas,
)

ROOT = Path(__file__).parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))
POOL = ROOT / "examples" / "pool" / "invanarpool.toml"
SOCIAL = ROOT / "examples" / "socialsekreterare-barn-unga.toml"


class TestRecords:
    def test_fee_on_income_support(self) -> None:
        """A resident on income support keeps only a share of the fee (25 % per the seeds)."""
        part = Participation(recruitment="r", panelist="inv1", fee=1000, income_support=True)
        assert part.kept_fee() == 250
        assert part.kept_fee(0.5) == 500
        assert Participation(recruitment="r", panelist="inv1", fee=1000).kept_fee() == 1000

    def test_prepared(self) -> None:
        """Prepared means every checklist item done."""
        done = dict.fromkeys(ChecklistItem, True)
        assert Participation(recruitment="r", panelist="x", checklist=done).prepared
        assert not Participation(
            recruitment="r", panelist="x", checklist={**done, ChecklistItem.DOCUMENTS: False}
        ).prepared
        assert ChecklistItem.CONFIDENTIALITY.label_sv == "Tystnadsförbindelse undertecknad"
        assert Step.WORK_SAMPLE.label_sv == "arbetsprov"

    @pytest.mark.parametrize(
        ("edit", "replacement", "expected"),
        [
            (
                'recruitment = "hbg-2026-017"\npanelist = "inv1"',
                'recruitment = "hbg-2026-017"\npanelist = "chef"',
                "participation[2].panelist: 'chef' is a hiring manager in hbg-2026-017; "
                "participation records are for residents",
            ),
            (
                'recruitment = "hbg-2026-017"\npanelist = "inv1"',
                'recruitment = "hbg-2026-017"\npanelist = "nobody"',
                "participation[2].panelist: hbg-2026-017 has no panelist 'nobody'",
            ),
            (
                'supporter = "metodstod"\nnote = "Förberedde',
                'supporter = "chef"\nnote = "Förberedde',
                "participation[2].supporter: 'chef' is a hiring manager in hbg-2026-017, "
                "not a supporter",
            ),
        ],
    )
    @pytest.mark.usefixtures("english")
    def test_records_fit_the_recruitment(self, edit: str, replacement: str, expected: str) -> None:
        """A register's records belong to residents, its supporters are supporters."""
        text = POOL.read_text(encoding="utf-8")
        assert edit in text
        register = _register(text.replace(edit, replacement, 1))
        assert [str(p) for p in register.problems(rekrytera.load(SOCIAL))] == [expected]
        with pytest.raises(rekrytera.InvalidRecruitment, match=r"participation\[2\]"):
            summarise(rekrytera.load(SOCIAL), register)

    @pytest.mark.parametrize(
        ("edit", "replacement", "expected"),
        [
            (
                "fee = 1500",
                "fee = -1",
                "participation[1].fee: -1 is negative; amounts must be zero or more",
            ),
            (
                '"decision",\n]',
                '"beslut",\n]',
                "participation[1].steps[2]: 'beslut' is not one of: need, profile, ad, screening, interview, work_sample, decision",
            ),
            (
                'recruitment = "sos-2026-002"\npanelist = "brukare"',
                'recruitment = "hbg-2026-017"\npanelist = "inv1"',
                "participation[2].panelist: 'inv1' has two records for 'hbg-2026-017'",
            ),
            (
                "conflicts_declared = true\n",
                'conflicts_declared = true\n[[participation]]\nrecruitment = "x"\n'
                'panelist = "y"\nresident = "r99"\n',
                "participation[1].resident: unknown resident 'r99' (not among residents)",
            ),
        ],
    )
    def test_register_rules(self, edit: str, replacement: str, expected: str) -> None:
        """Amounts are not negative, steps are known, one record per resident and recruitment."""
        text = POOL.read_text(encoding="utf-8")
        assert edit in text
        with pytest.raises(rekrytera.InvalidRecruitment) as info:
            _register(text.replace(edit, replacement, 1))
        assert expected in [str(p) for p in info.value.problems]


def _register(text: str) -> Register:
    import tomllib

    from rekrytera.io import structure_tree

    return structure_tree(tomllib.loads(text), Register)


class TestPool:
    def test_rotation_and_declarations(self) -> None:
        """Among equally relevant residents, the one who waited longest comes first; a
        resident who declared a conflict or a current relation is never suggested."""
        pool = Register(
            residents=[
                PoolResident(id=r, experience=["vuxen"]) for r in ("ra", "rb", "rc", "rd", "re")
            ],
            participation=[
                Participation(
                    recruitment="old1",
                    panelist="i",
                    resident="ra",
                    steps=["interview"],
                    date=dt.date(2026, 5, 1),
                ),
                Participation(
                    recruitment="old2",
                    panelist="i",
                    resident="rb",
                    steps=["interview"],
                    date=dt.date(2025, 5, 1),
                ),
                Participation(
                    recruitment="old3",
                    panelist="i",
                    resident="rb",
                    steps=["interview"],
                    date=dt.date(2024, 5, 1),
                ),
                # declared out before an earlier recruitment: that is no turn taken
                Participation(recruitment="old4", panelist="i", resident="rc", conflict=True),
                Participation(recruitment="ny", panelist="x", resident="rd", current_relation=True),
                Participation(
                    recruitment="ny",
                    panelist="y",
                    resident="re",
                    conflict=False,
                    current_relation=False,
                ),
            ],
        )
        rec = attrs.evolve(
            rekrytera.load(SOCIAL),
            info=rekrytera.model.RecruitmentInfo(id="ny", title="t", area="missbruk"),
        )
        areas = catalogue.experience_areas()
        found = match(pool, rec, n=10, areas=areas)
        assert [(m.resident.id, m.relevance, m.times) for m in found] == [
            ("rc", 1, 0),
            ("re", 1, 0),
            ("rb", 1, 2),
            ("ra", 1, 1),
        ]
        assert declared_out(pool, rec) == ["rd"]
        assert found[2].last == dt.date(2025, 5, 1)
        # without the vocabulary, "vuxen" and "missbruk" are not related
        assert {m.relevance for m in match(pool, rec, n=10)} == {0}

    def test_unknown_areas(self) -> None:
        pool = load_pool(POOL)
        areas = catalogue.experience_areas()
        assert unknown_areas(pool, areas) == []
        odd = Register(residents=[PoolResident(id="x", experience=["barn"])])
        (problem,) = unknown_areas(odd, areas)
        assert problem.path == "residents[0].experience[0]"

    @pytest.mark.usefixtures("english")
    def test_match(self) -> None:
        """The most relevant available residents come first; unavailable ones never."""
        pool = load_pool(POOL)
        found = match(pool, rekrytera.load(SOCIAL), n=3)
        # r04 declared a conflict for this recruitment; r03 has waited longer than r02.
        assert [(m.resident.id, m.relevance) for m in found] == [("r01", 2), ("r03", 0), ("r02", 0)]
        assert "r05" not in {m.resident.id for m in match(pool, rekrytera.load(SOCIAL), n=10)}

    def test_bad_pool(self, tmp_path: Path) -> None:
        """A pool file is checked like a recruitment file."""
        path = tmp_path / "pool.toml"
        path.write_text(
            'schema = 1\n[[residents]]\nid = "r1"\nexperiense = ["x"]\n[[residents]]\nid = "r1"\n',
            encoding="utf-8",
        )
        with pytest.raises(rekrytera.InvalidRecruitment) as info:
            load_pool(path)
        assert [str(p) for p in info.value.problems] == [
            "residents[0].experiense: unknown key (did you mean 'experience'?)"
        ]
        path.write_text(
            'schema = 1\n[[residents]]\nid = "r1"\n[[residents]]\nid = "r1"\n', encoding="utf-8"
        )
        with pytest.raises(
            rekrytera.InvalidRecruitment, match=r"residents\[1\]\.id: duplicate id 'r1'"
        ):
            load_pool(path)


class TestSummaries:
    def test_one(self) -> None:
        """Steps, preparation, fees and the residents' top candidate of one recruitment."""
        s = summarise(rekrytera.load(SOCIAL), load_register(POOL))
        assert (s.residents, s.prepared) == (2, 1)
        assert s.steps == (Step.PROFILE, Step.INTERVIEW, Step.WORK_SAMPLE, Step.DECISION)
        assert (s.fees, s.kept) == (2250, 375 + 750)
        assert s.residents_top == ("k1",)
        assert s.hired == ("k2",)
        assert s.top_hired is False
        assert s.checklist_done == pytest.approx(13 / 14)

    def test_all(self) -> None:
        """Across recruitments: how often the residents' top candidate was hired, where known."""
        summary = summarise_all((rekrytera.load(p) for p in EXAMPLES), load_register(POOL))
        assert (summary.recruitments, summary.with_residents) == (3, 3)
        assert summary.top_hired == (1, 2)
        assert summary.share_prepared == pytest.approx(2 / 4)

    def test_without_a_register(self) -> None:
        """Without the register, the measures that need it are empty, the rest still told."""
        s = summarise(rekrytera.load(SOCIAL))
        assert (s.residents, s.prepared, s.fees, s.steps) == (2, 0, 0, ())
        assert s.residents_top == ("k1",)

    def test_without_residents(self, minimal_toml: str) -> None:
        """A recruitment without residents has nothing to say about them."""
        rec = rekrytera.loads(minimal_toml)
        rec = attrs.evolve(
            rec, panel=[p for p in rec.panel if p.id != "inv1"], ratings=[], interviews=[]
        )
        s = summarise(rec)
        assert (s.residents, s.steps, s.checklist_done, s.top_hired) == (0, (), None, None)


class TestCommands:
    def test_participation(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`rekrytera participation` prints the table and the measures; --format json for tools."""
        files = [*map(str, EXAMPLES), "--register", str(POOL)]
        assert main(["participation", *files]) == 0
        out = capsys.readouterr().out
        assert "invånarnas toppkandidat anställd i 1 av 2" in out
        assert "2250,00" in out  # the fees of hbg-2026-017, from the register
        assert main(["participation", *files, "--format", "json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["residents_top_hired"] == {"yes": 1, "known": 2}
        assert [r["fees"] for r in data["per_recruitment"]] == [1000, 1500, 2250]

    @pytest.mark.usefixtures("english")
    def test_match(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`rekrytera match` lists residents by id; names only on request."""
        assert main(["match", "--pool", str(POOL), str(SOCIAL)]) == 0
        out = capsys.readouterr().out
        assert out.splitlines() == [
            "r01\t2\texperience of barn-unga; related experience: familjehem\thas not taken part yet",
            "r03\t0\tno matching experience\tlast took part 2026-01-20",
            "r02\t0\tno matching experience\tlast took part 2026-03-10",
            "Not asked, as they declared a conflict of interest or a current relation to the "
            "unit: r04",
        ]
        assert "Leila" not in out
        assert main(["match", "--pool", str(POOL), str(SOCIAL), "--names"]) == 0
        assert "Leila Haddad" in capsys.readouterr().out

    @pytest.mark.usefixtures("english")
    def test_match_bad_pool(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A bad pool file is exit 2 with its problems."""
        assert main(["match", "--pool", str(tmp_path / "none.toml"), str(SOCIAL)]) == 2
        assert "no such file" in capsys.readouterr().err

    @pytest.mark.usefixtures("english")
    def test_match_reads_the_register(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`--register` is the option's name now; `--pool` still works."""
        assert main(["match", "--register", str(POOL), str(SOCIAL)]) == 0
        assert capsys.readouterr().out.splitlines()[0] == (
            "r01\t2\texperience of barn-unga; related experience: familjehem\thas not taken part yet"
        )


OLD_RECORD = """
[[participation]]
panelist = "inv1"
steps = ["interview"]
fee = 1200
income_support = true
note = "Har själv haft kontakt med Barn och unga sedan 2019."
"""


def _old_layout(tmp_path: Path, name: str = "old.toml") -> Path:
    """The social-secretary example as files were before 0.2: residents' data inside."""
    text = SOCIAL.read_text(encoding="utf-8")
    assert 'id = "inv1"\nrole = "resident"\n' in text
    text = text.replace(
        'id = "inv1"\nrole = "resident"\n',
        'id = "inv1"\nrole = "resident"\nexperience = ["barn-unga"]\n',
    )
    path = tmp_path / name
    path.write_text(text + OLD_RECORD, encoding="utf-8")
    return path


class TestOldLayout:
    """Files written before 0.2 still load; their residents' data is kept apart."""

    def test_load_leaves_it_out_and_says_so(self, tmp_path: Path) -> None:
        old = _old_layout(tmp_path)
        with pytest.warns(rekrytera.io.OldLayoutWarning, match="rekrytera split"):
            rec = rekrytera.load(old)
        assert rec == rekrytera.load(SOCIAL)
        assert "income_support" not in rekrytera.dumps(rec)
        assert 'barn-unga"]' not in rekrytera.dumps(rec).split("[[candidates]]")[0]

    def test_said_once_per_command(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Three old files, one note."""
        files = [str(_old_layout(tmp_path, f"old{i}.toml")) for i in range(3)]
        assert main(["check", *files]) == 0
        err = capsys.readouterr().err
        assert err.count("rekrytera split") == 1, err

    def test_register_reads_the_old_file(self, tmp_path: Path) -> None:
        register = load_register(_old_layout(tmp_path))
        (record,) = register.participation
        assert (record.recruitment, record.panelist, record.experience) == (
            "hbg-2026-017",
            "inv1",
            ("barn-unga",),
        )
        assert (record.fee, record.income_support) == (1200, True)

    def test_participation_reads_the_old_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["participation", str(_old_layout(tmp_path)), "--format", "json"]) == 0
        assert json.loads(capsys.readouterr().out)["per_recruitment"][0]["fees"] == 1200

    def test_exports_never_carry_it(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """JSON, CSV, anonymised copies and reports of an old file hold none of the residents' data."""
        old = str(_old_layout(tmp_path))
        outputs = {
            "json": (["export", old, "--to", str(tmp_path / "o.json")], tmp_path / "o.json"),
            "csv": (
                ["export", old, "--to", str(tmp_path / "csv"), "--format", "csv"],
                tmp_path / "csv",
            ),
            "anon": (
                ["anonymise", old, "-o", str(tmp_path / "a.toml"), "--key", str(_key(tmp_path))],
                tmp_path / "a.toml",
            ),
            "memo": (["report", old, "-o", str(tmp_path / "m.html")], tmp_path / "m.html"),
        }
        for argv, out in outputs.values():
            assert main(argv) == 0, capsys.readouterr().err
            files = [out] if out.is_file() else sorted(out.iterdir())
            text = "".join(f.read_text(encoding="utf-8") for f in files)
            for secret in ("1200", "income_support", "sedan 2019", "experience"):
                assert secret not in text, (argv[0], secret)

    @pytest.mark.usefixtures("english")
    def test_register_option_only_for_a_store(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        argv = ["export", str(SOCIAL), "--to", str(tmp_path / "o.json"), "--register", str(POOL)]
        assert main(argv) == 2
        assert "never goes into an export" in capsys.readouterr().err
        assert not (tmp_path / "o.json").exists()


def _key(tmp_path: Path) -> Path:
    key = tmp_path / "key"
    key.write_bytes(b"k" * 32)
    key.chmod(0o600)
    return key


class TestSplit:
    @pytest.mark.usefixtures("english")
    def test_moves_the_data_and_rewrites_the_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        old = _old_layout(tmp_path)
        register = tmp_path / "register.toml"
        assert main(["split", str(old), "--register", str(register)]) == 0
        assert "1 resident's record moved" in capsys.readouterr().out
        assert "sedan 2019" in register.read_text(encoding="utf-8")
        assert register.stat().st_mode & 0o077 == 0
        text = old.read_text(encoding="utf-8")
        assert "sedan 2019" not in text
        assert "income_support" not in text
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert rekrytera.load(old) == rekrytera.load(SOCIAL)
        # Once more: nothing left to move, nothing changed.
        assert main(["split", str(old), "--register", str(register)]) == 0
        assert "left as it is" in capsys.readouterr().out
        assert load_register(register).of("hbg-2026-017")[0].fee == 1200

    def test_adds_to_an_existing_register(self, tmp_path: Path) -> None:
        register = tmp_path / "register.toml"
        dump_register(load_register(POOL), register)
        before = load_register(register)
        assert (
            main(["split", str(_old_layout(tmp_path)), "--register", str(register), "--force"]) == 0
        )
        after = load_register(register)
        assert after.residents == before.residents
        assert len(after.participation) == len(before.participation)  # inv1's record replaced
        assert [p.fee for p in after.of("hbg-2026-017") if p.panelist == "inv1"] == [1200]

    @pytest.mark.usefixtures("english")
    def test_refuses_to_overwrite_another_record(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        register = tmp_path / "register.toml"
        dump_register(load_register(POOL), register)
        before = register.read_bytes()
        old = _old_layout(tmp_path)
        old_text = old.read_bytes()
        assert main(["split", str(old), "--register", str(register)]) == 2
        assert "already holds another record for inv1 in hbg-2026-017" in capsys.readouterr().err
        assert register.read_bytes() == before
        assert old.read_bytes() == old_text

    def test_round_trip(self, tmp_path: Path) -> None:
        """A register written and read back is the same register."""
        register = load_register(POOL)
        for suffix in (".toml", ".json"):
            path = tmp_path / f"r{suffix}"
            dump_register(register, path)
            assert load_register(path) == register


class TestStore:
    def test_export_puts_the_register_in_its_own_tables(self, tmp_path: Path) -> None:
        from rekrytera.exporters import Store

        store = tmp_path / "s.sqlite"
        assert main(["export", str(SOCIAL), "--to", str(store), "--register", str(POOL)]) == 0
        with Store(store) as db:
            records = db.register("hbg-2026-017").participation
            assert {p.panelist for p in records} == {"inv1", "inv2", "inv3"}
            assert db.register("vux-2026-004").participation == ()  # not exported
            assert "income_support" not in str(db.query("SELECT document FROM recruitments")[0][0])
            for sql in (
                "SELECT * FROM register_participation",
                "SELECT document FROM register_participation WHERE recruitment_id = ? "
                "ORDER BY panelist_id",  # the very statement Store.register prepares
                "SELECT count(*) FROM recruitments, register_residents",
            ):
                params = ("hbg-2026-017",) if "?" in sql else ()
                with pytest.raises(sqlite3.DatabaseError, match=r"prohibited|not authorized"):
                    db.query(sql, params)
            assert db.query("SELECT count(*) FROM recruitments") == [(1,)]

    def test_old_file_carried_into_the_store(self, tmp_path: Path) -> None:
        from rekrytera.exporters import Store

        store = tmp_path / "s.sqlite"
        assert main(["export", str(_old_layout(tmp_path)), "--to", str(store)]) == 0
        with Store(store) as db:
            (record,) = db.register("hbg-2026-017").participation
            assert record.fee == 1200

    def test_schema_2_store_migrates(self, tmp_path: Path) -> None:
        """A store written by 0.1 (schema 2) moves its residents' data into the register tables."""
        from rekrytera.exporters import Store
        from rekrytera.exporters._schema import MIGRATIONS

        path = tmp_path / "old.sqlite"
        old_tree = tomllib.loads(_old_layout(tmp_path).read_text(encoding="utf-8"))
        db = sqlite3.connect(path)
        for version in (0, 1):
            db.executescript(str(MIGRATIONS[version]))
        db.execute(
            "INSERT INTO recruitments VALUES (?, ?, ?, ?, ?, ?)",
            ("hbg-2026-017", "t", "o", "barn-unga", None, json.dumps(old_tree, default=str)),
        )
        db.execute(
            "INSERT INTO panelists VALUES (?, ?, ?, ?, ?)",
            ("hbg-2026-017", "inv1", "resident", "resident", '["barn-unga"]'),
        )
        db.execute("PRAGMA user_version = 2")
        db.commit()
        db.close()
        path.chmod(0o600)
        with Store(path) as store:
            assert store.version == 3
            assert store.get("hbg-2026-017") == rekrytera.load(SOCIAL)
            (record,) = store.register("hbg-2026-017").participation
            assert (record.fee, record.experience) == (1200, ("barn-unga",))
            columns = [row[1] for row in store.query("PRAGMA table_info(panelists)")]
            assert columns == ["recruitment_id", "id", "role", "perspective"]
            assert store.query("SELECT id FROM panelists") == [("inv1",)]
