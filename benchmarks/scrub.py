"""Free-text scrubbing: recall, false positives and speed, against Presidio and a plain regex.

Run: python benchmarks/scrub.py [--repeat N] [--runs R]
     (python -m pip install ./plugins/rekrytera-presidio for the Presidio row)

It reads the planted corpus, ``tests/data/scrub-corpus.json`` (built by
``tests/data/scrub_corpus.py`` from ``rekrytera.testing``'s strategies): 600
Swedish panel notes, half with 754 identifiers planted in 35 written forms,
half ordinary notes full of decoys (dates, times, case and organisation
numbers, amounts, postcodes). Every engine gets the same notes, the
recruitment's names and its stored identity values, and is timed in this
process on the notes repeated ``--repeat`` times:

- ``rekrytera``: :class:`rekrytera.privacy.Scrubber` as the anonymiser builds it;
- ``rekrytera, check digit``: the same, requiring the check digit of a
  personal identity number (no mistyped numbers);
- ``presidio analyzer``: Microsoft Presidio as its documentation uses it,
  ``AnalyzerEngine.analyze`` then ``AnonymizerEngine.anonymize``, with pattern
  recognisers only (the same patterns, names and stored values, spaCy's
  Swedish tokenizer and no model), when it is installed;
- ``presidio recognisers``: the same recognisers called directly, without
  the analyzer (what the ``rekrytera-presidio`` plugin does);
- ``baseline``: three plain regular expressions and the names, the least a
  hand-written scrubber does.

Printed for each: recall (the share of planted identifiers that no longer
appear in the output), false positives (the share of the ordinary notes'
tokens changed), notes per second, and the time as a ratio of rekrytera's.
Last, what the mistyped-number rule costs: the share of date-shaped
reference numbers (``YYYYMMDD-NNNN`` with a valid date) scrubbed by each rule.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import json
import platform
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _timing import best

from rekrytera import __version__
from rekrytera.model import Identity
from rekrytera.privacy import Scrubber
from rekrytera.privacy._scrub import identity_values

CORPUS = Path(__file__).parent.parent / "tests" / "data" / "scrub-corpus.json"

BASELINE = [
    re.compile(r"\b\d{6}(?:\d{2})?[-+ ]?\d{4}\b"),
    re.compile(r"(?:\+46|0046|0)[\d -]{7,13}\d"),
    re.compile(r"\S+@\S+\.\w+"),
]


def _baseline(names: list[str]) -> Callable[[str], str]:
    words = sorted({w for n in names for w in n.replace("-", " ").split()}, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)

    def scrub(note: str) -> str:
        for regex in BASELINE:
            note = regex.sub("[X]", note)
        return pattern.sub("[X]", note)

    return scrub


def _recall(notes: list[dict[str, Any]], out: list[str]) -> float:
    total = found = 0
    for note, result in zip(notes, out, strict=True):
        for item in note["planted"]:
            total += 1
            found += item["text"] not in result
    return found / total


def _false_positives(notes: list[dict[str, Any]], out: list[str]) -> float:
    changed = total = 0
    for note, result in zip(notes, out, strict=True):
        if note["planted"]:
            continue
        before, after = note["text"].split(), result.split()
        blocks = difflib.SequenceMatcher(None, before, after).get_matching_blocks()
        kept = sum(b.size for b in blocks)
        total += len(before)
        changed += len(before) - kept
    return changed / total


def _presidio(names: list[str], literals: list[str]) -> dict[str, Callable[[str], str]]:
    """Presidio two ways: its analyzer pipeline, and its recognisers called directly."""
    try:  # Optional, untyped: imported by name so that type checking needs none of it.
        spacy = importlib.import_module("spacy")
        analyzer_module = importlib.import_module("presidio_analyzer")
        nlp_module = importlib.import_module("presidio_analyzer.nlp_engine")
        anonymizer_module = importlib.import_module("presidio_anonymizer")
        plugin = importlib.import_module("rekrytera_presidio")
    except ImportError:
        return {}
    # spaCy's Swedish tokenizer and no model: pattern recognisers need no more.
    nlp = nlp_module.SpacyNlpEngine(models=[{"lang_code": "sv", "model_name": "blank"}])
    nlp.nlp = {"sv": spacy.blank("sv")}
    registry = analyzer_module.RecognizerRegistry(supported_languages=["sv"])
    for recognizer in plugin.recognizers(Scrubber(names)):
        registry.add_recognizer(recognizer)
    registry.add_recognizer(
        analyzer_module.PatternRecognizer(
            supported_entity="SE_IDENTIFIER", deny_list=literals, supported_language="sv"
        )
    )
    analyzer = analyzer_module.AnalyzerEngine(
        registry=registry, nlp_engine=nlp, supported_languages=["sv"]
    )
    anonymizer = anonymizer_module.AnonymizerEngine()

    def analyzer_pipeline(note: str) -> str:
        results = analyzer.analyze(note, language="sv")
        return str(anonymizer.anonymize(note, results).text) if results else note

    direct: Callable[[str], str] = plugin.presidio_scrubber(dict.fromkeys(names), literals)
    return {"presidio analyzer": analyzer_pipeline, "presidio recognisers": direct}


def _date_rule_cost(n: int, seed: int) -> tuple[float, float]:
    """The share of dated reference numbers scrubbed: default rule, check-digit rule."""
    import datetime as dt

    rng = random.Random(seed)
    numbers = []
    for _ in range(n):
        day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(4000))
        numbers.append(f"Ärende {day:%Y%m%d}-{rng.randrange(10_000):04} registrerat.")
    default, strict = Scrubber(), Scrubber(check_digit=True)
    return (
        sum(default.scrub(x) != x for x in numbers) / n,
        sum(strict.scrub(x) != x for x in numbers) / n,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="times the notes are repeated")
    parser.add_argument("--runs", type=int, default=3, help="timed runs; the best counts")
    parser.add_argument("--limit", type=int, help="use only the first N notes (for a quick run)")
    args = parser.parse_args()

    corpus = json.loads(CORPUS.read_text(encoding="utf-8"))
    notes = corpus["notes"][: args.limit]
    people = corpus["people"]
    names = [p["name"] for p in people]
    literals = identity_values(Identity(**p) for p in people)  # the corpus keeps Identity's fields
    texts = [n["text"] for n in notes]
    work = texts * args.repeat

    engines: dict[str, Callable[[str], str]] = {
        "rekrytera": Scrubber(names, literals=literals).scrub,
        "rekrytera, check digit": Scrubber(names, literals=literals, check_digit=True).scrub,
        "baseline": _baseline(names),
    }
    presidio = _presidio(names, literals)
    engines.update(presidio)

    planted = sum(len(n["planted"]) for n in notes)
    print(f"rekrytera {__version__}, Python {platform.python_version()}, {platform.machine()}")
    print(
        f"{len(notes)} notes ({planted} planted identifiers in {len(corpus['forms'])} forms), "
        f"timed on {len(work)} notes, best of {args.runs}"
    )
    print(f"{'':24}{'recall':>8}{'false pos.':>12}{'notes/s':>11}{'time ratio':>12}")
    times: dict[str, float] = {}
    for label, scrub in engines.items():
        out = [scrub(t) for t in texts]
        times[label] = best(lambda scrub=scrub: [scrub(t) for t in work], runs=args.runs)  # type: ignore[misc]
        ratio = times[label] / times["rekrytera"]
        print(
            f"{label:24}{_recall(notes, out):8.4f}{_false_positives(notes, out):12.4%}"
            f"{len(work) / times[label]:11,.0f}{ratio:12.2f}"
        )
    if not presidio:
        print("presidio: not installed (python -m pip install ./plugins/rekrytera-presidio)")
    default, strict = _date_rule_cost(10_000, seed=1)
    print(
        f"dated reference numbers (YYYYMMDD-NNNN) scrubbed: {default:.1%} by default, "
        f"{strict:.1%} with the check digit required"
    )


if __name__ == "__main__":
    main()
