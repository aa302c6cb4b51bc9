"""The built-in catalogue, templates, `rekrytera templates` and `rekrytera init`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs
import pytest

import rekrytera
from rekrytera import RekryteraError, catalogue
from rekrytera.catalogue import BuiltinCatalogue
from rekrytera.cli import main
from rekrytera.model import Candidate, Rating, Recruitment, Role
from rekrytera.plugins import PluginError, Registry

from .test_plugins import registry_with

BUILTIN = BuiltinCatalogue()
#: What the seed documents name (see the issue and docs/explanation/catalogue.md).
FROM_SEEDS = {
    "relationsskapande",
    "trygghet",
    "bemotande",
    "empati",
    "losningsfokus",
    "konflikthantering",
    "brukarinflytande",
    "matchning",
    "samarbete",
    "dokumentation",
    "tydlighet",
    "narvaro",
    "lyhordhet",
    "tillit",
    "mod",
    "vision",
    "lyssnande",
}
TEMPLATES = {
    "socialsekreterare-barn-unga",
    "socialsekreterare-ekonomiskt-bistand",
    "behandlingsassistent-stodboende",
    "boendestodjare",
    "forestandare-hvb",
    "familjehemssekreterare",
    "enhetschef",
    "socialsekreterare-nyexaminerad",
    "socialsekreterare-erfaren",
    "stodassistent",
    "personlig-assistent",
    "arbetsledare",
}
CLOSED = re.compile(r"^(Är|Har|Kan|Skulle|Vill|Brukar|Tycker|Do|Are|Have|Can|Would|Will|Is|Did)\b")


class TestContent:
    @pytest.mark.parametrize("lang", ["sv", "en"])
    def test_competences(self, lang: str) -> None:
        """The seeds' competences are there, labelled, described and anchored at 1, 3 and 5."""
        competences = BUILTIN.competences(lang)
        assert set(competences) >= FROM_SEEDS
        for c in competences.values():
            assert c.label
            assert c.description
            assert set(c.anchors) == {1, 3, 5}

    def test_languages_differ(self) -> None:
        """English is a translation, not a copy of the Swedish."""
        sv, en = BUILTIN.competences("sv"), BUILTIN.competences("en")
        assert sv["relationsskapande"].label == "Relationsskapande"
        assert en["relationsskapande"].label == "Relationship building"
        assert all(sv[k].description != en[k].description for k in sv)

    @pytest.mark.parametrize("lang", ["sv", "en"])
    def test_questions_are_open_with_follow_ups(self, lang: str) -> None:
        """Every competence has open questions, each with follow-ups asking for examples."""
        bank = BUILTIN.questions(lang)
        assert set(bank) == set(BUILTIN.competences(lang))
        for key, questions in bank.items():
            assert questions, key
            for q in questions:
                assert q.competence == key
                assert not CLOSED.match(q.text), q.text
                assert q.follow_ups, q.text

    def test_degree_requirement(self) -> None:
        """The social work degree for child and youth investigations has its legal basis."""
        requirement = BUILTIN.requirements("sv")["socionomexamen"]
        assert requirement.basis == "SoL (2001:453) 3 kap. 3 a §"
        assert "1 juli 2014" in requirement.description
        assert "1 July 2014" in BUILTIN.requirements("en")["socionomexamen"].description

    @pytest.mark.parametrize("lang", ["sv", "en"])
    def test_templates(self, lang: str) -> None:
        """Seven templates for the seeds' posts, valid, with a guide covering every competence."""
        templates = BUILTIN.templates(lang)
        assert set(templates) == TEMPLATES
        for rec in templates.values():
            assert rekrytera.loads(rekrytera.dumps(rec)) == rec
            probed = {q.competence for q in rec.guide.questions}
            assert probed == {c.key for c in rec.profile.competences}
            assert any(p.role is Role.RESIDENT for p in rec.panel)
            assert not rec.candidates

    def test_unknown_language(self) -> None:
        """Only Swedish and English are written."""
        with pytest.raises(ValueError, match="unknown language 'de'"):
            BUILTIN.competences("de")
        with pytest.raises(RekryteraError, match="unknown language 'de'"):
            catalogue.templates(lang="de")


def fill(rec: Recruitment) -> Recruitment:
    """Add two candidates and ratings, as an HR officer would after `init`."""
    meets = [r.key for r in rec.profile.requirements]
    candidates = [Candidate(id="k1", meets=meets), Candidate(id="k2", meets=meets)]
    ratings = [
        Rating(
            panelist=p.id,
            candidate=c.id,
            stage=stage,
            scores={k.key: 3 + (i + j) % 3 for j, k in enumerate(rec.profile.assessed_at(stage))},
        )
        for i, c in enumerate(candidates)
        for p in rec.panel
        if p.rates
        for stage in rec.profile.stages
    ]
    return attrs.evolve(rec, candidates=candidates, ratings=ratings)


