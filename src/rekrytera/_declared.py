"""What a scoring method declares about itself: its options and its flags.

A method that declares them gets its options checked (type, range, choices)
before it runs, shown in ``rekrytera score --help`` and ``rekrytera plugins
--verbose``, and its flags shown to people by label and explained in the
memo, in Swedish and English. :mod:`rekrytera.scoring` is their public
namespace.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Literal

import attrs

from ._i18n import _, current_language
from .model._base import frozen_mapping, to_tuple

__all__ = ["MethodFlag", "Option"]

Kind = Literal["number", "integer", "choice", "text"]


def _in(texts: Mapping[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


@attrs.frozen(kw_only=True)
class MethodFlag:
    """A flag of a method's own, as people read it.

    :param name: the flag as results carry it (``resident_veto``).
    :param label: a few words for tables, by language (``{"sv": "invånarnas
        veto", "en": "residents' veto"}``).
    :param explanation: a sentence or two for the memo, by language.
    """

    name: str
    label: Mapping[str, str] = attrs.field(converter=frozen_mapping)
    explanation: Mapping[str, str] = attrs.field(factory=dict, converter=frozen_mapping)

    def label_in(self, lang: str) -> str:
        """The label in *lang* (English, else any, when the method has none in it)."""
        return _in(self.label, lang)

    def explanation_in(self, lang: str) -> str:
        """The explanation in *lang* (English, else any, when there is none in it)."""
        return _in(self.explanation, lang)


@attrs.frozen(kw_only=True)
class Option:
    """An option a method takes (``--option NAME=VALUE``), checked before it runs.

    :param name: what users write before ``=``.
    :param kind: ``number``, ``integer``, ``choice`` (one of *choices*) or ``text``.
    :param default: the value when the option is not given (as it would be
        written), or ``None`` for no default: the method sees it absent.
    :param minimum: the smallest number allowed (``number`` and ``integer``).
    :param maximum: the largest number allowed.
    :param choices: the values allowed (``choice``).
    :param help: what it does, by language.

    The method still gets every value as a string in ``context.options``;
    after the check it can convert without guarding.
    """

    name: str
    kind: Kind = "number"
    default: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    help: Mapping[str, str] = attrs.field(factory=dict, converter=frozen_mapping)

    def problem(self, value: str) -> str | None:
        """What is wrong with *value* for this option, or ``None``."""
        if self.kind == "choice":
            if value not in self.choices:
                return _("{value!r} is not one of: {choices}").format(
                    value=value, choices=", ".join(self.choices)
                )
            return None
        if self.kind == "text":
            return None
        try:
            number = int(value) if self.kind == "integer" else float(value)
        except ValueError:
            if self.kind == "integer":
                return _("{value!r} is not a whole number").format(value=value)
            return _("{value!r} is not a number").format(value=value)
        if not math.isfinite(number):
            return _("{value!r} is not a finite number").format(value=value)
        if self.minimum is not None and number < self.minimum:
            return _("{value} is less than {minimum:g}").format(value=value, minimum=self.minimum)
        if self.maximum is not None and number > self.maximum:
            return _("{value} is more than {maximum:g}").format(value=value, maximum=self.maximum)
        return None

    def describe(self, lang: str | None = None) -> str:
        """One line for ``--help``: the name, what it takes, the default and the help."""
        lang = lang or current_language()
        if self.kind == "choice":
            takes = " | ".join(self.choices)
        elif self.kind == "text":
            takes = _("text")
        else:
            takes = _("a whole number") if self.kind == "integer" else _("a number")
            if self.minimum is not None and self.maximum is not None:
                takes = _("{kind} from {minimum:g} to {maximum:g}").format(
                    kind=takes, minimum=self.minimum, maximum=self.maximum
                )
            elif self.minimum is not None:
                takes = _("{kind}, at least {minimum:g}").format(kind=takes, minimum=self.minimum)
            elif self.maximum is not None:
                takes = _("{kind}, at most {maximum:g}").format(kind=takes, maximum=self.maximum)
        default = (
            "" if self.default is None else _("; default {default}").format(default=self.default)
        )
        text = _in(self.help, lang) if self.help else ""
        return f"{self.name} ({takes}{default})" + (f": {text}" if text else "")
