"""Synthetic recruitments: valid, reproducible, and with the agreement asked for."""

from __future__ import annotations

import statistics
from pathlib import Path

import attrs
import pytest

import rekrytera
from rekrytera.catalogue import BuiltinCatalogue
from rekrytera.cli import main
from rekrytera.exporters import Store
from rekrytera.model import Phase, Role
from rekrytera.simulate import MUNICIPALITY_GROUPS_2011, Settings, simulate


class TestSimulate:
    def test_valid_and_reproducible(self) -> None:
        """Same seed, same recruitments; each one valid and round-tripping."""
        first = list(simulate(20, seed=7))
        assert first == list(simulate(20, seed=7))
        assert first != list(simulate(20, seed=8))
        for rec in first:
            assert rekrytera.loads(rekrytera.dumps(rec, "json"), "json") == rec

    def test_realistic(self) -> None:
        """Residents on every panel, several stages, missing and calibrated ratings, decisions."""
        recs = list(simulate(60, seed=1))
        assert all(any(p.role is Role.RESIDENT for p in r.panel) for r in recs)
        assert any(len(r.profile.stages) > 1 for r in recs)
        assert any(r.ratings and r.ratings[0].phase is Phase.INDEPENDENT for r in recs)
        assert any(rating.phase is Phase.CALIBRATED for r in recs for rating in r.ratings)
        assert any(not c.eligible for r in recs for c in rekrytera.score(r).candidates)
        assert all(r.decision is not None for r in recs if rekrytera.score(r).ranking)
        groups = {g for g, _, _ in MUNICIPALITY_GROUPS_2011}
        assert {r.info.attributes["kommungrupp"] for r in recs} <= groups

    def test_agreement_setting(self) -> None:
        """Residents who follow the candidates' true level agree more with staff."""

        def mean_tau(agreement: float) -> float:
            recs = simulate(40, seed=3, settings=Settings(agreement=agreement))
            taus = [rekrytera.score(r).agreement.kendall_tau_b for r in recs]
            return statistics.fmean(t for t in taus if t is not None)

        assert mean_tau(1.0) > mean_tau(0.0) + 0.2

    def test_hire_best(self) -> None:
        """The staff's top candidate is hired more often when the best one usually is."""

        def staff_top_hired(hire_best: float) -> float:
            from rekrytera import analysis

            ds = analysis.Dataset.from_recruitments(
                simulate(80, seed=5, settings=Settings(hire_best=hire_best))
            )
            return float(next(analysis.summarise(ds).rows())["staff_top_hired"])

        assert staff_top_hired(1.0) > staff_top_hired(0.0) + 0.2

    def test_settings_checked(self) -> None:
        """Shares are between 0 and 1."""
        with pytest.raises(ValueError, match="agreement"):
            Settings(agreement=1.5)

    def test_templates(self) -> None:
        """Fixing the template fixes the post and its profile; an unknown one is named."""
        settings = Settings(templates=["enhetschef"], candidates=(15, 15), staff=(3, 3))
        recs = list(simulate(5, seed=1, settings=settings))
        assert {r.info.attributes["mall"] for r in recs} == {"enhetschef"}
        assert all(len(r.candidates) == 15 and len(r.profile.competences) == 8 for r in recs)
        with pytest.raises(ValueError, match="unknown template 'nope'; available: "):
            list(simulate(1, settings=Settings(templates=["nope"])))
        # One name on its own is one template, not a sequence of letters.
        assert Settings(templates="enhetschef").templates == ("enhetschef",)

    def test_plugin_template(self) -> None:
        """A template from an installed catalogue can be named; without names only the
        built-in ones are drawn, whatever is installed."""
        from .test_plugins import registry_with

        base = BuiltinCatalogue().templates("sv")["enhetschef"]
        ours = attrs.evolve(base, info=attrs.evolve(base.info, title="Vår egen mall"))

        @attrs.frozen
        class Ours:
            name: str = "ours"
            description: str = "one template of our own"

            def competences(self, lang: str = "sv") -> dict[str, object]:
                return {}

            def questions(self, lang: str = "sv") -> dict[str, object]:
                return {}

            def templates(self, lang: str = "sv") -> dict[str, object]:
                return {"var-mall": ours}

        class Plugin:
            @rekrytera.hookimpl
            def rekrytera_register_catalogues(self) -> list[object]:
                return [Ours()]

        registry = registry_with(Plugin())
        settings = Settings(templates=["var-mall"])
        recs = list(simulate(3, seed=2, settings=settings, registry=registry))
        assert {r.info.attributes["mall"] for r in recs} == {"var-mall"}
        assert {r.info.title for r in recs} == {"Vår egen mall"}
        default = list(simulate(20, seed=2, registry=registry))
        assert "var-mall" not in {r.info.attributes["mall"] for r in default}


class TestSimulateCommand:
    @pytest.mark.usefixtures("english")
    def test_to_a_store(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`rekrytera simulate --to x.sqlite` fills a store."""
        path = tmp_path / "sim.sqlite"
        assert main(["simulate", "--recruitments", "12", "--seed", "1", "--to", str(path)]) == 0
        assert "12 synthetic recruitments" in capsys.readouterr().out
        with Store(path) as store:
            assert len(store) == 12
            assert store.get("sim-000000") == next(simulate(1, seed=1))

    def test_to_a_directory(self, tmp_path: Path) -> None:
        """A plain directory gets one JSON file per recruitment, each valid."""
        out = tmp_path / "sim"
        assert main(["simulate", "--recruitments", "3", "--to", str(out)]) == 0
        files = sorted(out.glob("*.json"))
        assert [p.stem for p in files] == ["sim-000000", "sim-000001", "sim-000002"]
        assert main(["check", *map(str, files)]) == 0

    @pytest.mark.usefixtures("english")
    def test_template(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--template fixes the post; an unknown one is exit 2 with the choices."""
        out = tmp_path / "sim"
        argv = ["simulate", "--recruitments", "2", "--to", str(out), "--template", "boendestodjare"]
        assert main(argv) == 0
        assert all(
            rekrytera.load(p).info.attributes["mall"] == "boendestodjare" for p in out.iterdir()
        )
        assert main([*argv[:-1], "nope"]) == 2
        assert "--template: unknown template 'nope'; available: " in capsys.readouterr().err

    @pytest.mark.usefixtures("english")
    def test_bad_agreement(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An agreement outside 0–1 is exit 2."""
        assert (
            main(
                ["simulate", "--recruitments", "1", "--to", str(tmp_path / "x"), "--agreement", "2"]
            )
            == 2
        )
        assert "--agreement must be between 0 and 1" in capsys.readouterr().err


def test_the_default_draw_stays_with_the_first_templates() -> None:
    """Templates added to the catalogue do not change what a seed gives."""
    from rekrytera.catalogue import BuiltinCatalogue
    from rekrytera.simulate import DEFAULT_TEMPLATES, simulate

    builtin = BuiltinCatalogue().templates("sv")
    assert set(DEFAULT_TEMPLATES) < set(builtin)
    titles = {builtin[name].title for name in DEFAULT_TEMPLATES}
    drawn = {rec.title for rec in simulate(200, seed=3)}
    assert drawn <= titles
    assert len(drawn) == len(titles)
