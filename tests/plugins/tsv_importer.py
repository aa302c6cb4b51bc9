"""An importer plugin: an applicant-tracking system's tab-separated export.

The system's columns are fixed, so the importer maps them itself and ignores
``--map``. A problem names the row and column, never the value of a
personal field.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

import attrs

import rekrytera
from rekrytera.applicants import row_place
from rekrytera.exceptions import InvalidRecruitment, Problem
from rekrytera.model import Candidate, Identity, Recruitment
from rekrytera.plugins import Importer

COLUMNS = ("Kandidat-ID", "Förnamn", "Efternamn", "E-post", "Personligt brev")


@attrs.frozen
class TsvImporter:
    name: str = "ats-tsv"
    description: str = "Applicants from the applicant-tracking system's .ats.tsv export."
    suffixes: tuple[str, ...] = (".ats.tsv",)

    def read(
        self, source: Path, recruitment: Recruitment, mapping: Mapping[str, str]
    ) -> Iterable[Candidate]:
        with source.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
        problems = []
        found = []
        for number, row in enumerate(rows, start=2):
            if "@" not in (row.get("E-post") or ""):
                problems.append(Problem(row_place(number, "E-post"), "not an email address"))
                continue
            found.append(
                Candidate(
                    id=f"ats-{row['Kandidat-ID']}",
                    identity=Identity(
                        name=f"{row['Förnamn']} {row['Efternamn']}", email=row["E-post"]
                    ),
                    application={"brev": row["Personligt brev"]},
                )
            )
        if problems:
            raise InvalidRecruitment(problems)
        return found


@rekrytera.hookimpl
def rekrytera_register_importers() -> Iterable[Importer]:
    return [TsvImporter()]
