"""Personal data: anonymisation, keyed pseudonyms, panelist views and retention.

Pseudonymised data are still personal data under the GDPR: whoever holds the
key can link them back. See the privacy guide in the documentation for what
this module does and does not do.
"""

from collections.abc import Iterable, Iterator

from .._validate import enforce_policies
from ..exceptions import RekryteraError, lookup
from ..model import Recruitment
from ..plugins import PluginError, Registry, default_registry
from ._anonymise import Pseudonymise, RandomKeyWarning, anonymise_with, builtin_scrubber
from ._identifiers import (
    EMAIL,
    PERSONAL_ID,
    PHONE,
    check_digit,
    has_valid_date,
    is_valid_personal_id,
    normalise_personal_id,
)
from ._pseudonym import (
    MIN_KEY_BYTES,
    PseudonymMap,
    new_key,
    person_source,
    pseudonym,
    pseudonym_map,
    read_key,
)
from ._retention import RetentionPolicy, erase, purge
from ._scrub import TOKENS, Finding, Scrubber, recruitment_scrubber
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
    "PseudonymMap",
    "Pseudonymise",
    "RandomKeyWarning",
    "RetentionPolicy",
    "Scrubber",
    "anonymise",
    "builtin_scrubber",
    "check_digit",
    "erase",
    "free_texts",
    "has_valid_date",
    "is_valid_personal_id",
    "leaks",
    "new_key",
    "normalise_personal_id",
    "person_source",
    "pseudonym",
    "pseudonym_map",
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
    skip_policies: Iterable[str] = (),
) -> Recruitment:
    """A pseudonymised copy of *recruitment*, valid and scoring exactly as the original.

    :param key: the secret key (at least 32 bytes). The same key gives the same
        pseudonyms in every recruitment. Without one, a random key is used and a
        :class:`~rekrytera.privacy.RandomKeyWarning` says that the pseudonyms link to nothing else.
    :param anonymiser: a registered anonymiser (``rekrytera plugins`` lists them).
    :param registry: the plugins to use; by default built-ins and installed plugins.
    :param skip_policies: installed policies an administrator skips for this
        copy (see :func:`rekrytera.enforce_policies`).
    :raises rekrytera.exceptions.UnknownName: for an unknown anonymiser.
    :raises rekrytera.exceptions.PolicyViolation: when the recruitment breaks an
        installed plugin's policy.
    :raises PluginError: if the anonymiser fails, returns something else than
        a recruitment, or leaves personal data in its copy (see
        :func:`rekrytera.privacy.leaks`).
    """
    registry = registry or default_registry()
    enforce_policies(recruitment, skip=skip_policies, registry=registry)
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
    found = leaks(recruitment, result)
    if found:
        more = f" and {len(found) - 3} more" if len(found) > 3 else ""
        raise PluginError(f"{where} left personal data in its copy: {'; '.join(found[:3])}{more}")
    return result


def leaks(original: Recruitment, copy: Recruitment) -> list[str]:
    """Where *copy* still holds personal data of *original*: the check every anonymiser passes.

    Each entry names a place, never the data: an identity field kept on a
    candidate or panelist, or a free text (notes, interview records, the
    motivation, comments, attributes) holding a name or a stored identity value
    (email, phone, personal identity number, ``identifiers``) of anyone in
    *original*, in the forms the built-in scrubber recognises.
    """
    found = [
        f"candidates[{i}] keeps identity fields"
        for i, c in enumerate(copy.candidates)
        if c.identity
    ]
    found += [
        f"candidates[{i}] keeps the application"
        for i, c in enumerate(copy.candidates)
        if c.application
    ]
    found += [f"panel[{i}] keeps identity fields" for i, p in enumerate(copy.panel) if p.identity]
    scrubber = recruitment_scrubber(original)
    for path, text in free_texts(copy):
        kinds = sorted(
            {f.kind for f in scrubber.findings(text) if f.kind in ("name", "identifier")}
        )
        if kinds:
            found.append(f"{path} holds {' and '.join(_KIND_PHRASES[k] for k in kinds)}")
    return found


_KIND_PHRASES = {"name": "a name", "identifier": "an identity value"}


def free_texts(rec: Recruitment) -> Iterator[tuple[str, str]]:
    """Every free text of *rec* with its path in the file, empty ones left out."""
    texts: list[tuple[str, str]] = [
        (f"recruitment.attributes.{k}", v) for k, v in rec.info.attributes.items()
    ]
    if rec.need is not None:
        texts += rec.need.texts()
    for i, s in enumerate(rec.suggestions):
        texts += [(f"suggestions[{i}].text", s.text), (f"suggestions[{i}].response", s.response)]
    texts += [(f"screening[{i}].reason", s.reason) for i, s in enumerate(rec.screening)]
    texts += [(f"evaluations[{i}].comment", e.comment) for i, e in enumerate(rec.evaluations)]
    for i, sample in enumerate(rec.work_samples):
        texts += [
            (f"work_samples[{i}].case", sample.case),
            (f"work_samples[{i}].task", sample.task),
        ]
        for competence, levels in sample.guide.items():
            texts += [
                (f"work_samples[{i}].guide.{competence}.{level}", words)
                for level, words in levels.items()
            ]
    texts += [(f"ratings[{i}].note", r.note) for i, r in enumerate(rec.ratings)]
    for i, record in enumerate(rec.interviews):
        texts.append((f"interviews[{i}].notes", record.notes))
        texts += [(f"interviews[{i}].asked[{j}].note", a.note) for j, a in enumerate(record.asked)]
    if rec.decision is not None:
        texts.append(("decision.motivation", rec.decision.motivation))
    texts += [(f"rankings[{i}].comment", x.comment) for i, x in enumerate(rec.rankings)]
    return iter([(path, text) for path, text in texts if text])
