"""An exporter plugin: writes how many ratings each recruitment has."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

import rekrytera
from rekrytera.model import Recruitment
from rekrytera.plugins import Exporter


@attrs.frozen
class CountExporter:
    name: str = "count"
    description: str = "One line per recruitment: its id and its number of ratings."
    suffixes: tuple[str, ...] = (".count",)

    def export(self, recruitments: Sequence[Recruitment], destination: Path) -> None:
        lines = [f"{rec.id}\t{len(rec.ratings)}\n" for rec in recruitments]
        destination.write_text("".join(lines), encoding="utf-8")


@rekrytera.hookimpl
def rekrytera_register_exporters() -> Iterable[Exporter]:
    return [CountExporter()]
