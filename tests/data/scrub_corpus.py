"""Build the planted scrubbing corpus, ``scrub-corpus.json``, beside this file.

Run: python tests/data/scrub_corpus.py

The corpus is a fixed artefact: tests and ``benchmarks/scrub.py`` read the
JSON file, not this script, so a new Hypothesis release (which may draw
other values) changes nothing until someone rebuilds it on purpose.

It holds Swedish panel notes about the people of one recruitment. Half of
the notes have identifiers planted in them, in the forms people really type
(listed in ``FORMS``): personal identity and coordination numbers with every
dash and space a word processor or phone produces, mistyped ones, phone
numbers, emails spelled out, names in any case, decomposed, run together,
and stored values written another way. The base values come from
``rekrytera.testing``'s strategies. The other half are ordinary notes full
of decoys (dates, times, case and organisation numbers, amounts, scores,
postcodes) that must be left alone. Each planted identifier records its form
and where it stands, so recall can be told per form.
"""

from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
OUT = HERE / "scrub-corpus.json"

FIRST = ["Anna", "Mohammed", "Sara", "Johan", "Elin", "Åsa", "Örjan", "Märta", "Leila", "Jörgen"]
LAST = ["Andersson", "Rahimi", "Lindqvist", "Nyström", "Öberg", "Åkesson", "Lundgren-Ek"]

PROSE = [
    "Gav konkreta exempel på hur förtroende byggs med barn och föräldrar.",
    "Intervjun hölls {date} kl. {time} i sal {n}.",
    "Betyg {score} av 5 på trygghet, {score2} på samarbete.",
    "Dnr SN {year}/{case4}, ärende {year}-{case4}.",
    "Har arbetat {n} år inom socialtjänsten, varav {n2} år på HVB.",
    "Lön enligt avtal, cirka {salary} kr i månaden.",
    "Pratade om bemötande och om att lyssna på barnet först.",
    "Mellan {year0} och {year} arbetade hen med försörjningsstöd.",
    "Arbetsprovet tog {minutes} minuter, version {version} av fallet.",
    "Berättade om en konflikt på boendet och hur den löstes.",
    "Ärendet {case12} gäller lokaler, inte någon person.",
    "Utföraren har organisationsnummer {orgnr} enligt avtalet.",
    "Besöksadress Storgatan {n}, {postcode} Helsingborg.",
    "Referenserna ringdes {date2}; båda var positiva.",
    "Svarade {percent} % rätt på kunskapsfrågorna, {score}/5 på fallet.",
    "Faktura {invoice} för annonsen betald {date}.",
    "Tog upp sekretess och vad som får sägas till vem.",
    "Ville veta mer om introduktionen de första {n} veckorna.",
    "Mötet flyttades från {time} till {time2} samma dag.",
    "Visade hur hen dokumenterar enligt BBIC, utbildad {year0}.",
]

#: Every written form in the corpus, by the name the planted items carry.
FORMS = [
    "pnr-10-dash",
    "pnr-10-plain",
    "pnr-10-plus",
    "pnr-10-space",
    "pnr-12-dash",
    "pnr-12-plain",
    "pnr-en-dash",
    "pnr-no-break-hyphen",
    "pnr-minus-sign",
    "pnr-no-break-space",
    "pnr-thin-space",
    "pnr-spaced-dash",
    "pnr-full-width",
    "pnr-mistyped",
    "coordination-number",
    "phone",
    "phone-slash",
    "phone-spaced-dash",
    "phone-dots",
    "phone-en-dash",
    "phone-no-break-space",
    "email",
    "email-bracket-at-dot",
    "email-paren-at",
    "email-word-at",
    "name-full",
    "name-first",
    "name-last-genitive",
    "name-upper",
    "name-decomposed",
    "name-underscored",
    "name-run-together",
    "name-apostrophe",
    "stored-identifier",
    "stored-personal-id-other-form",
]


