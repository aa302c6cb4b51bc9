"""Scoring: the balanced contract, the other methods, agreement, and their invariants."""

from __future__ import annotations

import importlib.util
import itertools
import json
import math
import random
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import attrs
import krippendorff
import numpy as np
import pytest
import scipy.stats
from hypothesis import assume, given
from hypothesis import strategies as st

import rekrytera
from rekrytera.cli import main
from rekrytera.model import (
    Candidate,
    Competence,
    CompetenceProfile,
    Panelist,
    Perspective,
    Phase,
    Rating,
    Recruitment,
    RecruitmentInfo,
    Requirement,
    Role,
    Stage,
)
from rekrytera.scoring import (
    InvalidOption,
    MethodScore,
    kendall_tau_b,
    krippendorff_alpha_interval,
    krippendorff_alpha_ordinal,
)
from rekrytera.scoring._aggregate import _stage_and_total
from rekrytera.scoring._kemeny import EXACT_LIMIT, consensus, order_score
from rekrytera.testing import recruitments

from .test_plugins import registry_with

METHODS = ["balanced", "panel_mean", "median", "borda", "kemeny"]
ON_SCALE = ["balanced", "panel_mean", "median"]
EXAMPLES = Path(__file__).parent.parent / "examples"
STAFF, RESIDENT = Perspective.STAFF, Perspective.RESIDENT


def hand_example(**kwargs: object) -> Recruitment:
    """A recruitment small enough to score by hand (see TestBalanced)."""
    i, w = Stage.INTERVIEW, Stage.WORK_SAMPLE
    ratings = [
        Rating(panelist="chef", candidate="k1", stage=i, scores={"a": 4, "b": 3}),
        Rating(panelist="kol", candidate="k1", stage=i, scores={"a": 2, "b": 5}),
        Rating(panelist="inv", candidate="k1", stage=i, scores={"a": 5, "b": 4}),
        Rating(panelist="chef", candidate="k1", stage=w, scores={"b": 4}),
        Rating(panelist="inv", candidate="k1", stage=w, scores={"b": 2}),
    ]
    base: dict[str, object] = {
        "info": RecruitmentInfo(id="hand", title="Hand"),
        "profile": CompetenceProfile(
            stages={i: 0.7, w: 0.3},
            requirements=[Requirement(key="examen", label="Examen")],
            competences=[
                Competence(key="a", label="A", weight=3, stages=[i]),
                Competence(key="b", label="B", weight=1),
            ],
        ),
        "panel": [
            Panelist(id="chef", role=Role.HIRING_MANAGER),
            Panelist(id="kol", role=Role.COLLEAGUE),
            Panelist(id="inv", role=Role.RESIDENT),
            Panelist(id="stod", role=Role.SUPPORTER),
        ],
        "candidates": [Candidate(id="k1", meets=["examen"])],
        "ratings": ratings,
    }
    base.update(kwargs)
    return Recruitment(**base)  # type: ignore[arg-type]


class TestBalanced:
    def test_by_hand(self) -> None:
        """The contract's formula, step by step, on numbers checked by hand.

        Interview, a: staff mean (4+2)/2 = 3, resident 5, combined 4; b: staff 4,
        resident 4, combined 4; stage (3·4 + 1·4)/4 = 4. Work sample, b: staff 4,
        resident 2, combined 3. Total 0.7·4 + 0.3·3 = 3.7. Staff alone:
        0.7·(3·3 + 4)/4 + 0.3·4 = 3.475; residents alone: 0.7·(3·5 + 4)/4 + 0.3·2 = 3.925.
        """
        result = rekrytera.score(hand_example())
        (k1,) = result.candidates
        assert k1.total == pytest.approx(3.7)
        assert k1.perspectives[STAFF] == pytest.approx(3.475)
        assert k1.perspectives[RESIDENT] == pytest.approx(3.925)
        interview = k1.stages[Stage.INTERVIEW]
        assert interview.score == pytest.approx(4)
        assert interview.competences["a"].perspectives == {STAFF: 3, RESIDENT: 5}
        assert list(interview.competences["a"].scores) == [("chef", 4), ("inv", 5), ("kol", 2)]
        assert k1.stages[Stage.WORK_SAMPLE].competences["b"].value == pytest.approx(3)
        assert (k1.rank, k1.eligible) == (1, True)
        assert k1.flags == ("single_rater",)  # one resident: that total rests on one panelist

    def test_resident_weight(self) -> None:
        """r = 0.25: interview a = 0.75·3 + 0.25·5 = 3.5, stage 3.625; work sample 3.5."""
        total = rekrytera.score(hand_example(), resident_weight=0.25).candidates[0].total
        assert total == pytest.approx(0.7 * 3.625 + 0.3 * 3.5)

    def test_divergence(self) -> None:
        """Staff 3.475 and residents 3.925 differ by 0.45: divergent at 0.45, not at 0.46."""
        assert "divergent" in rekrytera.score(hand_example(), divergence=0.45).candidates[0].flags
        assert (
            "divergent" not in rekrytera.score(hand_example(), divergence=0.46).candidates[0].flags
        )

    def test_incomplete(self) -> None:
        """A competence assessed at a stage with no score flags the candidate incomplete."""
        rec = hand_example()
        rec = attrs.evolve(rec, ratings=[r for r in rec.ratings if r.stage is Stage.INTERVIEW])
        (k1,) = rekrytera.score(rec).candidates
        assert k1.flags == (
            "divergent",
            "incomplete",
            "single_rater",
        )  # interview alone: staff 3.25, residents 4.75
        assert k1.total == pytest.approx(4)  # only the interview has a score
        assert k1.stages[Stage.WORK_SAMPLE].score is None

    def test_ineligible(self) -> None:
        """A candidate missing a requirement is listed, unranked, with what it misses."""
        rec = hand_example(candidates=[Candidate(id="k1")])
        (k1,) = rekrytera.score(rec).candidates
        assert (k1.eligible, k1.rank, k1.missing_requirements) == (False, None, ("examen",))
        assert k1.total == pytest.approx(3.7)
        assert rekrytera.score(rec).ranking == ()

    def test_calibrated_phase(self) -> None:
        """Calibrated scores replace a panelist's independent ones only when asked for."""
        rec = hand_example()
        calibrated = Rating(
            panelist="kol",
            candidate="k1",
            stage=Stage.INTERVIEW,
            phase=Phase.CALIBRATED,
            scores={"a": 4, "b": 5},
        )
        rec = attrs.evolve(rec, ratings=[*rec.ratings, calibrated])
        assert rekrytera.score(rec).candidates[0].total == pytest.approx(3.7)
        # Interview a: staff (4+4)/2 = 4, combined 4.5; stage (13.5 + 4)/4 = 4.375.
        result = rekrytera.score(rec, phase="calibrated")
        assert result.candidates[0].total == pytest.approx(0.7 * 4.375 + 0.3 * 3)
        drift = result.agreement.drift
        assert drift is not None
        assert (drift.pairs, drift.mean_change, drift.mean_absolute_change) == (2, 1.0, 1.0)
        assert drift.by_perspective[STAFF] == (2, 1.0)
        assert drift.by_perspective[RESIDENT] == (0, None)

    def test_ties(self) -> None:
        """Equal totals share a rank ("1224") and are flagged; no hidden tie-break."""
        i = Stage.INTERVIEW
        candidates = [Candidate(id=c, meets=["examen"]) for c in ("k1", "k2", "k3", "k4")]
        scores = {"k1": 5, "k2": 4, "k3": 4, "k4": 3}
        ratings = [
            Rating(panelist="chef", candidate=c, stage=i, scores={"a": s, "b": s})
            for c, s in scores.items()
        ]
        profile = CompetenceProfile(
            requirements=[Requirement(key="examen", label="Examen")],
            competences=[Competence(key="a", label="A"), Competence(key="b", label="B")],
        )
        result = rekrytera.score(
            hand_example(profile=profile, candidates=candidates, ratings=ratings)
        )
        assert [(c.id, c.rank) for c in result.candidates] == [
            ("k1", 1),
            ("k2", 2),
            ("k3", 2),
            ("k4", 4),
        ]
        assert [c.id for c in result.candidates if "tie" in c.flags] == ["k2", "k3"]


