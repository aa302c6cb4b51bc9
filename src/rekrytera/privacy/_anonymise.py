"""The built-in anonymiser: keyed pseudonyms, no identity fields, scrubbed free text."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import TypedDict

import attrs

from .._hookimpl import hookimpl
from .._i18n import _
from ..model import Evaluation, Identity, Need, Recruitment, Screening, Suggestion, WorkSample
from ._pseudonym import pseudonyms
from ._scrub import Scrubber, _trie, identity_values

__all__ = ["Pseudonymise", "RandomKeyWarning", "anonymise_with", "builtin_scrubber"]

#: Builds the free-text scrubber for a recruitment from its people's names
#: (each mapped to their pseudonym) and their other identifiers' values.
ScrubberFactory = Callable[[Mapping[str, str | None], Iterable[str]], Callable[[str], str]]


def builtin_scrubber(
    names: Mapping[str, str | None], literals: Iterable[str] = ()
) -> Callable[[str], str]:
    """The built-in :class:`~rekrytera.privacy.Scrubber`'s ``scrub`` for *names* and *literals*."""
    return Scrubber(names, literals=literals).scrub


def mentions(ids: Mapping[str, str]) -> Callable[[str], str] | None:
    """A function that replaces every id of *ids* standing as a word in a text by its value.

    One prefix-factored pattern: linear in the text, not in the number of ids.
    It ignores case only to share branches: what it finds is replaced only if
    it is an id exactly, and no id is cut short by a longer match, since every
    character of an id continues a word (``-`` and ``.`` included).
    """
    if not ids:
        return None
    pattern = re.compile(rf"(?<![\w.\-])({_trie(ids)})(?![\w.\-])", re.IGNORECASE)
    return lambda text: pattern.sub(lambda m: ids.get(m[1], m[1]), text)


class RandomKeyWarning(UserWarning):
    """No key was given, so a random one was used: pseudonyms link to nothing else."""


@attrs.frozen
class Pseudonymise:
    """Replace ids with keyed pseudonyms, drop identity fields, scrub free text.

    Candidates' and panelists' ids become HMAC pseudonyms; their names, email
    addresses, phone numbers and personal identity numbers are removed; notes,
    interview records and the decision's motivation are scrubbed of personal
    identity numbers, email addresses, phone numbers and the names of the
    people in the recruitment (replaced by their pseudonyms), and the ids of
    candidates and panelists mentioned in them become their pseudonyms (ids of
    one character or only digits excepted: they cannot be told from ordinary
    text). Scores,
    competences, dates and everything else stay exactly as they were.
    """

    name: str = "pseudonymise"
    description: str = (
        "Keyed (HMAC-SHA256) pseudonyms for candidates and panelists, identity fields "
        "removed, notes scrubbed of personal identity numbers, emails, phone numbers and names"
    )
    #: How free text is scrubbed; a plugin can reuse this class with its own.
    make_scrubber: ScrubberFactory = builtin_scrubber

    def anonymise(self, recruitment: Recruitment, *, key: bytes) -> Recruitment:
        rec = recruitment
        candidates = pseudonyms(key, rec.id, rec.candidates, "candidate")
        panel = pseudonyms(key, rec.id, rec.panel, "panelist")
        names: dict[str, str | None] = {}
        for candidate in rec.candidates:
            if candidate.identity.name:
                names[candidate.identity.name] = candidates[candidate.id]
        for panelist in rec.panel:
            if panelist.identity.name:
                names[panelist.identity.name] = panel[panelist.id]
        identities = [c.identity for c in rec.candidates] + [p.identity for p in rec.panel]
        # Every stored identity value is searched for as written, besides the
        # patterns: a phone number typed in a note exactly as it is stored is
        # found even when it does not look like one.
        scrub_identifiers = self.make_scrubber(names, identity_values(identities))
        # Ids mentioned in free text ("jäv mot k3") become pseudonyms too: left as
        # they were, they would link the copy's pseudonyms back to the original ids.
        # An id of one character or only digits cannot be told from ordinary text
        # ("Betyg 4 av 5") and is left alone.
        ids = {
            i: alias
            for i, alias in {**candidates, **panel}.items()
            if len(i) > 1 and not i.isdigit()
        }
        mentioned = mentions(ids)

        def scrub(text: str) -> str:
            text = scrub_identifiers(text)
            return mentioned(text) if mentioned else text

        def c(id: str) -> str:
            return candidates[id]

        def p(id: str) -> str:
            return panel[id]

        def who(id: str | None) -> str | None:
            """A panelist's pseudonym; a role (``hr``) stays as it is."""
            return panel.get(id, id) if id is not None else None

        decision = rec.decision
        if decision is not None:
            decision = attrs.evolve(
                decision,
                hired=[c(h) for h in decision.hired],
                decided_by=p(decision.decided_by),
                motivation=scrub(decision.motivation),
            )
        return attrs.evolve(
            rec,
            info=attrs.evolve(
                rec.info, attributes={k: scrub(v) for k, v in rec.info.attributes.items()}
            ),
            **_steps(rec, scrub, c, p),
            panel=[
                attrs.evolve(
                    x,
                    id=p(x.id),
                    identity=Identity(),
                    conflicts=[c(k) for k in x.conflicts],
                    conflict_records=[
                        attrs.evolve(
                            r,
                            candidate=c(r.candidate),
                            declared_by=who(r.declared_by),
                            decided_by=who(r.decided_by),
                        )
                        for r in x.conflict_records
                    ],
                )
                for x in rec.panel
            ],
            candidates=[
                attrs.evolve(x, id=c(x.id), identity=Identity(), application={})
                for x in rec.candidates
            ],
            ratings=[
                attrs.evolve(
                    r, panelist=p(r.panelist), candidate=c(r.candidate), note=scrub(r.note)
                )
                for r in rec.ratings
            ],
            interviews=[
                attrs.evolve(
                    i,
                    candidate=c(i.candidate),
                    panelists=[p(x) for x in i.panelists],
                    asked=[
                        attrs.evolve(a, by=None if a.by is None else p(a.by), note=scrub(a.note))
                        for a in i.asked
                    ],
                    notes=scrub(i.notes),
                )
                for i in rec.interviews
            ],
            decision=decision,
            retention=[
                attrs.evolve(
                    x,
                    candidates=[c(k) for k in x.candidates],
                    basis=scrub(x.basis),
                )
                for x in rec.retention
            ],
            rankings=[
                attrs.evolve(
                    x,
                    panelist=p(x.panelist),
                    order=[c(k) for k in x.order],
                    comment=scrub(x.comment),
                )
                for x in rec.rankings
            ],
        )


