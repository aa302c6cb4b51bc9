"""The plugin system: the plugin manager, the registry, and the Protocols plugins satisfy.

Plugins are pluggy plugins of the project ``rekrytera``. The library's own
methods, anonymisers, exporters and catalogue are registered
through the same hooks as third-party ones; then installed distributions'
entry points in the group ``rekrytera`` are loaded, unless autoloading is off
(``load_entry_points=False``, or the environment variable
``REKRYTERA_DISABLE_PLUGIN_AUTOLOAD`` set to anything) — for tests, and for a
municipality that runs only vetted plugins.
"""

from __future__ import annotations

import functools
import importlib
import os
import warnings
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs
import pluggy

from . import hookspecs
from ._hookimpl import PROJECT, hookimpl
from ._i18n import _
from ._protocols import Anonymiser, Catalogue, Exporter, ScoringMethod
from ._version import __version__
from .exceptions import Problem, RekryteraError
from .model import Recruitment
from .model._base import is_key

if TYPE_CHECKING:
    import importlib.metadata

    from cattrs import Converter

__all__ = [
    "DEFAULT_PLUGINS",
    "ENTRY_POINT_GROUP",
    "Anonymiser",
    "Catalogue",
    "Exporter",
    "PluginError",
    "Registered",
    "Registry",
    "ScoringMethod",
    "default_registry",
    "get_plugin_manager",
    "get_registry",
    "hookimpl",
]

#: The entry-point group that installed plugins register in.
ENTRY_POINT_GROUP = "rekrytera"
#: The library's own plugins, registered first, like datasette's DEFAULT_PLUGINS.
DEFAULT_PLUGINS = (
    "rekrytera.scoring._methods",
    "rekrytera.privacy._anonymise",
    "rekrytera.exporters._builtin",
    "rekrytera.catalogue._builtin",
)
#: The environment variable that switches entry-point loading off.
DISABLE_AUTOLOAD_ENV = "REKRYTERA_DISABLE_PLUGIN_AUTOLOAD"
_BUILTIN = f"rekrytera {__version__}"


class PluginError(RekryteraError):
    """A plugin failed: it could not be loaded, raised, or returned the wrong thing.

    The message names the plugin and the distribution it comes from.
    """


T = TypeVar("T")


@attrs.frozen
class Registered(Generic[T]):
    """Something a plugin registered, with where it comes from."""

    obj: T
    plugin: str
    distribution: str

    @property
    def name(self) -> str:
        """The name it is registered under."""
        return str(getattr(self.obj, "name", ""))


def get_plugin_manager(*, load_entry_points: bool | None = None) -> pluggy.PluginManager:
    """Build a new plugin manager: the hook specs, the built-ins, then installed plugins.

    :param load_entry_points: load the plugins that installed distributions
        declare in the ``rekrytera`` entry-point group. ``None`` (the default)
        loads them unless ``REKRYTERA_DISABLE_PLUGIN_AUTOLOAD`` is set.
    :raises PluginError: when an installed plugin cannot be loaded.
    """
    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(hookspecs)
    for name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
    if load_entry_points is None:
        load_entry_points = not os.environ.get(DISABLE_AUTOLOAD_ENV)
    if load_entry_points:
        _load_entry_points(pm)
    return pm


def _entry_points(name: str | None = None) -> importlib.metadata.EntryPoints:
    """The installed entry points in rekrytera's group: importlib.metadata loads only now."""
    import importlib.metadata  # a scan of every installed distribution, and its imports

    if name is None:
        return importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
    return importlib.metadata.entry_points(group=ENTRY_POINT_GROUP, name=name)


def _distribution(ep: importlib.metadata.EntryPoint) -> str:
    dist = ep.dist
    if dist is None:  # pragma: no cover - every installed entry point has one
        return "an unknown distribution"
    return f"{dist.metadata['Name']} {dist.version}"


