"""What a scoring method can say about itself: options, flags with labels, groups."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rekrytera
from rekrytera.exceptions import InvalidOption
from rekrytera.model import Recruitment
from rekrytera.plugins import PluginError, Registry, get_registry
from rekrytera.scoring import MethodFlag, MethodScore, Option, ScoringContext
from rekrytera.testing import recruitments
from tests.conftest import SOCIAL

VETO = MethodFlag(
    name="veto",
    label={"sv": "invånarnas veto", "en": "residents' veto"},
    explanation={"sv": "Invånarna sa nej.", "en": "The residents said no."},
)


@attrs.frozen
class Declaring:
    """balanced, with a veto group for the candidates named in the option ``veto``."""

    name: str = "declaring"
    description: str = "balanced, with a veto"
    on_scale: bool = True
    flags: tuple[MethodFlag, ...] = (VETO,)
    options: tuple[Option | str, ...] = (
        Option(name="veto", kind="text", default=""),
        Option(name="level", kind="integer", minimum=1, maximum=3, default="2"),
        Option(name="mode", kind="choice", choices=("a", "b")),
        Option(name="weight", minimum=0.5),
        "plain",
    )
    seen: list[dict[str, str]] = attrs.field(factory=list, eq=False)
    flag_anyway: str = ""
    no_flag: bool = False

    def score(self, context: ScoringContext) -> dict[str, MethodScore]:
        self.seen.append(dict(context.options))
        balanced = get_registry(load_entry_points=False).methods()["balanced"].obj
        scores = dict(balanced.score(context))  # type: ignore[arg-type]
        vetoed = set(filter(None, context.options["veto"].split(",")))
        for c in vetoed & set(scores):
            flags = () if self.no_flag else ("veto",)
            scores[c] = attrs.evolve(scores[c], group=1, flags=flags)
        if self.flag_anyway:
            first = next(iter(scores))
            scores[first] = attrs.evolve(scores[first], flags=(self.flag_anyway,))
        return scores


class _Plugin:
    def __init__(self, *methods: object) -> None:
        self.methods = methods

    @rekrytera.hookimpl
    def rekrytera_register_methods(self) -> Iterable[object]:
        return list(self.methods)


def registry_with(*methods: object) -> Registry:
    registry = get_registry(load_entry_points=False)
    registry.plugin_manager.register(_Plugin(*methods))
    return registry


def score(rec: Recruitment, method: object, **options: str) -> rekrytera.Result:
    return rekrytera.score(rec, "declaring", options=options, registry=registry_with(method))


class TestOptions:
    def test_defaults_filled_in_and_checked_values_passed_as_text(self) -> None:
        method = Declaring()
        score(rekrytera.load(SOCIAL), method, mode="b", plain="anything")
        assert method.seen == [{"veto": "", "level": "2", "mode": "b", "plain": "anything"}]

    @pytest.mark.parametrize(
        ("options", "problem"),
        [
            ({"level": "two"}, "option 'level': 'two' is not a whole number"),
            ({"level": "1.5"}, "option 'level': '1.5' is not a whole number"),
            ({"level": "4"}, "option 'level': 4 is more than 3"),
            ({"level": "0"}, "option 'level': 0 is less than 1"),
            ({"mode": "c"}, "option 'mode': 'c' is not one of: a, b"),
            ({"weight": "0.2"}, "option 'weight': 0.2 is less than 0.5"),
            ({"weight": "nan"}, "option 'weight': 'nan' is not a finite number"),
            ({"wieght": "1"}, "has no option 'wieght'; it takes veto, level, mode, weight, plain"),
        ],
    )
    def test_refused_before_the_method_runs(self, options: dict[str, str], problem: str) -> None:
        method = Declaring()
        with pytest.raises(InvalidOption, match=problem):
            score(rekrytera.load(SOCIAL), method, **options)
        assert method.seen == []

    def test_described_for_help(self) -> None:
        level = Declaring().options[1]
        assert isinstance(level, Option)
        assert level.describe("en") == "level (a whole number from 1 to 3; default 2)"

    def test_bad_declarations_refused_at_registration(self) -> None:
        for bad, message in [
            (Declaring(options=(Option(name="m", kind="choice"),)), "a choice with no choices"),
            (Declaring(options=(Option(name="n", default="x"),)), "a default it refuses: 'x'"),
            (Declaring(options=(3,)), "must be names or rekrytera.scoring.Option"),  # type: ignore[arg-type]
        ]:
            with pytest.raises(PluginError, match=message):
                registry_with(bad).methods()


class TestFlags:
    def test_shown_by_label_and_explained(self, tmp_path: pytest.TempPathFactory) -> None:
        rec = rekrytera.load(SOCIAL)
        registry = registry_with(Declaring())
        result = rekrytera.score(rec, "declaring", options={"veto": "k1"}, registry=registry)
        assert "veto" in result.candidate("k1").flags
        assert result.flag_label("veto", "sv") == "invånarnas veto"
        data = result.to_dict()
        assert data["method_flags"]["veto"]["explanation"]["en"] == "The residents said no."
        html = rekrytera.report.render(
            rec, lang="en", method="declaring", options={"veto": "k1"}, registry=registry
        )
        assert "residents&#x27; veto" in html or "residents' veto" in html
        assert "The residents said no." in html

    def test_undeclared_flag_refused(self) -> None:
        with pytest.raises(
            PluginError, match="gave 'k1' the flag 'odd', which it does not declare"
        ):
            score(rekrytera.load(SOCIAL), Declaring(flag_anyway="odd"))

    def test_declaration_needs_both_languages(self) -> None:
        half = MethodFlag(name="veto", label={"sv": "veto"}, explanation={"sv": "x", "en": "x"})
        with pytest.raises(PluginError, match="its flag 'veto' has no label in en"):
            registry_with(Declaring(flags=(half,))).methods()


class TestGroups:
    def test_group_needs_a_reason(self) -> None:
        with pytest.raises(PluginError, match="put 'k1' in group 1 without a flag of its own"):
            score(rekrytera.load(SOCIAL), Declaring(no_flag=True), veto="k1")

    def test_the_top_candidate_vetoed_ranks_last(self) -> None:
        rec = rekrytera.load(SOCIAL)
        plain = score(rec, Declaring())
        assert [c.id for c in plain.ranking] == ["k2", "k1", "k3"]
        vetoed = score(rec, Declaring(), veto="k2")
        assert [(c.id, c.rank, c.group) for c in vetoed.ranking] == [
            ("k1", 1, 0),
            ("k3", 2, 0),
            ("k2", 3, 1),
        ]
        assert vetoed.candidate("k2").total == plain.candidate("k2").total
        assert vetoed.to_dict()["candidates"][2]["group"] == 1

    @settings(max_examples=60, deadline=None)
    @given(recruitments(), st.data())
    def test_a_group_ranks_after_the_others_totals_untouched(
        self, rec: Recruitment, data: st.DataObject
    ) -> None:
        ids = [c.id for c in rec.candidates]
        vetoed: Sequence[str] = (
            data.draw(st.lists(st.sampled_from(ids), unique=True)) if ids else []
        )
        plain = score(rec, Declaring())
        grouped = score(rec, Declaring(), veto=",".join(vetoed))
        assert {c.id: c.total for c in grouped.candidates} == {
            c.id: c.total for c in plain.candidates
        }
        ranked = grouped.ranking
        groups = [c.group for c in ranked]
        assert groups == sorted(groups)
        for a, b in itertools.pairwise(ranked):
            if a.group == b.group:
                assert a.rank <= b.rank  # type: ignore[operator]
                assert round(a.total or 0, 9) >= round(b.total or 0, 9)
            else:
                assert a.rank < b.rank  # type: ignore[operator]
        assert {c.id for c in ranked if c.group} == set(vetoed) & {c.id for c in ranked}
