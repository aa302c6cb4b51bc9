"""A converter plugin: structures the plugin's own settings class with rekrytera's converter."""

from __future__ import annotations

import attrs
from cattrs import Converter

import rekrytera


@attrs.frozen
class ArchiveSettings:
    """Settings of a fictional archive exporter, read from a TOML table."""

    retention_years: int


@rekrytera.hookimpl
def rekrytera_configure_converter(converter: Converter) -> None:
    converter.register_unstructure_hook(
        ArchiveSettings, lambda s: {"retention_years": s.retention_years}
    )