class TestOptions:
    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"resident_weight": 1.5}, "resident_weight must be between 0 and 1, got 1.5"),
            ({"resident_weight": -0.1}, "resident_weight must be between 0 and 1"),
            ({"resident_weight": float("nan")}, "resident_weight must be a number"),
            ({"resident_weight": True}, "resident_weight must be a number"),
            ({"divergence": -1}, "divergence must be 0 or more, got -1"),
            ({"phase": "final"}, "phase must be one of independent, calibrated, got 'final'"),
            ({"method": "nope"}, "unknown scoring method 'nope'; available: balanced, borda"),
        ],
    )
    def test_out_of_range(self, kwargs: dict[str, object], message: str) -> None:
        """Options out of range are errors that say what is allowed."""
        with pytest.raises(InvalidOption, match=message):
            rekrytera.score(hand_example(), **kwargs)  # type: ignore[arg-type]


def scored_by(score: Callable[[object], object], *, on_scale: bool = True) -> rekrytera.Result:
    """The hand example scored by a plugin method named "m" whose ``score`` is *score*."""

    @attrs.frozen
    class Method:
        name: str = "m"
        description: str = "a method under test"

        @property
        def on_scale(self) -> bool:
            return on_scale

        def score(self, context: object) -> object:
            return score(context)

    class Plugin:
        @rekrytera.hookimpl
        def rekrytera_register_methods(self) -> list[object]:
            return [Method()]

    return rekrytera.score(hand_example(), "m", registry=registry_with(Plugin()))


class TestFaultyMethods:
    @pytest.mark.parametrize(
        ("returned", "message"),
        [
            ("nonsense", "returned str, not a mapping of scores"),
            ({}, "returned no score for 'k1'"),
            ({"k1": 3.0}, "returned 3.0 for 'k1', not a MethodScore"),
            ({"k1": MethodScore(total=float("nan"))}, "returned nan for 'k1', not a finite number"),
            ({"k1": MethodScore(total=-2.0)}, "returned -2.0 for 'k1', outside the scale 1–5"),
            (
                {"k1": MethodScore(total=3.0, perspectives={Perspective.RESIDENT: 5.5})},
                "returned 5.5 for 'k1', outside the scale 1–5",
            ),
        ],
    )
    def test_wrong_result(self, returned: object, message: str) -> None:
        """A method that returns the wrong thing is named in the error."""
        with pytest.raises(
            rekrytera.plugins.PluginError, match=f"scoring method 'm' \\(plugin .*\\) {message}"
        ):
            scored_by(lambda _: returned)

    def test_off_scale_allowed_when_not_on_scale(self) -> None:
        """A method whose totals are on a scale of its own may return any finite number."""
        result = scored_by(lambda _: {"k1": MethodScore(total=-2.0)}, on_scale=False)
        assert result.candidates[0].total == -2.0

    def test_raises(self) -> None:
        """A method that raises is named in the error."""

        def raises(_: object) -> object:
            raise KeyError("oops")

        with pytest.raises(
            rekrytera.plugins.PluginError, match=r"scoring method 'm' .* failed: KeyError"
        ):
            scored_by(raises)


