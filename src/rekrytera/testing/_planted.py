"""Personal data as people type it, planted in a recruitment: for privacy tests."""

from __future__ import annotations

import datetime as dt
import string
import unicodedata

import attrs
from hypothesis import strategies as st

from ..model import Candidate, Identity, Panelist, Recruitment

__all__ = ["emails", "personal_ids", "phone_numbers", "planted_recruitment"]


@st.composite
def personal_ids(draw: st.DrawFn) -> str:
    """Valid Swedish personal identity and coordination numbers, in every common form.

    10 or 12 digits, with ``-``, ``+``, a space or nothing before the last four;
    about one in five a coordination number (day + 60). For testing that an
    anonymiser removes them.
    """
    from ..privacy import check_digit

    day = draw(st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31)))
    dd = day.day + (60 if draw(st.integers(0, 4)) == 0 else 0)
    short = f"{day:%y%m}{dd:02}"
    serial = f"{draw(st.integers(0, 999)):03}"
    last = serial + check_digit(short + serial)
    if draw(st.booleans()):
        return f"{day.year // 100}{short}{draw(st.sampled_from(['-', '']))}{last}"
    return f"{short}{draw(st.sampled_from(['-', '', '+', ' ']))}{last}"


@st.composite
def phone_numbers(draw: st.DrawFn) -> str:
    """Swedish mobile and landline numbers, national or international, grouped or not."""
    kind = draw(st.sampled_from(["mobile", "stockholm", "town"]))
    if kind == "mobile":
        area = "7" + draw(st.sampled_from("02369"))
        number = f"{draw(st.integers(0, 9_999_999)):07}"
    elif kind == "stockholm":
        area, number = "8", f"{draw(st.integers(1_000_000, 9_999_999))}"
    else:
        area = draw(st.sampled_from(["31", "40", "480", "910", "46"]))
        number = f"{draw(st.integers(10_000, 999_999))}"
    if draw(st.booleans()):
        groups = [number[max(0, i - 2) : i] for i in range(len(number), 0, -2)][::-1]
        number = " ".join(groups)
    prefix = draw(st.sampled_from(["national", "+46", "+46 ", "0046", "+46 (0)"]))
    if prefix == "national":
        return f"0{area}{draw(st.sampled_from(['-', ' ', '']))}{number}"
    return f"{prefix}{area} {number}"


def emails() -> st.SearchStrategy[str]:
    """Email addresses, Swedish letters included in the local part."""
    local = st.text(string.ascii_lowercase + "åäö.", min_size=1, max_size=10).filter(
        lambda s: not s.startswith(".") and not s.endswith(".") and ".." not in s
    )
    domain = st.sampled_from(["example", "kommun", "mejl-tjanst"])
    tld = st.sampled_from(["se", "com", "nu"])
    return st.builds(lambda a, b, c: f"{a}@{b}.{c}", local, domain, tld)


_PLANTED_NAMES = [
    "Åsa Öberg",
    "Mohammed Rahimi",
    "Leila Haddad",
    "Jörgen Lundgren-Ek",
    "Märta Nyström",
    "Sara Åkesson",
    "Elin Lindqvist",
    "Örjan Berg",
    "Kent Ivarsson",
    "Anna Andersson",
]


