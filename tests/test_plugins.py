"""The plugin system: hooks, the registry, entry points and failing plugins."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pluggy
import pytest

import rekrytera
from rekrytera import Problem, hookspecs
from rekrytera.cli import main
from rekrytera.io import make_converter
from rekrytera.plugins import (
    DEFAULT_PLUGINS,
    PluginError,
    Registry,
    default_registry,
    get_plugin_manager,
    get_registry,
)
from tests.conftest import install
from tests.plugins import (
    converter_hooks,
    count_exporter,
    drop_notes,
    policy,
    small_catalogue,
    top_score,
    tsv_importer,
)

EXAMPLE = Path(__file__).parent.parent / "examples" / "socialsekreterare-barn-unga.toml"
HOOKS = sorted(n for n in dir(hookspecs) if n.startswith("rekrytera_"))
DOCS = Path(__file__).parent.parent / "docs" / "reference" / "hooks"


def registry_with(*plugins: object) -> Registry:
    pm = get_plugin_manager(load_entry_points=False)
    for plugin in plugins:
        pm.register(plugin)
    pm.check_pending()
    return Registry(pm)


class TestMeta:
    def test_every_hook_documented(self) -> None:
        """Every hook has its own page in the hook reference, which autodocs it."""
        for hook in HOOKS:
            page = DOCS / f"{hook}.md"
            assert page.exists(), f"{hook} has no page in docs/reference/hooks/"
            assert f"rekrytera.hookspecs.{hook}" in page.read_text(encoding="utf-8")

    def test_every_hook_tested(self) -> None:
        """Every hook has a test_hook_<name> in this module (as datasette does)."""
        tested = {
            n.removeprefix("test_hook_") for n in dir(TestHooks) if n.startswith("test_hook_")
        }
        assert tested == set(HOOKS)

    def test_every_spec_documented_and_typed(self) -> None:
        """Each spec has a docstring with an example, and annotations for every argument."""
        for hook in HOOKS:
            spec = getattr(hookspecs, hook)
            assert "Example" in (spec.__doc__ or ""), hook
            assert "return" in spec.__annotations__, hook

    def test_check_pending(self) -> None:
        """A misspelt hook implementation is caught, not silently ignored."""

        class Misspelt:
            @rekrytera.hookimpl
            def rekrytera_register_method(self) -> list[object]:
                return []

        pm = get_plugin_manager(load_entry_points=False)
        pm.register(Misspelt())
        with pytest.raises(pluggy.PluginValidationError):
            pm.check_pending()


class TestHooks:
    def test_hook_rekrytera_register_methods(self, minimal_toml: str) -> None:
        """A plugin's method is listed beside the built-ins and can be used by name."""
        registry = registry_with(top_score)
        methods = registry.methods()
        assert list(methods)[:5] == ["balanced", "panel_mean", "median", "borda", "kemeny"]
        assert methods["top_score"].distribution == "registered in code"
        rec = rekrytera.loads(minimal_toml)
        result = rekrytera.score(rec, "top_score", registry=registry)
        assert result.candidate("k1").total == 5

    def test_hook_rekrytera_register_anonymisers(self, minimal_toml: str) -> None:
        """A plugin's anonymiser is registered by name."""
        anonymiser = registry_with(drop_notes).anonymisers()["drop_notes"].obj
        rec = rekrytera.loads(
            minimal_toml.replace(
                "relationsskapande = 5 }", 'relationsskapande = 5 }\nnote = "Anna!"'
            )
        )
        assert rec.ratings[0].note == "Anna!"
        assert anonymiser.anonymise(rec, key=b"k").ratings[0].note == ""

    def test_hook_rekrytera_register_exporters(self, tmp_path: Path, example: Path) -> None:
        """A plugin's exporter is registered with its suffixes."""
        exporter = registry_with(count_exporter).exporters()["count"].obj
        assert exporter.suffixes == (".count",)
        rec = rekrytera.load(example)
        exporter.export([rec], tmp_path / "out.count")
        assert (tmp_path / "out.count").read_text() == f"{rec.id}\t{len(rec.ratings)}\n"

    def test_hook_rekrytera_register_importers(self, tmp_path: Path) -> None:
        """A plugin's importer is registered with its suffixes and reads candidates."""
        from rekrytera.applicants import read_applicants

        registry = registry_with(tsv_importer)
        assert registry.importers()["ats-tsv"].obj.suffixes == (".ats.tsv",)
        source = tmp_path / "x.ats.tsv"
        source.write_text(
            "Kandidat-ID\tFörnamn\tEfternamn\tE-post\tPersonligt brev\n"
            "7\tEva\tEk\teva@example.se\tHej.\n",
            encoding="utf-8",
        )
        rec = rekrytera.load(EXAMPLE)
        (found,) = read_applicants(source, rec, registry=registry)
        assert (found.id, found.identity.name, found.application["brev"]) == (
            "ats-7",
            "Eva Ek",
            "Hej.",
        )

    def test_hook_rekrytera_register_catalogues(self) -> None:
        """A plugin's catalogue is registered by name and serves model objects."""
        catalogue = registry_with(small_catalogue).catalogues()["small"].obj
        assert catalogue.competences()["humor"].label == "Humor"
        assert catalogue.questions()["humor"][0].competence == "humor"

    def test_hook_rekrytera_validate(self, minimal_toml: str, example: Path) -> None:
        """A policy plugin's problems come back as Problems with paths."""
        registry = registry_with(policy)
        no_residents = rekrytera.loads(
            minimal_toml.replace('role = "resident"', 'role = "colleague"')
        )
        assert rekrytera.validate(no_residents, registry=registry) == [
            Problem(
                "panel",
                "our policy: every panel includes a resident (invånare) "
                "(policy 'tests.plugins.policy', registered in code)",
            )
        ]
        assert rekrytera.validate(rekrytera.load(example), registry=registry) == []

    def test_hook_rekrytera_configure_converter(self) -> None:
        """A plugin can register hooks for its own types on rekrytera's converter."""
        converter = make_converter(registry_with(converter_hooks))
        settings = converter_hooks.ArchiveSettings(retention_years=2)
        assert converter.unstructure(settings) == {"retention_years": 2}
        assert (
            converter.structure({"retention_years": 2}, converter_hooks.ArchiveSettings) == settings
        )
        with pytest.raises(Exception, match="ArchiveSettings"):
            converter.structure({"retention_years": "two"}, converter_hooks.ArchiveSettings)


