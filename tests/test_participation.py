"""Residents who take part: records, the pool, matching and the summaries."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

import rekrytera
from rekrytera.cli import main
from rekrytera.model import ChecklistItem, Participation, Step
from rekrytera.participation import load_pool, match, summarise, summarise_all

ROOT = Path(__file__).parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))
POOL = ROOT / "examples" / "pool" / "invanarpool.toml"
SOCIAL = ROOT / "examples" / "socialsekreterare-barn-unga.toml"


class TestRecords:
    def test_fee_on_income_support(self) -> None:
        """A resident on income support keeps only a share of the fee (25 % per the seeds)."""
        part = Participation(panelist="inv1", fee=1000, income_support=True)
        assert part.kept_fee() == 250
        assert part.kept_fee(0.5) == 500
        assert Participation(panelist="inv1", fee=1000).kept_fee() == 1000

    def test_prepared(self) -> None:
        """Prepared means every checklist item done."""
        done = dict.fromkeys(ChecklistItem, True)
        assert Participation(panelist="x", checklist=done).prepared
        assert not Participation(
            panelist="x", checklist={**done, ChecklistItem.DOCUMENTS: False}
        ).prepared
        assert ChecklistItem.CONFIDENTIALITY.label_sv == "Tystnadsförbindelse undertecknad"
        assert Step.WORK_SAMPLE.label_sv == "arbetsprov"

    @pytest.mark.parametrize(
        ("edit", "expected"),
        [
            (
                'panelist = "inv1"\nsteps',
                "participation[0].panelist: 'chef' is a hiring_manager; participation records are for residents",
            ),
            (
                'supporter = "metodstod"',
                "participation[0].supporter: 'chef' is a hiring_manager, not a supporter",
            ),
            ("fee = 1500", "participation[0].fee: -1 is negative; amounts must be zero or more"),
            (
                '"decision",\n]',
                "participation[0].steps[3]: 'beslut' is not one of: need, profile, ad, screening, interview, work_sample, decision",
            ),
        ],
    )
    def test_rules(self, edit: str, expected: str) -> None:
        """Records belong to residents, supporters are supporters, amounts are not negative."""
        text = SOCIAL.read_text(encoding="utf-8")
        replacement = {
            'panelist = "inv1"\nsteps': 'panelist = "chef"\nsteps',
            'supporter = "metodstod"': 'supporter = "chef"',
            "fee = 1500": "fee = -1",
            '"decision",\n]': '"beslut",\n]',
        }[edit]
        assert edit in text
        with pytest.raises(rekrytera.InvalidRecruitment) as info:
            rekrytera.loads(text.replace(edit, replacement, 1))
        assert expected in [str(p) for p in info.value.problems]


class TestPool:
    def test_match(self) -> None:
        """The most relevant available residents come first; unavailable ones never."""
        pool = load_pool(POOL)
        found = match(pool, rekrytera.load(SOCIAL), n=3)
        assert [(m.resident.id, m.relevance) for m in found] == [("r01", 2), ("r04", 1), ("r02", 0)]
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
        s = summarise(rekrytera.load(SOCIAL))
        assert (s.residents, s.prepared) == (2, 1)
        assert s.steps == (Step.PROFILE, Step.INTERVIEW, Step.WORK_SAMPLE, Step.DECISION)
        assert (s.fees, s.kept) == (2250, 375 + 750)
        assert s.residents_top == ("k1",)
        assert s.hired == ("k2",)
        assert s.top_hired is False
        assert s.checklist_done == pytest.approx(13 / 14)

    def test_all(self) -> None:
        """Across recruitments: how often the residents' top candidate was hired, where known."""
        summary = summarise_all(rekrytera.load(p) for p in EXAMPLES)
        assert (summary.recruitments, summary.with_residents) == (3, 3)
        assert summary.top_hired == (1, 2)

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
        assert main(["participation", *map(str, EXAMPLES)]) == 0
        out = capsys.readouterr().out
        assert "invånarnas etta anställd i 1 av 2" in out
        assert main(["participation", *map(str, EXAMPLES), "--format", "json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["residents_top_hired"] == {"yes": 1, "known": 2}

    def test_match(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`rekrytera match` lists residents by id; names only on request."""
        assert main(["match", "--pool", str(POOL), str(SOCIAL)]) == 0
        out = capsys.readouterr().out
        assert out.splitlines()[0] == "r01\t2\texperience of barn-unga"
        assert "Leila" not in out
        assert main(["match", "--pool", str(POOL), str(SOCIAL), "--names"]) == 0
        assert "Leila Haddad" in capsys.readouterr().out

    def test_match_bad_pool(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A bad pool file is exit 2 with its problems."""
        assert main(["match", "--pool", str(tmp_path / "none.toml"), str(SOCIAL)]) == 2
        assert "no such file" in capsys.readouterr().err
