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
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs
import pluggy

from . import hookspecs
from ._hookimpl import PROJECT, hookimpl
from ._i18n import _
from ._plugin_checks import (
    ENTRY_POINT_GROUP,
    _all_entry_points,
    _check_exporter,
    _check_method,
    _check_named,
    _distribution,
    _entry_points,
    _no_hook,
    _overrides,
    _suggestion,
)
from ._protocols import Anonymiser, Catalogue, Exporter, Importer, ScoringMethod
from ._version import __version__
from .exceptions import Problem, RekryteraError
from .model import Recruitment

if TYPE_CHECKING:
    import importlib.metadata

    from cattrs import Converter

__all__ = [
    "DEFAULT_PLUGINS",
    "ENTRY_POINT_GROUP",
    "KIND_GROUPS",
    "Anonymiser",
    "Catalogue",
    "Exporter",
    "Importer",
    "PluginError",
    "Registered",
    "Registry",
    "ScoringMethod",
    "by_suffix",
    "default_registry",
    "get_plugin_manager",
    "get_registry",
    "hookimpl",
]

#: The entry-point group for each kind of hook. A plugin declared in one of
#: these groups is imported only when rekrytera first needs that kind (its
#: scoring methods, its policies, …); one declared in ``rekrytera`` is
#: imported with the registry. Declare a plugin in the group of every kind it
#: implements (``rekrytera plugins --check`` says when one is missing).
KIND_GROUPS: dict[str, str] = {
    "rekrytera_register_methods": "rekrytera.methods",
    "rekrytera_register_anonymisers": "rekrytera.anonymisers",
    "rekrytera_register_exporters": "rekrytera.exporters",
    "rekrytera_register_importers": "rekrytera.importers",
    "rekrytera_register_catalogues": "rekrytera.catalogues",
    "rekrytera_validate": "rekrytera.policies",
    "rekrytera_configure_converter": "rekrytera.converters",
}

