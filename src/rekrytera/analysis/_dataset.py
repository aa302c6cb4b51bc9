"""The columnar form of many recruitments: one row per score, ids as integer codes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs
import numpy as np

from ..exceptions import RekryteraError
from ..model import Phase, Recruitment
from ._builder import Builder, RatingsBreakRules
from ._columns import (
    FIELDS,
    PERSPECTIVES,
    PHASES,
    STAGES,
    RatingColumns,
    Rows,
)

__all__ = [
    "FIELDS",
    "PERSPECTIVES",
    "PHASES",
    "STAGES",
    "Dataset",
    "RatingColumns",
    "RatingsBreakRules",
    "Rows",
]


#: How many ratings :meth:`Dataset.revised` looks up at a time.
_BLOCK = 1 << 18


@attrs.frozen(eq=False)
class Dataset:
    """Many recruitments in columnar form, for analyses across them.

    Recruitments are described by columns too (``rec_*``: their ids, the
    ends of their rating scales and the fields and attributes to group by);
    the model objects themselves are kept, without their ratings, only when
    asked (``keep_recruitments=True``): at national scale they would take
    most of the memory. The ratings are columns of numpy arrays with one row
    per score, named ``score_*``. Candidates,
    panelists and competences are numbered across the whole dataset
    (``cand_*``, ``pan_*``, ``comp_*`` describe them by that number), and so
    are the *items*: every (candidate, stage, competence) the profile assesses,
    whether or not anyone scored it.

    Build one with :func:`rekrytera.analysis.load` or :meth:`from_recruitments`.
    """

    #: Each recruitment's id.
    rec_id: np.ndarray
    #: Each recruitment's rating scale, ``(lowest, highest)`` per row.
    rec_scale: np.ndarray
    #: Each recruitment's own ``id``, ``organisation``, ``area`` and ``title`` (``None`` if empty).
    rec_fields: dict[str, np.ndarray]
    #: Each key of ``[recruitment] attributes`` any recruitment has, with each
    #: recruitment's value (``None`` where it has none).
    rec_attributes: dict[str, np.ndarray]
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
    score_pan: np.ndarray
    #: Each score's value as an index into :attr:`levels` (the smallest
    #: unsigned type that numbers them: one byte a score for any usual scale).
    #: :attr:`score_value` gives the values themselves.
    score_level: np.ndarray
    #: The values the scores take, sorted.
    levels: np.ndarray
    #: The item of each score, which gives its candidate, stage and competence
    #: (see :attr:`score_cand`, :attr:`score_stage` and :attr:`score_comp`).
    score_item: np.ndarray
    #: How many scores are independent; the scores are sorted by phase, these first.
    n_independent: int
    #: The candidate × stage group of each item (``3 · candidate + stage``).
    item_group: np.ndarray
    #: The stage's weight for each candidate × stage group (NaN where the profile lacks it).
    group_stage_weight: np.ndarray
    #: The position of each rating's first score, in order (a rating's scores lie together).
    rating_start: np.ndarray
    #: Per candidate, whether ratings of theirs were left out for a conflict of
    #: interest: bit 1 an independent one, bit 2 any (the calibrated phase).
    cand_left_out: np.ndarray
    #: The recruitments without their ratings, when kept (see :attr:`recruitments`).
    kept: tuple[Recruitment, ...] | None = None
    #: What reduces the scores for the analyses (an ``Engine``): ``None`` for
    #: numpy over the score columns above; the DuckDB engine leaves them empty
    #: and reduces the scores with SQL where they lie.
    engine: Any = None

    _cache: dict[Any, Any] = attrs.field(factory=dict, init=False, repr=False)

    @classmethod
    def from_recruitments(
        cls, recruitments: Iterable[Recruitment], *, keep_recruitments: bool = False
    ) -> Dataset:
        """The columnar form of *recruitments* (already loaded and valid).

        :param keep_recruitments: keep the model objects (without their
            ratings) as :attr:`recruitments`.
        """
        builder = Builder(keep_recruitments=keep_recruitments)
        for rec in recruitments:
            builder.add(rec, RatingColumns.of(rec))
        return built(builder)

    def __len__(self) -> int:
        return len(self.rec_id)

    @property
    def ids(self) -> tuple[str, ...]:
        """The recruitments' ids, in the dataset's order."""
        return tuple(self.rec_id.tolist())

    @property
    def recruitments(self) -> tuple[Recruitment, ...]:
        """The recruitments themselves, without their ratings (profile, panel, candidates, …).

        :raises RekryteraError: when the dataset was made without
            ``keep_recruitments=True`` (or from a Parquet dataset, which holds
            only what analyses need).
        """
        if self.kept is None:
            raise RekryteraError(
                "this dataset keeps no recruitments: load it with keep_recruitments=True"
            )
        return self.kept

    @property
    def attributes(self) -> tuple[str, ...]:
        """The keys of ``[recruitment] attributes`` that any recruitment has, sorted."""
        return tuple(sorted(self.rec_attributes))

    @property
    def item_rec(self) -> np.ndarray:
        """The recruitment of each item."""
        result: np.ndarray = self.cand_rec[self.item_cand]
        return result

    def cand_of(self, rows: Rows) -> np.ndarray:
        """The candidate of each score at *rows* (computed for those scores only)."""
        result: np.ndarray = self.item_cand[self.score_item[rows]]
        return result

    def rec_of(self, rows: Rows) -> np.ndarray:
        """The recruitment of each score at *rows*."""
        result: np.ndarray = self.cand_rec[self.cand_of(rows)]
        return result

    @property
    def score_rec(self) -> np.ndarray:
        """The recruitment of each score."""
        return self.rec_of(slice(None))

    @property
    def item_weight(self) -> np.ndarray:
        """The weight of each item's competence."""
        result: np.ndarray = self.comp_weight[self.item_comp]
        return result

    @property
    def score_phase(self) -> np.ndarray:
        """The phase of each score (0 independent, 1 calibrated)."""
        phase = np.full(self.n_scores, PHASES.index(Phase.CALIBRATED), dtype=np.int8)
        phase[: self.n_independent] = PHASES.index(Phase.INDEPENDENT)
        return phase

    @property
    def score_perspective(self) -> np.ndarray:
        """The perspective of the panelist who gave each score (0 staff, 1 resident)."""
        result: np.ndarray = self.pan_perspective[self.score_pan]
        return result

    @property
    def n_scores(self) -> int:
        """How many scores the dataset holds (both phases)."""
        return len(self.score_level)

    @property
    def score_value(self) -> np.ndarray:
        """The value of each score, computed when asked as float64 (8 bytes a score)."""
        result: np.ndarray = self.levels[self.score_level]
        return result

    # The scores' candidate, stage and competence are their item's: computed
    # when asked, not kept (at national scale every byte per score counts).
    @property
    def score_cand(self) -> np.ndarray:
        """The candidate of each score."""
        return self.cand_of(slice(None))

    @property
    def score_stage(self) -> np.ndarray:
        """The stage of each score."""
        result: np.ndarray = self.item_stage[self.score_item]
        return result

    @property
    def score_comp(self) -> np.ndarray:
        """The competence of each score."""
        result: np.ndarray = self.item_comp[self.score_item]
        return result

    @property
    def score_code(self) -> np.ndarray:
        """What ``balanced`` sums each score into: ``perspective · items + item``."""
        code = self.score_perspective.astype(np.int64)
        code *= len(self.item_cand)
        code += self.score_item
        return code

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
            # Rating by rating: an independent rating counts unless the
            # panelist revised it (a calibrated rating of the same candidate
            # at the same stage).
            starts = self.rating_start
            revised = self.revised()
            counts = np.diff(np.r_[starts[: len(revised)], self.n_independent])
            kept = np.flatnonzero(np.repeat(~revised, counts))
            index = np.int32 if self.n_scores < 2**31 else np.int64
            self._cache["calibrated"] = np.r_[
                kept.astype(index),
                np.arange(self.n_independent, self.n_scores, dtype=index),
            ]
        result: np.ndarray = self._cache["calibrated"]
        return result

    def _rating_key(self, rows: np.ndarray) -> np.ndarray:
        """One number per panelist, candidate and stage, of the scores at *rows*."""
        item = self.score_item[rows]
        key: np.ndarray = self.score_pan[rows].astype(np.int64)
        key *= len(self.cand_id)
        key += self.item_cand[item]
        key *= len(STAGES)
        key += self.item_stage[item]
        return key

    def revised(self) -> np.ndarray:
        """Per independent rating (in order), whether its panelist revised it.

        A rating is revised when the panelist gave a calibrated rating of the
        same candidate at the same stage. The independent ratings are looked
        up a block at a time among the calibrated ones (the fewer).
        """
        starts = self.rating_start
        first = int(np.searchsorted(starts, self.n_independent))
        calibrated = np.sort(self._rating_key(starts[first:]))
        revised = np.zeros(first, dtype=bool)
        if not len(calibrated):
            return revised
        for at in range(0, first, _BLOCK):
            key = self._rating_key(starts[at : min(at + _BLOCK, first)])
            place = np.minimum(np.searchsorted(calibrated, key), len(calibrated) - 1)
            revised[at : at + _BLOCK] = calibrated[place] == key
        return revised

    @property
    def rating_key(self) -> np.ndarray:
        """Which rating each score belongs to, one number per panelist, candidate and stage."""
        return self._rating_key(np.arange(self.n_scores))

    def attribute(self, field: str) -> np.ndarray:
        """Each recruitment's value of *field*, ``None`` where it has none.

        *field* is a key of ``[recruitment] attributes`` (e.g. ``kommungrupp``)
        or one of the recruitment's own fields: ``id``, ``organisation``,
        ``area``, ``title``.
        """
        values = (
            self.rec_fields[field].copy()
            if field in FIELDS
            else np.full(len(self), None, dtype=object)
        )
        if field in self.rec_attributes:
            own = self.rec_attributes[field]
            given = own != None  # noqa: E711  (elementwise)
            values[given] = own[given]
        return values


def built(builder: Builder) -> Dataset:
    """The dataset of everything added to *builder* (see ``Builder.build``)."""
    return Dataset(**builder.build())
