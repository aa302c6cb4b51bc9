"""Free-text scrubbing: recall, false positives and speed, against a plain-regex baseline.

Run: python benchmarks/scrub.py [--notes N] [--seed S]

It builds a corpus of Swedish notes, half with planted identifiers (valid
personal identity and coordination numbers in every common form, Swedish phone
numbers, email addresses, the names of the people in the recruitment in any
case and with the genitive) and half ordinary text with decoys (dates, case
numbers, invalid personal numbers, amounts, scores). It then reports, for
rekrytera's Scrubber and for a plain-regex baseline run in the same process:

- recall: the share of planted identifiers that no longer appear;
- false positives: the share of notes without any identifier that were changed;
- notes per second, and the Scrubber's time as a ratio of the baseline's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import re
import time
from collections.abc import Callable

from rekrytera import __version__
from rekrytera.privacy import Scrubber, check_digit, normalise_personal_id

PROSE = [
    "Gav konkreta exempel på hur förtroende byggs.",
    "Intervjun hölls {date} kl. 13.30 i sal 4.",
    "Betyg {score} av 5 på trygghet, 3 på samarbete.",
    "Dnr SN {year}/{case4}, ärende {year}-{case4}.",
    "Har arbetat {n} år inom socialtjänsten, varav 3 år på HVB.",
    "Lön enligt avtal, cirka 38 500 kr.",
    "Pratade om bemötande och om att lyssna på barnet.",
    "Referensnummer {bad_pnr} i rekryteringssystemet.",
    "Mellan 2019 och 2023 arbetade hon med försörjningsstöd.",
    "Arbetsprovet tog 45 minuter, version 2.1 av fallet.",
    "Berättade om en konflikt på boendet och hur den löstes.",
    "Ärendet {case12} gäller lokaler, inte någon person.",
]
FIRST = ["Anna", "Mohammed", "Sara", "Johan", "Elin", "Åsa", "Örjan", "Karl-Erik", "Märta", "Leila"]
LAST = ["Andersson", "Rahimi", "Lindqvist", "Nyström", "Öberg", "Åkesson", "Holm", "Lundgren-Ek"]


def personal_id(rng: random.Random) -> str:
    day = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(30_000))
    dd = day.day + (60 if rng.random() < 0.2 else 0)
    short = f"{day:%y%m}{dd:02}"
    serial = f"{rng.randrange(1000):03}"
    last = serial + check_digit(short + serial)
    if rng.random() < 0.5:
        return f"{day.year // 100}{short}{rng.choice(['-', ''])}{last}"
    return f"{short}{rng.choice(['-', '', '+', ' '])}{last}"


def invalid_personal_id(rng: random.Random) -> str:
    number = personal_id(rng)
    digits = number[-1]
    return number[:-1] + str((int(digits) + 1) % 10)


def phone(rng: random.Random) -> str:
    if rng.random() < 0.6:
        number = f"7{rng.choice('0236')}{rng.randrange(10**7):07}"
    else:
        number = f"8{rng.randrange(10**6, 10**7)}"
    style = rng.randrange(4)
    if style == 0:
        return f"0{number[:2]}-{number[2:5]} {number[5:7]} {number[7:]}"
    if style == 1:
        return f"+46 {number[:2]} {number[2:5]} {number[5:7]} {number[7:]}"
    if style == 2:
        return f"0{number}"
    return f"0046{number}"


def email(rng: random.Random, name: str) -> str:
    local = name.lower().replace(" ", ".").replace("-", "")
    return f"{local}@{rng.choice(['example.se', 'kommun.se', 'mejl.nu'])}"


def case_number(rng: random.Random) -> str:
    """A 12-digit case number that fails the personal-number check (as most do)."""
    while True:
        number = f"{rng.randint(2015, 2026)}{rng.randrange(10**4):04}-{rng.randrange(10**4):04}"
        if normalise_personal_id(number) is None:
            return number


def fill(rng: random.Random, template: str) -> str:
    return template.format(
        date=f"2026-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}",
        score=rng.randint(1, 5),
        year=rng.randint(2015, 2026),
        case4=f"{rng.randrange(10_000):04}",
        n=rng.randint(1, 30),
        bad_pnr=invalid_personal_id(rng),
        case12=case_number(rng),
    )


def corpus(n: int, seed: int) -> tuple[list[str], list[list[str]], list[str]]:
    rng = random.Random(seed)
    names = sorted({f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(6)})
    notes, planted = [], []
    for i in range(n):
        sentences = [fill(rng, rng.choice(PROSE)) for _ in range(rng.randint(2, 5))]
        items: list[str] = []
        if i % 2 == 0:
            person = rng.choice(names)
            first, last = person.split(" ", 1)
            items = [
                personal_id(rng),
                phone(rng),
                email(rng, person),
                rng.choice([person, first, last, person.upper(), f"{first}s", f"{last}s"]),
            ]
            rng.shuffle(items)
            for item in items:
                sentences.insert(rng.randrange(len(sentences) + 1), item)
        notes.append(" ".join(sentences))
        planted.append(items)
    return notes, planted, names


BASELINE = [
    re.compile(r"\b\d{6}(?:\d{2})?[-+ ]?\d{4}\b"),
    re.compile(r"(?:\+46|0046|0)[\d -]{7,13}\d"),
    re.compile(r"\S+@\S+\.\w+"),
]


def baseline(names: list[str]) -> re.Pattern[str]:
    words = sorted({w for n in names for w in n.replace("-", " ").split()}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)


def run_baseline(notes: list[str], names: re.Pattern[str]) -> list[str]:
    out = []
    for note in notes:
        for pattern in BASELINE:
            note = pattern.sub("[X]", note)
        out.append(names.sub("[X]", note))
    return out


def measure(notes: list[str], planted: list[list[str]], scrubbed: list[str]) -> tuple[float, float]:
    total = found = 0
    clean = changed = 0
    for note, items, result in zip(notes, planted, scrubbed, strict=True):
        if items:
            total += len(items)
            found += sum(1 for item in items if item not in result)
        else:
            clean += 1
            changed += note != result
    return found / total, changed / clean


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    notes, planted, names = corpus(args.notes, args.seed)
    scrubber = Scrubber(names)
    names_pattern = baseline(names)

    timings: dict[str, float] = {}
    results: dict[str, list[str]] = {}
    runs: list[tuple[str, Callable[[], list[str]]]] = [
        ("baseline", lambda: run_baseline(notes, names_pattern)),
        ("rekrytera", lambda: [scrubber.scrub(n) for n in notes]),
    ]
    for label, fn in runs:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            results[label] = fn()
            best = min(best, time.perf_counter() - start)
        timings[label] = best

    print(f"rekrytera {__version__}, Python {platform.python_version()}, {platform.machine()}")
    print(
        f"{args.notes} notes ({args.notes // 2} with 4 planted identifiers each), seed {args.seed}"
    )
    print(f"{'':12}{'recall':>9}{'false pos.':>12}{'notes/s':>12}")
    for label in ("baseline", "rekrytera"):
        recall, false_positive = measure(notes, planted, results[label])
        rate = args.notes / timings[label]
        print(f"{label:12}{recall:9.4f}{false_positive:12.4f}{rate:12,.0f}")
    print(f"time ratio rekrytera / baseline: {timings['rekrytera'] / timings['baseline']:.2f}")


if __name__ == "__main__":
    main()