def _load_entry_points(pm: pluggy.PluginManager) -> None:
    for ep in _entry_points():
        if pm.get_plugin(ep.name) is not None or pm.is_blocked(ep.name):
            continue
        dist = _distribution(ep)
        try:
            plugin = ep.load()
        except Exception as e:
            raise PluginError(
                f"plugin {ep.name!r} from {dist} could not be loaded: {type(e).__name__}: {e}"
            ) from e
        try:
            pm.register(plugin, name=ep.name)
            pm.check_pending()
        except pluggy.PluginValidationError as e:
            raise PluginError(
                f"plugin {ep.name!r} from {dist} is not valid: {e}{_suggestion(plugin)}"
            ) from e
        if not pm.get_hookcallers(plugin):
            warnings.warn(_no_hook(ep.name, dist), stacklevel=2)


def _no_hook(name: str, dist: str) -> str:
    return _(
        "plugin {name!r} from {dist} implements no hook: mark its hook functions with "
        "@rekrytera.hookimpl (see the hook reference)"
    ).format(name=name, dist=dist)


def _suggestion(plugin: object) -> str:
    """ "; did you mean …?" for names that look like a misspelt hook."""
    hooks = [n for n in dir(hookspecs) if n.startswith("rekrytera_")]
    hints = []
    for name in dir(plugin):
        if name.startswith("rekrytera_") and name not in hooks:
            import difflib  # for the suggestion only: not paid by every import

            close = difflib.get_close_matches(name, hooks, n=1)
            if close:
                hints.append(f"{name!r} is not a hook; did you mean {close[0]!r}?")
    return f" ({'; '.join(hints)})" if hints else ""


def get_registry(*, load_entry_points: bool | None = None) -> Registry:
    """A :class:`Registry` over a new plugin manager (see :func:`get_plugin_manager`)."""
    return Registry(get_plugin_manager(load_entry_points=load_entry_points))


@functools.cache
def default_registry() -> Registry:
    """The registry the library's functions use when not given one.

    Built once per process (loading installed plugins costs a scan of the
    installed distributions). Pass a :class:`Registry` of your own to
    ``score``, ``anonymise``, ``export`` or ``validate`` to use other plugins.
    """
    return get_registry()