class TestFaultyPlugins:
    def test_raises(self) -> None:
        """A plugin whose hook raises is named in the error."""

        class Broken:
            @rekrytera.hookimpl
            def rekrytera_register_methods(self) -> list[object]:
                raise RuntimeError("boom")

        with pytest.raises(
            PluginError,
            match=r"plugin '.*' from registered in code failed in rekrytera_register_methods: RuntimeError: boom",
        ):
            registry_with(Broken()).methods()

    @pytest.mark.parametrize(
        ("returned", "message"),
        [
            ("balanced", "must return an iterable of scoring methods"),
            ([object()], "which is not a scoring method"),
        ],
    )
    def test_wrong_type(self, returned: object, message: str) -> None:
        """A hook that returns the wrong thing gets a clear error."""

        class Wrong:
            @rekrytera.hookimpl
            def rekrytera_register_methods(self) -> object:
                return returned

        with pytest.raises(PluginError, match=message):
            registry_with(Wrong()).methods()

    def test_checked_again_after_a_good_call(self) -> None:
        """Objects that passed are not checked again, but a new object always is.

        A plugin that makes new objects each call fills no unbounded cache.
        """
        calls = 0

        class Fresh:
            @rekrytera.hookimpl
            def rekrytera_register_methods(self) -> list[object]:
                nonlocal calls
                calls += 1
                return [top_score.TopScore(name="fresh")] if calls <= 5000 else [object()]

        registry = registry_with(Fresh())
        for _ in range(5000):
            assert "fresh" in registry.methods()
        assert len(registry._checked) <= 4096
        with pytest.raises(PluginError, match="which is not a scoring method"):
            registry.methods()

    def test_duplicate_name(self) -> None:
        """Two plugins cannot register the same name; both are named."""

        class Again:
            @rekrytera.hookimpl
            def rekrytera_register_methods(self) -> list[object]:
                return [top_score.TopScore(name="balanced")]

        with pytest.raises(
            PluginError,
            match=r"scoring method 'balanced' is registered twice: by plugin 'rekrytera.scoring._methods' from rekrytera .* and by plugin",
        ):
            registry_with(Again()).methods()

    def test_bad_name(self) -> None:
        """Names are keys users type on the command line."""

        class Spaced:
            @rekrytera.hookimpl
            def rekrytera_register_methods(self) -> list[object]:
                return [top_score.TopScore(name="top score")]

        with pytest.raises(PluginError, match="its name 'top score' is not a valid key"):
            registry_with(Spaced()).methods()

    def test_validate_wrong_type(self, minimal_toml: str) -> None:
        """A policy plugin must return Problems."""

        class Sloppy:
            @rekrytera.hookimpl
            def rekrytera_validate(self) -> list[str]:
                return ["not a problem object"]

        with pytest.raises(PluginError, match=r"not a rekrytera\.Problem"):
            rekrytera.validate(rekrytera.loads(minimal_toml), registry=registry_with(Sloppy()))

    def test_fewer_arguments(self, minimal_toml: str) -> None:
        """An implementation may take fewer arguments than the spec (it took none above)."""

        class NoArgs:
            @rekrytera.hookimpl
            def rekrytera_validate(self) -> list[Problem]:
                return [Problem("", "always")]

        problems = rekrytera.validate(
            rekrytera.loads(minimal_toml), registry=registry_with(NoArgs())
        )
        assert [(p.path, p.message.split(" (policy ")[0]) for p in problems] == [("", "always")]


