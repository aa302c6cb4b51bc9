"""What the panel did: ratings, the interview guide and interview records."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

import attrs

from .._i18n import _
from ._base import FieldError, Phase, QuestionKind, Stage, frozen_mapping, key, keys, text, to_tuple

__all__ = [
    "AskedQuestion",
    "Decision",
    "InterviewGuide",
    "InterviewRecord",
    "Question",
    "Ranking",
    "Rating",
    "RetentionRecord",
]


def _scores(
    instance: object, attribute: attrs.Attribute[Mapping[str, float]], value: Mapping[str, float]
) -> None:
    if not value:
        raise FieldError(attribute.name, _("a rating needs at least one score"))
    for competence, score in value.items():
        if not math.isfinite(score):
            raise FieldError(
                f"{attribute.name}.{competence}",
                _("{value} is not a finite number").format(value=score),
            )


@attrs.frozen(kw_only=True)
class Rating:
    """One panelist's scores for one candidate at one stage, in one phase.

    ``scores`` maps competence keys to scores on the profile's scale. A panelist
    need not score every competence; what is missing is reported by scoring.
    """

    panelist: str = attrs.field(validator=key)
    candidate: str = attrs.field(validator=key)
    stage: Stage
    phase: Phase = Phase.INDEPENDENT
    scores: Mapping[str, float] = attrs.field(converter=frozen_mapping, validator=_scores)
    note: str = ""


@attrs.frozen(kw_only=True)
class Question:
    """An interview question (fråga), tied to the competence it probes.

    Good questions are open ("Berätta om en situation när …") and come with
    follow-ups that ask for concrete examples.
    """

    id: str = attrs.field(validator=key)
    text: str = attrs.field(validator=text)
    competence: str | None = attrs.field(default=None, validator=attrs.validators.optional(key))
    kind: QuestionKind = QuestionKind.OPEN
    stage: Stage = Stage.INTERVIEW
    follow_ups: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)


@attrs.frozen(kw_only=True)
class InterviewGuide:
    """The interview guide (intervjuguide): the questions, in the order asked."""

    questions: tuple[Question, ...] = attrs.field(default=(), converter=to_tuple)


@attrs.frozen(kw_only=True)
class AskedQuestion:
    """A question from the guide as it was asked in one interview."""

    question: str = attrs.field(validator=key)
    by: str | None = attrs.field(default=None, validator=attrs.validators.optional(key))
    note: str = ""


@attrs.frozen(kw_only=True)
class InterviewRecord:
    """What happened in one candidate's interview or work sample."""

    candidate: str = attrs.field(validator=key)
    stage: Stage = Stage.INTERVIEW
    date: dt.date | None = None
    panelists: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=keys)
    asked: tuple[AskedQuestion, ...] = attrs.field(default=(), converter=to_tuple)
    notes: str = ""


@attrs.frozen(kw_only=True)
class Decision:
    """Who was hired, when and by whom. The hiring manager decides; residents advise."""

    hired: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=keys)
    date: dt.date | None = None
    decided_by: str = attrs.field(validator=key)
    motivation: str = ""


@attrs.frozen(kw_only=True)
class Ranking:
    """One panelist's own order of the candidates, best first, with a comment.

    A resident (or any panelist who rates) may put the candidates in an order
    of their own beside the computed ranking; the decision memo shows both.
    It need not name every candidate.
    """

    panelist: str = attrs.field(validator=key)
    order: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=keys)
    comment: str = ""


@attrs.frozen(kw_only=True)
class RetentionRecord:
    """A note that personal data was removed: what, from whom and when — not the data.

    ``action`` is ``purge`` (a retention policy) or ``erasure`` (on request);
    ``removed`` names the kinds of data removed (``name``, ``email``, ``phone``,
    ``personal_id``, ``notes``); ``basis`` says why (for an erasure, the legal
    ground); ``changed`` lists the other texts the people were removed from.
    """

    date: dt.date
    action: str = attrs.field(validator=key)
    candidates: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=keys)
    removed: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=keys)
    basis: str = ""
    #: The free texts elsewhere in the recruitment (another candidate's notes,
    #: the motivation, …) from which the people's names or identity values
    #: were removed, by their path in the file: ``ratings[7].note``.
    changed: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
