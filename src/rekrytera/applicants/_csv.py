"""The built-in importer: applicants from a CSV file with a column mapping."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import attrs

from .._hookimpl import hookimpl
from .._i18n import _
from ..exceptions import InvalidRecruitment, Problem
from ..model import Candidate, Identity, Recruitment
from ..model._base import is_key

__all__ = ["FIELDS", "HEADINGS", "CsvImporter", "row_place"]

#: What a column can be mapped to. ``identifiers.KEY`` and ``application.KEY``
#: take a key of the user's choosing; ``-`` leaves the column out.
FIELDS = ("id", "name", "email", "phone", "personal_id", "meets", "merits", "-")
#: Column headings understood without ``--map``, case and spaces aside.
HEADINGS = {
    "id": "id",
    "sökande-id": "id",
    "name": "name",
    "namn": "name",
    "email": "email",
    "e-post": "email",
    "epost": "email",
    "e-postadress": "email",
    "phone": "phone",
    "telefon": "phone",
    "mobil": "phone",
    "telefonnummer": "phone",
    "personal_id": "personal_id",
    "personnummer": "personal_id",
    "meets": "meets",
    "merits": "merits",
}


def row_place(row: int, column: str | None = None) -> str:
    """Where in a table-like source: ``row 4`` or ``row 4, column 'E-post'``."""
    if column is None:
        return _("row {row}").format(row=row)
    return _("row {row}, column {column!r}").format(row=row, column=column)


def _field_problem(field: str) -> str | None:
    head, dot, tail = field.partition(".")
    if dot and head in ("identifiers", "application"):
        return None if is_key(tail) else _("{key!r} is not a valid key").format(key=tail)
    if field in FIELDS:
        return None
    return _(
        "{field!r} is not a field; use one of {fields}, identifiers.KEY or application.KEY"
    ).format(field=field, fields=", ".join(FIELDS))


def _decode(source: Path) -> str:
    data = source.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InvalidRecruitment(
            [
                Problem(
                    "",
                    _(
                        "not a UTF-8 text file (byte {byte} cannot be decoded); save it as "
                        "CSV UTF-8"
                    ).format(byte=e.start),
                )
            ]
        ) from None


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


@attrs.frozen
class CsvImporter:
    """Applicants from a CSV file: one row each, the first row the column headings.

    The delimiter is whichever of semicolon, tab and comma the heading row
    has most of, so a file saved from Swedish Excel works as it is; quoting
    is Excel's (a quote inside a quoted field is doubled). Each column is mapped to a
    field: by ``--map COLUMN=FIELD``, else by a heading it knows (``namn``,
    ``e-post``, …, listed in ``rekrytera.applicants.HEADINGS``). A column neither maps is a problem:
    map it to ``application.KEY`` to keep it as part of the application, or to
    ``-`` to leave it out. Without an ``id`` column the applicants get ids
    ``k1``, ``k2``, … after those already taken.
    """

    name: str = "csv"
    description: str = "Applicants from a CSV file (comma, semicolon or tab), with a column mapping"
    suffixes: tuple[str, ...] = (".csv",)

    def read(
        self, source: Path, recruitment: Recruitment, mapping: Mapping[str, str]
    ) -> Iterable[Candidate]:
        text = _decode(source)
        heading = text.partition("\n")[0]
        # The heading row's most common of the three; quoting as Excel writes it.
        delimiter = max(";\t,", key=heading.count)
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        while rows and not any(cell.strip() for cell in rows[-1]):
            rows.pop()
        if not rows:
            raise InvalidRecruitment([Problem("", _("the file is empty"))])
        header = [cell.strip() for cell in rows[0]]
        columns, problems = _columns(header, mapping)
        if len(rows) == 1 and not problems:
            problems.append(Problem("", _("the file has column headings but no applicants")))
        candidates = list(_candidates(rows, header, columns, recruitment, problems))
        if problems:
            raise InvalidRecruitment(problems)
        return candidates


def _columns(header: list[str], mapping: Mapping[str, str]) -> tuple[dict[int, str], list[Problem]]:
    problems = []
    for column, wanted in mapping.items():
        if column not in header:
            problems.append(
                Problem(
                    "--map",
                    _("there is no column {column!r} (the columns are {columns})").format(
                        column=column, columns=", ".join(map(repr, header))
                    ),
                )
            )
        problem = _field_problem(wanted)
        if problem:
            problems.append(Problem(f"--map {column}", problem))
    columns: dict[int, str] = {}
    taken: dict[str, str] = {}
    for i, heading in enumerate(header):
        if header.index(heading) != i:
            problems.append(Problem(row_place(1, heading), _("two columns have this heading")))
            continue
        field = mapping.get(heading) or HEADINGS.get(heading.casefold().replace(" ", ""))
        if field is None:
            problems.append(
                Problem(
                    row_place(1, heading),
                    _(
                        "not mapped to a field; --map '{column}=application.KEY' keeps it with "
                        "the application, --map '{column}=-' leaves it out"
                    ).format(column=heading),
                )
            )
            continue
        if field == "-":
            continue
        if field in taken:
            problems.append(
                Problem(
                    row_place(1, heading),
                    _("{field} is already the column {column!r}").format(
                        field=field, column=taken[field]
                    ),
                )
            )
            continue
        taken[field] = heading
        columns[i] = field
    return columns, problems


def _new_ids(taken: set[str]) -> Iterator[str]:
    n = 0
    while True:
        n += 1
        if f"k{n}" not in taken:
            yield f"k{n}"


def _candidates(
    rows: list[list[str]],
    header: list[str],
    columns: dict[int, str],
    recruitment: Recruitment,
    problems: list[Problem],
) -> Iterator[Candidate]:
    from ..privacy import normalise_personal_id

    requirements = {r.key for r in recruitment.profile.requirements}
    merits = {m.key for m in recruitment.profile.merits}
    existing = {c.id for c in recruitment.candidates}
    seen: dict[str, int] = {}
    has_id = "id" in columns.values()
    fresh = _new_ids(existing)
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(
                Problem(
                    row_place(number),
                    _("{n} fields, but there are {columns} columns").format(
                        n=len(row), columns=len(header)
                    ),
                )
            )
            continue
        values: dict[str, str] = {}
        identifiers: dict[str, str] = {}
        application: dict[str, str] = {}
        for i, field in columns.items():
            value = row[i].strip()
            if field.startswith("identifiers."):
                if value:
                    identifiers[field.partition(".")[2]] = value
            elif field.startswith("application."):
                if value:
                    application[field.partition(".")[2]] = value
            else:
                values[field] = value

        def bad(field: str, message: str, row: int = number) -> None:
            problems.append(Problem(row_place(row, header[_index(columns, field)]), message))

        id = values.get("id", "") if has_id else next(fresh)
        if not id:
            bad("id", _("no id"))
        elif not is_key(id):
            bad("id", _("{id!r} is not a valid id").format(id=id))
        elif id in existing:
            bad("id", _("{id!r} is already a candidate of the recruitment").format(id=id))
        elif id in seen:
            bad("id", _("{id!r} is also the id in row {row}").format(id=id, row=seen[id]))
        else:
            seen[id] = number
        email = values.get("email", "")
        if email and ("@" not in email or any(c.isspace() for c in email)):
            bad("email", _("not an email address"))
        personal_id = values.get("personal_id", "")
        if personal_id and normalise_personal_id(personal_id) is None:
            bad("personal_id", _("not a valid personal identity number"))
        meets = _split(values.get("meets", ""))
        for key in meets:
            if key not in requirements:
                bad("meets", _("unknown requirement {id!r}").format(id=key))
        merit_keys = _split(values.get("merits", ""))
        for key in merit_keys:
            if key not in merits:
                bad("merits", _("unknown merit {id!r}").format(id=key))
        if problems:
            continue
        yield Candidate(
            id=id,
            identity=Identity(
                name=values.get("name") or None,
                email=email or None,
                phone=values.get("phone") or None,
                personal_id=personal_id or None,
                identifiers=identifiers,
            ),
            meets=meets,
            merits=merit_keys,
            application=application,
        )


def _index(columns: dict[int, str], field: str) -> int:
    return next(i for i, f in columns.items() if f == field)


@hookimpl
def rekrytera_register_importers() -> Iterable[object]:
    """The built-in CSV importer."""
    return [CsvImporter()]
