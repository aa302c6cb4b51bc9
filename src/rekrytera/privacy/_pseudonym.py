"""Keyed pseudonyms: HMAC-SHA256 with a secret key.

The same person gets the same pseudonym under the same key in every
recruitment, so a researcher can follow them; without the key a pseudonym can
neither be reversed nor found by trying every personal identity number (an
unkeyed hash of a personnummer can be brute-forced in minutes: there are only
about 10⁸ valid ones per century).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

import attrs

from .._i18n import _, os_error
from ..exceptions import RekryteraError
from ..model import Candidate, Identity, Panelist, Recruitment
from ._identifiers import normalise_personal_id

__all__ = ["MIN_KEY_BYTES", "new_key", "person_source", "pseudonym", "read_key"]

#: Keys shorter than this are refused: a short key can be guessed.
MIN_KEY_BYTES = 32
_DIGITS = 12


def new_key() -> bytes:
    """A new random 32-byte key."""
    return secrets.token_bytes(32)


def read_key(path: str | os.PathLike[str]) -> bytes:
    """Read a key file (its bytes, less one trailing newline).

    :raises RekryteraError: if the file is missing or the key is too short.
    """
    p = Path(path)
    try:
        key = p.read_bytes()
    except FileNotFoundError:
        raise RekryteraError(
            _("no key file {path}; make one with: head -c 32 /dev/urandom > {path}").format(path=p)
        ) from None
    except OSError as e:
        raise RekryteraError(
            _("cannot read key file {path}: {error}").format(path=p, error=os_error(e))
        ) from None
    key = key.removesuffix(b"\n")
    if len(key) < MIN_KEY_BYTES:
        raise RekryteraError(
            _("the key in {path} is {n} bytes; use at least {least} random bytes").format(
                path=p, n=len(key), least=MIN_KEY_BYTES
            )
        )
    return key


def person_source(identity: Identity) -> str | None:
    """What identifies a person across recruitments, strongest first.

    The personal identity number (normalised), else the email address
    (lower-cased), else the name (case and spacing folded); ``None`` when the
    identity is empty.
    """
    if identity.personal_id:
        normalised = normalise_personal_id(identity.personal_id)
        return f"pnr:{normalised or identity.personal_id.strip()}"
    if identity.email:
        return f"email:{identity.email.strip().lower()}"
    if identity.name:
        return f"name:{' '.join(identity.name.casefold().split())}"
    return None


def pseudonym(key: bytes, kind: str, source: str) -> str:
    """The pseudonym of *source* (see :func:`person_source`) for people of *kind*.

    ``kind`` is ``candidate`` or ``panelist``: the same person gets different
    pseudonyms in the two roles. The result is a valid id such as
    ``k-3f9a2c7d1e04`` (candidates) or ``p-…`` (panelists).
    """
    if len(key) < MIN_KEY_BYTES:
        raise RekryteraError(
            _("a pseudonym key needs at least {least} bytes").format(least=MIN_KEY_BYTES)
        )
    import hashlib  # with the first pseudonym, not with rekrytera
    import hmac

    digest = hmac.new(key, f"rekrytera/v1/{kind}/{source}".encode(), hashlib.sha256).hexdigest()
    prefix = "k" if kind == "candidate" else "p"
    return f"{prefix}-{digest[:_DIGITS]}"


def pseudonyms(
    key: bytes, recruitment_id: str, people: tuple[Candidate, ...] | tuple[Panelist, ...], kind: str
) -> dict[str, str]:
    """Pseudonyms for every person in *people*, by their id, unique within the recruitment.

    People with no identity, or whose identity repeats another's here, are
    pseudonymised from the recruitment and their id: stable, but not linkable
    to other recruitments.
    """
    result: dict[str, str] = {}
    used: set[str] = set()
    for person in people:
        source = person_source(person.identity)
        name = pseudonym(key, kind, source) if source else None
        if name is None or name in used:
            name = pseudonym(key, kind, f"local:{recruitment_id}/{person.id}")
        used.add(name)
        result[person.id] = name
    return result


@attrs.frozen
class PseudonymMap:
    """Which pseudonym each person of a recruitment gets from a key.

    :ivar candidates: candidate id → pseudonym (``k-…``).
    :ivar panel: panelist id → pseudonym (``p-…``).
    """

    candidates: Mapping[str, str]
    panel: Mapping[str, str]

    def __getitem__(self, id: str) -> str:
        """The pseudonym of the candidate or panelist *id*.

        A candidate and a panelist may share an id; then this cannot tell which
        is meant and raises :class:`KeyError` (ask :attr:`candidates` or
        :attr:`panel`), as it does for an id that is neither.
        """
        if id in self.candidates and id in self.panel:
            raise KeyError(f"{id!r} is both a candidate and a panelist: use .candidates or .panel")
        if id in self.candidates:
            return self.candidates[id]
        return self.panel[id]


def pseudonym_map(recruitment: Recruitment, key: bytes) -> PseudonymMap:
    """The pseudonyms the built-in anonymiser gives *recruitment*'s people under *key*.

    For tests and for linking: a plugin author checks that an anonymised copy
    uses the right pseudonyms, a researcher links a pseudonymised export back
    to the candidates a municipality holds, without anonymising anything.

    >>> import rekrytera
    >>> from rekrytera import examples
    >>> from rekrytera.privacy import pseudonym_map
    >>> rec = examples.load("socialsekreterare-barn-unga")
    >>> key = bytes(range(32))
    >>> ids = pseudonym_map(rec, key)
    >>> copy = rekrytera.anonymise(rec, key)
    >>> [c.id for c in copy.candidates] == [ids.candidates[c.id] for c in rec.candidates]
    True

    :raises rekrytera.exceptions.RekryteraError: if the key is shorter than 32 bytes.
    """
    return PseudonymMap(
        candidates=pseudonyms(key, recruitment.id, recruitment.candidates, "candidate"),
        panel=pseudonyms(key, recruitment.id, recruitment.panel, "panelist"),
    )
