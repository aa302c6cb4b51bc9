"""msgspec structs generated from the attrs model: the types of the fast JSON path.

The file format is defined once, by the attrs classes of :mod:`rekrytera.model`
as the converter of :mod:`rekrytera.io` reads them. To load thousands of files
quickly, :func:`rekrytera.analysis.load` decodes JSON with msgspec into structs
*generated from those same classes*: the same keys (renamed and flattened as the
converter does), the same types, the same defaults. msgspec checks the types
while it parses. The model objects are then built by their own constructors,
so every rule of the model runs as usual.

The structs are at least as strict as the converter: whatever they refuse
(``1.0`` where a whole number belongs, a date written ``20260504``), the loader
hands to :func:`rekrytera.loads`, which accepts it or says what is wrong. A
differential test holds the two to the same verdict on broken files.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import math
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import msgspec

from ..io._converter import FLATTENED, RENAMED
from ..model import CompetenceProfile, InterviewGuide, Rating, Recruitment

__all__ = ["Unsupported", "decoder", "ratings_decoder"]

_SCALARS = (str, int, float, bool, dt.date)
#: Defaults a struct can hold as they are (others are left UNSET and filled by attrs).
_PLAIN = (str, int, float, bool, type(None), enum.Enum, tuple)


class Unsupported(TypeError):
    """A type of the model that the generated structs cannot mirror."""


def _struct_default(field: attrs.Attribute[Any]) -> Any:
    """The default a struct gives *field* (which has one): the attrs default itself,
    a factory for a factory, or UNSET for an object the build function leaves to attrs.
    """
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        if default.takes_self:
            raise Unsupported(f"{field.name}: a default that takes self")
        return msgspec.field(default_factory=default.factory)
    if isinstance(default, _PLAIN) and not (isinstance(default, tuple) and default):
        return default
    return msgspec.UNSET  # an attrs object (Scale(), InterviewGuide())


class _Generator:
    """Generates a struct and a build function for each attrs class of the model."""

    def __init__(self, *, values: bool = False) -> None:
        #: Decode enums as their values (strings checked against them), not members.
        self.values = values
        self.structs: dict[type, type[msgspec.Struct]] = {}
        self.builders: dict[type, Callable[[Any], Any]] = {}

    def struct(
        self, cl: type, *, top: bool = False, override: dict[str, Any] | None = None
    ) -> type[msgspec.Struct]:
        """The struct of *cl*; *override* gives some fields another struct type."""
        override = override or {}
        if cl in self.structs and not override:
            return self.structs[cl]
        hints = typing.get_type_hints(cl)
        # msgspec wants the fields without a default first.
        required: list[tuple[str, Any] | tuple[str, Any, Any]] = [("schema", int)] if top else []
        optional: list[tuple[str, Any] | tuple[str, Any, Any]] = []
        flattened = FLATTENED.get(cl)
        for field in attrs.fields(cl):
            if flattened is not None and field.name == flattened[0]:
                inner_hints = typing.get_type_hints(flattened[1])
                for inner in attrs.fields(flattened[1]):
                    optional.append(self._field(inner.name, inner, inner_hints[inner.name]))
            elif field.default is attrs.NOTHING:
                t = override.get(field.name) or self.type_of(hints[field.name])
                required.append((self._name(cl, field), t))
            elif field.name in override:
                t = override[field.name]
                optional.append((self._name(cl, field), t | msgspec.UnsetType, msgspec.UNSET))
            else:
                optional.append(self._field(self._name(cl, field), field, hints[field.name]))
        struct = msgspec.defstruct(
            cl.__name__,
            required + optional,
            forbid_unknown_fields=True,
            # Decoded files hold no cycles; structs outside the collector are cheaper.
            gc=False,
        )
        if not override:
            self.structs[cl] = struct
        return struct

    @staticmethod
    def _name(cl: type, field: attrs.Attribute[Any]) -> str:
        return RENAMED.get((cl, field.name), field.name)

    def _field(self, name: str, field: attrs.Attribute[Any], hint: Any) -> tuple[str, Any, Any]:
        """The struct field *name* for an attrs *field* that has a default."""
        t = self.type_of(hint)
        default = _struct_default(field)
        if self.values and isinstance(default, enum.Enum):
            default = default.value
        if default is msgspec.UNSET:
            return name, t | msgspec.UnsetType, default
        return name, t, default

    def type_of(self, hint: Any) -> Any:
        """The struct type that decodes what the converter structures as *hint*."""
        if hint in _SCALARS or hint is type(None):
            return hint
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            return typing.Literal[tuple(m.value for m in hint)] if self.values else hint
        if attrs.has(hint):
            return self.struct(hint)
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return tuple[self.type_of(args[0]), ...]  # type: ignore[misc]
        if origin in (dict, Mapping):  # the model's read-only mappings decode as dicts
            return dict[self.type_of(args[0]), self.type_of(args[1])]  # type: ignore[misc]
        if origin in (types.UnionType, typing.Union):
            return functools.reduce(lambda a, b: a | b, map(self.type_of, args))
        raise Unsupported(f"no struct type for {hint!r}")

    def builder(
        self,
        cl: type,
        *,
        skip: tuple[str, ...] = (),
        via: Mapping[str, Callable[[Any], Any]] | None = None,
    ) -> Callable[[Any], Any]:
        """A function that builds a *cl* from its struct, through the attrs constructor.

        Generated as source, as attrs and cattrs generate theirs: this runs
        once per object in every file. *via* builds some fields from their
        struct values its own way (fields the struct holds as ``msgspec.Raw``).
        """
        via = via or {}
        if cl in self.builders and not via:
            return self.builders[cl]
        hints = typing.get_type_hints(cl)
        names: dict[str, Any] = {"cl": cl, "UNSET": msgspec.UNSET}
        arguments: list[str] = []
        flattened = FLATTENED.get(cl)
        for i, field in enumerate(attrs.fields(cl)):
            if field.name in skip:
                continue
            if flattened is not None and field.name == flattened[0]:
                inner = flattened[1]
                arguments.append(f"{field.name}={self._flattened(inner, field, i, names)}")
                continue
            value = f"s.{self._name(cl, field)}"
            if field.name in via:
                names[f"v{i}"] = via[field.name]
                expression = f"v{i}({value})"
            else:
                expression = self._build(hints[field.name], value, i, names)
            if _struct_default(field) is msgspec.UNSET:
                names[f"d{i}"] = field.default
                expression = f"d{i} if {value} is UNSET else {expression}"
            arguments.append(f"{field.name}={expression}")
        source = f"def build(s):\n    return cl({', '.join(arguments)})\n"
        exec(compile(source, f"<rekrytera.analysis build {cl.__name__}>", "exec"), names)
        build: Callable[[Any], Any] = names["build"]
        if not via:
            self.builders[cl] = build
        return build

    def _build(self, hint: Any, value: str, i: int, names: dict[str, Any]) -> str:
        """The expression that turns the struct value *value* into the model's."""
        if attrs.has(hint):
            names[f"b{i}"] = self.builder(hint)
            return f"b{i}({value})"
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        inner = [a for a in args if attrs.has(a)]
        if not inner:
            return value
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            names[f"b{i}"] = self.builder(args[0])
            return f"tuple(map(b{i}, {value}))"
        if origin in (types.UnionType, typing.Union) and set(args) == {inner[0], type(None)}:
            names[f"b{i}"] = self.builder(inner[0])
            return f"(None if {value} is None else b{i}({value}))"
        raise Unsupported(f"no build for {hint!r}")

    def _flattened(
        self, inner: type, field: attrs.Attribute[Any], i: int, names: dict[str, Any]
    ) -> str:
        """Build the flattened object only when the file gives one of its fields."""
        unset: list[str] = []
        passed: list[str] = []
        for inner_field in attrs.fields(inner):
            default = inner_field.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                unset.append(f"not s.{inner_field.name}")
            elif default is None:
                unset.append(f"s.{inner_field.name} is None")
            else:
                raise Unsupported(f"{inner.__name__}.{inner_field.name}: no build for its default")
            passed.append(f"{inner_field.name}=s.{inner_field.name}")
        names[f"d{i}"], names[f"c{i}"] = field.default, inner
        return f"(d{i} if {' and '.join(unset)} else c{i}({', '.join(passed)}))"