class TestOtherMethods:
    def test_panel_mean_ignores_roles(self) -> None:
        """panel_mean: interview a = (4+2+5)/3, b = 4; work sample b = 3."""
        total = rekrytera.score(hand_example(), "panel_mean").candidates[0].total
        assert total == pytest.approx(0.7 * (3 * 11 / 3 + 4) / 4 + 0.3 * 3)

    def test_median(self) -> None:
        """median: like balanced with the median per perspective."""
        (k1,) = rekrytera.score(hand_example(), "median").candidates
        # Two staff scores: the median is their mean, so this equals balanced here.
        assert k1.total == pytest.approx(3.7)

    def test_borda_and_kemeny_on_example(self, example: Path) -> None:
        """Ordinal methods rank every eligible candidate that was rated, and only those."""
        rec = rekrytera.load(example)
        for method in ("borda", "kemeny"):
            result = rekrytera.score(rec, method)
            assert not result.on_scale
            ranked = {c.id for c in result.ranking}
            assert ranked == {c.id for c in result.candidates if c.eligible}
            assert all(c.total is None for c in result.candidates if not c.eligible)

    def test_borda_by_hand(self) -> None:
        """Two staff orders k1>k2>k3 and k2>k1>k3, one resident order k3>k2>k1."""
        i = Stage.INTERVIEW
        orders = {"chef": [5, 4, 3], "kol": [4, 5, 3], "inv": [1, 2, 3]}
        ratings = [
            Rating(panelist=p, candidate=c, stage=i, scores={"a": s})
            for p, scores in orders.items()
            for c, s in zip(("k1", "k2", "k3"), scores, strict=True)
        ]
        profile = CompetenceProfile(competences=[Competence(key="a", label="A")])
        rec = hand_example(
            profile=profile,
            candidates=[Candidate(id=c) for c in ("k1", "k2", "k3")],
            ratings=ratings,
        )
        result = rekrytera.score(rec, "borda")
        # Staff shares: k1 (1 + 0.5)/2 = 0.75, k2 0.75, k3 0; residents: k1 0, k2 0.5, k3 1.
        totals = {c.id: c.total for c in result.candidates}
        assert totals == pytest.approx({"k1": 0.375, "k2": 0.625, "k3": 0.5})
        assert result.candidate("k1").perspectives == pytest.approx({STAFF: 0.75, RESIDENT: 0.0})
        kemeny = rekrytera.score(rec, "kemeny")
        # Staff split on k1/k2 (a tie there), residents reverse everything.
        assert (
            kemeny.candidate("k1").perspectives[STAFF] == kemeny.candidate("k2").perspectives[STAFF]
        )
        # Three orders are optimal (k2 k1 k3, k2 k3 k1, k3 k2 k1): they disagree on
        # who comes first and who last, so all three share the place.
        assert kemeny.orders == 3
        assert [c.rank for c in kemeny.ranking] == [1, 1, 1]
        assert all("tie" in c.flags for c in kemeny.ranking)


