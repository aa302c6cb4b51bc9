"""The codes the columns use, and one recruitment's ratings as columns."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import chain
from typing import Any

import attrs
import numpy as np

from ..model import CompetenceProfile, Perspective, Phase, Recruitment, Stage

__all__ = [
    "FIELDS",
    "PERSPECTIVES",
    "PHASES",
    "STAGES",
    "RatingColumns",
    "Rows",
    "Shape",
    "distinct",
    "level_of",
    "level_type",
    "scores_of",
]

#: An index into a dataset's ``score_*`` columns: a slice or an array of positions.
Rows = slice | np.ndarray

#: The codes of stages, phases and perspectives in the columns: their index here.
STAGES: tuple[Stage, ...] = tuple(Stage)
PHASES: tuple[Phase, ...] = tuple(Phase)
PERSPECTIVES: tuple[Perspective, ...] = tuple(Perspective)

#: A recruitment's own fields that analyses can group by, besides its attributes.
FIELDS = ("id", "organisation", "area", "title")

# Codes by value and by member (decoded ratings carry members; whether a
# member hashes as its value is not something to rely on).
_STAGE: dict[str, int] = {
    **{s.value: i for i, s in enumerate(STAGES)},
    **{s: i for i, s in enumerate(STAGES)},
}
_PHASE: dict[str, int] = {
    **{p.value: i for i, p in enumerate(PHASES)},
    **{p: i for i, p in enumerate(PHASES)},
}
_NO_PERSPECTIVE = -1


@attrs.frozen
class RatingColumns:
    """The ratings of one recruitment as columns: one entry per rating.

    ``scores`` has a row per rating and a column per competence of the profile,
    in the profile's order: the rating's score, or NaN where it has none.
    """

    panelists: Sequence[str]
    candidates: Sequence[str]
    stages: Sequence[str]
    phases: Sequence[str]
    scores: np.ndarray

    @classmethod
    def of(cls, rec: Recruitment) -> RatingColumns:
        """The columns of a recruitment's ratings."""
        ratings = rec.ratings
        return cls.from_tables(
            [r.panelist for r in ratings],
            [r.candidate for r in ratings],
            [r.stage.value for r in ratings],
            [r.phase.value for r in ratings],
            [r.scores for r in ratings],
            [c.key for c in rec.profile.competences],
        )

    @classmethod
    def from_tables(
        cls,
        panelists: list[str],
        candidates: list[str],
        stages: list[str],
        phases: list[str],
        scores: Sequence[Mapping[str, float]],
        competences: Sequence[str],
    ) -> RatingColumns:
        """The columns of ratings whose scores are tables keyed by the *competences*.

        :raises KeyError: for a score of another competence.
        :raises ValueError: for a score that is not a number (NaN among them).
        """
        column = {key: i for i, key in enumerate(competences)}
        rows = np.repeat(np.arange(len(scores)), list(map(len, scores)))
        cols = np.fromiter(map(column.__getitem__, chain.from_iterable(scores)), np.intp, len(rows))
        values = np.fromiter(chain.from_iterable(s.values() for s in scores), np.float64, len(rows))
        if np.isnan(values).any():
            raise ValueError("a score that is not a number")
        matrix = np.full((len(scores), len(competences)), np.nan)
        matrix[rows, cols] = values
        return cls(panelists, candidates, stages, phases, matrix)


@attrs.frozen
class Shape:
    """What the columns take from a profile: competences, pairs, weights, requirements.

    The same for every recruitment that shares the profile object, so a
    builder makes it once per profile (see :meth:`of`).
    """

    #: The competences' keys and weights, in the profile's order.
    keys: tuple[str, ...]
    weights: tuple[float, ...]
    #: The (stage, competence) pairs the profile assesses, stage by stage:
    #: the stage's code and the competence's place in ``keys``.
    pair_stage: tuple[int, ...]
    pair_local: tuple[int, ...]
    #: Each stage's weight (NaN where the profile lacks it), in STAGES' order.
    stage_weight: tuple[float, ...]
    requirements: frozenset[str]

    @classmethod
    def of(cls, profile: CompetenceProfile) -> Shape:
        """The shape of *profile*."""
        pairs = [
            (_STAGE[stage.value], j)
            for stage in profile.stages
            for j, x in enumerate(profile.competences)
            if x.stages is None or stage in x.stages
        ]
        return cls(
            tuple(c.key for c in profile.competences),
            tuple(c.weight for c in profile.competences),
            tuple(stage for stage, _ in pairs),
            tuple(j for _, j in pairs),
            tuple(profile.stages.get(stage, np.nan) for stage in STAGES),
            frozenset(r.key for r in profile.requirements),
        )


