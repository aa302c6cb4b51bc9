"""Built-in content and the catalogues plugins add: competences, questions, templates, work samples.

Catalogues are registered through the ``rekrytera_register_catalogues`` hook,
the built-in one first. Where two catalogues have an entry with the same key,
the one registered later wins: a municipality's plugin overrides the built-in
content, and :func:`entries` says where each entry comes from.
"""

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import attrs

from .._i18n import _
from ..exceptions import RekryteraError, lookup
from ..model import Competence, ExperienceArea, Question, Recruitment, Stage, WorkSample
from ..plugins import PluginError, Registry, default_registry
from ._builtin import LANGUAGES, BuiltinCatalogue, template_recruitment

__all__ = [
    "LANGUAGES",
    "BuiltinCatalogue",
    "Entry",
    "competences",
    "entries",
    "experience_areas",
    "questions",
    "template",
    "template_recruitment",
    "templates",
    "with_work_sample",
    "work_samples",
]

#: The entry kinds a catalogue may have; ``work_samples`` is optional.
KINDS = ("competences", "questions", "templates", "work_samples", "experience_areas")
#: The kinds a catalogue need not have.
_OPTIONAL = ("work_samples", "experience_areas")

T = TypeVar("T")


@attrs.frozen
class Entry:
    """One catalogue entry and where it comes from."""

    key: str
    value: Any
    catalogue: str
    plugin: str
    distribution: str