class _Steps(TypedDict):
    need: Need | None
    evaluations: list[Evaluation]
    suggestions: list[Suggestion]
    screening: list[Screening]
    work_samples: list[WorkSample]


def _steps(
    rec: Recruitment,
    scrub: Callable[[str], str],
    candidate: Callable[[str], str],
    panelist: Callable[[str], str],
) -> _Steps:
    """The need, suggestions, screening and work samples of the anonymised copy."""
    need = rec.need
    if need is not None:
        need = attrs.evolve(
            need.with_texts(lambda _path, text: scrub(text)),
            decided_by=need.decided_by and panelist(need.decided_by),
        )
    return {
        "need": need,
        "evaluations": [attrs.evolve(x, comment=scrub(x.comment)) for x in rec.evaluations],
        "suggestions": [
            attrs.evolve(x, by=panelist(x.by), text=scrub(x.text), response=scrub(x.response))
            for x in rec.suggestions
        ],
        "screening": [
            attrs.evolve(
                x, candidate=candidate(x.candidate), by=panelist(x.by), reason=scrub(x.reason)
            )
            for x in rec.screening
        ],
        "work_samples": [
            attrs.evolve(
                x,
                case=scrub(x.case),
                task=scrub(x.task),
                guide={k: {n: scrub(t) for n, t in v.items()} for k, v in x.guide.items()},
            )
            for x in rec.work_samples
        ],
    }


@hookimpl
def rekrytera_register_anonymisers() -> Iterable[object]:
    """The library's own anonymiser."""
    return [Pseudonymise()]


def anonymise_with(anonymiser: object, recruitment: Recruitment, key: bytes | None) -> Recruitment:
    """Run *anonymiser* with *key*, or a random key and a :class:`RandomKeyWarning`."""
    if key is None:
        from ._pseudonym import new_key

        warnings.warn(
            _(
                "no key given: a random key was used, so these pseudonyms cannot be linked "
                "to those of any other run; pass a key to link recruitments"
            ),
            RandomKeyWarning,
            stacklevel=3,
        )
        key = new_key()
    return anonymiser.anonymise(recruitment, key=key)  # type: ignore[attr-defined,no-any-return]
