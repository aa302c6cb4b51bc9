"""The columnar form of many recruitments: one row per score, ids as integer codes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import numpy as np

from ..model import Perspective, Phase, Recruitment, Stage

__all__ = ["FIELDS", "PERSPECTIVES", "PHASES", "STAGES", "Dataset", "RatingColumns", "Rows"]

#: An index into a dataset's ``score_*`` columns: a slice or an array of positions.
Rows = slice | np.ndarray

#: The codes of stages, phases and perspectives in the columns: their index here.
STAGES: tuple[Stage, ...] = tuple(Stage)
PHASES: tuple[Phase, ...] = tuple(Phase)
PERSPECTIVES: tuple[Perspective, ...] = tuple(Perspective)

#: A recruitment's own fields that analyses can group by, besides its attributes.
FIELDS = ("id", "organisation", "area", "title")

_STAGE = {s.value: i for i, s in enumerate(STAGES)}
_PHASE = {p.value: i for i, p in enumerate(PHASES)}
_NO_PERSPECTIVE = -1


@attrs.frozen
class RatingColumns:
    """The ratings of one recruitment, flattened: one entry per rating, then per score.

    ``counts[i]`` is how many scores rating *i* has; ``keys`` and ``values``
    hold every score of every rating in order.
    """

    panelists: list[str]
    candidates: list[str]
    stages: list[str]
    phases: list[str]
    counts: list[int]
    keys: list[str]
    values: list[float]

    @classmethod
    def of(cls, rec: Recruitment) -> RatingColumns:
        """The columns of a recruitment's ratings."""
        cols = cls([], [], [], [], [], [], [])
        for r in rec.ratings:
            cols.panelists.append(r.panelist)
            cols.candidates.append(r.candidate)
            cols.stages.append(r.stage.value)
            cols.phases.append(r.phase.value)
            cols.counts.append(len(r.scores))
            cols.keys.extend(r.scores)
            cols.values.extend(r.scores.values())
        return cols


def _i32(values: Sequence[int] | np.ndarray) -> np.ndarray:
    return np.asarray(values, dtype=np.int32)