class TestKemeny:
    @given(
        st.integers(2, 6).flatmap(
            lambda n: st.tuples(
                st.lists(
                    st.lists(st.integers(0, 3).map(float), min_size=n, max_size=n),
                    min_size=n,
                    max_size=n,
                ),
                st.permutations(range(n)),
            )
        )
    )
    def test_relabelling_changes_nothing(self, case: tuple[list[list[float]], list[int]]) -> None:
        """Renaming (reordering) the candidates moves no one: no hidden tie-break by id."""
        support, perm = case
        relabelled = [
            [support[perm[a]][perm[b]] for b in range(len(perm))] for a in range(len(perm))
        ]
        original = consensus(support, milp=False).positions()
        moved = consensus(relabelled, milp=False).positions()
        assert [moved[i] for i in range(len(perm))] == pytest.approx(
            [original[perm[i]] for i in range(len(perm))]
        )

    def test_fifteen_candidates_exact(self) -> None:
        """15 candidates with random preferences: exact, and no single move improves it."""
        rng = random.Random(15)
        n = 15
        support = [[rng.random() if a != b else 0.0 for b in range(n)] for a in range(n)]
        found = consensus(support, milp=False)
        assert not found.approximate
        order = [c for block in found.blocks for c in block]
        best = order_score(order, support)
        for i, j in itertools.permutations(range(n), 2):
            moved = order[:i] + order[i + 1 :]
            moved.insert(j, order[i])
            assert order_score(moved, support) <= best + 1e-9

    @staticmethod
    def _large(n: int, seed: int = 3) -> Recruitment:
        i = Stage.INTERVIEW
        rng = random.Random(seed)
        candidates = [Candidate(id=f"k{c:02}") for c in range(n)]
        ratings = [
            Rating(panelist=p, candidate=c.id, stage=i, scores={"a": rng.randint(1, 5)})
            for p in ("chef", "kol", "inv")
            for c in candidates
        ]
        return hand_example(
            profile=CompetenceProfile(competences=[Competence(key="a", label="A")]),
            candidates=candidates,
            ratings=ratings,
        )

    def test_exact_beyond_sixteen(self) -> None:
        """With SciPy (rekrytera[exact]), more than 16 candidates are still exact: no note,
        no approximate flag."""
        result = rekrytera.score(self._large(EXACT_LIMIT + 4), "kemeny")
        assert result.notes == ()
        assert not any("approximate" in c.flags for c in result.candidates)
        assert len(result.ranking) == EXACT_LIMIT + 4

    def test_fallback_is_said(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without SciPy, a large group the panel does not separate is approximated, and
        the result says so: a note, and the flag on those candidates."""

        real = importlib.util.find_spec
        monkeypatch.setattr(
            importlib.util,
            "find_spec",
            lambda name, *a: None if name == "scipy" else real(name, *a),
        )
        result = rekrytera.score(self._large(EXACT_LIMIT + 4), "kemeny")
        assert any("local search" in note for note in result.notes)
        assert any("approximate" in c.flags for c in result.ranking)
        assert result.orders is None
        small = rekrytera.score(self._large(8), "kemeny")
        assert small.notes == ()
        assert not any("approximate" in c.flags for c in small.candidates)


def _optimal_orders(support: list[list[float]]) -> list[tuple[int, ...]]:
    orders = list(itertools.permutations(range(len(support))))
    best = max(order_score(o, support) for o in orders)
    return [o for o in orders if abs(order_score(o, support) - best) <= 1e-9]


class TestConsensus:
    """The shown Kemeny ranking against brute force over every order."""

    SUPPORTS = st.integers(1, 7).flatmap(
        lambda n: st.lists(
            st.lists(st.integers(0, 4).map(float), min_size=n, max_size=n),
            min_size=n,
            max_size=n,
        )
    )

    @given(SUPPORTS, st.booleans())
    def test_shown_ranking_is_optimal_or_tied(self, support: list[list[float]], milp: bool) -> None:
        """Every optimal order ranks the shown groups in the shown sequence; within a group
        of several the optimal orders disagree (no finer split holds in all of them); and the
        number of optimal orders is counted exactly. With and without the integer program."""
        n = len(support)
        support = [[0.0 if a == b else support[a][b] for b in range(n)] for a in range(n)]
        found = consensus(support, milp=milp and n > 1)
        optimal = _optimal_orders(support)
        assert found.orders == len(optimal)
        group = {c: g for g, block in enumerate(found.blocks) for c in block}
        for order in optimal:
            assert [group[c] for c in order] == sorted(group[c] for c in order)
        start = 0
        for block in found.blocks:
            for k in range(1, len(block)):
                prefixes = {frozenset(o[start : start + k]) for o in optimal}
                assert len(prefixes) > 1  # the optimal orders disagree at this place
            start += len(block)

    @pytest.mark.parametrize("seed", range(4))
    def test_integer_program_agrees_with_the_subset_programme(self, seed: int) -> None:
        """On 12 candidates (integer supports, so with ties), both exact solvers give the
        same groups and the same number of optimal orders."""
        from rekrytera.scoring._kemeny import _exact_blocks, _milp_blocks

        rng = random.Random(seed)
        n = 12
        support = [
            [float(rng.randint(0, 3)) if a != b else 0.0 for b in range(n)] for a in range(n)
        ]
        blocks, count = _exact_blocks(support, 1e-9)
        groups, counted, proved = _milp_blocks(support, 1e-9)
        assert proved
        assert sorted(tuple(sorted(g)) for g in groups) == sorted(tuple(sorted(b)) for b in blocks)
        assert counted == count

    @given(SUPPORTS)
    def test_totals_follow_the_groups(self, support: list[list[float]]) -> None:
        """Positions: one per group, strictly better for earlier groups."""
        found = consensus(support, milp=False)
        positions = found.positions()
        for earlier, later in itertools.pairwise(found.blocks):
            assert max(positions[c] for c in earlier) < min(positions[c] for c in later)
        for block in found.blocks:
            assert len({positions[c] for c in block}) == 1


#: Panelists' scores of a few items (rows are panelists, None where one did not score).
RELIABILITY_DATA = st.integers(2, 6).flatmap(
    lambda units: st.lists(
        st.lists(st.none() | st.integers(1, 5).map(float), min_size=units, max_size=units),
        min_size=2,
        max_size=5,
    )
)


def _same_as_package(
    data: list[list[float | None]],
    ours: Callable[[list[list[float]]], float | None],
    level: Literal["interval", "ordinal"],
) -> None:
    """*ours* on the items of *data* (rows are panelists) equals the krippendorff package's."""
    units = [[row[u] for row in data if row[u] is not None] for u in range(len(data[0]))]
    pairable = [u for u in units if len(u) >= 2]
    assume(len({v for u in pairable for v in u}) >= 2)
    matrix = np.array([[np.nan if v is None else v for v in row] for row in data])
    theirs = krippendorff.alpha(reliability_data=matrix, level_of_measurement=level)
    assert ours(units) == pytest.approx(theirs, abs=1e-9)  # type: ignore[arg-type]


class TestAgreement:
    @given(RELIABILITY_DATA)
    def test_alpha_matches_krippendorff_package(self, data: list[list[float | None]]) -> None:
        """Krippendorff's alpha (interval) equals the krippendorff package's to 1e-9."""
        _same_as_package(data, krippendorff_alpha_interval, "interval")

    def test_alpha_undefined(self) -> None:
        """No pairable values, or no variation, gives None rather than a number."""
        assert krippendorff_alpha_interval([[3.0], [4.0]]) is None
        assert krippendorff_alpha_interval([[3.0, 3.0], [3.0, 3.0]]) is None

    @given(
        st.lists(
            st.tuples(st.integers(0, 4).map(float), st.integers(0, 4).map(float)),
            min_size=2,
            max_size=12,
        )
    )
    def test_tau_matches_scipy(self, pairs: list[tuple[float, float]]) -> None:
        """Kendall's tau-b equals scipy.stats.kendalltau, None where scipy gives nan."""
        x = [a for a, _ in pairs]
        y = [b for _, b in pairs]
        ours = kendall_tau_b(x, y)
        theirs = scipy.stats.kendalltau(x, y).statistic
        if math.isnan(theirs):
            assert ours is None
        else:
            assert ours == pytest.approx(theirs, abs=1e-12)

    def test_tau_length_mismatch(self) -> None:
        """Sequences of different lengths are a programming error."""
        with pytest.raises(ValueError, match="same length"):
            kendall_tau_b([1.0], [1.0, 2.0])

    def test_example(self) -> None:
        """The social secretary example has agreement within and across perspectives."""
        path = Path(__file__).parent.parent / "examples" / "socialsekreterare-barn-unga.toml"
        agreement = rekrytera.score(rekrytera.load(path)).agreement
        assert set(agreement.alpha) == {"all", "staff", "resident"}
        assert all(a is not None and -1 <= a <= 1 for a in agreement.alpha.values())
        assert agreement.kendall_tau_b is not None
        assert agreement.drift is not None
        assert agreement.drift.pairs > 0

    def test_tau_compares_rounded_totals(self) -> None:
        """Staff totals equal on paper (3) but apart in the last bit count as tied for tau."""
        i = Stage.INTERVIEW
        staff = {"k1": {"a": 3, "b": 3}, "k2": {"a": 1, "b": 4}, "k3": {"a": 5, "b": 5}}
        residents = {"k1": {"a": 2, "b": 2}, "k2": {"a": 4, "b": 4}, "k3": {"a": 5, "b": 5}}
        rec = Recruitment(
            info=RecruitmentInfo(id="tau", title="Tau"),
            profile=CompetenceProfile(
                stages={i: 1.0},
                competences=[
                    Competence(key="a", label="A", weight=0.1),
                    Competence(key="b", label="B", weight=0.2),
                ],
            ),
            panel=[
                Panelist(id="chef", role=Role.HIRING_MANAGER),
                Panelist(id="inv", role=Role.RESIDENT),
            ],
            candidates=[Candidate(id=c) for c in staff],
            ratings=[
                *(
                    Rating(panelist="chef", candidate=c, stage=i, scores=v)
                    for c, v in staff.items()
                ),
                *(
                    Rating(panelist="inv", candidate=c, stage=i, scores=v)
                    for c, v in residents.items()
                ),
            ],
        )
        result = rekrytera.score(rec)
        k1, k2 = (result.candidate(c).perspectives[STAFF] for c in ("k1", "k2"))
        assert k1 != k2
        assert k1 is not None
        assert k2 is not None
        assert round(k1, 9) == round(k2, 9) == 3
        # k1–k2 tied for staff, the other two pairs concordant: 2 / sqrt(3 · 2).
        assert result.agreement.kendall_tau_b == pytest.approx(2 / math.sqrt(6))


def _summary(
    result: rekrytera.Result,
) -> dict[str, tuple[int | None, float | None, tuple[str, ...]]]:
    return {c.id: (c.rank, c.total, c.flags) for c in result.candidates}


def _shuffled(rec: Recruitment, rnd: random.Random) -> Recruitment:
    def shuffle(items: tuple[object, ...]) -> list[object]:
        items_ = list(items)
        rnd.shuffle(items_)
        return items_

    return attrs.evolve(
        rec,
        panel=shuffle(rec.panel),
        candidates=shuffle(rec.candidates),
        ratings=shuffle(rec.ratings),
    )


class TestProperties:
    @given(recruitments(), st.sampled_from(ON_SCALE), st.floats(0, 1))
    def test_totals_within_scale(self, rec: Recruitment, method: str, r: float) -> None:
        """Totals of methods on the scale stay within the scale."""
        scale = rec.profile.scale
        for c in rekrytera.score(rec, method, resident_weight=r).candidates:
            for value in (c.total, *c.perspectives.values()):
                if value is not None:
                    assert scale.min - 1e-9 <= value <= scale.max + 1e-9

    @given(recruitments(), st.sampled_from(METHODS), st.randoms(use_true_random=False))
    def test_order_does_not_matter(self, rec: Recruitment, method: str, rnd: random.Random) -> None:
        """The result does not depend on the order of panelists, candidates or ratings."""
        before = rekrytera.score(rec, method)
        after = rekrytera.score(_shuffled(rec, rnd), method)
        assert _summary(after) == _summary(before)
        assert [c.id for c in after.candidates] == [c.id for c in before.candidates]
        assert after.agreement == before.agreement

    @given(recruitments(), st.sampled_from(ON_SCALE), st.floats(0, 1))
    def test_totals_are_the_weighted_means_of_the_breakdown(
        self, rec: Recruitment, method: str, r: float
    ) -> None:
        """Each stage score and total is, to the bit, the weighted mean of the breakdown below it.

        ``weighted_scores`` sums stage by stage in one pass; ``_stage_and_total``
        is the reference it must equal, for the combined value and each perspective.
        """
        for c in rekrytera.score(rec, method, resident_weight=r).candidates:
            for p in (None, *Perspective):
                values = {
                    (stage, key): cs.value if p is None else cs.perspectives[p]
                    for stage, s in c.stages.items()
                    for key, cs in s.competences.items()
                }
                stages, total, incomplete = _stage_and_total(rec.profile, values)
                given_stages = {
                    stage: s.score if p is None else s.perspectives[p]
                    for stage, s in c.stages.items()
                }
                assert given_stages == stages
                assert (c.total if p is None else c.perspectives[p]) == total
                if p is None:
                    assert ("incomplete" in c.flags) == incomplete

    @given(recruitments(), st.data())
    def test_raising_a_score(self, rec: Recruitment, data: st.DataObject) -> None:
        """Raising one of a candidate's scores never lowers its total nor worsens its rank."""
        independent = [i for i, r in enumerate(rec.ratings) if r.phase is Phase.INDEPENDENT]
        assume(independent)
        index = data.draw(st.sampled_from(independent))
        rating = rec.ratings[index]
        key = data.draw(st.sampled_from(sorted(rating.scores)))
        new = data.draw(st.floats(rating.scores[key], rec.profile.scale.max))
        raised = attrs.evolve(rating, scores={**rating.scores, key: new})
        ratings = list(rec.ratings)
        ratings[index] = raised
        before = rekrytera.score(rec).candidate(rating.candidate)
        after = rekrytera.score(attrs.evolve(rec, ratings=ratings)).candidate(rating.candidate)
        if before.total is not None:
            assert after.total is not None
            assert after.total >= before.total
        if before.rank is not None:
            assert after.rank is not None
            assert after.rank <= before.rank

    @given(recruitments(), st.sampled_from([0.0, 1.0]))
    def test_extreme_resident_weight(self, rec: Recruitment, r: float) -> None:
        """With resident weight 0 the total is the staff total; with 1, the residents'."""
        perspective = RESIDENT if r == 1 else STAFF
        for c in rekrytera.score(rec, resident_weight=r).candidates:
            assert c.total == c.perspectives[perspective]

    @given(recruitments(), st.data())
    def test_dominance(self, rec: Recruitment, data: st.DataObject) -> None:
        """A candidate at least as good as another on every rating ranks at least as high."""
        assume(rec.candidates)
        better = data.draw(st.sampled_from(rec.candidates))
        worse = Candidate(id="dominated-copy", meets=better.meets)
        low = rec.profile.scale.min
        copies = [
            attrs.evolve(
                r,
                candidate=worse.id,
                scores={k: data.draw(st.floats(low, v)) for k, v in r.scores.items()},
            )
            for r in rec.ratings
            if r.candidate == better.id
        ]
        assume(copies)
        bigger = attrs.evolve(
            rec, candidates=[*rec.candidates, worse], ratings=[*rec.ratings, *copies]
        )
        result = rekrytera.score(bigger)
        b, w = result.candidate(better.id), result.candidate(worse.id)
        if w.total is not None:
            assert b.total is not None
            assert b.total >= w.total
        if w.rank is not None:
            assert b.rank is not None
            assert b.rank <= w.rank

    @given(recruitments(), st.sampled_from(METHODS), st.data())
    def test_adding_an_ineligible_candidate(
        self, rec: Recruitment, method: str, data: st.DataObject
    ) -> None:
        """Adding an ineligible candidate changes no one else's rank."""
        assume(rec.profile.requirements and rec.candidates)
        template = data.draw(st.sampled_from(rec.candidates))
        outsider = Candidate(id="ineligible-copy", meets=())
        copies = [
            attrs.evolve(r, candidate=outsider.id)
            for r in rec.ratings
            if r.candidate == template.id
        ]
        bigger = attrs.evolve(
            rec, candidates=[*rec.candidates, outsider], ratings=[*rec.ratings, *copies]
        )
        before = {c.id: c.rank for c in rekrytera.score(rec, method).candidates}
        after = {c.id: c.rank for c in rekrytera.score(bigger, method).candidates}
        assert after.pop(outsider.id) is None
        assert after == before

    @given(recruitments(), st.sampled_from(METHODS))
    def test_equal_totals_share_a_rank(self, rec: Recruitment, method: str) -> None:
        """Ranks are standard competition ranks over totals rounded to 9 decimals."""
        ranked = rekrytera.score(rec, method).ranking
        for c in ranked:
            assert c.total is not None
            totals = [round(o.total, 9) for o in ranked if o.total is not None]
            better = sum(1 for t in totals if t > round(c.total, 9))
            tied = sum(1 for t in totals if t == round(c.total, 9))
            assert c.rank == 1 + better
            assert ("tie" in c.flags) == (tied > 1)


class TestScoreCommand:
    def test_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The table shows rank, candidate, total, staff, residents, flags and missed requirements."""
        path = Path(__file__).parent.parent / "examples" / "socialsekreterare-barn-unga.toml"
        assert main(["score", str(path)]) == 0
        out = capsys.readouterr().out
        lines = out.splitlines()
        assert lines[0] == "Socialsekreterare, Barn och unga – myndighetsutövning (hbg-2026-017)"
        assert lines[3].split() == [
            "Rang",
            "Kandidat",
            "Totalt",
            "Personal",
            "Invånare",
            "Flaggor",
            "Saknade",
            "krav",
        ]
        k4 = next(line for line in lines if line.split()[:2] == ["–", "k4"])
        assert "socionomexamen" in k4
        assert "ofullständig" in k4
        how = out.index("Så räknas det: För varje kompetens")
        assert "invånarvikten 0,5" in out[how:]
        assert "Anna" not in out  # names only when asked for

    def test_names_and_english(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--names shows names; --lang en switches the words."""
        path = Path(__file__).parent.parent / "examples" / "socialsekreterare-barn-unga.toml"
        assert main(["score", str(path), "--names", "--lang", "en"]) == 0
        out = capsys.readouterr().out
        assert "Anna Andersson" in out
        assert "Residents" in out

    def test_json_contract(self, capsys: pytest.CaptureFixture[str], example: Path) -> None:
        """--format json prints the contract's fields, candidates in rank order, ineligible last."""
        assert main(["score", str(example), "--format", "json", "--resident-weight", "0.4"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert {"method", "resident_weight", "candidates", "agreement"} <= set(data)
        assert (data["method"], data["resident_weight"]) == ("balanced", 0.4)
        for c in data["candidates"]:
            assert {
                "id",
                "rank",
                "total",
                "perspectives",
                "eligible",
                "missing_requirements",
                "flags",
            } <= set(c)
            assert set(c["perspectives"]) == {"staff", "resident"}
        eligible = [c["eligible"] for c in data["candidates"]]
        assert eligible == sorted(eligible, reverse=True)
        ranks = [c["rank"] for c in data["candidates"] if c["rank"] is not None]
        assert ranks == sorted(ranks)

    def test_csv(self, capsys: pytest.CaptureFixture[str], example: Path) -> None:
        """--format csv has a header and one row per candidate."""
        import csv
        import io

        assert main(["score", str(example), "--format", "csv"]) == 0
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        assert len(rows) == len(rekrytera.load(example).candidates)
        assert set(rows[0]) == {
            "rank",
            "candidate",
            "eligible",
            "total",
            "staff",
            "resident",
            "flags",
            "missing_requirements",
            "group",
            "flag_labels",
        }
        rows_by_id = {r["candidate"]: r for r in rows}
        result = rekrytera.score(rekrytera.load(example))
        for c in result.candidates:
            assert rows_by_id[c.id]["group"] == "0"
            assert len(rows_by_id[c.id]["flag_labels"].split(";")) == len(c.flags) or not c.flags

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (
                ["--resident-weight", "2"],
                "rekrytera: resident_weight must be between 0 and 1, got 2\n",
            ),
            (["--method", "nope"], "rekrytera: unknown scoring method 'nope'"),
            (["--option", "nokey"], "rekrytera: --option takes KEY=VALUE, got 'nokey'\n"),
        ],
    )
    @pytest.mark.usefixtures("english")
    def test_bad_options(
        self, capsys: pytest.CaptureFixture[str], example: Path, argv: list[str], message: str
    ) -> None:
        """Bad options exit 2 with a message."""
        assert main(["score", str(example), *argv]) == 2
        assert capsys.readouterr().err.startswith(message)

    @pytest.mark.usefixtures("english")
    def test_invalid_file(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """An invalid file exits 2 with its problems on stderr."""
        path = tmp_path / "x.toml"
        path.write_text("schema = 1\n", encoding="utf-8")
        assert main(["score", str(path)]) == 2
        assert (
            capsys.readouterr().err
            == f"{path}: recruitment: required but missing\n{path}: profile: required but missing\n"
        )


class TestCoverage:
    """Flags and remarks that say what a total rests on."""

    def test_resident_missing(self) -> None:
        """Residents rate in the recruitment, but not this candidate: flagged, on staff alone."""
        rec = hand_example()
        k2 = Candidate(id="k2", meets=["examen"])
        staff_only = [attrs.evolve(r, candidate="k2") for r in rec.ratings if r.panelist != "inv"]
        rec = attrs.evolve(
            rec, candidates=[*rec.candidates, k2], ratings=[*rec.ratings, *staff_only]
        )
        result = rekrytera.score(rec, resident_weight=0.9)
        k2r = result.candidate("k2")
        assert "resident_missing" in k2r.flags
        assert k2r.perspectives[RESIDENT] is None
        assert k2r.total == pytest.approx(k2r.perspectives[STAFF])
        assert "resident_missing" not in result.candidate("k1").flags
        assert result.remarks == ()

    def test_single_rater(self) -> None:
        """Two staff and one resident: the resident side rests on one panelist."""
        result = rekrytera.score(hand_example())
        assert "single_rater" in result.candidate("k1").flags
        rec = hand_example()
        rec = attrs.evolve(
            rec,
            panel=[*rec.panel, Panelist(id="inv2", role=Role.RESIDENT)],
            ratings=[
                *rec.ratings,
                *(attrs.evolve(r, panelist="inv2") for r in rec.ratings if r.panelist == "inv"),
            ],
        )
        assert "single_rater" not in rekrytera.score(rec).candidate("k1").flags

    def test_no_resident_on_the_panel(self) -> None:
        """No resident who rates: a remark for the whole result, no flag on every candidate."""
        rec = hand_example()
        rec = attrs.evolve(
            rec,
            panel=[p for p in rec.panel if p.id != "inv"],
            ratings=[r for r in rec.ratings if r.panelist != "inv"],
        )
        result = rekrytera.score(rec)
        assert result.remarks == ("no_resident",)
        assert "resident_missing" not in result.candidate("k1").flags
        assert result.to_dict()["remarks"] == ["no_resident"]

    @pytest.mark.parametrize("method", ["balanced", "panel_mean", "median", "borda", "kemeny"])
    def test_every_method_says_how_it_counts(self, method: str) -> None:
        """Each built-in method explains itself in Swedish and English, and its scale."""
        rec = rekrytera.load(EXAMPLES / "socialsekreterare-barn-unga.toml")
        result = rekrytera.score(rec, method, resident_weight=0.3)
        sv, en = result.explain("sv"), result.explain("en")
        assert sv
        assert en
        assert sv != en
        assert "{" not in sv + en
        uses_weight = method != "panel_mean"
        assert ("0,3" in sv) is uses_weight
        assert ("0.3" in en) is uses_weight
        low, high = result.total_range or (None, None)
        if method in ("borda",):
            assert (low, high) == (0, 1)
        elif method == "kemeny":
            assert (low, high) == (0, len(result.ranking) - 1)
        else:
            assert (low, high) == (1, 5)
        data = result.to_dict()
        assert data["scale"] == [low, high]
        assert data["explanation"]["sv"] == result.explanation["sv"]

    def test_csv_rounds_json_keeps(self, capsys: pytest.CaptureFixture[str]) -> None:
        """CSV numbers have at most six decimals; JSON keeps every digit."""
        path = EXAMPLES / "socialsekreterare-barn-unga.toml"
        assert main(["score", str(path), "--format", "json"]) == 0
        totals = [c["total"] for c in json.loads(capsys.readouterr().out)["candidates"]]
        assert main(["score", str(path), "--format", "csv"]) == 0
        rows = capsys.readouterr().out.splitlines()[1:]
        shown = [row.split(",")[3] for row in rows]
        for total, cell in zip(totals, shown, strict=True):
            assert len(cell.partition(".")[2]) <= 6
            assert float(cell) == pytest.approx(total, abs=5e-7)
        assert any(len(repr(t)) > 10 for t in totals)  # the JSON totals are not rounded

    @pytest.mark.parametrize("method", ["balanced", "panel_mean", "median", "borda", "kemeny"])
    def test_unknown_options_refused(self, method: str) -> None:
        rec = hand_example()
        with pytest.raises(
            rekrytera.scoring.InvalidOption, match=r"has no option 'foo'; it takes none"
        ):
            rekrytera.score(rec, method, options={"foo": "bar"})


class TestAgreementBasis:
    def test_what_alpha_and_tau_rest_on(self) -> None:
        """Each alpha says how many pairable items and panelists it rests on; tau how many
        candidates it compares (in the result and the JSON)."""
        result = rekrytera.score(hand_example())
        # All: interview a and b (chef, kol, inv) and work sample b (chef, inv). Staff:
        # only the interview's two items have two staff scores. One resident: nothing.
        assert result.agreement.alpha_basis == {"all": (3, 3), "staff": (2, 2), "resident": (0, 0)}
        assert result.agreement.alpha["resident"] is None
        assert result.agreement.tau_candidates == 1  # one candidate with both totals
        assert result.agreement.kendall_tau_b is None  # one cannot be ordered
        data = result.to_dict()["agreement"]
        assert data["krippendorff_alpha_basis"]["staff"] == {"items": 2, "raters": 2}
        assert data["kendall_tau_b_candidates"] == 1


class TestAlphaOnTotals:
    def test_basis(self) -> None:
        """Alpha on totals rests on candidates with two or more panelists' totals."""
        result = rekrytera.score(hand_example())
        # One candidate, rated by chef, kol (staff) and inv (resident).
        assert result.agreement.alpha_totals_basis == {
            "all": (1, 3),
            "staff": (1, 2),
            "resident": (0, 0),
        }
        assert result.agreement.alpha_totals["resident"] is None
        data = result.to_dict()["agreement"]
        assert data["krippendorff_alpha_totals_basis"]["all"] == {"candidates": 1, "raters": 3}

    @given(
        st.lists(
            st.lists(
                st.none() | st.tuples(st.integers(1, 5), st.integers(1, 5)),
                min_size=4,
                max_size=4,
            ),
            min_size=2,
            max_size=5,
        )
    )
    def test_matches_krippendorff_package(self, data: list[list[tuple[int, int] | None]]) -> None:
        """Alpha on the panelists' totals equals the krippendorff package's on the same totals.

        Rows are panelists, columns candidates, each cell a panelist's two
        scores (weights 3 and 1) or None; a panelist's total is then
        (3a + b) / 4, as ``balanced`` weighs one stage.
        """
        i = Stage.INTERVIEW
        panel = [Panelist(id=f"p{n}", role=Role.COLLEAGUE) for n in range(len(data))]
        candidates = [f"k{c}" for c in range(4)]
        ratings = [
            Rating(panelist=f"p{n}", candidate=candidates[c], stage=i, scores={"a": a, "b": b})
            for n, row in enumerate(data)
            for c, cell in enumerate(row)
            if cell is not None
            for a, b in [cell]
        ]
        rec = hand_example(
            profile=CompetenceProfile(
                stages={i: 1.0},
                competences=[
                    Competence(key="a", label="A", weight=3, stages=[i]),
                    Competence(key="b", label="B", weight=1, stages=[i]),
                ],
            ),
            panel=panel,
            candidates=[Candidate(id=c) for c in candidates],
            ratings=ratings,
        )
        totals = [
            [None if cell is None else (3 * cell[0] + cell[1]) / 4 for cell in row] for row in data
        ]
        pairable = [
            [row[c] for row in totals if row[c] is not None]
            for c in range(4)
            if sum(row[c] is not None for row in totals) >= 2
        ]
        ours = rekrytera.score(rec).agreement.alpha_totals
        assert ours["staff"] == ours["all"]
        if len({v for unit in pairable for v in unit}) < 2:
            assert ours["all"] is None
            return
        matrix = np.array([[np.nan if v is None else v for v in row] for row in totals])
        theirs = krippendorff.alpha(reliability_data=matrix, level_of_measurement="interval")
        assert ours["all"] == pytest.approx(theirs, abs=1e-9)


class TestOrdinalAlpha:
    @given(RELIABILITY_DATA)
    def test_matches_krippendorff_package(self, data: list[list[float | None]]) -> None:
        """Krippendorff's alpha (ordinal) equals the krippendorff package's to 1e-9."""
        _same_as_package(data, krippendorff_alpha_ordinal, "ordinal")

    def test_in_the_result(self) -> None:
        result = rekrytera.score(rekrytera.load(EXAMPLES / "socialsekreterare-barn-unga.toml"))
        ordinal = result.agreement.alpha_ordinal
        assert set(ordinal) == {"all", "staff", "resident"}
        assert ordinal["all"] is not None
        assert result.to_dict()["agreement"]["krippendorff_alpha_ordinal"] == dict(ordinal)


@given(recruitments())
def test_agreement_can_be_skipped(rec: Recruitment) -> None:
    """score(..., agreement=False) ranks exactly as score() does, with no agreement figures."""
    full = rekrytera.score(rec)
    lean = rekrytera.score(rec, agreement=False)
    assert lean.candidates == full.candidates
    assert lean.remarks == full.remarks
    assert (lean.agreement.alpha, lean.agreement.kendall_tau_b, lean.agreement.drift) == (
        {},
        None,
        None,
    )


@given(recruitments(), st.sampled_from(METHODS), st.sampled_from(list(Phase)))
def test_breakdown_can_be_left_out(rec: Recruitment, method: str, phase: Phase) -> None:
    """score(..., breakdown=False) gives exactly what score() gives, without the breakdown."""
    full = rekrytera.score(rec, method, phase=phase)
    lean = rekrytera.score(rec, method, phase=phase, breakdown=False)
    assert lean.candidates == tuple(attrs.evolve(c, stages={}) for c in full.candidates)
    assert attrs.evolve(lean, candidates=full.candidates) == full


def test_the_store_keeps_what_the_full_result_gives(tmp_path: Path) -> None:
    """The store scores without the agreement statistics or the breakdown, and stores the
    same rows."""
    import sqlite3

    rec = rekrytera.load(
        Path(__file__).parent.parent / "examples" / "socialsekreterare-barn-unga.toml"
    )
    lean, full = tmp_path / "lean.sqlite", tmp_path / "full.sqlite"
    rekrytera.export([rec], lean)
    with rekrytera.exporters.Store(full) as store:
        store.put(rec, result=rekrytera.score(rec))

    def rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
        db = sqlite3.connect(path)
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        found = {n: sorted(db.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
        db.close()
        return found

    assert rows(lean) == rows(full)