#: The library's own plugins, registered first, like datasette's DEFAULT_PLUGINS.
DEFAULT_PLUGINS = (
    "rekrytera.scoring._methods",
    "rekrytera.privacy._anonymise",
    "rekrytera.exporters._builtin",
    "rekrytera.catalogue._builtin",
    "rekrytera.applicants._csv",
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


def by_suffix(name: str, owners: Mapping[str, T]) -> T | None:
    """The owner of the longest suffix in *owners* (keys in lower case) that ends *name*.

    Case aside, and never the whole name: ``data.arkiv.txt`` goes to an owner
    of ``.arkiv.txt`` before one of ``.txt``. Exporters and importers are
    chosen this way.
    """
    name = name.rstrip("/").lower()
    matching = [suffix for suffix in owners if name.endswith(suffix) and name != suffix]
    return owners[max(matching, key=len)] if matching else None


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


def _load_entry_points(
    pm: pluggy.PluginManager,
    group: str = ENTRY_POINT_GROUP,
    found: Iterable[importlib.metadata.EntryPoint] | None = None,
) -> None:
    for ep in _entry_points(group=group) if found is None else found:
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


def get_registry(*, load_entry_points: bool | None = None) -> Registry:
    """A :class:`Registry` over a new plugin manager (see :func:`get_plugin_manager`).

    With entry points on, the plugins declared in the groups of
    :data:`KIND_GROUPS` load when their kind is first needed.
    """
    if load_entry_points is None:
        load_entry_points = not os.environ.get(DISABLE_AUTOLOAD_ENV)
    registry = Registry(get_plugin_manager(load_entry_points=False), lazy=load_entry_points)
    if load_entry_points:
        # The registry's one scan of the installed distributions serves the
        # plain group now and the kind groups later.
        found = registry._entry_points(ENTRY_POINT_GROUP)
        _load_entry_points(registry.plugin_manager, ENTRY_POINT_GROUP, found)
    return registry


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
    #: Load the plugins of :data:`KIND_GROUPS` when their kind is first needed.
    lazy: bool = False
    # Looking a distribution up scans installed metadata: do it once per plugin.
    _distributions: dict[str, str] = attrs.field(factory=dict, init=False, repr=False)
    _loaded: set[str] = attrs.field(factory=set, init=False, repr=False)
    _all: list[importlib.metadata.EntryPoint] | None = attrs.field(
        default=None, init=False, repr=False
    )
    # Objects already checked against their kind, by hook and identity: a Protocol
    # check is slow and scoring asks for the methods each time. Each entry holds
    # its object, so that its id is not reused while the entry is here.
    _checked: dict[tuple[str, int], object] = attrs.field(factory=dict, init=False, repr=False)

    def _entry_points(
        self, group: str, name: str | None = None
    ) -> list[importlib.metadata.EntryPoint]:
        """The installed entry points of *group* (named *name*): one scan per registry."""
        if self._all is None:
            self._all = _all_entry_points({ENTRY_POINT_GROUP, *KIND_GROUPS.values()})
        return [ep for ep in self._all if ep.group == group and name in (None, ep.name)]

    def _ensure(self, *hooks: str) -> None:
        """Load the installed plugins declared for the kinds of *hooks*, once."""
        if not self.lazy:
            return
        for hook in hooks:
            group = KIND_GROUPS.get(hook)
            if group is not None and group not in self._loaded:
                self._loaded.add(group)
                _load_entry_points(self.plugin_manager, group, self._entry_points(group))

    def distribution(self, plugin_name: str) -> str:
        """The distribution (name and version) a registered plugin comes from."""
        if plugin_name not in self._distributions:
            self._distributions[plugin_name] = self._find_distribution(plugin_name)
        return self._distributions[plugin_name]

    def _find_distribution(self, plugin_name: str) -> str:
        if plugin_name in DEFAULT_PLUGINS:
            return _BUILTIN
        plugin = self.plugin_manager.get_plugin(plugin_name)
        for group in (ENTRY_POINT_GROUP, *KIND_GROUPS.values()):
            for ep in self._entry_points(group, name=plugin_name):
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
        self._ensure(hook)
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
                if self._checked.get((hook, id(obj))) is not obj:
                    if not isinstance(obj, protocol):
                        raise PluginError(
                            f"{where}: {hook} returned {obj!r}, which is not a {kind} "
                            f"(see rekrytera.plugins.{protocol.__name__})"
                        )
                    problem = check(obj)
                    if problem:
                        raise PluginError(f"{where}: {kind} {obj!r}: {problem}")
                    if len(self._checked) >= 4096:  # a plugin that makes new objects each time
                        self._checked.clear()
                    self._checked[hook, id(obj)] = obj
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

    def importers(self) -> dict[str, Registered[Importer]]:
        """Every importer of applicants, by name (suffixes as for exporters)."""
        return self._registered(
            "rekrytera_register_importers", Importer, "importer", _check_exporter
        )

    def catalogues(self) -> dict[str, Registered[Catalogue]]:
        """Every catalogue, by name."""
        return self._registered(
            "rekrytera_register_catalogues", Catalogue, "catalogue", _check_named
        )

    def hooks(self) -> dict[str, tuple[str, ...]]:
        """Every plugin, built-ins first, with the hooks it implements (all are loaded)."""
        self._ensure(*KIND_GROUPS)
        pm = self.plugin_manager
        return {
            name: tuple(sorted(caller.name for caller in pm.get_hookcallers(plugin) or ()))
            for name, plugin in pm.list_name_plugin()
        }

    def _undeclared_kinds(self) -> list[str]:
        """Plugins loaded by kind that implement a kind they are not declared for."""
        declared: dict[str, set[str]] = {}
        for group in (ENTRY_POINT_GROUP, *KIND_GROUPS.values()):
            for ep in self._entry_points(group):
                declared.setdefault(ep.name, set()).add(group)
        found = []
        for name, plugin in self.plugin_manager.list_name_plugin():
            groups = declared.get(name, {ENTRY_POINT_GROUP})
            if ENTRY_POINT_GROUP in groups:
                continue
            for caller in self.plugin_manager.get_hookcallers(plugin) or ():
                wanted = KIND_GROUPS.get(caller.name)
                if wanted is not None and wanted not in groups:
                    found.append(
                        _(
                            "plugin {name!r} from {dist} implements {hook} but is not declared "
                            "in the entry-point group {group!r}, so it is not loaded when "
                            "that is needed"
                        ).format(
                            name=name, dist=self.distribution(name), hook=caller.name, group=wanted
                        )
                    )
        return found

    def check(self) -> list[str]:
        """What looks wrong in the installed plugins, one sentence each.

        A plugin that implements no hook; a function named like a hook but
        not marked with ``@rekrytera.hookimpl`` (never called); a function
        whose name is close to a hook's (misspelt, never called).
        """
        self._ensure(*KIND_GROUPS)
        pm = self.plugin_manager
        hooks = [n for n in dir(hookspecs) if n.startswith("rekrytera_")]
        found = self._undeclared_kinds()
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
        self._ensure("rekrytera_validate")
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
