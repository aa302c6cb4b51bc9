"""Every hook a plugin can implement.

A plugin is a module (or object) with functions named after these hooks and
marked with :data:`rekrytera.hookimpl`. It is found through the entry-point
group of each kind of hook it implements (:data:`rekrytera.plugins.KIND_GROUPS`),
and imported the first time rekrytera needs that kind::

    [project.entry-points."rekrytera.methods"]
    my_municipality = "rekrytera_my_municipality"

An implementation may accept fewer arguments than the hook declares (pluggy
passes only those it names), so hooks can grow arguments later without
breaking plugins.

The ``rekrytera_register_*`` hooks return objects that satisfy a public
Protocol from :mod:`rekrytera.plugins`; rekrytera decides when and in what
order they are used, checks what they return, and names the plugin and its
distribution in any error.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ._hookimpl import hookspec

if TYPE_CHECKING:
    from cattrs import Converter

    from ._protocols import Anonymiser, Catalogue, Exporter, Importer, ScoringMethod
    from .exceptions import Problem
    from .model import Recruitment

__all__ = [
    "rekrytera_configure_converter",
    "rekrytera_register_anonymisers",
    "rekrytera_register_catalogues",
    "rekrytera_register_exporters",
    "rekrytera_register_importers",
    "rekrytera_register_methods",
    "rekrytera_validate",
]


@hookspec
def rekrytera_register_methods() -> Iterable[ScoringMethod]:
    """Register scoring methods, chosen by name with ``score(method=…)`` or ``--method``.

    :returns: objects satisfying :class:`~rekrytera.plugins.ScoringMethod`. Each
        name may be registered once across all plugins.

    Example (``tests/plugins/top_score.py``):

    .. literalinclude:: /../tests/plugins/top_score.py
       :language: python
    """


@hookspec
def rekrytera_register_anonymisers() -> Iterable[Anonymiser]:
    """Register anonymisers, chosen by name when a recruitment is pseudonymised.

    :returns: objects satisfying :class:`~rekrytera.plugins.Anonymiser`.

    Example (``tests/plugins/drop_notes.py``):

    .. literalinclude:: /../tests/plugins/drop_notes.py
       :language: python
    """


@hookspec
def rekrytera_register_exporters() -> Iterable[Exporter]:
    """Register exporters, chosen by name or by the destination's suffix.

    :returns: objects satisfying :class:`~rekrytera.plugins.Exporter`.

    Example (``tests/plugins/count_exporter.py``):

    .. literalinclude:: /../tests/plugins/count_exporter.py
       :language: python
    """


@hookspec
def rekrytera_register_importers() -> Iterable[Importer]:
    """Register importers of applicants, chosen by name or by the source's suffix.

    :returns: objects satisfying :class:`~rekrytera.plugins.Importer`.

    Example (``tests/plugins/tsv_importer.py``):

    .. literalinclude:: /../tests/plugins/tsv_importer.py
       :language: python
    """


@hookspec
def rekrytera_register_catalogues() -> Iterable[Catalogue]:
    """Register catalogues of competences, profile templates and questions.

    :returns: objects satisfying :class:`~rekrytera.plugins.Catalogue`.

    Example (``tests/plugins/small_catalogue.py``):

    .. literalinclude:: /../tests/plugins/small_catalogue.py
       :language: python
    """


@hookspec
def rekrytera_validate(recruitment: Recruitment) -> Iterable[Problem]:
    """Check a recruitment against a rule of your own (a municipality's policy).

    Called by ``rekrytera check`` and :func:`rekrytera.validate` for a
    recruitment that already satisfies the format's own rules, and by
    :func:`rekrytera.enforce_policies` before anything acts on a recruitment
    (scoring, the memo, export, anonymisation, the workspace).

    :param recruitment: the recruitment to check.
    :returns: one :class:`~rekrytera.exceptions.Problem` per breach, with the path of the
        offending field (an empty iterable when all is well). They are reported
        like any other problem.

    Example (``tests/plugins/policy.py``):

    .. literalinclude:: /../tests/plugins/policy.py
       :language: python
    """


@hookspec
def rekrytera_configure_converter(converter: Converter) -> None:
    """Teach a converter from :func:`rekrytera.io.make_converter` about your own types.

    Called when :func:`rekrytera.io.make_converter` is given a plugin manager,
    so that a plugin that reads or writes its own attrs classes (an exporter's
    settings, say) can use rekrytera's strict converter for them.

    :param converter: the new converter; register hooks on it.

    Example (``tests/plugins/converter_hooks.py``):

    .. literalinclude:: /../tests/plugins/converter_hooks.py
       :language: python
    """