@attrs.frozen(eq=False)
class Dataset:
    """Many recruitments in columnar form, for analyses across them.

    ``recruitments`` keeps each recruitment without its ratings (its profile,
    panel, candidates, decision and attributes); the ratings are columns of
    numpy arrays with one row per score, named ``score_*``. Candidates,
    panelists and competences are numbered across the whole dataset
    (``cand_*``, ``pan_*``, ``comp_*`` describe them by that number), and so
    are the *items*: every (candidate, stage, competence) the profile assesses,
    whether or not anyone scored it.

    Build one with :func:`rekrytera.analysis.load` or :meth:`from_recruitments`.
    """

    recruitments: tuple[Recruitment, ...]
    #: Each stage's weight per recruitment, ``NaN`` where the profile has no such stage.
    stage_weight: np.ndarray
    cand_rec: np.ndarray
    cand_id: np.ndarray
    cand_eligible: np.ndarray
    cand_hired: np.ndarray
    pan_rec: np.ndarray
    pan_id: np.ndarray
    #: The perspective of each panelist (0 staff, 1 resident, -1 a supporter, who does not rate).
    pan_perspective: np.ndarray
    comp_rec: np.ndarray
    comp_key: np.ndarray
    comp_weight: np.ndarray
    item_cand: np.ndarray
    item_stage: np.ndarray
    item_comp: np.ndarray
    score_cand: np.ndarray
    score_pan: np.ndarray
    score_stage: np.ndarray
    score_comp: np.ndarray
    score_phase: np.ndarray
    score_value: np.ndarray
    score_item: np.ndarray
    #: The perspective of the panelist who gave each score (0 staff, 1 resident).
    score_perspective: np.ndarray
    #: What ``balanced`` sums each score into, ``perspective · items + item``.
    score_code: np.ndarray
    #: How many scores are independent; the scores are sorted by phase, these first.
    n_independent: int
    #: The candidate × stage group of each item (``3 · candidate + stage``), and
    #: the weight of its competence.
    item_group: np.ndarray
    item_weight: np.ndarray
    #: The stage's weight for each candidate × stage group (NaN where the profile lacks it).
    group_stage_weight: np.ndarray

    _cache: dict[Any, Any] = attrs.field(factory=dict, init=False, repr=False)

    @classmethod
    def from_recruitments(cls, recruitments: Iterable[Recruitment]) -> Dataset:
        """The columnar form of *recruitments* (already loaded and valid)."""
        builder = Builder()
        for rec in recruitments:
            builder.add(rec, RatingColumns.of(rec))
        return builder.build()

    def __len__(self) -> int:
        return len(self.recruitments)

    @property
    def ids(self) -> tuple[str, ...]:
        """The recruitments' ids, in the dataset's order."""
        return tuple(r.id for r in self.recruitments)

    @property
    def item_rec(self) -> np.ndarray:
        """The recruitment of each item."""
        result: np.ndarray = self.cand_rec[self.item_cand]
        return result

    @property
    def score_rec(self) -> np.ndarray:
        """The recruitment of each score."""
        result: np.ndarray = self.cand_rec[self.score_cand]
        return result

    def effective(self, phase: Phase | str) -> Rows:
        """Which scores count for *phase*, as ``rekrytera.score`` counts them.

        ``independent``: the independent ratings. ``calibrated``: a panelist's
        calibrated rating of a candidate at a stage where there is one, else
        their independent rating. Returns an index into the ``score_*``
        columns: a slice for ``independent`` (they come first), else an array
        of positions.
        """
        phase = Phase(phase)
        if phase is Phase.INDEPENDENT:
            return slice(0, self.n_independent)
        if "calibrated" not in self._cache:
            rating = self.rating_key
            revised = np.unique(rating[self.n_independent :])
            independent = np.flatnonzero(~np.isin(rating[: self.n_independent], revised))
            self._cache["calibrated"] = np.r_[
                independent, np.arange(self.n_independent, len(rating))
            ]
        result: np.ndarray = self._cache["calibrated"]
        return result

    @property
    def rating_key(self) -> np.ndarray:
        """Which rating each score belongs to, one number per panelist, candidate and stage."""
        if "rating_key" not in self._cache:
            pan = self.score_pan.astype(np.int64)
            cand = self.score_cand.astype(np.int64)
            self._cache["rating_key"] = (pan * len(self.cand_id) + cand) * len(STAGES) + (
                self.score_stage
            )
        result: np.ndarray = self._cache["rating_key"]
        return result

    def attribute(self, field: str) -> np.ndarray:
        """Each recruitment's value of *field*, ``None`` where it has none.

        *field* is a key of ``[recruitment] attributes`` (e.g. ``kommungrupp``)
        or one of the recruitment's own fields: ``id``, ``organisation``,
        ``area``, ``title``.
        """
        values: list[str | None] = []
        for rec in self.recruitments:
            if field in rec.info.attributes:
                values.append(rec.info.attributes[field])
            elif field in FIELDS:
                values.append(getattr(rec.info, field) or None)
            else:
                values.append(None)
        return np.array(values, dtype=object)


