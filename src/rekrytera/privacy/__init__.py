"""Personal data: anonymisation, keyed pseudonyms, panelist views and retention.

Pseudonymised data are still personal data under the GDPR: whoever holds the
key can link them back. See the privacy guide in the documentation for what
this module does and does not do.
"""

from ..exceptions import RekryteraError, lookup
from ..model import Recruitment
from ..plugins import PluginError, Registry, default_registry
from ._anonymise import Pseudonymise, RandomKeyWarning, anonymise_with, builtin_scrubber
from ._identifiers import (
    EMAIL,
    PERSONAL_ID,
    PHONE,
    check_digit,
    is_valid_personal_id,
    normalise_personal_id,
)
from ._pseudonym import MIN_KEY_BYTES, new_key, person_source, pseudonym, read_key
from ._retention import RetentionPolicy, erase, purge
from ._scrub import TOKENS, Finding, Scrubber
from ._views import AccessDenied, PanelistView, resident_scrubber, view

__all__ = [
    "EMAIL",
    "MIN_KEY_BYTES",
    "PERSONAL_ID",
    "PHONE",
    "TOKENS",
    "AccessDenied",
    "Finding",
    "PanelistView",
    "Pseudonymise",
    "RandomKeyWarning",
    "RetentionPolicy",
    "Scrubber",
    "anonymise",
    "builtin_scrubber",
    "check_digit",
    "erase",
    "is_valid_personal_id",
    "new_key",
    "normalise_personal_id",
    "person_source",
    "pseudonym",
    "purge",
    "read_key",
    "resident_scrubber",
    "view",
]


def anonymise(
    recruitment: Recruitment,
    key: bytes | None = None,
    *,
    anonymiser: str = "pseudonymise",
    registry: Registry | None = None,
) -> Recruitment:
    """A pseudonymised copy of *recruitment*, valid and scoring exactly as the original.

    :param key: the secret key (at least 32 bytes). The same key gives the same
        pseudonyms in every recruitment. Without one, a random key is used and a
        :class:`~rekrytera.privacy.RandomKeyWarning` says that the pseudonyms link to nothing else.
    :param anonymiser: a registered anonymiser (``rekrytera plugins`` lists them).
    :param registry: the plugins to use; by default built-ins and installed plugins.
    :raises rekrytera.exceptions.UnknownName: for an unknown anonymiser.
    :raises PluginError: if the anonymiser fails or returns something else than
        a recruitment.
    """
    registry = registry or default_registry()
    registered = lookup("anonymiser", anonymiser, registry.anonymisers())
    where = f"anonymiser {anonymiser!r} ({registry.describe(registered.plugin)})"
    try:
        result = anonymise_with(registered.obj, recruitment, key)
    except (RekryteraError, RandomKeyWarning):
        raise
    except Exception as e:
        raise PluginError(f"{where} failed: {type(e).__name__}: {e}") from e
    if not isinstance(result, Recruitment):
        raise PluginError(f"{where} returned {type(result).__name__}, not a Recruitment")
    return result
