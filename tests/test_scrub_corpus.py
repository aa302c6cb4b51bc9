"""The planted scrubbing corpus: every identifier found, in every form; few false positives.

The corpus (``tests/data/scrub-corpus.json``, built by
``tests/data/scrub_corpus.py`` from ``rekrytera.testing``'s strategies) holds
600 Swedish panel notes: half with identifiers planted in the forms people
type, half ordinary notes full of decoys. Speed is measured in
``benchmarks/scrub.py``, never here.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from rekrytera.model import Identity
from rekrytera.privacy import Scrubber
from rekrytera.privacy._scrub import identity_values

CORPUS = Path(__file__).parent / "data" / "scrub-corpus.json"


@pytest.fixture(scope="module")
def corpus() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(CORPUS.read_text(encoding="utf-8"))
    return data


def _scrubber(corpus: dict[str, Any], *, check_digit: bool = False) -> Scrubber:
    """A scrubber as the anonymiser builds one: the people's names and stored values."""
    people = [Identity(**p) for p in corpus["people"]]  # the corpus keeps Identity's fields
    return Scrubber(
        [p["name"] for p in corpus["people"]],
        literals=identity_values(people),
        check_digit=check_digit,
    )


def _missed(corpus: dict[str, Any], scrubber: Scrubber) -> Counter[str]:
    """Planted identifiers not wholly inside one finding, by form."""
    missed: Counter[str] = Counter()
    for note in corpus["notes"]:
        spans = [(f.start, f.end) for f in scrubber.findings(note["text"])]
        for item in note["planted"]:
            start, end = item["start"], item["start"] + len(item["text"])
            if not any(a <= start and end <= b for a, b in spans):
                missed[item["form"]] += 1
    return missed


def _false_positive_tokens(corpus: dict[str, Any], scrubber: Scrubber) -> tuple[int, int]:
    """(tokens touched by a finding, all tokens) in the notes with nothing planted."""
    touched = total = 0
    for note in corpus["notes"]:
        if note["planted"]:
            continue
        spans = [(f.start, f.end) for f in scrubber.findings(note["text"])]
        for token in re.finditer(r"\S+", note["text"]):
            total += 1
            touched += any(a < token.end() and token.start() < b for a, b in spans)
    return touched, total


def test_the_corpus_is_what_it_says(corpus: dict[str, Any]) -> None:
    """At least 500 identifiers in at least 20 forms, each standing where it says."""
    planted = [item for note in corpus["notes"] for item in note["planted"]]
    forms = Counter(item["form"] for item in planted)
    assert len(planted) >= 500
    assert len(forms) >= 20
    assert set(forms) == set(corpus["forms"])
    assert min(forms.values()) >= 10
    for note in corpus["notes"]:
        for item in note["planted"]:
            assert note["text"][item["start"] :].startswith(item["text"])
    clean = [n for n in corpus["notes"] if not n["planted"]]
    assert len(clean) >= 250


def test_recall_is_one_in_every_form(corpus: dict[str, Any]) -> None:
    """Every planted identifier is found, whatever form it was typed in."""
    assert _missed(corpus, _scrubber(corpus)) == Counter()


def test_false_positives_at_most_half_a_percent(corpus: dict[str, Any]) -> None:
    """On ordinary notes with decoys, at most 0.5 % of the tokens are touched."""
    touched, total = _false_positive_tokens(corpus, _scrubber(corpus))
    assert total > 5000
    assert touched / total <= 0.005, (touched, total)


def test_mistyped_numbers_need_the_date_rule(corpus: dict[str, Any]) -> None:
    """With the check digit required, the mistyped numbers (and only they) are missed,
    and the ordinary notes lose no more tokens to the default rule than to the strict one."""
    strict = _scrubber(corpus, check_digit=True)
    assert set(_missed(corpus, strict)) == {"pnr-mistyped"}
    assert _false_positive_tokens(corpus, _scrubber(corpus)) == _false_positive_tokens(
        corpus, strict
    )