class Builder:
    """Collects recruitments (without ratings) and their rating columns into a Dataset.

    :meth:`add` raises :class:`KeyError` or :class:`ValueError` when a rating
    does not fit its recruitment (an unknown panelist, a competence not
    assessed at the stage, …); :meth:`try_add` says so with False, and the
    loaders then leave it to the model to report.
    """

    def __init__(self) -> None:
        self.recs: list[Recruitment] = []
        self.stage_weight: list[list[float]] = []
        self.cand_rec: list[int] = []
        self.cand_id: list[str] = []
        self.cand_eligible: list[bool] = []
        self.cand_hired: list[bool] = []
        self.pan_rec: list[int] = []
        self.pan_id: list[str] = []
        self.pan_perspective: list[int] = []
        self.comp_rec: list[int] = []
        self.comp_key: list[str] = []
        self.comp_weight: list[float] = []
        self.items: list[np.ndarray] = []
        self.n_items = 0
        self.scores: list[tuple[np.ndarray, ...]] = []

    def try_add(self, rec: Recruitment, ratings: RatingColumns) -> bool:
        """Add *rec* with *ratings* checked against the model's rating rules.

        Returns False, having added nothing, when a rating breaks one (or is of
        a type the columns cannot hold): then the model should say what is wrong.
        """
        try:
            self.add(rec, ratings, check=True)
        except (KeyError, ValueError, TypeError, OverflowError):
            return False
        return True

    def add(self, rec: Recruitment, ratings: RatingColumns, *, check: bool = False) -> None:
        """Add *rec* (whose own ``ratings`` are ignored) with *ratings*.

        :param check: check every rule the model checks for ratings; needed
            when *ratings* did not come from a valid :class:`Recruitment`.
        """
        index = len(self.recs)
        profile = rec.profile
        cand_base, pan_base, comp_base = len(self.cand_id), len(self.pan_id), len(self.comp_key)
        cand = {c.id: cand_base + i for i, c in enumerate(rec.candidates)}
        pan = {p.id: pan_base + i for i, p in enumerate(rec.panel)}
        comp = {c.key: comp_base + i for i, c in enumerate(profile.competences)}
        pairs = [
            (_STAGE[stage.value], comp[c.key])
            for stage in profile.stages
            for c in profile.assessed_at(stage)
        ]

        # Scores first: anything that does not fit raises before the dataset changes.
        counts = np.asarray(ratings.counts, dtype=np.int64)
        p = _i32([pan[x] for x in ratings.panelists])
        c = _i32([cand[x] for x in ratings.candidates])
        s = np.asarray([_STAGE[x] for x in ratings.stages], dtype=np.int8)
        ph = np.asarray([_PHASE[x] for x in ratings.phases], dtype=np.int8)
        stage_of = np.repeat(s, counts)
        k = _i32([comp[x] for x in ratings.keys])
        # Which (stage, competence) pair each score is: -1 where the stage does not assess it.
        lookup = np.full((len(STAGES), max(len(comp), 1)), -1, dtype=np.int64)
        for i, (st, kk) in enumerate(pairs):
            lookup[st, kk - comp_base] = i
        local_pair = lookup[stage_of, k - comp_base]
        if (local_pair < 0).any():
            raise ValueError("a competence scored at a stage that does not assess it")
        values = np.asarray(ratings.values, dtype=np.float64)
        if check:
            _check_ratings(rec, ratings, p - pan_base, c - cand_base, s, ph, counts, values)
        item_base = self.n_items
        n_pairs = len(pairs)
        score_cand = np.repeat(c, counts)
        item = item_base + (score_cand - cand_base).astype(np.int64) * n_pairs + local_pair

        self.recs.append(attrs.evolve(rec, ratings=()) if rec.ratings else rec)
        self.stage_weight.append([profile.stages.get(st, np.nan) for st in STAGES])
        hired = set(rec.decision.hired) if rec.decision else set()
        requirements = {r.key for r in profile.requirements}
        for candidate in rec.candidates:
            self.cand_rec.append(index)
            self.cand_id.append(candidate.id)
            self.cand_eligible.append(requirements <= set(candidate.meets))
            self.cand_hired.append(candidate.id in hired)
        for panelist in rec.panel:
            self.pan_rec.append(index)
            self.pan_id.append(panelist.id)
            perspective = panelist.perspective
            self.pan_perspective.append(
                _NO_PERSPECTIVE if perspective is None else PERSPECTIVES.index(perspective)
            )
        for competence in profile.competences:
            self.comp_rec.append(index)
            self.comp_key.append(competence.key)
            self.comp_weight.append(competence.weight)
        n_cand = len(rec.candidates)
        pair_stage = np.asarray([st for st, _ in pairs], dtype=np.int8)
        pair_comp = _i32([k for _, k in pairs])
        self.items.append(
            np.stack(
                [
                    np.repeat(np.arange(cand_base, cand_base + n_cand), n_pairs),
                    np.tile(pair_stage, n_cand),
                    np.tile(pair_comp, n_cand),
                ],
                axis=1,
            ).reshape(-1, 3)
        )
        self.n_items += n_cand * n_pairs
        self.scores.append(
            (score_cand, np.repeat(p, counts), stage_of, k, np.repeat(ph, counts), values, item)
        )

    def build(self) -> Dataset:
        """The Dataset of everything added, scores sorted by phase (independent first)."""
        items = np.concatenate(self.items) if self.items else np.zeros((0, 3), dtype=np.int64)
        empty = (np.int32, np.int32, np.int8, np.int32, np.int8, np.float64, np.int64)
        columns: list[np.ndarray] = (
            [np.concatenate(col) for col in zip(*self.scores, strict=True)]
            if self.scores
            else [np.zeros(0, dtype=t) for t in empty]
        )
        if (columns[4][1:] < columns[4][:-1]).any():  # independent scores first
            order = np.argsort(columns[4], kind="stable")
            columns = [c[order] for c in columns]
        cand, pan, stage, comp, phase, value, item = columns
        cand_rec = _i32(self.cand_rec)
        stage_weight = np.asarray(self.stage_weight, dtype=np.float64).reshape(-1, len(STAGES))
        pan_perspective = np.asarray(self.pan_perspective, dtype=np.int8)
        comp_weight = np.asarray(self.comp_weight, dtype=np.float64)
        item_cand = items[:, 0].astype(np.int32, copy=False)
        item_stage = items[:, 1].astype(np.int8, copy=False)
        item_comp = items[:, 2].astype(np.int32, copy=False)
        perspective = pan_perspective[pan]
        return Dataset(
            recruitments=tuple(self.recs),
            stage_weight=stage_weight,
            cand_rec=cand_rec,
            cand_id=np.asarray(self.cand_id, dtype=object),
            cand_eligible=np.asarray(self.cand_eligible, dtype=bool),
            cand_hired=np.asarray(self.cand_hired, dtype=bool),
            pan_rec=_i32(self.pan_rec),
            pan_id=np.asarray(self.pan_id, dtype=object),
            pan_perspective=pan_perspective,
            comp_rec=_i32(self.comp_rec),
            comp_key=np.asarray(self.comp_key, dtype=object),
            comp_weight=comp_weight,
            item_cand=item_cand,
            item_stage=item_stage,
            item_comp=item_comp,
            score_cand=cand.astype(np.int32, copy=False),
            score_pan=pan.astype(np.int32, copy=False),
            score_stage=stage.astype(np.int8, copy=False),
            score_comp=comp.astype(np.int32, copy=False),
            score_phase=phase.astype(np.int8, copy=False),
            score_value=value.astype(np.float64, copy=False),
            score_item=item.astype(np.int64, copy=False),
            score_perspective=perspective,
            score_code=perspective.astype(np.int64) * len(item_cand) + item,
            n_independent=int(np.count_nonzero(phase == _PHASE[Phase.INDEPENDENT.value])),
            item_group=item_cand.astype(np.int64) * len(STAGES) + item_stage,
            item_weight=comp_weight[item_comp],
            group_stage_weight=stage_weight[cand_rec].reshape(-1),
        )


