"""The model enforces its invariants at construction."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rekrytera import InvalidRecruitment, Problem
from rekrytera.model import (
    Candidate,
    Competence,
    CompetenceProfile,
    FieldError,
    Identity,
    Panelist,
    Perspective,
    Rating,
    Recruitment,
    RecruitmentInfo,
    Register,
    Role,
    Scale,
    Stage,
    _base,
)
from rekrytera.testing import recruitments, registers

from ._people import people


def _profile(**kwargs: object) -> CompetenceProfile:
    return CompetenceProfile(
        competences=[Competence(key="trygghet", label="Trygg")],
        **kwargs,  # type: ignore[arg-type]
    )


class TestScale:
    def test_inverted(self) -> None:
        """A scale whose max is not above its min is refused."""
        with pytest.raises(FieldError, match="max: 1 must be greater than min"):
            Scale(min=5, max=1)

    @pytest.mark.parametrize(
        ("score", "inside"),
        [
            (1, True),
            (5, True),
            (3.5, True),
            (0.99, False),
            (6, False),
            (float("nan"), False),
            (float("inf"), False),
            (True, False),
            ("3", False),
        ],
    )
    def test_contains(self, score: object, inside: bool) -> None:
        """Only finite numbers between the ends are on the scale."""
        assert (score in Scale()) is inside

    def test_str(self) -> None:
        """A scale reads as its range."""
        assert str(Scale(min=0, max=10)) == "0–10"


class TestRoles:
    @pytest.mark.parametrize(
        ("role", "perspective"),
        [
            (Role.HIRING_MANAGER, Perspective.STAFF),
            (Role.HR, Perspective.STAFF),
            (Role.COLLEAGUE, Perspective.STAFF),
            (Role.UNION, Perspective.STAFF),
            (Role.RESIDENT, Perspective.RESIDENT),
            (Role.SUPPORTER, None),
        ],
    )
    def test_perspective(self, role: Role, perspective: Perspective | None) -> None:
        """Residents rate from their own perspective, supporters not at all."""
        panelist = Panelist(id="p", role=role)
        assert panelist.perspective is perspective
        assert panelist.rates is (perspective is not None)

    def test_swedish_labels(self) -> None:
        """Every role and stage has a Swedish name for what people read."""
        assert Role.RESIDENT.label_sv == "invånare/brukare"
        assert Stage.WORK_SAMPLE.label_sv == "arbetsprov"
        assert all(r.label_sv for r in Role)


class TestFields:
    def test_bad_key(self) -> None:
        """Ids may not contain spaces."""
        with pytest.raises(FieldError, match="id: 'k 1' is not a valid key"):
            Candidate(id="k 1")

    def test_bad_key_in_list(self) -> None:
        """Keys in lists are checked one by one, with their index."""
        with pytest.raises(FieldError, match=r"meets\[1\]: '' is not a valid key"):
            Candidate(id="k1", meets=["a", ""])

    @given(st.text(max_size=6) | st.from_regex(_base._KEY, fullmatch=True))
    def test_is_key_is_the_pattern(self, value: str) -> None:
        """The quick test for letters and digits agrees with the key pattern, in any script."""
        assert _base.is_key(value) is (_base._KEY.fullmatch(value) is not None)

    def test_blank_label(self) -> None:
        """A competence needs a label a person can read."""
        with pytest.raises(FieldError, match="label: must not be empty"):
            Competence(key="k", label="  ")

    @pytest.mark.parametrize("weight", [-1.0, float("nan"), float("inf")])
    def test_bad_weight(self, weight: float) -> None:
        """Weights are finite and not negative."""
        with pytest.raises(FieldError, match="weight: "):
            Competence(key="k", label="K", weight=weight)

    def test_rating_needs_scores(self) -> None:
        """A rating without a score says nothing."""
        with pytest.raises(FieldError, match="scores: a rating needs at least one score"):
            Rating(panelist="p", candidate="c", stage=Stage.INTERVIEW, scores={})

    def test_rating_nan(self) -> None:
        """A score must be a finite number."""
        with pytest.raises(FieldError, match=r"scores\.k: nan is not a finite number"):
            Rating(
                panelist="p",
                candidate="c",
                stage=Stage.INTERVIEW,
                scores={"k": float("nan")},
            )

    def test_identity_truthiness(self) -> None:
        """An identity is false when it holds nothing."""
        assert not Identity()
        assert Identity(email="a@example.se")

    def test_frozen(self) -> None:
        """Model objects cannot be changed in place; use attrs.evolve."""
        candidate = Candidate(id="k1")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            candidate.id = "k2"  # type: ignore[misc]
        assert attrs.evolve(candidate, id="k2").id == "k2"


class TestProfile:
    def test_defaults(self) -> None:
        """By default a profile has a 1–5 scale and one interview stage."""
        profile = _profile()
        assert profile.scale == Scale(min=1, max=5)
        assert profile.stages == {Stage.INTERVIEW: 1.0}
        assert profile.assessed_at(Stage.INTERVIEW) == profile.competences

    def test_every_problem_reported(self) -> None:
        """All problems of a profile come together, with paths relative to it."""
        with pytest.raises(InvalidRecruitment) as info:
            CompetenceProfile(
                stages={Stage.INTERVIEW: 0.0, Stage.WORK_SAMPLE: -1.0},
                competences=[
                    Competence(key="a", label="A", weight=0, stages=[Stage.SCREENING]),
                    Competence(key="a", label="B", weight=0, anchors={9: "x"}),
                ],
            )
        assert info.value.problems == (
            Problem("stages.work_sample", "-1 is negative; weights must be zero or more"),
            Problem("stages", "the stage weights sum to zero"),
            Problem("competences", "the competence weights sum to zero"),
            Problem("competences[1].key", "duplicate key 'a'"),
            Problem(
                "competences[0].stages[0]",
                "screening is not a stage of this profile (interview, work_sample)",
            ),
            Problem("competences[1].anchors.9", "level 9 is outside the scale 1–5"),
        )

    def test_needs_a_competence(self) -> None:
        """A profile with nothing to assess cannot score anyone."""
        with pytest.raises(InvalidRecruitment, match="at least one competence"):
            CompetenceProfile(competences=[])

    def test_stages_of(self) -> None:
        """A competence without stages is assessed at every stage, in profile order."""
        profile = CompetenceProfile(
            stages={Stage.WORK_SAMPLE: 1, Stage.INTERVIEW: 1},
            competences=[
                Competence(key="a", label="A"),
                Competence(key="b", label="B", stages=[Stage.INTERVIEW]),
            ],
        )
        assert profile.stages_of(profile.competence("a")) == (
            Stage.WORK_SAMPLE,
            Stage.INTERVIEW,
        )
        assert [c.key for c in profile.assessed_at(Stage.WORK_SAMPLE)] == ["a"]
        with pytest.raises(KeyError):
            profile.competence("c")


class TestRecruitment:
    def _rec(self, **kwargs: object) -> Recruitment:
        base: dict[str, object] = {
            "info": RecruitmentInfo(id="r", title="T"),
            "profile": _profile(),
            "panel": [Panelist(id="chef", role=Role.HIRING_MANAGER)],
            "candidates": [Candidate(id="k1")],
        }
        base.update(kwargs)
        return Recruitment(**base)  # type: ignore[arg-type]

    def test_lookups(self) -> None:
        """Panelists and candidates can be found by id."""
        rec = self._rec()
        assert rec.id == "r"
        assert rec.title == "T"
        assert rec.panelist("chef").role is Role.HIRING_MANAGER
        assert rec.candidate("k1").id == "k1"
        with pytest.raises(KeyError):
            rec.panelist("nobody")
        with pytest.raises(KeyError):
            rec.candidate("nobody")

    def test_integrity_on_construction(self) -> None:
        """Building a recruitment in code checks the same rules as loading a file."""
        with pytest.raises(InvalidRecruitment) as info:
            self._rec(
                ratings=[
                    Rating(
                        panelist="chef",
                        candidate="k9",
                        stage=Stage.INTERVIEW,
                        scores={"trygghet": 9},
                    ),
                ]
            )
        assert [str(p) for p in info.value.problems] == [
            "ratings[0].candidate: unknown candidate 'k9'",
            "ratings[0].scores.trygghet: 9 is outside the scale 1–5",
        ]

    def test_evolve_rechecks(self) -> None:
        """attrs.evolve builds a new recruitment, so the rules hold for it too."""
        rec = self._rec()
        with pytest.raises(InvalidRecruitment, match="duplicate id 'k1'"):
            attrs.evolve(rec, candidates=[Candidate(id="k1"), Candidate(id="k1")])

    def test_error_pickles(self) -> None:
        """InvalidRecruitment survives pickling (e.g. from a worker process)."""
        import pickle

        error = InvalidRecruitment([Problem("a", "b")])
        assert pickle.loads(pickle.dumps(error)).problems == error.problems


class TestImmutable:
    """Frozen models are frozen all the way down: their mappings are read-only."""

    @staticmethod
    def _mappings(rec: Recruitment) -> list[object]:
        found: list[object] = [rec.info.attributes, rec.profile.stages]
        found += [c.anchors for c in rec.profile.competences]
        found += [r.scores for r in rec.ratings]
        found += [p.identity.identifiers for p in people(rec)]
        return found

    @given(recruitments().flatmap(lambda rec: st.tuples(st.just(rec), registers(rec))))
    def test_every_mapping_refuses_change(self, pair: tuple[Recruitment, Register]) -> None:
        """Assigning, deleting or clearing an entry of any mapping in a model raises."""
        rec, register = pair
        mappings = [*self._mappings(rec), *(x.checklist for x in register.participation)]
        for mapping in mappings:
            with pytest.raises(TypeError):
                mapping["x"] = 1  # type: ignore[index]
            with pytest.raises((TypeError, AttributeError)):
                mapping.clear()  # type: ignore[attr-defined]

    def test_caller_dict_is_copied(self) -> None:
        """Changing the dict a model was built from does not change the model."""
        scores = {"trygghet": 4.0}
        rating = Rating(panelist="p", candidate="k", stage=Stage.INTERVIEW, scores=scores)
        scores["trygghet"] = 1.0
        assert rating.scores == {"trygghet": 4.0}

    def test_evolve_is_the_way(self) -> None:
        """attrs.evolve gives a changed copy; equality still compares contents."""
        rating = Rating(panelist="p", candidate="k", stage=Stage.INTERVIEW, scores={"a": 4.0})
        changed = attrs.evolve(rating, scores={**rating.scores, "a": 5.0})
        assert (rating.scores["a"], changed.scores["a"]) == (4.0, 5.0)
        assert changed == Rating(
            panelist="p", candidate="k", stage=Stage.INTERVIEW, scores={"a": 5.0}
        )