@attrs.define
class Registry:
    """What the plugins of a plugin manager registered, checked and attributed.

    Every object is checked against its Protocol and every name must be unique;
    anything wrong raises :class:`PluginError` naming the plugin and its
    distribution, so a faulty plugin cannot quietly corrupt a result.
    """

    plugin_manager: pluggy.PluginManager
    # Looking a distribution up scans installed metadata: do it once per plugin.
    _distributions: dict[str, str] = attrs.field(factory=dict, init=False, repr=False)

    def distribution(self, plugin_name: str) -> str:
        """The distribution (name and version) a registered plugin comes from."""
        if plugin_name not in self._distributions:
            self._distributions[plugin_name] = self._find_distribution(plugin_name)
        return self._distributions[plugin_name]

    def _find_distribution(self, plugin_name: str) -> str:
        if plugin_name in DEFAULT_PLUGINS:
            return _BUILTIN
        plugin = self.plugin_manager.get_plugin(plugin_name)
        for ep in _entry_points(name=plugin_name):
            if ep.module in (
                getattr(plugin, "__name__", None),
                getattr(plugin, "__module__", None),
            ):
                return _distribution(ep)
        return "registered in code"

    def describe(self, plugin_name: str) -> str:
        """``plugin 'x' from dist 1.0``, for messages."""
        return f"plugin {plugin_name!r} from {self.distribution(plugin_name)}"

    def call_each(
        self, hook: str, *, skip: Collection[str] = (), **kwargs: Any
    ) -> Iterator[tuple[str, Any]]:
        """Call every implementation of *hook* in registration order, built-ins first.

        Yields ``(plugin name, result)``. Each implementation gets only the
        arguments it names; the plugins named in *skip* are not called. An
        exception is re-raised as :class:`PluginError`.
        """
        caller = getattr(self.plugin_manager.hook, hook)
        for impl in caller.get_hookimpls():
            if impl.plugin_name in skip:
                continue
            args = {name: kwargs[name] for name in impl.argnames}
            try:
                result = impl.function(**args)
            except Exception as e:
                raise PluginError(
                    f"{self.describe(impl.plugin_name)} failed in {hook}: {type(e).__name__}: {e}"
                ) from e
            yield impl.plugin_name, result

    def _registered(
        self, hook: str, protocol: Any, kind: str, check: Callable[[Any], str | None]
    ) -> dict[str, Registered[Any]]:
        found: dict[str, Registered[Any]] = {}
        for plugin, result in self.call_each(hook):
            if result is None:
                continue
            where = self.describe(plugin)
            if isinstance(result, str | bytes) or not isinstance(result, Iterable):
                raise PluginError(f"{where}: {hook} must return an iterable of {kind}s")
            for obj in result:
                if not isinstance(obj, protocol):
                    raise PluginError(
                        f"{where}: {hook} returned {obj!r}, which is not a {kind} "
                        f"(see rekrytera.plugins.{protocol.__name__})"
                    )
                problem = check(obj)
                if problem:
                    raise PluginError(f"{where}: {kind} {obj!r}: {problem}")
                name = obj.name
                if name in found:
                    raise PluginError(
                        f"{kind} {name!r} is registered twice: by "
                        f"{self.describe(found[name].plugin)} and by {where}"
                    )
                found[name] = Registered(obj, plugin, self.distribution(plugin))
        return found

    def methods(self) -> dict[str, Registered[ScoringMethod]]:
        """Every scoring method, by name."""
        return self._registered(
            "rekrytera_register_methods", ScoringMethod, "scoring method", _check_method
        )

    def anonymisers(self) -> dict[str, Registered[Anonymiser]]:
        """Every anonymiser, by name."""
        return self._registered(
            "rekrytera_register_anonymisers", Anonymiser, "anonymiser", _check_named
        )

    def exporters(self) -> dict[str, Registered[Exporter]]:
        """Every exporter, by name.

        Each suffix starts with a dot and is matched against the end of the
        destination's whole name (``.arkiv.txt`` works); two exporters may not
        claim one suffix unless one of them lists it in its ``overrides``.
        """
        found = self._registered(
            "rekrytera_register_exporters", Exporter, "exporter", _check_exporter
        )
        self.suffix_owners(found)
        return found

    def suffix_owners(
        self, exporters: dict[str, Registered[Exporter]]
    ) -> dict[str, Registered[Exporter]]:
        """Which exporter each suffix (lower case) chooses.

        :raises PluginError: when two exporters claim a suffix and neither, or
            both, say they override it.
        """
        owners: dict[str, Registered[Exporter]] = {}
        for registered in exporters.values():
            for suffix in registered.obj.suffixes:
                key = suffix.lower()
                other = owners.get(key)
                if other is None:
                    owners[key] = registered
                    continue
                mine, theirs = _overrides(registered.obj, key), _overrides(other.obj, key)
                if mine == theirs:
                    raise PluginError(
                        f"the suffix {suffix!r} is claimed by exporter {other.name!r} "
                        f"({self.describe(other.plugin)}) and by {registered.name!r} "
                        f"({self.describe(registered.plugin)}); the one that should win "
                        "lists it in its `overrides`"
                    )
                if mine:
                    owners[key] = registered
        return owners

    def catalogues(self) -> dict[str, Registered[Catalogue]]:
        """Every catalogue, by name."""
        return self._registered(
            "rekrytera_register_catalogues", Catalogue, "catalogue", _check_named
        )

    def hooks(self) -> dict[str, tuple[str, ...]]:
        """Every loaded plugin, built-ins first, with the hooks it implements."""
        pm = self.plugin_manager
        return {
            name: tuple(sorted(caller.name for caller in pm.get_hookcallers(plugin) or ()))
            for name, plugin in pm.list_name_plugin()
        }

    def check(self) -> list[str]:
        """What looks wrong in the installed plugins, one sentence each.

        A plugin that implements no hook; a function named like a hook but
        not marked with ``@rekrytera.hookimpl`` (never called); a function
        whose name is close to a hook's (misspelt, never called).
        """
        pm = self.plugin_manager
        hooks = [n for n in dir(hookspecs) if n.startswith("rekrytera_")]
        found = []
        for name, plugin in pm.list_name_plugin():
            if name in DEFAULT_PLUGINS:
                continue
            dist = self.distribution(name)
            if not pm.get_hookcallers(plugin):
                found.append(_no_hook(name, dist))
            for attr in sorted(a for a in dir(plugin) if a.startswith("rekrytera_")):
                if attr in hooks and pm.parse_hookimpl_opts(plugin, attr) is None:
                    found.append(
                        _(
                            "plugin {name!r} from {dist}: {attr!r} is not marked with "
                            "@rekrytera.hookimpl, so it is never called"
                        ).format(name=name, dist=dist, attr=attr)
                    )
                elif attr not in hooks:
                    import difflib

                    close = difflib.get_close_matches(attr, hooks, n=1)
                    hint = _("; did you mean {hook!r}?").format(hook=close[0]) if close else ""
                    found.append(
                        _("plugin {name!r} from {dist}: {attr!r} is not a hook{hint}").format(
                            name=name, dist=dist, attr=attr, hint=hint
                        )
                    )
        return found

    def policies(self) -> list[str]:
        """The names of the plugins that check recruitments (``rekrytera_validate``)."""
        caller = self.plugin_manager.hook.rekrytera_validate
        return [impl.plugin_name for impl in caller.get_hookimpls()]

    def validate(self, recruitment: Recruitment, *, skip: Collection[str] = ()) -> list[Problem]:
        """The problems every plugin's own rules find in *recruitment*.

        Each problem's message ends by naming the plugin and its distribution.
        The plugins named in *skip* are not asked.
        """
        problems: list[Problem] = []
        for plugin, result in self.call_each(
            "rekrytera_validate", skip=skip, recruitment=recruitment
        ):
            if result is None:
                continue
            for problem in result:
                if not isinstance(problem, Problem):
                    raise PluginError(
                        f"{self.describe(plugin)}: rekrytera_validate returned {problem!r}, "
                        "which is not a rekrytera.Problem"
                    )
                named = _("{message} (policy {plugin!r}, {distribution})").format(
                    message=problem.message, plugin=plugin, distribution=self.distribution(plugin)
                )
                problems.append(Problem(problem.path, named))
        return problems

    def configure_converter(self, converter: Converter) -> None:
        """Let every plugin register its hooks on *converter*."""
        for _plugin, _result in self.call_each(
            "rekrytera_configure_converter", converter=converter
        ):
            pass