def _draw_values(count: int) -> list[tuple[str, str, str]]:
    """*count* (personal id, phone, email) triples from rekrytera.testing's strategies."""
    from hypothesis import HealthCheck, Phase, given, seed, settings
    from hypothesis import strategies as st

    from rekrytera.testing import emails, personal_ids, phone_numbers

    found: list[tuple[str, str, str]] = []

    @seed(20261130)
    @settings(
        max_examples=count,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    @given(st.tuples(personal_ids(), phone_numbers(), emails()))
    def collect(values: tuple[str, str, str]) -> None:
        found.append(values)

    collect()
    return found


def _parts(pnr: str) -> tuple[str, str]:
    digits = "".join(c for c in pnr if c.isdigit())
    return digits[:-4], digits[-4:]


def _pnr_form(rng: random.Random, pnr: str, form: str) -> str:
    from rekrytera.privacy import check_digit

    date, last = _parts(pnr)
    short = date[-6:]
    century = date[:2] if len(date) == 8 else rng.choice(["19", "20"])
    match form:
        case "pnr-10-dash":
            return f"{short}-{last}"
        case "pnr-10-plain":
            return short + last
        case "pnr-10-plus":
            return f"{short}+{last}"
        case "pnr-10-space":
            return f"{short} {last}"
        case "pnr-12-dash":
            return f"{century}{short}-{last}"
        case "pnr-12-plain":
            return f"{century}{short}{last}"
        case "pnr-en-dash":
            return f"{short}\u2013{last}"
        case "pnr-no-break-hyphen":
            return f"{short}\u2011{last}"
        case "pnr-minus-sign":
            return f"{century}{short}\u2212{last}"
        case "pnr-no-break-space":
            return f"{short}\u00a0{last}"
        case "pnr-thin-space":
            return f"{century}{short}\u2009{last}"
        case "pnr-spaced-dash":
            return f"{century}{short} - {last}"
        case "pnr-full-width":
            return "".join(chr(0xFF10 + int(c)) for c in short + last)
        case "pnr-mistyped":
            wrong = str((int(check_digit(short + last[:3])) + rng.randint(1, 9)) % 10)
            return f"{rng.choice(['', century])}{short}-{last[:3]}{wrong}"
        case "coordination-number":
            day = int(short[4:6])
            day = day if day > 60 else day + 60
            nine = f"{short[:4]}{day:02}{last[:3]}"
            return f"{short[:4]}{day:02}-{last[:3]}{check_digit(nine)}"
    raise ValueError(form)


def _phone_form(rng: random.Random, phone: str, form: str) -> str:
    national = phone.replace("(0)", "")
    digits = "".join(c for c in national if c.isdigit())
    if national.startswith("+46"):
        digits = "0" + digits[2:]
    elif national.startswith("0046"):
        digits = "0" + digits[4:]
    area = 3 if digits.startswith("07") else 2
    head, rest = digits[:area], digits[area:]
    groups = [rest[:3], *(rest[i : i + 2] for i in range(3, len(rest), 2))]
    match form:
        case "phone":
            return phone
        case "phone-slash":
            return f"{head}/{' '.join(groups)}"
        case "phone-spaced-dash":
            return f"{head} - {' '.join(groups)}"
        case "phone-dots":
            return f"{head}.{'.'.join(groups)}"
        case "phone-en-dash":
            return f"{head}\u2013{' '.join(groups)}"
        case "phone-no-break-space":
            return f"{head}\u00a0{chr(0xA0).join(groups)}"
    raise ValueError(form)


def _email_form(email: str, form: str) -> str:
    local, domain = email.split("@")
    host, tld = domain.rsplit(".", 1)
    match form:
        case "email":
            return email
        case "email-bracket-at-dot":
            return f"{local} [at] {host} [dot] {tld}"
        case "email-paren-at":
            return f"{local}(at){domain}"
        case "email-word-at":
            return f"{local} at {domain}"
    raise ValueError(form)


def _name_form(rng: random.Random, name: str, form: str) -> str:
    first, last = name.split(" ", 1)
    match form:
        case "name-full":
            return name
        case "name-first":
            return first
        case "name-last-genitive":
            return f"{last}s"
        case "name-upper":
            return name.upper()
        case "name-decomposed":
            return unicodedata.normalize("NFD", rng.choice([name, first, last]))
        case "name-underscored":
            return name.lower().replace(" ", "_")
        case "name-run-together":
            return name.replace(" ", "")
        case "name-apostrophe":
            return f"{first}\u2019s"
    raise ValueError(form)


def _fill(rng: random.Random, template: str) -> str:
    from rekrytera.privacy import has_valid_date

    def case12() -> str:
        while True:  # a case number that is no date: never a personal number
            number = f"{rng.randint(2015, 2026)}{rng.randrange(10**4):04}-{rng.randrange(10**4):04}"
            if not has_valid_date(number[:8]):
                return number

    year = rng.randint(2015, 2026)
    return template.format(
        date=f"2026-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}",
        date2=f"{rng.randint(1, 28)}/{rng.randint(1, 12)}",
        time=f"{rng.randint(8, 16)}.{rng.choice(['00', '15', '30', '45'])}",
        time2=f"{rng.randint(8, 16)}:{rng.choice(['00', '30'])}",
        score=rng.randint(1, 5),
        score2=rng.randint(1, 5),
        year=year,
        year0=year - rng.randint(1, 15),
        case4=f"{rng.randrange(10_000):04}",
        n=rng.randint(1, 30),
        n2=rng.randint(1, 5),
        salary=f"{rng.randint(30, 52)} {rng.randrange(1000):03}",
        minutes=rng.choice([30, 45, 60, 90]),
        version=f"{rng.randint(1, 3)}.{rng.randint(0, 9)}",
        case12=case12(),
        orgnr=f"{rng.choice(['212000', '202100', '556677', '802480'])}-{rng.randrange(10**4):04}",
        postcode=f"{rng.randint(111, 984)} {rng.randrange(100):02}",
        percent=rng.randint(40, 100),
        invoice=f"{rng.randrange(10**8):08}",
    )


def build(notes: int = 600, seed: int = 1) -> dict[str, Any]:
    """The corpus: *notes* notes, every other one with planted identifiers."""
    import hypothesis

    import rekrytera

    rng = random.Random(seed)
    values = _draw_values(notes // 2)
    names = sorted({f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(8)})
    people = []
    for i, name in enumerate(names):
        pnr, phone, email = values[i % len(values)]
        people.append(
            {
                "name": name,
                "email": email,
                "phone": phone,
                "personal_id": pnr,
                "identifiers": {"anstallningsnummer": f"AN-{4700 + i}"},
            }
        )
    out: list[dict[str, object]] = []
    for i in range(notes):
        sentences = [_fill(rng, rng.choice(PROSE)) for _ in range(rng.randint(2, 5))]
        planted: list[tuple[str, str]] = []
        if i % 2 == 0:
            pnr, phone, email = values[(i // 2) % len(values)]
            person = people[rng.randrange(len(people))]
            for _ in range(rng.randint(2, 3)):
                form = FORMS[(len(out) * 3 + len(planted)) % len(FORMS)]
                planted.append((form, _plant(rng, form, pnr, phone, email, person)))
        pieces: list[tuple[str | None, str]] = [(None, s) for s in sentences]
        for form, planted_text in planted:
            pieces.insert(rng.randrange(len(pieces) + 1), (form, planted_text))
        text, items = "", []
        for kind, piece in pieces:
            if text:
                text += " "
            if kind is not None:
                items.append({"form": kind, "start": len(text), "text": piece})
            text += piece
        out.append({"text": text, "planted": items})
    return {
        "about": (
            "Planted scrubbing corpus for rekrytera (tests/data/scrub_corpus.py). "
            "Fictional people; every identifier is generated."
        ),
        "built_with": {"rekrytera": rekrytera.__version__, "hypothesis": hypothesis.__version__},
        "seed": seed,
        "forms": FORMS,
        "people": people,
        "notes": out,
    }


def _plant(
    rng: random.Random, form: str, pnr: str, phone: str, email: str, person: dict[str, Any]
) -> str:
    if form == "stored-identifier":
        return str(person["identifiers"]["anstallningsnummer"]).lower()
    if form == "stored-personal-id-other-form":
        date, last = _parts(str(person["personal_id"]))
        return f"{date}\u2009{last}"  # the stored digits, another separator
    if form.startswith(("pnr", "coordination")):
        return _pnr_form(rng, pnr, form)
    if form.startswith("phone"):
        return _phone_form(rng, phone, form)
    if form.startswith("email"):
        return _email_form(email, form)
    return _name_form(rng, str(person["name"]), form)


def main() -> None:
    corpus = build()
    OUT.write_text(json.dumps(corpus, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    planted = sum(len(n["planted"]) for n in corpus["notes"])
    print(f"{OUT}: {len(corpus['notes'])} notes, {planted} planted identifiers")


if __name__ == "__main__":
    main()
