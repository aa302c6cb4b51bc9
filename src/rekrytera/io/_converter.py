"""The library's private cattrs converter.

One converter serves TOML and JSON: it turns the parsed tree into model objects
and back, refusing anything the format does not allow. It is strict on purpose:
``"4"`` is not a score, ``true`` is not a weight, and an unknown key is an error.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, get_args, get_origin

import attrs
from cattrs import Converter
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from .._i18n import N_, _
from ..model import Candidate, Identity, Panelist, PoolResident, Recruitment

if TYPE_CHECKING:
    from ..plugins import Registry

__all__ = ["describe", "file_keys", "make_converter"]

#: Model attributes stored under another name in the file.
RENAMED: dict[tuple[type, str], str] = {(Recruitment, "info"): "recruitment"}
#: Model attributes whose fields sit directly on the parent in the file.
FLATTENED: dict[type, tuple[str, type]] = {
    Candidate: ("identity", Identity),
    Panelist: ("identity", Identity),
    PoolResident: ("identity", Identity),
}


_KINDS = {
    bool: N_("a boolean"),
    int: N_("an integer"),
    float: N_("a number"),
    str: N_("a string"),
    list: N_("an array"),
    tuple: N_("an array"),
    dict: N_("a table"),
    type(None): N_("null"),
    dt.date: N_("a date"),
    dt.datetime: N_("a date-time"),
    dt.time: N_("a time"),
}


def describe(value: object) -> str:
    """A short description of a value from a file, for error messages."""
    kind = _(_KINDS[type(value)]) if type(value) in _KINDS else type(value).__name__
    shown = repr(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return kind if isinstance(value, list | tuple | dict) else f"{shown} ({kind})"


def _str(value: object, _cl: type) -> str:
    if isinstance(value, str):
        return value
    raise TypeError(_("expected a string, got {value}").format(value=describe(value)))


def _int(value: object, _cl: type) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise TypeError(_("expected an integer, got {value}").format(value=describe(value)))


def _float(value: object, _cl: type) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return float(value)
        except OverflowError:
            raise ValueError(
                _("{value} is too large a number").format(value=describe(value))
            ) from None
    raise TypeError(_("expected a number, got {value}").format(value=describe(value)))


def _bool(value: object, _cl: type) -> bool:
    if isinstance(value, bool):
        return value
    raise TypeError(_("expected true or false, got {value}").format(value=describe(value)))


def _date(value: object, _cl: type) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise TypeError(_("expected a date like 2026-05-04, got {value}").format(value=describe(value)))


def _unstructure_number(value: float) -> float:
    """Write whole numbers without ``.0``: ``weight = 3`` reads better than ``3.0``."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _enum(value: object, cl: type[enum.Enum]) -> enum.Enum:
    for member in cl:
        if member.value == value:
            return member
    allowed = ", ".join(str(m.value) for m in cl)
    raise ValueError(_("{value!r} is not one of: {allowed}").format(value=value, allowed=allowed))


def _is_homogeneous_tuple(t: Any) -> bool:
    args = get_args(t)
    return get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_dict(t: Any) -> bool:
    return get_origin(t) in (dict, Mapping)


