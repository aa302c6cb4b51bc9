"""Collecting recruitments and their ratings into the columns of a Dataset."""

from __future__ import annotations

import math
from collections.abc import Mapping
from itertools import pairwise
from operator import attrgetter
from typing import Any

import attrs
import numpy as np

from ..exceptions import Problem, RekryteraError
from ..model import CompetenceProfile, Phase, Recruitment, recused
from ._columns import (
    _NO_PERSPECTIVE,
    _PHASE,
    _STAGE,
    FIELDS,
    PERSPECTIVES,
    PHASES,
    STAGES,
    RatingColumns,
    Shape,
    _i32,
    _starts,
    distinct,
    level_of,
    level_type,
    scores_of,
)

__all__ = ["Builder", "InvalidSources", "RatingsBreakRules"]

_ID = attrgetter("id")


class InvalidSources(RekryteraError, ValueError):
    """Some of the recruitments to analyse are invalid; nothing was analysed.

    :ivar invalid: for each source (a file, or ``store.sqlite#id``), its problems.
    """

    invalid: dict[str, tuple[Problem, ...]]

    def __init__(self, invalid: dict[str, tuple[Problem, ...]]) -> None:
        self.invalid = invalid
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """One line per problem: ``source: path: message``."""
        return [f"{source}: {p}" for source, problems in self.invalid.items() for p in problems]


def _by_phase(
    rating_phase: np.ndarray, counts: np.ndarray, *columns: np.ndarray
) -> list[np.ndarray]:
    """Per-score *columns* as a stable sort of the ratings by phase leaves them.

    Made phase by phase and a block at a time: no per-score index is made.
    """
    moved = [np.empty_like(column) for column in columns]
    at = 0
    for code in range(len(PHASES)):
        mine = np.repeat(rating_phase == code, counts)
        for start in range(0, len(mine), _BLOCK):
            part = slice(start, start + _BLOCK)
            n = int(np.count_nonzero(mine[part]))
            for column, out in zip(columns, moved, strict=True):
                out[at : at + n] = column[part][mine[part]]
            at += n
    return moved