def _check_ratings(
    rec: Recruitment,
    ratings: RatingColumns,
    pan: np.ndarray,
    cand: np.ndarray,
    stage: np.ndarray,
    phase: np.ndarray,
    counts: np.ndarray,
    values: np.ndarray,
) -> None:
    """The rating rules of the model that the lookups in :meth:`Builder.add` do not cover.

    *pan* and *cand* are indices into the recruitment's panel and candidates.
    """
    if not len(counts):
        return
    rates = np.array([p.rates for p in rec.panel], dtype=bool)
    if not rates[pan].all() or counts.min() == 0:
        raise ValueError("a rating by a supporter, or without scores")
    for i, panelist in enumerate(rec.panel):
        if panelist.conflicts:
            conflicts = {rec.candidates[j].id for j in np.unique(cand[pan == i])}
            if conflicts & set(panelist.conflicts):
                raise ValueError("a rating despite a conflict of interest")
    ident = ((pan.astype(np.int64) * len(rec.candidates) + cand) * len(STAGES) + stage) * 2 + phase
    if len(np.unique(ident)) != len(ident):
        raise ValueError("a second rating of a candidate at a stage and phase")
    scale = rec.profile.scale
    if not (np.isfinite(values).all() and values.min() >= scale.min and values.max() <= scale.max):
        raise ValueError("a score off the scale")