def planted_recruitment(rec: Recruitment) -> tuple[Recruitment, list[str], list[str]]:
    """*rec* with identities for everyone and their identifiers in every free-text field.

    For testing that an output the documentation promises to be free of
    personal data is: every candidate and panelist gets a name, email, phone,
    personal identity number and an employee number, and every free-text
    field (rating notes, interview notes and asked-question notes, the
    decision's motivation, ranking comments, the recruitment's attributes,
    the need, suggestions and screening reasons, each candidate's application)
    mentions someone's identifiers in the forms people type them: an en dash
    or no-break space in a personal identity number, slashes in a phone
    number, an email spelled out, a name in decomposed letters.

    Returns the recruitment, the contact details and numbers planted (stored
    values and the typed forms, as they appear), and the names planted.
    Deterministic: the same *rec* gives the same result.
    """
    from ..privacy import check_digit

    people: list[Candidate | Panelist] = [*rec.candidates, *rec.panel]
    contact: list[str] = []
    names: list[str] = []
    # By kind and id: a candidate and a panelist may share an id.
    identities: dict[tuple[bool, str], Identity] = {}
    typed: list[str] = []
    for i, person in enumerate(people):
        name = _PLANTED_NAMES[i % len(_PLANTED_NAMES)] + (
            "" if i < len(_PLANTED_NAMES) else f" {i}"
        )
        short = f"{70 + i % 30:02}{1 + i % 12:02}{1 + i % 28:02}"
        serial = f"{100 + 37 * i % 900:03}"
        pnr = f"19{short}-{serial}{check_digit(short + serial)}"
        phone = f"070-{100 + i:03} {10 + i % 90:02} {20 + i % 80:02}"
        local = unicodedata.normalize("NFKD", name.split()[0].lower())
        local = "".join(c for c in local if c.isascii())
        email = f"{local}.{i}@example.se"
        employee = f"AN-{4700 + i}"
        identities[isinstance(person, Candidate), person.id] = Identity(
            name=name,
            email=email,
            phone=phone,
            personal_id=pnr,
            identifiers={"anstallningsnummer": employee},
        )
        contact += [email, phone, pnr, employee]
        names.append(name)
        digits = phone.replace("-", "").replace(" ", "")
        forms = [
            f"{short}\u2013{serial}{check_digit(short + serial)}",
            f"{digits[:3]}/{digits[3:6]} {digits[6:8]} {digits[8:]}",
            email.replace("@", " [at] ").replace(".se", " [dot] se"),
            unicodedata.normalize("NFD", name),
            employee.lower(),
        ]
        contact += forms[:3] + forms[4:]
        names.append(forms[3])
        typed.append(
            f"Ring {forms[1]} eller mejla {forms[2]}; pnr {forms[0]}, anst.nr {forms[4]}. "
            f"{forms[3]} var med."
        )

    if not typed:  # nobody in the recruitment: nothing to plant
        return rec, [], []

    def text(n: int) -> str:
        return typed[n % len(typed)]

    ratings = [attrs.evolve(r, note=text(n)) for n, r in enumerate(rec.ratings)]
    interviews = [
        attrs.evolve(
            record,
            notes=text(n + 1),
            asked=[attrs.evolve(a, note=text(n + m + 2)) for m, a in enumerate(record.asked)],
        )
        for n, record in enumerate(rec.interviews)
    ]
    rankings = [attrs.evolve(r, comment=text(n + 3)) for n, r in enumerate(rec.rankings)]
    decision = rec.decision and attrs.evolve(rec.decision, motivation=text(4))
    info = attrs.evolve(rec.info, attributes={**rec.info.attributes, "kontakt": text(5)})
    need = rec.need and attrs.evolve(
        rec.need,
        why=text(6),
        people_need=text(7),
        in_their_words=[text(8)],
        residents_reason=text(9),
    )
    planted = attrs.evolve(
        rec,
        info=info,
        need=need,
        screening=[attrs.evolve(x, reason=text(n + 10)) for n, x in enumerate(rec.screening)],
        evaluations=[attrs.evolve(x, comment=text(n + 14)) for n, x in enumerate(rec.evaluations)],
        suggestions=[
            attrs.evolve(x, text=text(n + 11), response=text(n + 12))
            for n, x in enumerate(rec.suggestions)
        ],
        candidates=[
            attrs.evolve(c, identity=identities[True, c.id], application={"brev": text(n + 13)})
            for n, c in enumerate(rec.candidates)
        ],
        panel=[attrs.evolve(p, identity=identities[False, p.id]) for p in rec.panel],
        ratings=ratings,
        interviews=interviews,
        rankings=rankings,
        decision=decision,
    )
    return planted, contact, names