class TestInit:
    @pytest.mark.parametrize("template", sorted(TEMPLATES))
    def test_init_then_fill(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], template: str
    ) -> None:
        """init, then filling in ratings, gives a file that check, score and report accept."""
        path = tmp_path / "rek.toml"
        assert main(["init", "--template", template, "-o", str(path)]) == 0
        assert main(["check", str(path)]) == 0
        rekrytera.dump(fill(rekrytera.load(path)), path)
        assert main(["check", str(path)]) == 0
        assert main(["score", str(path), "--format", "json"]) == 0
        assert main(["report", str(path), "-o", str(tmp_path / "r.html")]) == 0
        out = capsys.readouterr().out
        assert '"rank": 1' in out

    def test_english(self, tmp_path: Path) -> None:
        """--lang en writes the template in English."""
        path = tmp_path / "rek.json"
        assert main(["init", "--template", "enhetschef", "-o", str(path), "--lang", "en"]) == 0
        assert rekrytera.load(path).title == "Unit manager"

    @pytest.mark.usefixtures("english")
    def test_no_overwrite(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An existing file is not replaced without --force."""
        path = tmp_path / "rek.toml"
        path.write_text("mine", encoding="utf-8")
        assert main(["init", "--template", "enhetschef", "-o", str(path)]) == 2
        assert "use --force" in capsys.readouterr().err
        assert path.read_text(encoding="utf-8") == "mine"
        assert main(["init", "--template", "enhetschef", "-o", str(path), "--force"]) == 0

    @pytest.mark.usefixtures("english")
    def test_unknown_template(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown template lists the ones there are."""
        assert main(["init", "--template", "nope", "-o", str(tmp_path / "x.toml")]) == 2
        assert "available: arbetsledare, behandlingsassistent-stodboende" in capsys.readouterr().err


class TestTemplatesCommand:
    def test_lists_builtins(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`rekrytera templates` lists every template with its catalogue and distribution."""
        assert main(["templates", "--format", "json"]) == 0
        rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
        assert set(rows) >= TEMPLATES
        assert rows["enhetschef"]["distribution"] == f"rekrytera {rekrytera.__version__}"


class TestOverride:
    def test_plugin_overrides_and_adds(self) -> None:
        """A municipality's catalogue overrides built-in entries and adds its own."""
        base = BUILTIN.templates("sv")["enhetschef"]
        own = attrs.evolve(base, info=attrs.evolve(base.info, title="Enhetschef, Helsingborg"))

        class Municipality:
            @rekrytera.hookimpl
            def rekrytera_register_catalogues(self) -> list[object]:
                @attrs.frozen
                class Ours:
                    name: str = "hbg"
                    description: str = "Helsingborgs egna mallar"

                    def competences(self) -> dict[str, object]:
                        return {}

                    def templates(self) -> dict[str, Recruitment]:
                        return {"enhetschef": own, "egen-mall": own}

                    def questions(self) -> dict[str, list[object]]:
                        return {}

                return [Ours()]

        registry = registry_with(Municipality())
        found = catalogue.entries("templates", registry=registry)
        assert found["enhetschef"].catalogue == "hbg"
        assert found["enhetschef"].value.title == "Enhetschef, Helsingborg"
        assert found["egen-mall"].distribution == "registered in code"
        assert found["boendestodjare"].catalogue == "builtin"
        assert catalogue.template("enhetschef", registry=registry) == own


def _catalogue_of(kind: str, value: object) -> Registry:
    """A registry with one plugin catalogue whose *kind* entries are {"x": value}."""

    @attrs.frozen
    class Bad:
        name: str = "bad"
        description: str = "returns wrong entries"

        def competences(self) -> object:
            return {"x": value} if kind == "competences" else {}

        def templates(self) -> object:
            return {"x": value} if kind == "templates" else {}

        def questions(self) -> object:
            return {"x": value} if kind == "questions" else {}

        def work_samples(self) -> object:
            return {"x": value} if kind == "work_samples" else {}

    class Plugin:
        @rekrytera.hookimpl
        def rekrytera_register_catalogues(self) -> list[object]:
            return [Bad()]

    return registry_with(Plugin())


class TestBadEntries:
    @pytest.mark.parametrize(
        ("kind", "value", "message"),
        [
            (
                "templates",
                "enhetschef",
                r"templates\(\)\['x'\] is str, not a rekrytera.Recruitment",
            ),
            ("competences", {"key": "x"}, r"competences\(\)\['x'\] is dict, not a"),
            ("questions", "Berätta!", r"questions\(\)\['x'\] is str, not a list of"),
            ("questions", ["Berätta!"], r"questions\(\)\['x'\] holds str, not a"),
            ("work_samples", "Skriv!", r"work_samples\(\)\['x'\] is str, not a list of"),
            ("work_samples", ["Skriv!"], r"work_samples\(\)\['x'\] holds str, not a"),
        ],
    )
    def test_named(self, kind: str, value: object, message: str) -> None:
        """A catalogue entry of the wrong type is a PluginError naming the catalogue and
        plugin, never an internal error later."""
        with pytest.raises(PluginError, match=r"catalogue 'bad' \(plugin .*\): " + message):
            catalogue.entries(kind, registry=_catalogue_of(kind, value))

    def test_competence_under_another_key(self) -> None:
        empati = BUILTIN.competences("sv")["empati"]
        with pytest.raises(PluginError, match=r"is the competence 'empati', not 'x'"):
            catalogue.entries("competences", registry=_catalogue_of("competences", empati))

    def test_command_line(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`templates` names the plugin instead of printing an internal error."""
        registry = _catalogue_of("templates", 42)
        monkeypatch.setattr("rekrytera.catalogue.default_registry", lambda: registry)
        assert main(["templates"]) == 1
        err = capsys.readouterr().err
        assert "catalogue 'bad'" in err
        assert "internal error" not in err


class TestWorkSamples:
    @pytest.mark.parametrize("lang", ["sv", "en"])
    def test_every_template_has_a_case_that_fits(self, lang: str) -> None:
        """Each case keeps some competences, is valid in its recruitment, and guides every
        competence it keeps at the anchor levels 1, 3 and 5."""
        bank = catalogue.work_samples(lang=lang)
        assert set(bank) == TEMPLATES
        for name, rec in catalogue.templates(lang=lang).items():
            for case in bank[name]:
                fitted = catalogue.with_work_sample(rec, case)
                (sample,) = fitted.work_samples
                assert sample.competences, (name, case.key)
                for key in sample.competences:
                    assert set(sample.guide[key]) == {1, 3, 5}, (name, case.key, key)
                assert sum(fitted.profile.stages.values()) == pytest.approx(1)
                assert rekrytera.loads(rekrytera.dumps(fitted)) == fitted

    def test_the_languages_say_the_same(self) -> None:
        sv, en = catalogue.work_samples(lang="sv"), catalogue.work_samples(lang="en")
        for name in TEMPLATES:
            for a, b in zip(sv[name], en[name], strict=True):
                assert (a.key, a.competences, a.minutes) == (b.key, b.competences, b.minutes)
                assert a.case != b.case
                assert a.task != b.task

    def test_a_stage_is_added_in_proportion(self) -> None:
        rec = catalogue.template("enhetschef")
        assert dict(rec.profile.stages) == {"interview": 1.0}
        (case,) = catalogue.work_samples()["enhetschef"]
        fitted = catalogue.with_work_sample(rec, case, weight=0.25)
        assert dict(fitted.profile.stages) == {"interview": 0.75, "work_sample": 0.25}
        assert fitted.work_samples[0].competences == (
            "tydlighet",
            "lyssnande",
            "mod",
            "brukarinflytande",
        )
        assert set(fitted.work_samples[0].guide) == set(fitted.work_samples[0].competences)

    def test_a_case_that_assesses_nothing_here_is_refused(self) -> None:
        rec = catalogue.template("socialsekreterare-barn-unga")
        (case,) = catalogue.work_samples()["enhetschef"]
        with pytest.raises(RekryteraError, match="assesses none of this profile's competences"):
            catalogue.with_work_sample(rec, case)

    @pytest.mark.usefixtures("english")
    def test_init_includes_one(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        for name in sorted(TEMPLATES):
            out = tmp_path / f"{name}.toml"
            assert main(["init", "--template", name, "--work-sample", "-o", str(out)]) == 0
            assert "Work sample: " in capsys.readouterr().out
            assert main(["check", str(out)]) == 0
            assert rekrytera.load(out).work_samples
        target = tmp_path / "named.toml"
        assert (
            main(
                [
                    "init",
                    "--template",
                    "forestandare-hvb",
                    "--work-sample",
                    "schemat",
                    "-o",
                    str(target),
                ]
            )
            == 0
        )
        args = [
            "init",
            "--template",
            "enhetschef",
            "--work-sample",
            "schemt",
            "-o",
            str(tmp_path / "x.toml"),
        ]
        capsys.readouterr()
        assert main(args) == 2
        assert (
            "unknown work-sample case 'schemt' (did you mean 'schemat'?)" in capsys.readouterr().err
        )

    def test_templates_lists_the_cases(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["templates", "--format", "json"]) == 0
        rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
        assert rows["enhetschef"]["work_samples"] == ["schemat"]

    def test_a_catalogue_without_work_samples_has_none(self) -> None:
        from tests.plugins import small_catalogue

        found = catalogue.entries("work_samples", registry=registry_with(small_catalogue))
        assert {e.catalogue for e in found.values()} == {"builtin"}
