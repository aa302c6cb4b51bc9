"""The built-in Swedish catalogue: competences, requirements, questions and templates."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from importlib.resources import files
from typing import Any

import attrs

from .._hookimpl import hookimpl
from ..model import (
    Competence,
    CompetenceProfile,
    ExperienceArea,
    InterviewGuide,
    Panelist,
    Question,
    Recruitment,
    RecruitmentInfo,
    Requirement,
    Role,
    Stage,
    WorkSample,
)

__all__ = ["LANGUAGES", "BuiltinCatalogue", "template_recruitment"]

#: The languages the built-in content is written in.
LANGUAGES = ("sv", "en")


@functools.cache
def _data(name: str) -> dict[str, Any]:
    return tomllib.loads(files(__package__).joinpath("data", name).read_text(encoding="utf-8"))


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; the catalogue has {', '.join(LANGUAGES)}")


def template_recruitment(
    template: Mapping[str, Any],
    competences: Mapping[str, Competence],
    requirements: Mapping[str, Requirement],
    questions: Mapping[str, Sequence[Question]],
    lang: str,
) -> Recruitment:
    """A ready-to-fill recruitment from a template entry of a catalogue.

    The post, its profile and interview guide, and a panel to adapt: a hiring
    manager, HR, a resident and
    a method supporter. No candidates or ratings yet.
    """
    stages = {Stage(s): float(w) for s, w in template["stages"].items()}
    chosen = []
    for item in template["competences"]:
        base = competences[item["key"]]
        chosen.append(
            attrs.evolve(
                base,
                weight=float(item.get("weight", 1)),
                stages=[Stage(s) for s in item["stages"]] if "stages" in item else None,
            )
        )
    profile = CompetenceProfile(
        stages=stages,
        requirements=[requirements[k] for k in template.get("requirements", [])],
        competences=chosen,
    )
    guide: list[Question] = []
    for competence in profile.competences:
        assessed = profile.stages_of(competence)
        stage = Stage.INTERVIEW if Stage.INTERVIEW in assessed else assessed[0]
        for question in questions.get(competence.key, ()):
            guide.append(attrs.evolve(question, id=f"q{len(guide) + 1}", stage=stage))
    area = template.get("area", "")
    return Recruitment(
        info=RecruitmentInfo(id="ny-rekrytering", title=template["title"][lang], area=area),
        profile=profile,
        panel=[
            Panelist(id="chef", role=Role.HIRING_MANAGER),
            Panelist(id="hr", role=Role.HR),
            Panelist(id="inv1", role=Role.RESIDENT),
            Panelist(id="metodstod", role=Role.SUPPORTER),
        ],
        guide=InterviewGuide(questions=guide),
    )


@attrs.frozen
class BuiltinCatalogue:
    """Competences, requirements, questions and profile templates from the seed documents."""

    name: str = "builtin"
    description: str = (
        "Swedish social-services content: competences with behavioural anchors, "
        "requirements with their legal basis, open questions, twelve profile templates and "
        "a work-sample case for each"
    )

    def competences(self, lang: str = "sv") -> dict[str, Competence]:
        """Every competence, by key, in *lang*."""
        _check_lang(lang)
        return {
            c["key"]: Competence(
                key=c["key"],
                label=c["label"][lang],
                description=c["description"][lang],
                anchors={int(level): text for level, text in c["anchors"][lang].items()},
            )
            for c in _data("competences.toml")["competences"]
        }

    def requirements(self, lang: str = "sv") -> dict[str, Requirement]:
        """Every requirement, by key, in *lang*, with its legal basis where there is one."""
        _check_lang(lang)
        return {
            r["key"]: Requirement(
                key=r["key"],
                label=r["label"][lang],
                basis=r.get("basis"),
                description=r.get("description", {}).get(lang, ""),
            )
            for r in _data("templates.toml")["requirements"]
        }

    def questions(self, lang: str = "sv") -> dict[str, list[Question]]:
        """Open questions with follow-ups, by competence key, in *lang*."""
        _check_lang(lang)
        bank: dict[str, list[Question]] = {}
        for c in _data("competences.toml")["competences"]:
            bank[c["key"]] = [
                Question(
                    id=f"{c['key']}-{i}",
                    competence=c["key"],
                    text=q["text"][lang],
                    follow_ups=q["follow_ups"][lang],
                )
                for i, q in enumerate(c["questions"], start=1)
            ]
        return bank

    def experience_areas(self, lang: str = "sv") -> dict[str, ExperienceArea]:
        """The areas of lived experience, by key, in *lang* (the seed's organisation)."""
        _check_lang(lang)
        return {
            a["key"]: ExperienceArea(key=a["key"], label=a["label"][lang], parent=a.get("parent"))
            for a in _data("areas.toml")["areas"]
        }

    def work_samples(self, lang: str = "sv") -> dict[str, list[WorkSample]]:
        """Work-sample cases by the name of the template they suit, in *lang*.

        A case keeps all the competences it can assess; fit it to a
        recruitment with :func:`rekrytera.catalogue.with_work_sample`.
        """
        _check_lang(lang)
        bank: dict[str, list[WorkSample]] = {}
        for case in _data("work_samples.toml")["work_samples"]:
            sample = WorkSample(
                key=case["key"],
                title=case["title"][lang],
                case=case["case"][lang],
                task=case["task"][lang],
                minutes=case["minutes"],
                competences=case["competences"],
                guide={
                    competence: {int(level): text[lang] for level, text in levels.items()}
                    for competence, levels in case["guide"].items()
                },
            )
            for template in case["templates"]:
                bank.setdefault(template, []).append(sample)
        return bank

    def templates(self, lang: str = "sv") -> dict[str, Recruitment]:
        """Every profile template as a ready-to-fill recruitment, by name, in *lang*."""
        competences = self.competences(lang)
        requirements = self.requirements(lang)
        questions = self.questions(lang)
        return {
            t["key"]: template_recruitment(t, competences, requirements, questions, lang)
            for t in _data("templates.toml")["templates"]
        }


@hookimpl
def rekrytera_register_catalogues() -> Iterable[object]:
    """The library's own catalogue."""
    return [BuiltinCatalogue()]
