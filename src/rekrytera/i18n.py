"""The language rekrytera writes its messages in: Swedish or English.

The command line speaks Swedish unless ``--lang en`` or ``REKRYTERA_LANG=en``
says otherwise. The Python API writes its messages (problems in a file,
errors) in English unless a block asks for Swedish:

>>> import rekrytera
>>> from rekrytera.i18n import language
>>> with language("sv"):
...     rekrytera.loads('schema = 1', format="toml")
Traceback (most recent call last):
...
rekrytera.exceptions.InvalidRecruitment: recruitment: saknas men måste finnas
profile: saknas men måste finnas

The decision memo (:func:`rekrytera.report.render`) and the workspace take
their language as an argument and use it for every message they contain.
The messages come from gettext catalogues compiled into the package; see
:doc:`/how-to/translate` for how they are kept.
"""

from __future__ import annotations

from ._i18n import LANG_ENV, LANGUAGES, current_language, language

__all__ = ["LANGUAGES", "LANG_ENV", "current_language", "language"]