def entries(kind: str, *, lang: str = "sv", registry: Registry | None = None) -> dict[str, Entry]:
    """Every entry of *kind* (``competences``, ``questions``, ``templates``,
    ``work_samples``, ``experience_areas``) by key.

    Later catalogues override earlier ones; the built-in catalogue comes first.
    A catalogue without a ``work_samples`` or ``experience_areas`` method
    simply has none.

    :raises PluginError: if a catalogue fails or returns something else than a mapping.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown catalogue entry kind {kind!r}")
    if lang not in LANGUAGES:
        raise RekryteraError(
            _("unknown language {lang!r}; use {languages}").format(
                lang=lang, languages=" / ".join(LANGUAGES)
            )
        )
    registry = registry or default_registry()
    found: dict[str, Entry] = {}
    for name, registered in registry.catalogues().items():
        where = f"catalogue {name!r} ({registry.describe(registered.plugin)})"
        method: Any = getattr(registered.obj, kind, None)
        if method is None and kind in _OPTIONAL:
            continue
        try:
            try:
                values = method(lang=lang)
            except TypeError:
                values = method()  # a plugin whose catalogue has one language
        except Exception as e:
            raise PluginError(f"{where} failed in {kind}(): {type(e).__name__}: {e}") from e
        if not isinstance(values, Mapping):
            raise PluginError(f"{where}: {kind}() must return a mapping by key")
        for key, value in values.items():
            problem = _entry_problem(kind, key, value)
            if problem:
                raise PluginError(f"{where}: {kind}()[{key!r}] {problem}")
            found[key] = Entry(key, value, name, registered.plugin, registered.distribution)
    return found


def _entry_problem(kind: str, key: object, value: object) -> str | None:
    """What is wrong with one catalogue entry, in words; None if nothing."""
    if not isinstance(key, str):
        return "has a key that is not a string"
    if kind == "competences":
        if not isinstance(value, Competence):
            return f"is {type(value).__name__}, not a rekrytera.model.Competence"
        if value.key != key:
            return f"is the competence {value.key!r}, not {key!r}"
    elif kind == "questions":
        if isinstance(value, str | bytes) or not isinstance(value, Sequence):
            return f"is {type(value).__name__}, not a list of rekrytera.model.Question"
        for question in value:
            if not isinstance(question, Question):
                return f"holds {type(question).__name__}, not a rekrytera.model.Question"
    elif kind == "experience_areas":
        if not isinstance(value, ExperienceArea):
            return f"is {type(value).__name__}, not a rekrytera.model.ExperienceArea"
        if value.key != key:
            return f"is the area {value.key!r}, not {key!r}"
    elif kind == "work_samples":
        if isinstance(value, str | bytes) or not isinstance(value, Sequence):
            return f"is {type(value).__name__}, not a list of rekrytera.model.WorkSample"
        for sample in value:
            if not isinstance(sample, WorkSample):
                return f"holds {type(sample).__name__}, not a rekrytera.model.WorkSample"
    elif not isinstance(value, Recruitment):
        return f"is {type(value).__name__}, not a rekrytera.Recruitment (a template)"
    return None


def competences(*, lang: str = "sv", registry: Registry | None = None) -> dict[str, Competence]:
    """Every catalogue competence by key (later catalogues override earlier ones)."""
    return {k: e.value for k, e in entries("competences", lang=lang, registry=registry).items()}


def questions(*, lang: str = "sv", registry: Registry | None = None) -> dict[str, list[Question]]:
    """The question bank by competence key (later catalogues override earlier ones)."""
    return {k: list(e.value) for k, e in entries("questions", lang=lang, registry=registry).items()}


def templates(*, lang: str = "sv", registry: Registry | None = None) -> dict[str, Recruitment]:
    """Every profile template by name, as a ready-to-fill recruitment."""
    return {k: e.value for k, e in entries("templates", lang=lang, registry=registry).items()}


def template(name: str, *, lang: str = "sv", registry: Registry | None = None) -> Recruitment:
    """The template *name* as a ready-to-fill recruitment.

    :raises RekryteraError: if no catalogue has such a template.
    """
    return lookup("template", name, templates(lang=lang, registry=registry))


def experience_areas(
    *, lang: str = "sv", registry: Registry | None = None
) -> dict[str, ExperienceArea]:
    """The vocabulary of lived experience, by key (catalogues can add areas)."""
    return {
        k: e.value for k, e in entries("experience_areas", lang=lang, registry=registry).items()
    }


def top_area(key: str, areas: Mapping[str, ExperienceArea]) -> str:
    """The widest area *key* belongs to (itself when it has no parent or is unknown)."""
    seen = {key}
    while (area := areas.get(key)) is not None and area.parent and area.parent not in seen:
        key = area.parent
        seen.add(key)
    return key


def work_samples(
    *, lang: str = "sv", registry: Registry | None = None
) -> dict[str, list[WorkSample]]:
    """Work-sample cases by template name (later catalogues override earlier ones)."""
    return {
        k: list(e.value) for k, e in entries("work_samples", lang=lang, registry=registry).items()
    }


#: The work sample's share of the total when a recruitment had no work-sample stage.
WORK_SAMPLE_WEIGHT = 0.3


def with_work_sample(
    recruitment: Recruitment, sample: WorkSample, *, weight: float = WORK_SAMPLE_WEIGHT
) -> Recruitment:
    """*recruitment* with *sample*, fitted to its profile.

    The sample keeps the competences of the profile that the work-sample stage
    can assess, and their guide. A profile without a ``work_sample`` stage
    gets one weighing *weight*; the other stages keep their proportions and
    share the rest, and the competences that name their stages are left as
    they are.

    :raises RekryteraError: if the profile has none of the sample's competences.
    """
    profile = recruitment.profile
    stages = dict(profile.stages)
    if Stage.WORK_SAMPLE not in stages:
        total = sum(stages.values())
        stages = {s: round(w / total * (1 - weight), 6) for s, w in stages.items()}
        stages[Stage.WORK_SAMPLE] = weight
        profile = attrs.evolve(profile, stages=stages)
    assessed = {c.key for c in profile.assessed_at(Stage.WORK_SAMPLE)}
    kept = [k for k in sample.competences if k in assessed]
    if not kept:
        raise RekryteraError(
            _("the work sample {key!r} assesses none of this profile's competences").format(
                key=sample.key
            )
        )
    fitted = attrs.evolve(
        sample,
        competences=kept,
        guide={k: v for k, v in sample.guide.items() if k in kept},
    )
    others = [s for s in recruitment.work_samples if s.key != sample.key]
    return attrs.evolve(recruitment, profile=profile, work_samples=[*others, fitted])