def _whole(values: np.ndarray) -> tuple[np.ndarray, int] | None:
    """*values* as int64 and their lowest, if all are whole numbers on a short scale."""
    if not len(values):
        return None
    low, high = values.min(), values.max()  # NaN if any is (and then both tests fail)
    if not (low > -(1 << 53) and high < 1 << 53 and high - low < 1 << 16):
        return None
    whole = values.astype(np.int64)
    return (whole, int(low)) if np.array_equal(whole, values) else None


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct *values*, sorted (NaN last), as ``np.unique`` gives them.

    Scores are nearly always whole numbers on a short scale: those are
    counted rather than sorted.
    """
    whole = _whole(values)
    if whole is None:
        unique: np.ndarray = np.unique(values)
        return unique
    ints, low = whole
    found: np.ndarray = (np.flatnonzero(np.bincount(ints - low)) + low).astype(np.float64)
    return found


def level_of(levels: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Each of *values*' index into *levels* (sorted, and holding every value)."""
    whole, scale = _whole(values), _whole(levels)
    if whole is None or scale is None:
        result: np.ndarray = np.searchsorted(levels, values)
        return result
    ints, _ = whole
    steps, low = scale
    # A table from each whole number on the scale to its level.
    table = np.zeros(int(steps[-1]) - low + 1, dtype=np.int64)
    table[steps - low] = np.arange(len(levels))
    ints -= low
    found: np.ndarray = table[ints]
    return found


def _i32(values: Sequence[int] | np.ndarray) -> np.ndarray:
    return np.asarray(values, dtype=np.int32)


def level_type(n_levels: int) -> type:
    """The smallest unsigned integer type that numbers *n_levels* levels."""
    for kind in (np.uint8, np.uint16, np.uint32):
        if n_levels <= int(np.iinfo(kind).max) + 1:
            return kind
    return np.uint64  # pragma: no cover - more distinct scores than a uint32 numbers


def _starts(counts: np.ndarray) -> np.ndarray:
    """Where each run of *counts* starts when the runs are laid end to end."""
    starts = np.zeros(len(counts), dtype=np.int64)
    np.cumsum(counts[:-1], out=starts[1:])
    return starts


Table = tuple[np.ndarray, int]


def scores_of(tables: list[Table], block: int) -> Iterator[tuple[np.ndarray, ...]]:
    """The scores of *tables*: per rating how many, per score its competence and value.

    Each table is a recruitment's ``RatingColumns.scores`` (a row per rating,
    a column per competence, NaN where the rating has none; a table with rows
    has columns) with the code of its first competence. They are taken whole,
    in runs of about *block* cells, and each is let go once its run is done:
    the list is emptied.
    """
    tables.reverse()  # taken from the end, in the order they came
    while tables:
        run: list[Table] = []
        size = 0
        while tables and size < block:
            run.append(tables.pop())
            size += run[-1][0].size
        heights = np.fromiter((m.shape[0] for m, _ in run), np.int64, len(run))
        widths = np.repeat(np.fromiter((m.shape[1] for m, _ in run), np.int64, len(run)), heights)
        bases = np.repeat(np.fromiter((b for _, b in run), np.int64, len(run)), heights)
        cells = np.concatenate([np.zeros(0), *(m.reshape(-1) for m, _ in run)])
        del run
        scored = cells == cells  # not NaN
        first = _starts(widths)  # each rating's first cell
        counts = (
            np.add.reduceat(scored, first, dtype=np.int64) if len(first) else np.zeros(0, np.int64)
        )
        # Each cell's competence: its table's first plus its column.
        kind: Any = np.int32 if len(cells) < 2**31 else np.int64
        comp: np.ndarray = np.arange(len(cells), dtype=kind)
        comp -= np.repeat((first - bases).astype(kind), widths)
        yield counts, comp[scored].astype(np.int32, copy=False), cells[scored]