class Builder:
    """Collects recruitments (without ratings) and their rating columns into a Dataset.

    Ratings that did not come from a valid :class:`Recruitment` are added with
    ``check=True``, and checked against the model's rating rules in two steps.
    :meth:`add` raises :class:`KeyError` or :class:`ValueError`, having added
    nothing, for what a lookup finds (an unknown panelist or competence, a
    supporter's rating, …); :meth:`try_add` says so with False. :meth:`build`
    checks the rest for every recruitment at once (a rating without scores,
    a second rating, a score off the scale, a competence not assessed at the
    stage) and raises
    :class:`RatingsBreakRules` naming the recruitments. Either way the loaders
    then leave it to the model to say what is wrong.
    """

    def __init__(self, *, keep_recruitments: bool = False) -> None:
        #: The recruitments without ratings, when kept.
        self.recs: list[Recruitment] | None = [] if keep_recruitments else None
        self.rec_id: list[str] = []
        self.rec_fields: list[tuple[str | None, ...]] = []
        self.rec_attributes: list[Mapping[str, str]] = []
        #: The fields and attributes as columns already (a reader in bulk), or None.
        self.rec_columns: tuple[dict[str, np.ndarray], dict[str, np.ndarray]] | None = None
        self.stage_weight: list[tuple[float, ...]] = []
        self.cand_rec: list[int] | np.ndarray = []
        self.cand_id: list[str] | np.ndarray = []
        self.cand_eligible: list[bool] | np.ndarray = []
        self.cand_hired: list[bool] | np.ndarray = []
        self.pan_rec: list[int] | np.ndarray = []
        self.pan_id: list[str] | np.ndarray = []
        self.pan_perspective: list[int] | np.ndarray = []
        #: Panelists a declared conflict keeps out of their recruitment.
        self.barred: list[int] = []
        self.comp_rec: list[int] | np.ndarray = []
        self.comp_key: list[str] | np.ndarray = []
        self.comp_weight: list[float] | np.ndarray = []
        # The (stage, competence) pairs each recruitment assesses, in the
        # profile's order: every candidate has an item for each.
        self.rec_pairs: list[int] | np.ndarray = []
        self.pair_stage: list[int] | np.ndarray = []
        self.pair_comp: list[int] | np.ndarray = []
        #: Each recruitment's table of scores (see :class:`RatingColumns`) with
        #: the code of its first competence, until build() turns them into
        #: ``rating_count``, ``score_comp`` and ``score_value`` all at once.
        self.tables: list[tuple[np.ndarray, int]] = []
        # One entry per rating, then per score.
        # Lists when added one recruitment at a time, arrays when read in bulk.
        self.rating_pan: list[int] | np.ndarray = []
        self.rating_cand: list[int] | np.ndarray = []
        self.rating_stage: list[int] | np.ndarray = []
        self.rating_phase: list[int] | np.ndarray = []
        self.rating_count: list[np.ndarray] = []
        self.score_comp: list[np.ndarray] = []
        self.score_value: list[np.ndarray] = []
        #: Or, from a reader in bulk: each score's level (an index into
        #: ``levels``, the values scores take, sorted) instead of its value.
        self.score_level: list[np.ndarray] = []
        self.levels: np.ndarray | None = None
        # Whether build() checks a recruitment's ratings, and the ends of its scale.
        self.checked: list[bool] = []
        self.scale: list[tuple[float, float]] = []
        #: The shape of each profile object added, by its id (the profile kept, so the id is its).
        self._shapes: dict[int, tuple[CompetenceProfile, Shape]] = {}

    def try_add(self, rec: Recruitment, ratings: RatingColumns) -> bool:
        """Add *rec* with *ratings*, to be checked against the model's rating rules.

        Returns False, having added nothing, when a rating breaks a rule that
        :meth:`add` finds (or is of a type the columns cannot hold): then the
        model should say what is wrong.
        """
        try:
            self.add(rec, ratings, check=True)
        except (KeyError, ValueError, TypeError, OverflowError):
            return False
        return True

    def add(self, rec: Recruitment, ratings: RatingColumns, *, check: bool = False) -> None:
        """Add *rec* (whose own ``ratings`` are ignored) with *ratings*.

        :param check: check every rule the model checks for ratings (here
            and in :meth:`build`); needed when *ratings* did not come from a
            valid :class:`Recruitment`.
        """
        profile = rec.profile
        index = len(self.rec_id)
        cand_base, pan_base, comp_base = len(self.cand_id), len(self.pan_id), len(self.comp_key)
        n_cand = len(rec.candidates)
        cand = dict(
            zip(map(_ID, rec.candidates), range(cand_base, cand_base + n_cand), strict=True)
        )
        # Recruitments often share a profile object (see _structs.decoder).
        known = self._shapes.get(id(profile))
        if known is None or known[0] is not profile:
            if len(self._shapes) >= _SHAPES:  # a corpus of distinct profiles: hold few
                self._shapes.clear()
            known = self._shapes[id(profile)] = (profile, Shape.of(profile))
        shape = known[1]
        # Supporters do not rate: a rating of theirs is a panelist not found.
        # A declared conflict keeps a panelist out of the whole recruitment (by
        # default): their ratings are checked like any, then left out by
        # build(), as rekrytera.score leaves them out; they have no perspective.
        barred = recused(rec)
        barred_here: list[int] = []
        pan: dict[str, int] = {}
        perspectives: list[int] = []
        for i, panelist in enumerate(rec.panel):
            perspective = panelist.role.perspective
            if perspective is None:
                perspectives.append(_NO_PERSPECTIVE)
                continue
            pan[panelist.id] = pan_base + i
            if panelist.id in barred:
                perspectives.append(_NO_PERSPECTIVE)
                barred_here.append(pan_base + i)
            else:
                perspectives.append(PERSPECTIVES.index(perspective))

        # Scores first: anything that does not fit raises before the dataset changes.
        # Lookups fail for unknown ids (and for supporters).
        p = list(map(pan.__getitem__, ratings.panelists))
        c = list(map(cand.__getitem__, ratings.candidates))
        st = list(map(_STAGE.__getitem__, ratings.stages))
        ph = list(map(_PHASE.__getitem__, ratings.phases))
        matrix = ratings.scores
        width = len(shape.keys)
        if matrix.shape != (len(p), width) or matrix.dtype != np.float64 or not width:
            raise ValueError("a table of scores that does not fit the ratings and the profile")
        if check and any(x.conflicts for x in rec.panel):
            conflicted = {
                (pan[panelist.id], cand[candidate])
                for panelist in rec.panel
                if panelist.id in pan
                for candidate in panelist.conflicts
                if candidate in cand
            }
            if not conflicted.isdisjoint(zip(p, c, strict=True)):
                raise ValueError("a rating despite a conflict of interest")

        if self.recs is not None:
            self.recs.append(attrs.evolve(rec, ratings=()) if rec.ratings else rec)
        self.rec_id.append(rec.id)
        self.rec_fields.append(tuple(getattr(rec.info, f) or None for f in FIELDS))
        self.rec_attributes.append(rec.info.attributes)
        self.barred += barred_here
        self.stage_weight.append(shape.stage_weight)
        hired = set(rec.decision.hired) if rec.decision else set()
        needed = shape.requirements
        self.cand_rec += [index] * n_cand
        self.cand_id += list(cand)
        self.cand_eligible += (
            [needed.issubset(x.meets) for x in rec.candidates] if needed else [True] * n_cand
        )
        self.cand_hired += [x in hired for x in cand]
        self.pan_rec += [index] * len(perspectives)
        self.pan_id += list(map(_ID, rec.panel))
        self.pan_perspective += perspectives
        self.comp_rec += [index] * width
        self.comp_key += list(shape.keys)
        self.comp_weight += list(shape.weights)
        self.pair_stage += list(shape.pair_stage)
        self.pair_comp += list(map(comp_base.__add__, shape.pair_local))
        self.rec_pairs += [len(shape.pair_local)]
        self.rating_pan += p
        self.rating_cand += c
        self.rating_stage += st
        self.rating_phase += ph
        self.tables.append((matrix, comp_base))
        self.checked.append(check)
        self.scale.append((_bound(profile.scale.min), _bound(profile.scale.max)))

    def _rec_columns(self) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """The recruitments' fields and attributes, as columns."""
        n_rec = len(self.rec_id)
        fields = np.empty((n_rec, len(FIELDS)), dtype=object)
        if n_rec:
            fields[:] = self.rec_fields
        keys = sorted({k for a in self.rec_attributes for k in a})
        return {f: fields[:, i] for i, f in enumerate(FIELDS)}, {
            k: np.array([a.get(k) for a in self.rec_attributes], dtype=object) for k in keys
        }

    def _check(
        self,
        cand_rec: np.ndarray,
        rating_cand: np.ndarray,
        rating_pan: np.ndarray,
        rating_stage: np.ndarray,
        rating_phase: np.ndarray,
        counts: np.ndarray,
        unassessed: np.ndarray,
        level: np.ndarray,
        levels: np.ndarray,
    ) -> None:
        """Raise :class:`RatingsBreakRules` for checked recruitments whose ratings break a rule.

        The rules that need every score: a competence scored at a stage that
        does not assess it (or a stage the profile lacks), a score off the
        scale, a second rating of a candidate by a panelist at a stage and phase.
        Each rating's lowest and highest level, and whether it scores a
        competence its stage does not assess (*unassessed*), are enough: no
        per-score array is made.
        """
        checked = np.asarray(self.checked, dtype=bool)
        if not checked.any():
            return
        low, high = np.asarray(self.scale, dtype=np.float64).reshape(-1, 2).T
        scored = counts > 0
        starts = _starts(counts)[scored]
        rating_rec = cand_rec[rating_cand[scored]]
        broken = np.zeros(len(starts), dtype=bool)
        if len(starts):
            # The levels are sorted (NaN last, and failing both comparisons).
            lowest = levels[np.minimum.reduceat(level, starts)]
            highest = levels[np.maximum.reduceat(level, starts)]
            broken = unassessed[scored]
            broken |= ~((lowest >= low[rating_rec]) & (highest <= high[rating_rec]))
            del lowest, highest
        bad = np.zeros(len(checked), dtype=bool)
        bad[rating_rec[broken]] = True
        bad[cand_rec[rating_cand[~scored]]] = True  # a rating without scores
        del starts, rating_rec, broken
        # Each rating's panelist, stage, phase and candidate in one number, made in place.
        rating = rating_pan.astype(np.int64)
        for column, size in ((rating_stage, len(STAGES)), (rating_phase, len(PHASES))):
            rating *= size
            rating += column
        rating *= max(len(cand_rec), 1)
        rating += rating_cand
        order = np.argsort(rating, kind="stable")
        rating = rating[order]
        second = order[1:][rating[1:] == rating[:-1]]
        bad[cand_rec[rating_cand[second]]] = True
        bad &= checked
        if bad.any():
            raise RatingsBreakRules(np.flatnonzero(bad).tolist())

    def _levels(self) -> tuple[np.ndarray, np.ndarray]:
        """The values the scores take (sorted, NaN last) and each score's index into them.

        A chunk at a time: no sorted copy of every score is made.
        """
        if self.levels is not None:
            levels = self.levels
            kind: Any = self.score_level[0].dtype.type if self.score_level else np.uint8
            level = _joined(self.score_level, kind)
        else:
            # The runs of scores_of(): few calls, small copies.
            runs, self.score_value = self.score_value[::-1], []
            levels = distinct(np.concatenate([np.zeros(0), *map(distinct, runs)]))
            level = np.empty(sum(map(len, runs)), dtype=level_type(len(levels)))
            at = 0
            while runs:
                values = runs.pop()  # each run goes once it is numbered
                level[at : at + len(values)] = level_of(levels, values)
                at += len(values)
        self.score_value, self.score_level, self.levels = [], [], None
        return levels, level

    def build(self) -> dict[str, Any]:
        """The columns of a Dataset of everything added, scores sorted by phase (independent first).

        :raises RatingsBreakRules: naming the recruitments added with ``check``
            whose ratings break a rule of the model.
        """
        cand_rec = _i32(self.cand_rec)
        n_cand = len(cand_rec)
        # Items: each candidate × each (stage, competence) pair of its recruitment.
        rec_pairs = np.asarray(self.rec_pairs, dtype=np.int64)
        pair_start = _starts(rec_pairs)
        per_cand = rec_pairs[cand_rec]
        item_start = _starts(per_cand)
        item_cand = np.repeat(np.arange(n_cand, dtype=np.int32), per_cand)
        pair = pair_start[cand_rec[item_cand]] + (
            np.arange(len(item_cand), dtype=np.int64) - item_start[item_cand]
        )
        pair_stage = np.asarray(self.pair_stage, dtype=np.int8)
        pair_comp = _i32(self.pair_comp)
        item_stage = pair_stage[pair]
        item_comp = pair_comp[pair]

        for counts, comp, values in scores_of(self.tables, _BLOCK):
            self.rating_count.append(counts)
            self.score_comp.append(comp)
            self.score_value.append(values)
        rating_cand = _i32(self.rating_cand)
        rating_pan = _i32(self.rating_pan)
        rating_stage = np.asarray(self.rating_stage, dtype=np.int8)
        rating_phase = np.asarray(self.rating_phase, dtype=np.int8)
        counts = _joined(self.rating_count, np.int64)
        comp = _joined(self.score_comp, np.int32)
        levels, level = self._levels()
        # build() takes the scores over: nothing holds them twice.
        self.score_comp, self.rating_count = [], []
        if (rating_phase[1:] < rating_phase[:-1]).any():
            # Independent ratings first, each one's scores moved with it.
            order = np.argsort(rating_phase, kind="stable")
            comp, level = _by_phase(rating_phase, counts, comp, level)
            counts = counts[order]
            rating_cand, rating_pan = rating_cand[order], rating_pan[order]
            rating_stage, rating_phase = rating_stage[order], rating_phase[order]
        # Which pair of its recruitment each score is (-1: not assessed at its
        # stage). Competence codes are unique across recruitments, so one table
        # serves them all.
        wide = len(item_cand) >= 2**31
        index = np.int64 if wide else np.int32
        local = np.full((len(STAGES), max(len(self.comp_key), 1)), -1, dtype=index)
        local[pair_stage, pair_comp] = np.arange(len(pair_comp)) - np.repeat(pair_start, rec_pairs)
        # Each score's item: its candidate's first item plus its pair. A block
        # of ratings at a time, so that nothing else is made per score.
        item = np.empty(len(comp), dtype=index)
        unassessed = np.zeros(len(counts), dtype=bool)
        starts = _starts(counts)
        cuts = [*np.searchsorted(starts, np.arange(0, len(comp), _BLOCK)).tolist(), len(counts)]
        for i, j in pairwise(cuts):
            lo = int(starts[i]) if i < len(counts) else len(comp)
            hi = int(starts[j]) if j < len(counts) else len(comp)
            block = counts[i:j]
            pair_of_score = local[np.repeat(rating_stage[i:j], block), comp[lo:hi]]
            scored = block > 0
            if scored.any():
                first = (starts[i:j] - lo)[scored]
                unassessed[i:j][scored] = np.minimum.reduceat(pair_of_score, first) < 0
            pair_of_score += np.repeat(item_start[rating_cand[i:j]].astype(index), block)
            item[lo:hi] = pair_of_score
        del comp, starts
        self._check(
            cand_rec,
            rating_cand,
            rating_pan,
            rating_stage,
            rating_phase,
            counts,
            unassessed,
            level,
            levels,
        )
        left_out = np.zeros(n_cand, dtype=np.int8)
        if self.barred:  # checked above like any; they do not count
            keep = ~np.isin(rating_pan, np.asarray(self.barred, dtype=np.int32))
            independent = rating_phase == _PHASE[Phase.INDEPENDENT.value]
            left_out[rating_cand[~keep & independent]] |= 1
            left_out[rating_cand[~keep]] |= 2
            kept = np.repeat(keep, counts)
            level, item = level[kept], item[kept]
            del kept
            rating_cand, rating_pan = rating_cand[keep], rating_pan[keep]
            rating_phase, counts = rating_phase[keep], counts[keep]
        pan = np.repeat(rating_pan, counts)
        rating_start = _starts(counts)[counts > 0].astype(
            np.int32 if len(pan) < 2**31 else np.int64
        )
        group_type = np.int32 if n_cand * len(STAGES) < 2**31 else np.int64

        stage_weight = np.asarray(self.stage_weight, dtype=np.float64).reshape(-1, len(STAGES))
        pan_perspective = np.asarray(self.pan_perspective, dtype=np.int8)
        comp_weight = np.asarray(self.comp_weight, dtype=np.float64)
        rec_fields, rec_attributes = self.rec_columns or self._rec_columns()
        return {
            "rec_id": np.asarray(self.rec_id, dtype=object),
            "rec_scale": np.asarray(self.scale, dtype=np.float64).reshape(-1, 2),
            "rec_fields": rec_fields,
            "rec_attributes": rec_attributes,
            "kept": None if self.recs is None else tuple(self.recs),
            "stage_weight": stage_weight,
            "cand_rec": cand_rec,
            "cand_id": np.asarray(self.cand_id, dtype=object),
            "cand_eligible": np.asarray(self.cand_eligible, dtype=bool),
            "cand_hired": np.asarray(self.cand_hired, dtype=bool),
            "pan_rec": _i32(self.pan_rec),
            "pan_id": np.asarray(self.pan_id, dtype=object),
            "pan_perspective": pan_perspective,
            "comp_rec": _i32(self.comp_rec),
            "comp_key": np.asarray(self.comp_key, dtype=object),
            "comp_weight": comp_weight,
            "item_cand": item_cand,
            "item_stage": item_stage,
            "item_comp": item_comp,
            "score_pan": pan,
            "score_level": level,
            "levels": levels,
            "score_item": item,
            # The scores are sorted by phase, the independent first.
            "n_independent": int(counts[rating_phase == _PHASE[Phase.INDEPENDENT.value]].sum()),
            "item_group": item_cand.astype(group_type) * len(STAGES) + item_stage,
            "group_stage_weight": stage_weight[cand_rec].reshape(-1),
            "rating_start": rating_start,
            "cand_left_out": left_out,
        }


class RatingsBreakRules(ValueError):
    """Raised by :meth:`Builder.build`: the ratings of these recruitments break a rule.

    :ivar indices: the recruitments, by their position in the builder.
    """

    def __init__(self, indices: list[int]) -> None:
        self.indices = indices
        super().__init__(f"the ratings of recruitments {indices} break a rule of the model")


def _bound(end: int) -> float:
    """An end of a scale as a float (whole numbers beyond a float's range are infinite)."""
    try:
        return float(end)
    except OverflowError:
        return math.inf if end > 0 else -math.inf


#: How many profiles' shapes a builder keeps (and so the profiles themselves).
_SHAPES = 256

#: How many scores :meth:`Builder.build` numbers at a time (about).
_BLOCK = 1 << 20


def _joined(chunks: list[np.ndarray], dtype: type) -> np.ndarray:
    """The *chunks* end to end; one chunk of the right type is taken as it is, not copied."""
    if len(chunks) == 1 and chunks[0].dtype == dtype:
        return chunks[0]
    return np.concatenate([np.zeros(0, dtype=dtype), *chunks]).astype(dtype, copy=False)