class TestLoadedByKind:
    """A plugin declared for a kind of hook is imported only when that kind is needed."""

    EXPORTER = """
        import rekrytera
        from tests.plugins.count_exporter import CountExporter

        @rekrytera.hookimpl
        def rekrytera_register_exporters():
            return [CountExporter(name="lazy-count", suffixes=(".lazycount",))]
        """

    def test_imported_when_its_kind_is_needed(self, installed: Path) -> None:
        install(
            installed,
            "rekrytera-test-lazy",
            "rekrytera_test_lazy",
            self.EXPORTER,
            groups=("rekrytera.exporters",),
        )
        registry = get_registry()
        registry.methods()
        assert "rekrytera_test_lazy" not in sys.modules
        exporter = registry.exporters()["lazy-count"]
        assert "rekrytera_test_lazy" in sys.modules
        assert exporter.distribution == "rekrytera-test-lazy 1.2.3"
        assert registry.check() == []

    def test_not_when_autoload_is_off(self, installed: Path) -> None:
        install(
            installed,
            "rekrytera-test-off2",
            "rekrytera_test_off2",
            self.EXPORTER,
            groups=("rekrytera.exporters",),
        )
        assert "lazy-count" not in get_registry(load_entry_points=False).exporters()
        assert "rekrytera_test_off2" not in sys.modules

    @pytest.mark.usefixtures("english")
    def test_a_kind_not_declared_is_found(self, installed: Path) -> None:
        """Declared only as a method plugin, an exporter hook would be missed: --check says so."""
        install(
            installed,
            "rekrytera-test-half",
            "rekrytera_test_half",
            self.EXPORTER
            + """
        @rekrytera.hookimpl
        def rekrytera_validate(recruitment):
            return []
        """,
            groups=("rekrytera.exporters",),
        )
        assert get_registry().check() == [
            "plugin 'rekrytera_test_half' from rekrytera-test-half 1.2.3 implements "
            "rekrytera_validate but is not declared in the entry-point group "
            "'rekrytera.policies', so it is not loaded when that is needed"
        ]