def _overrides(obj: Any, suffix: str) -> bool:
    return suffix in {s.lower() for s in getattr(obj, "overrides", ())}


def _check_exporter(obj: Any) -> str | None:
    problem = _check_named(obj)
    if problem:
        return problem
    suffixes = obj.suffixes
    if isinstance(suffixes, str) or not all(isinstance(s, str) for s in suffixes):
        return f"its suffixes {suffixes!r} are not a tuple of strings"
    for suffix in suffixes:
        if not suffix.startswith(".") or len(suffix) < 2 or any(c in suffix for c in "/\\ "):
            return (
                f"the suffix {suffix!r} must start with a dot and name an ending, "
                "as '.csv' or '.arkiv.txt'"
            )
    return None


def _check_method(obj: Any) -> str | None:
    """A method's name, and the flags and options it declares (when it does)."""
    from ._declared import MethodFlag, Option

    problem = _check_named(obj)
    if problem:
        return problem
    for flag in getattr(obj, "flags", None) or ():
        if not isinstance(flag, MethodFlag):
            return f"its flags must be rekrytera.scoring.MethodFlag, not {flag!r}"
        if not is_key(flag.name):
            return f"its flag name {flag.name!r} is not a valid key"
        for part in ("label", "explanation"):
            missing = [lang for lang in ("sv", "en") if not getattr(flag, part).get(lang)]
            if missing:
                return f"its flag {flag.name!r} has no {part} in {', '.join(missing)}"
    for option in getattr(obj, "options", None) or ():
        if isinstance(option, str):
            continue
        if not isinstance(option, Option):
            return f"its options must be names or rekrytera.scoring.Option, not {option!r}"
        if option.kind == "choice" and not option.choices:
            return f"its option {option.name!r} is a choice with no choices"
        if option.default is not None and option.problem(option.default):
            return f"its option {option.name!r} has a default it refuses: {option.default!r}"
    return None


def _check_named(obj: Any) -> str | None:
    if not is_key(obj.name):
        return f"its name {obj.name!r} is not a valid key"
    if not isinstance(obj.description, str):
        return "its description is not a string"
    return None
