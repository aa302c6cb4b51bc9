"""argparse in the command's language.

argparse writes its own words ("usage:", "the following arguments are
required") through :func:`gettext.gettext`, looked up in its module when they
are written. :func:`speaking` points those lookups at rekrytera's catalogue
for the length of one command, so that a Swedish command line says
"användning:" and not "usage:". The messages are listed here so that the
catalogue keeps them and its test knows they are used.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator

from .._i18n import N_, translations

__all__ = ["Parser", "speaking"]

# argparse's messages as Python 3.11–3.13 write them; a test runs the command
# line in both languages and fails on one of these in the wrong language.
_MESSAGES = (
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
)


class Parser(argparse.ArgumentParser):
    """An argument parser whose help may end with text made only when help is shown.

    ``rekrytera score --help`` lists the options of the installed scoring
    methods; finding them loads the plugins, which no other use of the
    parser should pay for.
    """

    epilog_factory: Callable[[], str] | None = None

    def format_help(self) -> str:
        text = super().format_help()
        if self.epilog_factory is None:
            return text
        return f"{text}\n{self.epilog_factory()}\n"


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[None]:
    """argparse's own messages in *lang* inside the ``with`` block."""
    catalogue = translations(lang)
    saved = {name: getattr(argparse, name) for name in ("_", "ngettext") if hasattr(argparse, name)}
    argparse._ = catalogue.gettext  # type: ignore[attr-defined]
    argparse.ngettext = catalogue.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for name in ("_", "ngettext"):
            if name in saved:
                setattr(argparse, name, saved[name])
            else:
                delattr(argparse, name)