#: How many distinct profiles and interview guides :func:`decoder`'s build keeps built.
SHARED = 64


def _shared(generator: _Generator, cl: type) -> Callable[[msgspec.Raw], Any]:
    """Decode and build a *cl* from its JSON text, once for each distinct text.

    The recruitments of a corpus mostly share a few profiles and guides (made
    from the same templates): a file whose profile is, byte for byte, one
    already built gets that same frozen object, which the model's
    constructors have already checked. A text that does not build (the
    decoder or a constructor raises) is not kept, so it raises again.
    """
    decode = msgspec.json.Decoder(generator.struct(cl)).decode
    build = generator.builder(cl)

    @functools.lru_cache(maxsize=SHARED)
    def from_text(text: bytes) -> Any:
        return build(decode(text))

    def shared(raw: msgspec.Raw) -> Any:
        return from_text(bytes(raw))

    return shared


@functools.cache
def decoder() -> tuple[msgspec.json.Decoder[Any], Callable[[Any], Recruitment]]:
    """The decoder of a whole file, and the build of its recruitment without ratings.

    The ratings are left undecoded (``msgspec.Raw``): how to decode them
    depends on the profile, see :func:`ratings_decoder`. So are the profile
    and the interview guide, which are decoded and built once per distinct
    text (see :data:`SHARED`).
    """
    generator = _Generator()
    via = {
        "profile": _shared(generator, CompetenceProfile),
        "guide": _shared(generator, InterviewGuide),
    }
    struct = generator.struct(
        Recruitment, top=True, override={"ratings": msgspec.Raw} | dict.fromkeys(via, msgspec.Raw)
    )
    build = generator.builder(Recruitment, skip=("ratings",), via=via)
    return msgspec.json.Decoder(struct), build


@functools.lru_cache(maxsize=256)
def ratings_decoder(competences: tuple[str, ...]) -> msgspec.json.Decoder[Any]:
    """The decoder of the ratings of a profile with these *competences*.

    A rating's scores decode into a struct with a field per competence, NaN
    where the rating has no score (a file cannot hold NaN): a key that is no
    competence of the profile is refused, and the scores of all ratings are
    read as one table without looking at their keys again.
    """
    scores = msgspec.defstruct(
        "Scores",
        [(f"c{i}", float, math.nan) for i in range(len(competences))],
        rename={f"c{i}": key for i, key in enumerate(competences)},
        forbid_unknown_fields=True,
        gc=False,
    )
    # Stages and phases as strings: they are looked up by their hash, which
    # a string has in C and an enum member in Python.
    rating = _Generator(values=True).struct(Rating, override={"scores": scores})
    return msgspec.json.Decoder(tuple[rating, ...])  # type: ignore[valid-type]
