"""Loading and dumping recruitment files (TOML for people, JSON for machines)."""

from __future__ import annotations

import json
import os
import tomllib
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal, TypeAlias, TypeVar

import tomli_w
from cattrs import Converter

from .._atomic import atomic_write
from .._i18n import N_, _, os_error
from ..exceptions import InvalidRecruitment, Problem, RekryteraError
from ..model import Recruitment
from ._converter import describe, make_converter
from ._errors import problems_from

__all__ = [
    "SCHEMA",
    "Format",
    "OldLayoutWarning",
    "dump",
    "dumps",
    "from_tree",
    "load",
    "load_as",
    "load_split",
    "loads",
    "read_tree",
    "split_tree",
    "structure_tree",
    "to_tree",
]

Format: TypeAlias = Literal["toml", "json"]

#: The version of the file format this release reads and writes.
SCHEMA = 1

#: The largest file :func:`load` reads, in bytes (50 MB: a recruitment of tens of
#: thousands of ratings is a few MB). Raise it with ``load(..., max_bytes=...)``
#: or ``REKRYTERA_MAX_FILE_MB``; devices and pipes are read up to it too.
MAX_BYTES = 50 * 1024 * 1024

#: Migrations of a raw tree from schema *n* to *n + 1*, applied in order before
#: structuring. Add an entry here when the format changes incompatibly.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

_converter: Converter | None = None


def converter() -> Converter:
    """The converter the loader uses, built on first use."""
    global _converter
    if _converter is None:
        _converter = make_converter()
    return _converter


def _problem(message: str, path: str = "") -> InvalidRecruitment:
    return InvalidRecruitment([Problem(path, message)])


def _schema_version(tree: dict[str, Any]) -> int:
    if "schema" not in tree:
        raise _problem(
            _("required but missing (the format version; this release writes {schema})").format(
                schema=SCHEMA
            ),
            "schema",
        )
    version = tree.pop("schema")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _problem(
            _("expected a format version (a whole number from 1), got {value}").format(
                value=describe(version)
            ),
            "schema",
        )
    if version > SCHEMA:
        raise _problem(
            _(
                "the file is in format version {version}, newer than this release of "
                "rekrytera reads ({schema}); upgrade rekrytera"
            ).format(version=version, schema=SCHEMA),
            "schema",
        )
    return version


T = TypeVar("T")


def from_tree(tree: object) -> Recruitment:
    """Build a :class:`~rekrytera.model.Recruitment` from a parsed TOML or JSON tree.

    The tree must carry its ``schema`` number; older schemas are migrated first.

    :raises InvalidRecruitment: listing every problem found.
    """
    return structure_tree(tree, Recruitment)


class OldLayoutWarning(UserWarning):
    """A recruitment file holds residents' participation data, as files did before 0.2."""


OLD_LAYOUT = N_(
    "a recruitment file holds residents' participation data (lived experience, fees, "
    "income support) and it was left out: it belongs in a participation register of its "
    "own. Move it there with 'rekrytera split FILE --register REGISTER'"
)