class TestEntryPoints:
    def test_loaded(self, installed: Path) -> None:
        """An installed distribution's entry point is loaded and attributed to it."""
        install(
            installed,
            "rekrytera-test-good",
            "rekrytera_test_good",
            """
            import rekrytera
            from tests.plugins.top_score import TopScore

            @rekrytera.hookimpl
            def rekrytera_register_methods():
                return [TopScore(name="good")]
            """,
        )
        method = get_registry().methods()["good"]
        assert (method.plugin, method.distribution) == (
            "rekrytera_test_good",
            "rekrytera-test-good 1.2.3",
        )

    def test_autoload_off(self, installed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Autoloading can be switched off by argument or by environment variable."""
        install(
            installed,
            "rekrytera-test-off",
            "rekrytera_test_off",
            "import sys; sys.exit('loaded!')\n",
        )
        pm = get_registry(load_entry_points=False).plugin_manager
        assert [name for name, _ in pm.list_name_plugin()] == list(DEFAULT_PLUGINS)
        monkeypatch.setenv("REKRYTERA_DISABLE_PLUGIN_AUTOLOAD", "1")
        names = [name for name, _ in get_plugin_manager().list_name_plugin()]
        assert names == list(DEFAULT_PLUGINS)

    def test_import_error(self, installed: Path) -> None:
        """A plugin that fails to import names itself and its distribution."""
        install(
            installed,
            "rekrytera-test-bad",
            "rekrytera_test_bad",
            "raise ImportError('no numpy here')\n",
        )
        with pytest.raises(
            PluginError,
            match=re.escape(
                "plugin 'rekrytera_test_bad' from rekrytera-test-bad 1.2.3 could not be loaded: ImportError: no numpy here"
            ),
        ):
            get_plugin_manager()

    def test_misspelt_hook(self, installed: Path) -> None:
        """An installed plugin with a misspelt hook is refused when loaded."""
        install(
            installed,
            "rekrytera-test-typo",
            "rekrytera_test_typo",
            """
            import rekrytera

            @rekrytera.hookimpl
            def rekrytera_register_metods():
                return []
            """,
        )
        with pytest.raises(
            PluginError,
            match=re.escape(
                "plugin 'rekrytera_test_typo' from rekrytera-test-typo 1.2.3 is not valid"
            ),
        ) as info:
            get_plugin_manager()
        assert (
            "'rekrytera_register_metods' is not a hook; did you mean "
            "'rekrytera_register_methods'?" in str(info.value)
        )

    def test_no_hook_warned(self, installed: Path) -> None:
        """A module whose hook functions lack @hookimpl is not silently absent."""
        install(
            installed,
            "rekrytera-test-bare",
            "rekrytera_test_bare",
            """
            def rekrytera_register_methods():
                return []
            """,
        )
        with pytest.warns(
            UserWarning,
            match=r"'rekrytera_test_bare' from rekrytera-test-bare 1\.2\.3 implements no hook",
        ):
            get_plugin_manager()

    def test_cli_reports_broken_plugin(
        self, installed: Path, capsys: pytest.CaptureFixture[str], example: Path
    ) -> None:
        """The command line names the broken plugin and exits 1, without a traceback."""
        from rekrytera.cli import main

        install(installed, "rekrytera-test-bad", "rekrytera_test_bad", "1/0\n")
        assert main(["plugins"]) == 1
        err = capsys.readouterr().err
        assert err.startswith(
            "rekrytera: plugin 'rekrytera_test_bad' from rekrytera-test-bad 1.2.3 could not be loaded: ZeroDivisionError"
        )
        assert "Traceback" not in err


class TestPluginsCommand:
    def test_lists_builtins(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`rekrytera plugins` lists every built-in method with its distribution."""
        from rekrytera.cli import main

        assert main(["plugins", "--format", "json"]) == 0
        import json

        rows = json.loads(capsys.readouterr().out)
        builtin = [
            r for r in rows if r["plugin"] == "rekrytera.scoring._methods" and r["kind"] == "method"
        ]
        assert [r["name"] for r in builtin] == [
            "balanced",
            "panel_mean",
            "median",
            "borda",
            "kemeny",
        ]
        assert all(r["distribution"] == f"rekrytera {rekrytera.__version__}" for r in builtin)
        assert all(r["description"] for r in builtin)

    @pytest.mark.usefixtures("english")
    def test_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The table has a header and a row per method."""
        from rekrytera.cli import main

        assert main(["plugins"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0].split() == ["kind", "name", "plugin", "distribution"]
        assert lines[1].split()[:2] == ["method", "balanced"]

    def test_every_plugin_with_its_hooks(
        self, installed: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Every loaded plugin is listed with its distribution, its hooks and its policy."""
        from rekrytera.cli import main

        install(
            installed,
            "rekrytera-test-listed",
            "rekrytera_test_listed",
            """
            import rekrytera

            @rekrytera.hookimpl
            def rekrytera_validate(recruitment):
                return []
            """,
        )
        assert main(["plugins", "--format", "json"]) == 0
        rows = json.loads(capsys.readouterr().out)
        mine = [r for r in rows if r["plugin"] == "rekrytera_test_listed"]
        assert [(r["kind"], r["distribution"]) for r in mine] == [
            ("policy", "rekrytera-test-listed 1.2.3"),
            ("plugin", "rekrytera-test-listed 1.2.3"),
        ]
        assert mine[1]["hooks"] == ["rekrytera_validate"]
        plugins = [r["name"] for r in rows if r["kind"] == "plugin"]
        assert plugins == [*DEFAULT_PLUGINS, "rekrytera_test_listed"]

    @pytest.mark.usefixtures("english")
    def test_check(self, installed: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--check finds a plugin with no hook, an unmarked hook and a misspelt one: exit 1."""
        from rekrytera.cli import main

        install(
            installed,
            "rekrytera-test-sloppy",
            "rekrytera_test_sloppy",
            """
            import rekrytera

            @rekrytera.hookimpl
            def rekrytera_register_methods():
                return []

            def rekrytera_validate(recruitment):  # not marked
                return []

            def rekrytera_register_exporter():  # misspelt, not marked
                return []
            """,
        )
        install(installed, "rekrytera-test-empty", "rekrytera_test_empty", "X = 1\n")
        assert main(["plugins", "--check"]) == 1
        out, err = capsys.readouterr()
        assert err == ""
        dist = "from rekrytera-test-sloppy 1.2.3"
        assert sorted(out.splitlines()) == [
            "plugin 'rekrytera_test_empty' from rekrytera-test-empty 1.2.3 implements no hook: "
            "mark its hook functions with @rekrytera.hookimpl (see the hook reference)",
            "plugin 'rekrytera_test_sloppy' "
            f"{dist}: 'rekrytera_register_exporter' is not a hook; did you mean "
            "'rekrytera_register_exporters'?",
            f"plugin 'rekrytera_test_sloppy' {dist}: 'rekrytera_validate' is not marked "
            "with @rekrytera.hookimpl, so it is never called",
        ]

    @pytest.mark.usefixtures("english")
    def test_check_clean(self, capsys: pytest.CaptureFixture[str]) -> None:
        from rekrytera.cli import main

        assert main(["plugins", "--check"]) == 0
        assert capsys.readouterr().out == "5 plugins checked: nothing to report\n"


class _Exporters:
    """A plugin registering the given exporters."""

    def __init__(self, *exporters: object) -> None:
        self.exporters = exporters

    @rekrytera.hookimpl
    def rekrytera_register_exporters(self) -> list[object]:
        return list(self.exporters)


@attrs.frozen
class _SuffixExporter:
    name: str
    suffixes: tuple[str, ...]
    overrides: tuple[str, ...] = ()
    description: str = "For the suffix rules."

    def export(self, recruitments: object, destination: Path) -> None:
        destination.write_text("", encoding="utf-8")


def _exporter(name: str, *suffixes: str, overrides: tuple[str, ...] = ()) -> _SuffixExporter:
    return _SuffixExporter(name=name, suffixes=suffixes, overrides=overrides)


class TestExporterSuffixes:
    @pytest.mark.parametrize("suffix", ["count", ".", ".a b", "dir/.x"])
    def test_malformed_refused(self, suffix: str) -> None:
        """A suffix without a leading dot (or with a space or slash) is refused by name."""
        registry = registry_with(_Exporters(_exporter("odd", suffix)))
        with pytest.raises(PluginError, match=r"exporter .*the suffix .* must start with a dot"):
            registry.exporters()

    def test_longest_suffix_wins(self, tmp_path: Path) -> None:
        """A multi-part suffix is matched against the whole name, before a shorter one."""
        registry = registry_with(
            _Exporters(_exporter("arkiv", ".arkiv.txt"), _exporter("text", ".txt"))
        )
        choose = rekrytera.exporters.choose_exporter
        assert choose(tmp_path / "Data.ARKIV.txt", registry=registry).name == "arkiv"
        assert choose(tmp_path / "data.txt", registry=registry).name == "text"

    def test_clash_with_builtin_refused(self) -> None:
        registry = registry_with(_Exporters(_exporter("mycsv", ".csv")))
        with pytest.raises(PluginError, match=r"the suffix '\.csv' is claimed by exporter 'csv'"):
            registry.exporters()

    def test_override_wins(self, tmp_path: Path) -> None:
        """An exporter that lists a suffix in `overrides` takes it from the built-in."""
        registry = registry_with(_Exporters(_exporter("mycsv", ".csv", overrides=(".csv",))))
        choose = rekrytera.exporters.choose_exporter
        assert choose(tmp_path / "out.csv", registry=registry).name == "mycsv"


class TestRunningWithoutPlugins:
    @pytest.fixture
    def broken(self, installed: Path) -> Iterator[None]:
        install(
            installed,
            "rekrytera-test-broken",
            "rekrytera_test_broken",
            "raise ImportError('no numpy here')\n",
        )
        default_registry.cache_clear()
        yield
        default_registry.cache_clear()

    @pytest.mark.usefixtures("english")
    def test_message_names_the_way_out(
        self, broken: None, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A plugin that fails to load is named with its distribution, and the message
        says how to run without plugins; --no-plugins then runs the built-ins."""
        assert main(["score", str(EXAMPLE)]) == 1
        err = capsys.readouterr().err
        assert "plugin 'rekrytera_test_broken' from rekrytera-test-broken 1.2.3" in err
        assert "rekrytera --no-plugins COMMAND" in err
        assert "REKRYTERA_DISABLE_PLUGIN_AUTOLOAD=1" in err
        assert "Traceback" not in err
        assert main(["--no-plugins", "score", str(EXAMPLE)]) == 0
        assert "k2" in capsys.readouterr().out
        assert main(["score", str(EXAMPLE)]) == 1  # only for that one command

    def test_traceback_on_request(
        self, broken: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("REKRYTERA_TRACEBACK", "1")
        assert main(["score", str(EXAMPLE)]) == 1
        err = capsys.readouterr().err
        assert "Traceback" in err
        assert "ImportError: no numpy here" in err
