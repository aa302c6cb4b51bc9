"""The resident's journey: the introduction before, feedback and evaluation after.

>>> from rekrytera import examples, score
>>> from rekrytera.journey import feedback, form, introduction
>>> rec = examples.load("socialsekreterare-barn-unga")
>>> introduction(rec, lang="en").sections[0].heading
'The six steps'
>>> doc = feedback(rec, "inv1", score(rec), lang="en")
>>> doc.sections[1].items[1]
"You put k2 first. In the panel's ranking they came 1 of 3."
>>> form("resident", lang="en").sections[0].items[0]
'I knew what I needed to know before I started.   1   2   3   4   5'

Each returns a document (:class:`rekrytera.ad.Ad`) that
:func:`rekrytera.ad.render` writes as Markdown, HTML or text, and that
:func:`rekrytera.plain.check` can review; the command line has
``rekrytera introduction``, ``feedback`` and ``evaluation``.
"""

from ._evaluation import (
    GROUPS,
    QUESTIONS,
    EvaluationSummary,
    QuestionSummary,
    form,
    group_of,
    summarise,
)
from ._feedback import feedback
from ._introduction import introduction

__all__ = [
    "GROUPS",
    "QUESTIONS",
    "EvaluationSummary",
    "QuestionSummary",
    "feedback",
    "form",
    "group_of",
    "introduction",
    "summarise",
]
