"""What plugin authors get: the pytest fixtures and the pseudonym helper."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rekrytera
from rekrytera.privacy import pseudonym_map
from rekrytera.pytest_plugin import loaded_with
from rekrytera.testing import recruitments
from tests.conftest import SOCIAL

pytest_plugins = ["pytester"]

KEY = bytes(range(32))


class TestPytestPlugin:
    def test_fixtures_in_a_plugin_authors_suite(self, pytester: pytest.Pytester) -> None:
        """A test suite that only has rekrytera installed gets both fixtures by entry point."""
        pytester.makepyfile(
            """
            import rekrytera

            class Veto:
                @rekrytera.hookimpl
                def rekrytera_validate(self, recruitment):
                    yield rekrytera.Problem("", "never")

            def test_isolated(rekrytera_registry, rekrytera_example):
                rekrytera_registry.plugin_manager.register(Veto())
                problems = rekrytera.validate(rekrytera_example, registry=rekrytera_registry)
                assert [p.message.split(" (")[0] for p in problems] == ["never"]

            def test_not_leaked(rekrytera_registry, rekrytera_example):
                assert rekrytera.validate(rekrytera_example, registry=rekrytera_registry) == []
                assert rekrytera_example.id == "hbg-2026-017"
            """
        )
        result = pytester.runpytest("-p", "no:cacheprovider")
        result.assert_outcomes(passed=2)

    def test_declared_as_an_entry_point(self) -> None:
        """pytest finds the fixtures through the installed distribution's pytest11 entry point."""
        from importlib.metadata import entry_points

        found = [ep.value for ep in entry_points(group="pytest11") if ep.name == "rekrytera"]
        assert found == ["rekrytera.pytest_plugin"]


class TestLoadedWith:
    def test_finds_what_a_plugin_imports(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A plugin that imports a library at load time is caught; one that waits is not."""
        (tmp_path / "eager_plugin.py").write_text("import colorsys\n", "utf-8")
        (tmp_path / "lazy_plugin.py").write_text("def work():\n    import colorsys\n", "utf-8")
        monkeypatch.setenv("PYTHONPATH", str(tmp_path))
        assert "colorsys" in loaded_with("eager_plugin")
        assert "colorsys" not in loaded_with("lazy_plugin")


class TestStrategies:
    # The suite's profiles suppress the too-slow health check; a plugin
    # author's suite has Hypothesis' defaults, so this test has them too.
    @settings(suppress_health_check=(), max_examples=100)
    @given(st.lists(recruitments(), max_size=3))
    def test_pass_the_default_health_checks(self, recs: list[rekrytera.Recruitment]) -> None:
        """Lists of recruitments generate fast enough for Hypothesis' default checks."""
        assert all(isinstance(rec, rekrytera.Recruitment) for rec in recs)


class TestPseudonymMap:
    @settings(max_examples=40, deadline=None)
    @given(recruitments())
    def test_is_what_anonymise_gives(self, rec: rekrytera.Recruitment) -> None:
        """The map gives each person exactly the pseudonym the built-in anonymiser does."""
        ids = pseudonym_map(rec, KEY)
        copy = rekrytera.anonymise(rec, KEY)
        assert [c.id for c in copy.candidates] == [ids.candidates[c.id] for c in rec.candidates]
        assert [p.id for p in copy.panel] == [ids.panel[p.id] for p in rec.panel]

    def test_an_id_shared_by_a_candidate_and_a_panelist_is_not_guessed(self) -> None:
        rec = rekrytera.loads(
            rekrytera.dumps(rekrytera.load(SOCIAL))
            .replace('id = "chef"', 'id = "k1"', 1)
            .replace('"chef"', '"k1"')
        )
        ids = pseudonym_map(rec, KEY)
        assert ids.candidates["k1"] != ids.panel["k1"]
        with pytest.raises(KeyError, match="both a candidate and a panelist"):
            ids["k1"]

    def test_unknown_id(self, rekrytera_example: rekrytera.Recruitment) -> None:
        with pytest.raises(KeyError):
            pseudonym_map(rekrytera_example, KEY)["nobody"]

    def test_short_key(self, rekrytera_example: rekrytera.Recruitment) -> None:
        with pytest.raises(rekrytera.RekryteraError, match="at least 32 bytes"):
            pseudonym_map(rekrytera_example, b"short")