def make_converter(registry: Registry | None = None) -> Converter:
    """Build a new converter for recruitment files (never a global one).

    :param registry: plugins whose ``rekrytera_configure_converter`` hooks may
        register hooks of their own on the converter, for their own types.
    """
    conv = Converter(forbid_extra_keys=True, detailed_validation=True, omit_if_default=True)

    for cl, fn in (
        (str, _str),
        (int, _int),
        (float, _float),
        (bool, _bool),
        (dt.date, _date),
    ):
        conv.register_structure_hook(cl, fn)
    # These dispatch on the class's MRO, where StrEnum comes before str.
    conv.register_structure_hook(enum.StrEnum, _enum)
    conv.register_structure_hook(enum.Enum, _enum)
    conv.register_unstructure_hook(float, _unstructure_number)
    conv.register_unstructure_hook(enum.StrEnum, lambda v: v.value)
    conv.register_unstructure_hook(enum.Enum, lambda v: v.value)

    # Each type's item handlers, found once: looking them up per call dominated loading.
    items: dict[Any, tuple[Any, Callable[[Any, Any], Any]]] = {}
    entries: dict[Any, tuple[Any, Callable[[Any, Any], Any], Any, Callable[[Any, Any], Any]]] = {}

    def item_handler(t: Any) -> tuple[Any, Callable[[Any, Any], Any]]:
        if t not in items:
            item_type = get_args(t)[0]
            items[t] = (item_type, conv.get_structure_hook(item_type))
        return items[t]

    def entry_handlers(
        t: Any,
    ) -> tuple[Any, Callable[[Any, Any], Any], Any, Callable[[Any, Any], Any]]:
        if t not in entries:
            key_type, value_type = get_args(t)
            key_handler = _anchor_level if key_type is int else conv.get_structure_hook(key_type)
            entries[t] = (key_type, key_handler, value_type, conv.get_structure_hook(value_type))
        return entries[t]

    def structure_tuple(value: object, t: Any) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise TypeError(_("expected an array, got {value}").format(value=describe(value)))
        item_type, handler = item_handler(t)
        result, errors = [], []
        for i, item in enumerate(value):
            try:
                result.append(handler(item, item_type))
            except Exception as e:
                e.__notes__ = [*getattr(e, "__notes__", []), _note(i, item_type)]
                errors.append(e)
        if errors:
            raise IterableValidationError("While structuring an array", errors, t)
        return tuple(result)

    def structure_dict(value: object, t: Any) -> dict[Any, Any]:
        if not isinstance(value, Mapping):
            raise TypeError(_("expected a table, got {value}").format(value=describe(value)))
        key_type, key_handler, value_type, value_handler = entry_handlers(t)
        result, errors = {}, []
        for k, v in value.items():
            try:
                structured_key = key_handler(k, key_type)
                result[structured_key] = value_handler(v, value_type)
            except Exception as e:
                e.__notes__ = [*getattr(e, "__notes__", []), _note(k, value_type)]
                errors.append(e)
        if errors:
            raise IterableValidationError("While structuring a table", errors, t)
        return result

    def unstructure_dict(value: Mapping[Any, Any]) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for k, v in value.items():
            key = k if type(k) is str else str(conv.unstructure(k))
            # The plain types of scores and attributes, without a trip through the
            # converter's dispatch (exact types: an enum member is not a str here).
            kind = type(v)
            if kind is float:
                out[key] = _unstructure_number(v)
            elif kind is str or kind is int or kind is bool or v is None:
                out[key] = v
            elif isinstance(v, Mapping):
                out[key] = unstructure_dict(v)
            else:
                out[key] = conv.unstructure(v)
        return out

    conv.register_structure_hook_func(_is_homogeneous_tuple, structure_tuple)
    conv.register_structure_hook_func(_is_dict, structure_dict)
    conv.register_unstructure_hook_func(_is_dict, unstructure_dict)
    conv.register_unstructure_hook_func(
        _is_homogeneous_tuple, lambda v: [conv.unstructure(x) for x in v]
    )

    def structure_factory(cl: type) -> Callable[[object, type], Any]:
        overrides = {attr: override(rename=name) for (c, attr), name in RENAMED.items() if c is cl}
        fn: Callable[[Any, Any], Any] = make_dict_structure_fn(
            cl,
            conv,
            _cattrs_forbid_extra_keys=False,
            **overrides,  # type: ignore[arg-type]
        )
        allowed = set(file_keys(cl))
        flattened = FLATTENED.get(cl)

        def structure(value: object, t: type) -> Any:
            if not isinstance(value, Mapping):
                raise TypeError(_("expected a table, got {value}").format(value=describe(value)))
            unknown = value.keys() - allowed
            if unknown or flattened:
                table = {k: v for k, v in value.items() if k in allowed}
                if flattened:
                    attr, inner = flattened
                    fields = attrs.fields_dict(inner)
                    inner_value = {k: table.pop(k) for k in list(table) if k in fields}
                    if inner_value:  # else the class default, an empty one
                        table[attr] = inner_value
                value = table
            # Unknown keys are reported together with every other problem of the
            # table, including those its validators find, not instead of them.
            errors: list[Exception] = []
            try:
                result = fn(value, t)
            except ClassValidationError as e:
                errors += e.exceptions
            if unknown:
                errors.append(ForbiddenExtraKeysError(None, cl, unknown))
            if errors:
                raise ClassValidationError(f"While structuring {cl.__name__}", errors, cl)
            return result

        return structure

    def unstructure_factory(cl: type) -> Callable[[Any], dict[str, Any]]:
        overrides = {attr: override(rename=name) for (c, attr), name in RENAMED.items() if c is cl}
        fn: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(
            cl,
            conv,
            _cattrs_omit_if_default=True,
            **overrides,  # type: ignore[arg-type]
        )
        # cattrs puts fields that are always written first; files read better in
        # the order the classes declare them, with flattened fields in place.
        order = file_keys(cl)
        flattened = FLATTENED.get(cl, (None,))[0]
        # Its order is the file's already unless a field with a default that is
        # declared before one without is written (a calibrated rating's phase).
        fields = attrs.fields(cl)
        last = max((i for i, f in enumerate(fields) if f.default is attrs.NOTHING), default=-1)
        movers = frozenset(
            RENAMED.get((cl, f.name), f.name)
            for f in fields[:last]
            if f.default is not attrs.NOTHING
        )

        def unstructure(value: Any) -> dict[str, Any]:
            tree = fn(value)
            if flattened is not None:
                tree.update(tree.pop(flattened, {}))
            elif movers.isdisjoint(tree):
                return tree
            return {k: tree[k] for k in order if k in tree}

        return unstructure

    conv.register_structure_hook_factory(attrs.has, structure_factory)
    conv.register_unstructure_hook_factory(attrs.has, unstructure_factory)
    if registry is not None:
        registry.configure_converter(conv)
    return conv


def file_keys(cl: type) -> list[str]:
    """The keys a table for the attrs class *cl* may have in a file, in order."""
    names: list[str] = []
    for field in attrs.fields(cl):
        if FLATTENED.get(cl, (None,))[0] == field.name:
            names += [f.name for f in attrs.fields(FLATTENED[cl][1])]
        else:
            names.append(RENAMED.get((cl, field.name), field.name))
    return names


def _note(index: int | str, t: Any) -> IterableValidationNote:
    return IterableValidationNote(f"Structuring item @ {index!r}", index, t)


def _anchor_level(value: object, _cl: type) -> int:
    """Scale levels are table keys, so TOML gives them as strings: "1", "3", "5"."""
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError(
        _("expected a scale level (a whole number), got {value}").format(value=describe(value))
    )
