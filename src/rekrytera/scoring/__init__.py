"""Scoring: the result types, the context methods get, and the agreement statistics.

:func:`rekrytera.score` is the entry point; this namespace holds what a
plugin author or a researcher needs around it.
"""

from .._declared import MethodFlag, Option
from .._results import (
    Agreement,
    CandidateResult,
    CompetenceScore,
    Drift,
    Flag,
    MethodResult,
    MethodScore,
    Remark,
    Result,
    ScoringContext,
    StageScore,
)
from ..exceptions import InvalidOption
from ._aggregate import effective_ratings, panelist_totals, weighted_scores
from ._agreement import kendall_tau_b, krippendorff_alpha_interval, krippendorff_alpha_ordinal
from ._engine import score

__all__ = [
    "Agreement",
    "CandidateResult",
    "CompetenceScore",
    "Drift",
    "Flag",
    "InvalidOption",
    "MethodFlag",
    "MethodResult",
    "MethodScore",
    "Option",
    "Remark",
    "Result",
    "ScoringContext",
    "StageScore",
    "effective_ratings",
    "kendall_tau_b",
    "krippendorff_alpha_interval",
    "krippendorff_alpha_ordinal",
    "panelist_totals",
    "score",
    "weighted_scores",
]
