"""The Protocols that registered objects satisfy: methods, anonymisers, exporters, catalogues.

They sit below both :mod:`rekrytera.hookspecs` and :mod:`rekrytera.plugins`
(which re-exports them) and depend only on the model and the result types, so
nothing imports in a circle.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from ._results import MethodResult, MethodScore, ScoringContext
from .model import Candidate, Competence, Question, Recruitment

__all__ = ["Anonymiser", "Catalogue", "Exporter", "Importer", "ScoringMethod"]


@runtime_checkable
class ScoringMethod(Protocol):
    """A way of turning the panel's ratings into totals and a ranking.

    ``name`` is what users choose it by (a key such as ``balanced``);
    ``on_scale`` says whether totals are on the rating scale, which is what
    makes the divergence flag between perspectives meaningful.

    ``score`` returns a :class:`~rekrytera.scoring.MethodScore` for every
    candidate of the recruitment, by id, either as a mapping or wrapped in a
    :class:`~rekrytera.scoring.MethodResult` with notes for the reader. Higher
    totals rank higher. rekrytera does the rest: eligibility, ranks, ties and
    the divergence flag.
    """

    @property
    def name(self) -> str:
        """The key users choose it by (letters, digits, ``_``, ``-``, ``.``); unique."""
        ...  # pragma: no cover

    @property
    def description(self) -> str:
        """One sentence for ``rekrytera plugins``."""
        ...  # pragma: no cover

    @property
    def on_scale(self) -> bool:
        """Whether totals lie on the rating scale (then the divergence flag applies)."""
        ...  # pragma: no cover

    def score(self, context: ScoringContext) -> Mapping[str, MethodScore] | MethodResult:
        """A :class:`~rekrytera.scoring.MethodScore` per candidate id (or a ``MethodResult``)."""
        ...  # pragma: no cover


@runtime_checkable
class Anonymiser(Protocol):
    """Turns a recruitment into a pseudonymised copy that scores exactly as the original."""

    @property
    def name(self) -> str:
        """The key users choose it by (letters, digits, ``_``, ``-``, ``.``); unique."""
        ...  # pragma: no cover

    @property
    def description(self) -> str:
        """One sentence for ``rekrytera plugins``."""
        ...  # pragma: no cover

    def anonymise(self, recruitment: Recruitment, *, key: bytes) -> Recruitment:
        """A copy of *recruitment* with identities pseudonymised under *key*."""
        ...  # pragma: no cover


@runtime_checkable
class Exporter(Protocol):
    """Writes recruitments somewhere: a file format, a database, a service.

    ``suffixes`` are the destination suffixes it is chosen by (``.sqlite``,
    ``.arkiv.txt``): each starts with a dot, the longest match against the
    destination's whole name wins, and a suffix another exporter claims is
    refused unless this one lists it in an optional ``overrides`` tuple.
    """

    @property
    def name(self) -> str:
        """The key users choose it by (letters, digits, ``_``, ``-``, ``.``); unique."""
        ...  # pragma: no cover

    @property
    def description(self) -> str:
        """One sentence for ``rekrytera plugins``."""
        ...  # pragma: no cover

    @property
    def suffixes(self) -> tuple[str, ...]:
        """The destination suffixes it is chosen by, with the dot (``.sqlite``)."""
        ...  # pragma: no cover

    def export(self, recruitments: Sequence[Recruitment], destination: Path) -> None:
        """Write every recruitment of the call to *destination*."""
        ...  # pragma: no cover


@runtime_checkable
class Catalogue(Protocol):
    """Content: competences, profile templates and questions by competence.

    A template is a starter recruitment: the post, its profile and its guide,
    with no candidates or ratings yet. A catalogue may also have a
    ``work_samples(lang)`` method returning lists of
    :class:`~rekrytera.model.WorkSample` by template name; it is optional.
    Each method takes the language (``sv`` or ``en``) as the keyword
    ``lang``; a catalogue in one language may leave it out. Entries override
    those of catalogues registered earlier.
    """

    @property
    def name(self) -> str:
        """The key users choose it by (letters, digits, ``_``, ``-``, ``.``); unique."""
        ...  # pragma: no cover

    @property
    def description(self) -> str:
        """One sentence for ``rekrytera plugins``."""
        ...  # pragma: no cover

    def competences(self, lang: str = "sv") -> Mapping[str, Competence]:
        """Competences by key, in *lang*."""
        ...  # pragma: no cover

    def templates(self, lang: str = "sv") -> Mapping[str, Recruitment]:
        """Profile templates by name, each a starter recruitment in *lang*."""
        ...  # pragma: no cover

    def questions(self, lang: str = "sv") -> Mapping[str, Sequence[Question]]:
        """Interview questions by the key of the competence they probe, in *lang*."""
        ...  # pragma: no cover


@runtime_checkable
class Importer(Protocol):
    """Reads applicants from a file: an applicant-tracking system's export, a CSV.

    ``suffixes`` are the source suffixes it is chosen by (``.csv``,
    ``.varbi.xlsx``), as for an :class:`Exporter`. ``read`` returns the
    applicants as candidates, in the order of the source. *mapping* is what
    the user gave with ``--map COLUMN=FIELD`` (an importer that knows its
    columns may ignore it). A problem with the source raises
    :class:`~rekrytera.exceptions.InvalidRecruitment` with one problem per
    place, named as a person finds it (``row 4, column 'E-post'``), and never
    with the value of a personal field in the message.
    """

    @property
    def name(self) -> str:
        """The key users choose it by (letters, digits, ``_``, ``-``, ``.``); unique."""
        ...  # pragma: no cover

    @property
    def description(self) -> str:
        """One sentence for ``rekrytera plugins``."""
        ...  # pragma: no cover

    @property
    def suffixes(self) -> tuple[str, ...]:
        """The source suffixes it is chosen by, with the dot (``.csv``)."""
        ...  # pragma: no cover

    def read(
        self, source: Path, recruitment: Recruitment, mapping: Mapping[str, str]
    ) -> Iterable[Candidate]:
        """The applicants in *source*, as new candidates of *recruitment*."""
        ...  # pragma: no cover
