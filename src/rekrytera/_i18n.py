"""Messages in Swedish and English, from gettext catalogues.

The messages in the code are English (the msgids); ``locale/sv/LC_MESSAGES/
rekrytera.po`` holds their Swedish translations, compiled to a ``.mo`` file
when the wheel is built. English needs no catalogue: gettext falls back to
the msgid.

The language is a context variable, so a web request, a command or a test can
choose it without touching anyone else's. The command line chooses Swedish
unless ``--lang`` or :data:`LANG_ENV` says otherwise; the Python API keeps
English, the language of its other documentation, unless the caller wraps a
block in :func:`language`.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import gettext
import os.path
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from typing import Final

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LANG_ENV",
    "N_",
    "_",
    "current_language",
    "language",
    "ngettext",
    "os_error",
    "translations",
]

#: The languages rekrytera speaks, Swedish first.
LANGUAGES: Final = ("sv", "en")

#: The environment variable the command line reads its language from.
LANG_ENV: Final = "REKRYTERA_LANG"

#: The gettext domain: the name of the ``.po`` and ``.mo`` files.
DOMAIN: Final = "rekrytera"

_HERE = os.path.dirname(os.path.abspath(__file__))

_current: ContextVar[str] = ContextVar("rekrytera_language", default="en")


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of *lang*; English is the msgids themselves.

    A missing Swedish catalogue is a broken installation, not a reason to
    speak English quietly, so it raises :class:`FileNotFoundError`.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; rekrytera speaks {', '.join(LANGUAGES)}")
    if lang == "en":
        return gettext.NullTranslations()
    # pip installs the package as files; os.path keeps ``import rekrytera``
    # cheaper than importlib.resources would.
    mo = os.path.join(_HERE, "locale", lang, "LC_MESSAGES", f"{DOMAIN}.mo")
    with open(mo, "rb") as f:
        return gettext.GNUTranslations(f)


def current_language() -> str:
    """The language messages are written in now."""
    return _current.get()


@contextlib.contextmanager
def language(lang: str) -> Iterator[None]:
    """Write messages in *lang* inside the ``with`` block (see :mod:`rekrytera.i18n`)."""
    translations(lang)  # an unknown language fails here, not at the first message
    token = _current.set(lang)
    try:
        yield
    finally:
        _current.reset(token)


def _(message: str) -> str:
    """*message* in the current language."""
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of *singular*/*plural* that fits *n*, in the current language."""
    return translations(_current.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark only"
    """Mark *message* for the catalogue without translating it yet."""
    return message


#: What the operating system says, for the errors people meet, in words of
#: the catalogue (the C library's own texts are English whatever the language).
_OS_ERRORS: Final = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.EISDIR: N_("is a folder, not a file"),
    errno.ENOTDIR: N_("not a folder"),
    errno.EEXIST: N_("exists already"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EROFS: N_("the file system is read-only"),
    errno.ENAMETOOLONG: N_("the name is too long"),
}


def os_error(error: OSError) -> str:
    """What went wrong, in the current language: ``cannot read x: {os_error(e)}``.

    Errors outside the common ones keep the operating system's own text. A
    path through a file ("exists already" from the system when a folder is
    made where a file is) names that file.
    """
    if error.errno in (errno.EEXIST, errno.ENOTDIR) and isinstance(error.filename, str):
        import pathlib  # only on this error path: not at every start

        named = pathlib.PurePath(error.filename)
        for path in (named, *named.parents):
            if os.path.isfile(path):
                return _("{path} is a file, not a folder").format(path=path)
    known = _OS_ERRORS.get(error.errno or 0)
    return _(known) if known else error.strerror or str(error)


class Texts(Mapping[str, Mapping[str, str]]):
    """Messages by key in every language: ``texts[lang][key]``.

    For the texts a page or a report looks up by key: the English is given
    here (marked with :func:`N_`), the other languages come from the
    catalogue like every other message. ``lang in texts`` tells whether a
    language is spoken.
    """

    def __init__(self, messages: Mapping[str, str]) -> None:
        self._messages = dict(messages)
        self._by_lang: dict[str, Mapping[str, str]] = {}

    def __getitem__(self, lang: str) -> Mapping[str, str]:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        if lang not in self._by_lang:
            catalogue = translations(lang)
            self._by_lang[lang] = {k: catalogue.gettext(v) for k, v in self._messages.items()}
        return self._by_lang[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


class Translated(Mapping[str, str]):
    """One message in every language: ``translated[lang]``.

    Where an interface asks for a text per language (a scoring method's
    ``explanation``), the library's own texts are one English message marked
    with :func:`N_`, translated from the catalogue when read.
    """

    def __init__(self, message: str) -> None:
        self.message = message

    def __getitem__(self, lang: str) -> str:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        return translations(lang).gettext(self.message)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)

    def __repr__(self) -> str:
        return f"Translated({self.message!r})"