def split_tree(tree: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Split a recruitment's file tree into the recruitment and its residents' data.

    Files before 0.2 kept ``[[participation]]`` and the resident panelists'
    ``experience`` in the recruitment. Returns the tree without them and, if
    there were any, a participation register's tree holding them (each
    record with the recruitment's id); otherwise ``None``.
    """
    data = dict(tree)
    found = "participation" in data
    records = data.pop("participation", None)
    experience: dict[str, Any] = {}
    panel = data.get("panel")
    if isinstance(panel, list) and any(isinstance(e, Mapping) and "experience" in e for e in panel):
        found = True
        data["panel"] = new_panel = []
        for entry in panel:
            if isinstance(entry, Mapping) and "experience" in entry:
                entry = dict(entry)
                area = entry.pop("experience")
                if isinstance(entry.get("id"), str) and area:
                    experience[entry["id"]] = area
            new_panel.append(entry)
    if not found:
        return data, None
    info = data.get("recruitment")
    rid = info.get("id") if isinstance(info, Mapping) else None
    moved: list[Any] = []
    for record in records if isinstance(records, list) else [records] if records else []:
        if isinstance(record, Mapping):
            record = {"recruitment": rid, **record}
            area = experience.pop(record.get("panelist"), None)  # type: ignore[arg-type]
            if area is not None and "experience" not in record:
                record["experience"] = area
        moved.append(record)
    moved += [
        {"recruitment": rid, "panelist": who, "experience": area}
        for who, area in experience.items()
    ]
    return data, {"schema": tree.get("schema", SCHEMA), "participation": moved}


def structure_tree(tree: object, cls: type[T]) -> T:
    """Build a *cls* (a recruitment, a participation register, …) from a parsed file tree.

    A recruitment in the layout before 0.2, with residents' participation data
    inside, loads without that data and with an :class:`OldLayoutWarning`.
    """
    if not isinstance(tree, Mapping):
        raise _problem(
            _("expected a table at the top of the file, got {value}").format(value=describe(tree))
        )
    data = dict(tree)
    version = _schema_version(data)
    while version < SCHEMA:
        data = MIGRATIONS[version](data)
        version += 1
    if cls is Recruitment:
        data, moved = split_tree(data)
        if moved is not None:
            warnings.warn(_(OLD_LAYOUT), OldLayoutWarning, stacklevel=2)
    try:
        return converter().structure(data, cls)
    except Exception as exc:
        raise InvalidRecruitment(problems_from(exc)) from None


def to_tree(rec: Any) -> dict[str, Any]:
    """The file tree of *rec* (a recruitment or a pool): dicts, lists, strings, numbers, dates."""
    return {"schema": SCHEMA, **converter().unstructure(rec)}


def _guess_format(path: Path | None, text: str) -> Format:
    if path is not None:
        suffix = path.suffix.lower()
        if suffix in (".toml", ".json"):
            return suffix[1:]  # type: ignore[return-value]
    # A TOML file may well start with "[recruitment]"; only JSON starts with "{".
    return "json" if text.lstrip().startswith("{") else "toml"


def loads(text: str | bytes, format: Format | None = None) -> Recruitment:
    """Load a recruitment from TOML or JSON text (guessed when *format* is None).

    :raises InvalidRecruitment: listing every problem found.
    """
    if isinstance(text, bytes):
        if b"\x00" in text:
            raise _problem(_("not a text file (it contains NUL bytes)"))
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise _problem(
                _("not a UTF-8 text file (byte {byte} cannot be decoded)").format(byte=e.start)
            ) from None
    return _parse(text, format or _guess_format(None, text))


def _parse(text: str, format: Format, cls: type[T] = Recruitment) -> T:  # type: ignore[assignment]
    return structure_tree(_parse_tree(text, format), cls)


def _parse_tree(text: str, format: Format) -> Any:
    if not text.strip():
        raise _problem(_("the file is empty"))
    try:
        tree = (
            tomllib.loads(text)
            if format == "toml"
            else json.loads(text, object_pairs_hook=_no_duplicate_keys)
        )
    except _DuplicateKey as e:
        raise _problem(_("the key {key!r} appears twice in one table").format(key=e.key)) from None
    except RecursionError:
        raise _problem(_("the file is nested too deeply to be a recruitment")) from None
    except tomllib.TOMLDecodeError as e:
        raise _problem(_("not valid TOML: {error}").format(error=e)) from None
    except json.JSONDecodeError as e:
        raise _problem(_("not valid JSON: {error}").format(error=e)) from None
    surrogate = _lone_surrogate(tree)
    if surrogate is not None:
        raise _problem(_("not valid text: a lone UTF-16 surrogate (\\ud800–\\udfff)"), surrogate)
    return tree


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict, refusing a key given twice (json keeps the last, silently)."""
    table = dict(pairs)
    if len(table) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return table


def _lone_surrogate(tree: object, path: str = "") -> str | None:
    """The path of the first string holding a lone surrogate (JSON can encode one), if any."""
    stack: list[tuple[object, str]] = [(tree, path)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str):
            if not value.isascii():
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:
                    return where
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and not key.isascii():
                    try:
                        key.encode("utf-8")
                    except UnicodeEncodeError:
                        return where
                stack.append((item, f"{where}.{key}" if where else str(key)))
        elif isinstance(value, list):
            stack.extend((item, f"{where}[{i}]") for i, item in enumerate(value))
    return None


def _max_bytes() -> int:
    raw = os.environ.get("REKRYTERA_MAX_FILE_MB")
    if raw:
        try:
            return int(float(raw) * 1024 * 1024)
        except ValueError:
            pass
    return MAX_BYTES


def _read(p: Path, limit: int) -> bytes:
    """At most *limit* bytes of *p*, refusing more: a device or pipe never exhausts memory."""
    with p.open("rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise _problem(
            _(
                "{path} is larger than {mb} MB; if it really is a recruitment, raise the limit "
                "with REKRYTERA_MAX_FILE_MB"
            ).format(path=p, mb=limit // (1024 * 1024))
        )
    return data


def load_split(
    path: str | os.PathLike[str], format: Format | None = None
) -> tuple[Recruitment, dict[str, Any] | None]:
    """A recruitment file read once: the recruitment, and the tree of residents' data
    a file written before 0.2 still holds (``None`` otherwise; see :func:`split_tree`).

    Warns like :func:`rekrytera.load` when there is such data.

    :raises InvalidRecruitment: listing every problem found.
    """
    tree = read_tree(path, format)
    if not isinstance(tree, Mapping):
        return structure_tree(tree, Recruitment), None
    rest, moved = split_tree(tree)
    if moved is not None:
        warnings.warn(_(OLD_LAYOUT), OldLayoutWarning, stacklevel=2)
    return structure_tree(rest, Recruitment), moved


def load(path: str | os.PathLike[str], format: Format | None = None) -> Recruitment:
    """Load a recruitment from a ``.toml`` or ``.json`` file.

    :raises InvalidRecruitment: listing every problem found; a missing or
        unreadable file is one problem too.
    """
    return load_as(path, Recruitment, format)


def load_as(path: str | os.PathLike[str], cls: type[T], format: Format | None = None) -> T:
    """Load a file of the format's kind *cls* (a recruitment, a participation register).

    :raises InvalidRecruitment: listing every problem found.
    """
    return structure_tree(read_tree(path, format), cls)


def read_tree(path: str | os.PathLike[str], format: Format | None = None) -> Any:
    """The parsed tree of a TOML or JSON file, with the limits and checks of :func:`rekrytera.load`.

    :raises InvalidRecruitment: if the file cannot be read or parsed.
    """
    p = Path(path)
    try:
        data = _read(p, _max_bytes())
    except FileNotFoundError:
        raise _problem(_("no such file: {path}").format(path=p)) from None
    except IsADirectoryError:
        raise _problem(_("{path} is a directory, not a recruitment file").format(path=p)) from None
    except OSError as e:
        raise _problem(_("cannot read {path}: {error}").format(path=p, error=os_error(e))) from None
    if b"\x00" in data:
        raise _problem(_("not a text file (it contains NUL bytes)"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise _problem(
            _("not a UTF-8 text file (byte {byte} cannot be decoded)").format(byte=e.start)
        ) from None
    return _parse_tree(text, format or _guess_format(p, text))


def _json_default(value: object) -> object:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps(rec: Recruitment, format: Format = "toml") -> str:
    """The text of *rec* as a TOML or JSON recruitment file."""
    return tree_text(to_tree(rec), format)


def tree_text(tree: dict[str, Any], format: Format = "toml") -> str:
    """A tree of :func:`to_tree` (a recruitment's, a register's) as TOML or JSON text."""
    if format == "toml":
        return tomli_w.dumps(tree)
    if format == "json":
        return json.dumps(tree, indent=2, ensure_ascii=False, default=_json_default) + "\n"
    raise RekryteraError(_("unknown format {format!r}; use 'toml' or 'json'").format(format=format))


def dump(rec: Recruitment, path: str | os.PathLike[str], format: Format | None = None) -> None:
    """Write *rec* to *path*, as TOML or JSON by its suffix unless *format* says.

    The file is written atomically: a temporary file beside it replaces it only
    once complete, so a failure never leaves a half-written file.
    """
    p = Path(path)
    if format is None:
        suffix = p.suffix.lower()
        if suffix not in (".toml", ".json"):
            raise RekryteraError(
                _("cannot tell the format of {path}: use a .toml or .json suffix").format(path=p)
            )
        format = "toml" if suffix == ".toml" else "json"
    atomic_write(p, dumps(rec, format))
