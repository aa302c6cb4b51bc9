"""Privacy: identifiers, scrubbing, pseudonyms, anonymisation, views and retention."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import cast

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rekrytera
from rekrytera import RekryteraError
from rekrytera.cli import main
from rekrytera.model import Decision, Identity, Ranking, Recruitment, Stage
from rekrytera.participation import load_register
from rekrytera.privacy import (
    TOKENS,
    AccessDenied,
    RandomKeyWarning,
    RetentionPolicy,
    Scrubber,
    erase,
    is_valid_personal_id,
    normalise_personal_id,
    person_source,
    pseudonym,
    purge,
    read_key,
    view,
)
from rekrytera.testing import emails, personal_ids, recruitments
from rekrytera.testing import phone_numbers as phones

from ._people import people as everyone
from .test_plugins import registry_with

KEY = b"0123456789abcdef0123456789abcdef"
EXAMPLES = Path(__file__).parent.parent / "examples"


FIRST = ["Anna", "Mohammed", "Sara", "Johan", "Elin", "Åsa", "Örjan", "Li", "Karl-Erik", "Märta"]
LAST = [
    "Andersson",
    "Rahimi",
    "Lindqvist",
    "Berg",
    "Nyström",
    "Öberg",
    "Åkesson",
    "Holm",
    "Lundgren-Ek",
]


@st.composite
def people(draw: st.DrawFn) -> list[str]:
    return draw(
        st.lists(
            st.builds(
                lambda first, last: f"{first} {last}", st.sampled_from(FIRST), st.sampled_from(LAST)
            ),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )


#: Ordinary Swedish text from notes, with decoys that look like identifiers but are not.
PROSE = [
    "Gav konkreta exempel på hur förtroende byggs.",
    "Intervjun hölls 2026-03-12 kl. 13.30 i sal 4.",
    "Betyg 4 av 5 på trygghet, 3 på samarbete.",
    "Dnr SN 2023/0412, ärende 2024-1187.",
    "Har arbetat 12 år inom socialtjänsten, varav 3 år på HVB.",
    "Lön enligt avtal, cirka 38 500 kr.",
    "Pratade om bemötande och om att lyssna på barnet.",
    "Referens kontaktad den 14 april; positiva omdömen.",
    "Mellan 2019 och 2023 arbetade hon med försörjningsstöd.",
    "Arbetsprovet tog 45 minuter, version 2.1 av fallet.",
]


class TestIdentifiers:
    @given(personal_ids())
    def test_valid_numbers_recognised(self, number: str) -> None:
        """Every valid number in every common form is recognised and normalised to 10 digits."""
        normalised = normalise_personal_id(number)
        assert normalised is not None
        assert len(normalised) == 10

    @pytest.mark.parametrize(
        "text",
        [
            "811218-9875",
            "811318-9871",
            "20230412-0002",
            "2026-03-12",
            "19811218-987",
            "811232-9870",
        ],
    )
    def test_invalid_numbers_ignored(self, text: str) -> None:
        """A wrong check digit, an impossible date or a short number is not a personal id."""
        assert normalise_personal_id(text) is None

    def test_coordination_number(self) -> None:
        """Coordination numbers (day + 60) are valid; day 92 is not."""
        assert is_valid_personal_id("811278", "9873")
        assert not is_valid_personal_id("811292", "9870")

    def test_century(self) -> None:
        """A 12-digit number must be from the 19th to the 21st century."""
        assert is_valid_personal_id("19811218", "9876")
        assert not is_valid_personal_id("17811218", "9876")


class TestScrubber:
    @given(st.data(), people())
    def test_recall(self, data: st.DataObject, names: list[str]) -> None:
        """No planted identifier or name survives scrubbing, whatever the text around it."""
        planted = [
            data.draw(personal_ids()),
            data.draw(phones()),
            data.draw(emails()),
            *(self._name_form(data, n) for n in names),
        ]
        words = [data.draw(st.sampled_from(PROSE)) for _ in range(3)]
        pieces = [*planted, *words]
        data.draw(st.randoms()).shuffle(pieces)
        text = " ".join(pieces)
        scrubbed = Scrubber(names).scrub(text)
        for item in planted:
            assert item not in scrubbed, (item, scrubbed)
        for name in names:
            for part in name.replace("-", " ").split():
                assert part.casefold() not in scrubbed.casefold().split(), (part, scrubbed)

    @staticmethod
    def _name_form(data: st.DataObject, name: str) -> str:
        first, last = name.split(" ", 1)
        return data.draw(
            st.sampled_from(
                [name, first, last, name.upper(), name.lower(), f"{name}s", f"{first}s", f"{last}s"]
            )
        )

    def test_no_false_positives_in_prose(self) -> None:
        """Ordinary notes with dates, case numbers, amounts and scores are left exactly as they were."""
        scrubber = Scrubber(["Anna Andersson"])
        for sentence in PROSE:
            assert scrubber.scrub(sentence) == sentence

    @given(st.lists(st.sampled_from(PROSE), min_size=1, max_size=6))
    def test_false_positive_rate_on_prose(self, sentences: list[str]) -> None:
        """Joined into longer notes, the decoys still produce no finding."""
        assert Scrubber(["Johan Berg"]).findings(" ".join(sentences)) == []

    @pytest.mark.parametrize("text", ["020215-7526", "010167 3896", "20200601-4358"])
    def test_mistyped_personal_numbers(self, text: str) -> None:
        """A valid date and a wrong check digit: a mistyped personal number, scrubbed as one."""
        assert Scrubber().scrub(f"Pnr {text} i systemet.") == "Pnr [PERSONNUMMER] i systemet."
        strict = Scrubber(check_digit=True)
        assert strict.scrub(f"Referens {text} i systemet.") == f"Referens {text} i systemet."

    @pytest.mark.parametrize(
        "text", ["201513-1234", "19851301-1236", "851232-1236", "212000-1234", "20231145-0012"]
    )
    def test_no_date_no_personal_number(self, text: str) -> None:
        """Shaped like a personal number without a valid date (an organisation or case
        number): left alone, and not taken for a phone number either."""
        assert Scrubber().scrub(f"Dnr {text}.") == f"Dnr {text}."

    def test_ten_digits_from_zero_are_phones(self) -> None:
        """0701740699 has a date-like start (07-01-74) but is a mobile number."""
        assert Scrubber().scrub("Ring 0701740699.") == "Ring [TELEFON]."

    def test_phone_after_personal_id(self) -> None:
        """A phone number right after a personal identity number is found too."""
        assert Scrubber().scrub("811218 9876 073-192 19 86") == "[PERSONNUMMER] [TELEFON]"
        assert Scrubber().scrub("811218-9876 0701740605") == "[PERSONNUMMER] [TELEFON]"

    def test_longest_name_first(self) -> None:
        """'Anna Berg' is replaced whole, leaving no 'Berg' behind."""
        scrubber = Scrubber({"Anna Berg": "k-1", "Johan Berg": "k-2"})
        assert (
            scrubber.scrub("Anna Berg och Johan Bergs svar; Berg igen.")
            == "k-1 och k-2 svar; [NAMN] igen."
        )

    def test_tokens(self) -> None:
        """Each kind of identifier has its own readable token."""
        text = "Ring 070-174 06 05, mejla a@example.se, pnr 811218-9876, Anna."
        assert (
            Scrubber(["Anna Andersson"]).scrub(text)
            == "Ring [TELEFON], mejla [E-POST], pnr [PERSONNUMMER], [NAMN]."
        )

    def test_genitive_and_case(self) -> None:
        """Names are found in any case and with the Swedish genitive."""
        scrubber = Scrubber({"Åsa Öberg": "k-7"})
        assert (
            scrubber.scrub("ÅSA ÖBERGS idé, åsas fråga, Öbergs svar")
            == "k-7 idé, k-7 fråga, k-7 svar"
        )

    def test_not_inside_words(self) -> None:
        """A name inside another word is left alone ('Berg' in 'Bergsjö')."""
        assert Scrubber(["Johan Berg"]).scrub("Han bor i Bergsjö.") == "Han bor i Bergsjö."


class TestTypedText:
    """Identifiers as people really type them: dashes, no-break spaces, full-width digits."""

    @pytest.mark.parametrize(
        ("text", "kind"),
        [
            ("850101\u20131236", "personal_id"),  # en dash, as word processors make it
            ("19850101\u20111236", "personal_id"),  # non-breaking hyphen
            ("850101\u22121236", "personal_id"),  # minus sign
            ("850101\u00a01236", "personal_id"),  # no-break space
            ("850101\u20091236", "personal_id"),  # thin space
            ("070\u2011174\u00a006\u00a005", "phone"),
            ("070\u2013174 06 05", "phone"),
            ("070\u202f174\u202f06\u202f05", "phone"),
            ("\uff10\uff17\uff10\uff11\uff17\uff14\uff10\uff16\uff10\uff15", "phone"),
        ],
    )
    def test_found_and_kept_in_place(self, text: str, kind: str) -> None:
        """The typed form is found whole, reported as written, and scrubbed away."""
        note = f"Ring {text} i morgon."
        (finding,) = Scrubber().findings(note)
        assert (finding.kind, finding.text) == (kind, text)
        assert Scrubber().scrub(note) == f"Ring {TOKENS[kind]} i morgon."

    @pytest.mark.parametrize(
        ("text", "kind"),
        [
            ("19850101 - 1236", "personal_id"),  # a spaced dash
            ("850101 \u2013 1236", "personal_id"),
            ("070/174 06 05", "phone"),
            ("070 - 174 06 05", "phone"),
            ("070.174.06.05", "phone"),
            ("anna [at] example [dot] se", "email"),
            ("anna(at)example.se", "email"),
            ("anna at example.se", "email"),
        ],
    )
    def test_separators_people_use(self, text: str, kind: str) -> None:
        """Spaced dashes, slashes, dots and spelled-out emails are found whole."""
        (finding,) = Scrubber().findings(f"Ring {text} i morgon.")
        assert (finding.kind, finding.text) == (kind, text)

    @pytest.mark.parametrize(
        "prose",
        [
            "We met at school.Then we talked.",
            "Betyg 4 av 5, 2026-03-12, kl. 13.30 i sal 4.",
            "Version 2.1 av fallet, 0.75 av tiden, 38 500 kr.",
        ],
    )
    def test_ordinary_text_untouched(self, prose: str) -> None:
        """Dates, times, decimals and 'at' in prose are not identifiers."""
        assert Scrubber(["Anna Andersson"]).scrub(prose) == prose

    def test_decomposed_names(self) -> None:
        """A name typed decomposed (as macOS gives it) is found, and scrubbed as written."""
        import unicodedata

        written = unicodedata.normalize("NFD", "Åsa Lindqvist och Örjan")
        scrubber = Scrubber([unicodedata.normalize("NFD", "Åsa Lindqvist"), "Örjan Ek"])
        assert scrubber.scrub(written + " kom.") == "[NAMN] och [NAMN] kom."
        assert scrubber.scrub("Åsa kom") == "[NAMN] kom"

    def test_names_run_together(self) -> None:
        """anna_andersson and AnnaAndersson (user names, file names) are the person too."""
        scrubber = Scrubber({"Anna Andersson": "k-1"})
        assert scrubber.scrub("Filen anna_andersson.pdf och AnnaAndersson.") == (
            "Filen k-1.pdf och k-1."
        )

    def test_stored_number_written_otherwise(self) -> None:
        """A stored phone or number is found with other separators, or with +46."""
        scrubber = Scrubber(literals=["070-174 06 05", "19850101-1230"])
        for text in ("0701740605", "070 174 0605", "+46 70 174 06 05", "0046701740605"):
            assert scrubber.scrub(f"Ring {text}.") == "Ring [ID].", text
        # An invalid (mistyped) personal identity number that is stored is found too.
        assert scrubber.scrub("nr 198501011230") == "nr [ID]"
        assert scrubber.scrub("Betyg 4 av 5, 0701.") == "Betyg 4 av 5, 0701."

    def test_stored_value_typed_differently(self) -> None:
        """A stored identifier written with a hyphen is found when typed with a no-break one."""
        scrubber = Scrubber(literals=["AB-12345"])
        assert scrubber.scrub("Ärende AB\u201112345.") == "Ärende [ID]."


class TestPseudonyms:
    def test_stable_and_keyed(self) -> None:
        """Same key and person, same pseudonym; another key, another pseudonym."""
        source = person_source(Identity(personal_id="19811218-9876"))
        assert source == "pnr:8112189876"
        assert pseudonym(KEY, "candidate", source) == pseudonym(KEY, "candidate", source)
        assert pseudonym(KEY, "candidate", source) != pseudonym(KEY[::-1], "candidate", source)
        assert pseudonym(KEY, "candidate", source) != pseudonym(KEY, "panelist", source)

    def test_forms_of_one_number_agree(self) -> None:
        """The same personal identity number written differently gives the same pseudonym."""
        a = person_source(Identity(personal_id="811218-9876"))
        b = person_source(Identity(personal_id="198112189876"))
        assert a == b

    def test_short_key_refused(self, tmp_path: Path) -> None:
        """Short keys can be guessed; anything under 32 bytes (256 bits) is refused."""
        with pytest.raises(RekryteraError, match="at least 32 bytes"):
            pseudonym(b"short", "candidate", "x")
        with pytest.raises(RekryteraError, match="at least 32 bytes"):
            pseudonym(b"k" * 31, "candidate", "x")
        assert pseudonym(b"k" * 32, "candidate", "x")
        (tmp_path / "k").write_bytes(b"0123456789abcdef\n")
        with pytest.raises(RekryteraError, match="is 16 bytes; use at least 32"):
            read_key(tmp_path / "k")
        with pytest.raises(RekryteraError, match="no key file"):
            read_key(tmp_path / "missing")

    def test_linkable_across_recruitments(self) -> None:
        """A person in two recruitments gets the same pseudonym in both, under one key."""
        a = rekrytera.load(EXAMPLES / "socialsekreterare-barn-unga.toml")
        b = attrs.evolve(
            a,
            info=attrs.evolve(a.info, id="another"),
            candidates=[attrs.evolve(c, id=f"x{c.id}") for c in a.candidates],
            ratings=[attrs.evolve(r, candidate=f"x{r.candidate}") for r in a.ratings],
            interviews=[attrs.evolve(i, candidate=f"x{i.candidate}") for i in a.interviews],
            screening=[attrs.evolve(s, candidate=f"x{s.candidate}") for s in a.screening],
            decision=None,
            panel=[
                attrs.evolve(
                    p,
                    conflicts=[f"x{c}" for c in p.conflicts],
                    conflict_records=[
                        attrs.evolve(r, candidate=f"x{r.candidate}") for r in p.conflict_records
                    ],
                )
                for p in a.panel
            ],
        )
        ids_a = [c.id for c in rekrytera.anonymise(a, KEY).candidates]
        ids_b = [c.id for c in rekrytera.anonymise(b, KEY).candidates]
        assert ids_a == ids_b


class TestAnonymise:
    def test_example(self) -> None:
        """No identity field of the example survives, and the copy scores exactly as the original."""
        original = rekrytera.load(EXAMPLES / "socialsekreterare-barn-unga.toml")
        anonymised = rekrytera.anonymise(original, KEY)
        text = rekrytera.dumps(anonymised)
        for person in everyone(original):
            for field in Identity.FIELDS:
                value = getattr(person.identity, field)
                if value:
                    assert value not in text
        ids = {c.id for c in anonymised.candidates} | {p.id for p in anonymised.panel}
        assert ids.isdisjoint({c.id for c in original.candidates} | {p.id for p in original.panel})
        assert "Gav konkreta exempel på hur hon byggt förtroende" in text  # notes otherwise intact

    @given(recruitments(), st.data())
    def test_scores_unchanged(self, rec: Recruitment, data: st.DataObject) -> None:
        """Anonymisation gives a valid recruitment whose results equal the original's, id for id."""
        anonymised = rekrytera.anonymise(rec, KEY)
        assert rekrytera.loads(rekrytera.dumps(anonymised)) == anonymised
        mapping = dict(
            zip([c.id for c in rec.candidates], [c.id for c in anonymised.candidates], strict=True)
        )
        method = data.draw(st.sampled_from(["balanced", "borda", "kemeny"]))
        before = {
            mapping[c.id]: (c.rank, c.total, c.perspectives)
            for c in rekrytera.score(rec, method).candidates
        }
        after = {
            c.id: (c.rank, c.total, c.perspectives)
            for c in rekrytera.score(anonymised, method).candidates
        }
        assert after == before
        assert all(not c.identity for c in anonymised.candidates)
        assert all(not p.identity for p in anonymised.panel)

    @given(recruitments(max_candidates=3), st.data())
    def test_planted_identifiers_in_notes(self, rec: Recruitment, data: st.DataObject) -> None:
        """Identifiers planted in every note are gone after anonymisation."""
        planted = [data.draw(personal_ids()), data.draw(phones()), data.draw(emails())]
        note = " ".join([*planted, "Betyg 4 av 5, 2026-03-12."])
        rec = attrs.evolve(rec, ratings=[attrs.evolve(r, note=note) for r in rec.ratings])
        text = rekrytera.dumps(rekrytera.anonymise(rec, KEY))
        for item in planted:
            assert item not in text
        ids = [x.id for x in everyone(rec) if len(x.id) > 1 and not x.id.isdigit()]
        mentioned = any(
            re.search(rf"(?<![\w.\-]){re.escape(i)}(?![\w.\-])", note, re.IGNORECASE) for i in ids
        )
        # An id that is a word of it, in any case, becomes a pseudonym (ids match as typed).
        if rec.ratings and not mentioned:
            assert "Betyg 4 av 5, 2026-03-12." in text

    def test_random_key_warning(self) -> None:
        """Without a key, a random one is used and the caller is told."""
        rec = rekrytera.load(EXAMPLES / "enhetschef-personlig-assistans.toml")
        with pytest.warns(RandomKeyWarning, match="cannot be linked"):
            a = rekrytera.anonymise(rec)
        with pytest.warns(RandomKeyWarning):
            b = rekrytera.anonymise(rec)
        assert a.candidates[0].id != b.candidates[0].id

    def test_unknown_anonymiser(self) -> None:
        """An unknown anonymiser name is an option error listing what exists."""
        rec = rekrytera.load(EXAMPLES / "enhetschef-personlig-assistans.toml")
        with pytest.raises(rekrytera.scoring.InvalidOption, match="available: pseudonymise"):
            rekrytera.anonymise(rec, KEY, anonymiser="nope")

    def test_faulty_anonymiser(self) -> None:
        """An anonymiser that returns something else is named in the error."""

        @attrs.frozen
        class Bad:
            name: str = "bad"
            description: str = ""

            def anonymise(self, recruitment: Recruitment, *, key: bytes) -> object:
                return "nothing"

        class Plugin:
            @rekrytera.hookimpl
            def rekrytera_register_anonymisers(self) -> list[object]:
                return [Bad()]

        rec = rekrytera.load(EXAMPLES / "enhetschef-personlig-assistans.toml")
        with pytest.raises(
            rekrytera.plugins.PluginError,
            match=r"anonymiser 'bad' .* returned str, not a Recruitment",
        ):
            rekrytera.anonymise(rec, KEY, anonymiser="bad", registry=registry_with(Plugin()))

    @pytest.mark.parametrize(
        ("change", "where"),
        [
            (lambda rec: rec, "candidates[0] keeps identity fields"),
            (
                lambda rec: attrs.evolve(
                    rekrytera.anonymise(rec, KEY),
                    ratings=[
                        attrs.evolve(r, note=f"Ring {rec.candidates[0].identity.phone}")
                        for r in rekrytera.anonymise(rec, KEY).ratings
                    ],
                ),
                "ratings[0].note holds an identity value",
            ),
            (
                lambda rec: attrs.evolve(
                    rekrytera.anonymise(rec, KEY),
                    decision=attrs.evolve(
                        cast(Decision, rekrytera.anonymise(rec, KEY).decision),
                        motivation=f"{rec.candidates[0].identity.name} var bäst.",
                    ),
                ),
                "decision.motivation holds a name",
            ),
        ],
    )
    def test_anonymiser_output_verified(
        self, tmp_path: Path, change: Callable[[Recruitment], Recruitment], where: str
    ) -> None:
        """An anonymiser that leaves personal data is a PluginError naming it and the place
        (never the data): no copy is returned, so none can be written."""

        @attrs.frozen
        class Leaky:
            name: str = "leaky"
            description: str = ""

            def anonymise(self, recruitment: Recruitment, *, key: bytes) -> Recruitment:
                return change(recruitment)

        class Plugin:
            @rekrytera.hookimpl
            def rekrytera_register_anonymisers(self) -> list[object]:
                return [Leaky()]

        rec = rekrytera.load(EXAMPLES / "socialsekreterare-barn-unga.toml")
        with pytest.raises(rekrytera.plugins.PluginError) as info:
            rekrytera.anonymise(rec, KEY, anonymiser="leaky", registry=registry_with(Plugin()))
        message = str(info.value)
        assert message.startswith("anonymiser 'leaky' (")
        assert where in message
        for person in rec.candidates:
            assert str(person.identity.name) not in message
            assert str(person.identity.phone) not in message

    def test_builtin_passes_its_own_check(self) -> None:
        """The built-in anonymiser's copy of each example has no leak."""
        for path in EXAMPLES.glob("*.toml"):
            rec = rekrytera.load(path)
            assert rekrytera.privacy.leaks(rec, rekrytera.anonymise(rec, KEY)) == []


class TestIdsInText:
    @given(recruitments())
    def test_ids_in_notes_become_pseudonyms(self, rec: Recruitment) -> None:
        """An id written in a note ("jäv mot k3") is replaced by its pseudonym, never kept
        (ids of one character or only digits excepted: they read as ordinary text)."""
        ids = [x.id for x in everyone(rec) if len(x.id) > 1 and not x.id.isdigit()]
        mention = "Noterat: " + ", ".join(ids) + "."
        planted = attrs.evolve(
            rec,
            ratings=[attrs.evolve(r, note=mention) for r in rec.ratings],
            interviews=[attrs.evolve(i, notes=mention) for i in rec.interviews],
        )
        copy = rekrytera.anonymise(planted, KEY)
        texts = [r.note for r in copy.ratings] + [i.notes for i in copy.interviews]
        for original in ids:
            whole_word = re.compile(rf"(?<![\w.\-]){re.escape(original)}(?![\w.\-])")
            assert not any(whole_word.search(t) for t in texts), original

    @given(
        st.dictionaries(st.text("kKaA12-._", min_size=2, max_size=5), st.just("X"), max_size=6),
        st.text("kKaA12-._ x", max_size=40),
    )
    def test_id_mentions_same_as_the_alternation(self, ids: dict[str, str], text: str) -> None:
        """Ids in text are replaced exactly as the plain case-sensitive alternation would."""
        from rekrytera.privacy._anonymise import mentions

        replace = mentions(ids)
        if not ids:
            assert replace is None
            return
        assert replace is not None
        plain = re.compile(
            r"(?<![\w.\-])("
            + "|".join(map(re.escape, sorted(ids, key=lambda i: (-len(i), i))))
            + r")(?![\w.\-])"
        )
        assert replace(text) == plain.sub(lambda m: ids[m[1]], text)

    def test_example_conflict_note(self) -> None:
        """A note "Deklarerade jäv mot k3" names k3's pseudonym in the copy."""
        rec = rekrytera.load(EXAMPLES / "socialsekreterare-barn-unga.toml")
        assert rec.decision is not None
        rec = attrs.evolve(
            rec,
            decision=attrs.evolve(
                rec.decision,
                motivation="Deklarerade jäv mot k3 och lämnade rummet under den intervjun.",
            ),
        )
        copy = rekrytera.anonymise(rec, KEY)
        index = [c.id for c in rec.candidates].index("k3")  # the copy keeps the order
        assert copy.decision is not None
        note = copy.decision.motivation
        assert (
            note
            == f"Deklarerade jäv mot {copy.candidates[index].id} och lämnade rummet under den intervjun."
        )


class TestAnonymiseCommand:
    def test_with_key(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The copy is valid, keyed and written; the same key gives the same copy."""
        key = tmp_path / "key"
        key.write_bytes(KEY)
        source = EXAMPLES / "socialsekreterare-barn-unga.toml"
        for out in ("a.toml", "b.json"):
            assert (
                main(["anonymise", str(source), "-o", str(tmp_path / out), "--key-file", str(key)])
                == 0
            )
        assert capsys.readouterr().err == ""
        assert rekrytera.load(tmp_path / "a.toml") == rekrytera.load(tmp_path / "b.json")

    @pytest.mark.usefixtures("english")
    def test_without_key(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Without a key the user is told the pseudonyms link to nothing else."""
        source = EXAMPLES / "enhetschef-personlig-assistans.toml"
        assert main(["anonymise", str(source), "-o", str(tmp_path / "a.toml")]) == 0
        assert "cannot be linked" in capsys.readouterr().err

    @pytest.mark.usefixtures("english")
    def test_refuses_to_overwrite_input(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Writing the copy over the original is refused."""
        source = tmp_path / "rec.toml"
        source.write_text(
            (EXAMPLES / "enhetschef-personlig-assistans.toml").read_text(encoding="utf-8"),
            encoding="utf-8",
        )
        assert main(["anonymise", str(source), "-o", str(source)]) == 2
        assert "must not be the input file" in capsys.readouterr().err

    def test_bad_key_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A missing key file is exit 2 with a hint, and nothing is written."""
        source = EXAMPLES / "enhetschef-personlig-assistans.toml"
        assert (
            main(
                [
                    "anonymise",
                    str(source),
                    "-o",
                    str(tmp_path / "a.toml"),
                    "--key-file",
                    str(tmp_path / "nope"),
                ]
            )
            == 2
        )
        assert "head -c 32 /dev/urandom" in capsys.readouterr().err
        assert not (tmp_path / "a.toml").exists()


class TestViews:
    rec = rekrytera.load(EXAMPLES / "socialsekreterare-barn-unga.toml")

    def test_sealed_until_rated(self) -> None:
        """Before rating a candidate, a panelist cannot see others' ratings of them."""
        before = attrs.evolve(
            self.rec,
            ratings=[
                r for r in self.rec.ratings if not (r.panelist == "inv1" and r.candidate == "k1")
            ],
        )
        v = view(before, "inv1")
        with pytest.raises(
            AccessDenied, match="'inv1' has not yet given an independent rating of 'k1'"
        ):
            v.ratings("k1", Stage.INTERVIEW)
        assert all(r.candidate != "k1" or r.panelist == "inv1" for r in v.recruitment().ratings)
        after = view(self.rec, "inv1").ratings("k1", Stage.INTERVIEW)
        assert {r.panelist for r in after} == {"chef", "hr", "kollega", "inv1", "inv2"}

    def test_own_ratings_always_visible(self) -> None:
        """A panelist always sees their own ratings."""
        assert view(self.rec, "inv2").own_ratings("k1")

    def test_residents_see_no_contact_details(self) -> None:
        """Residents may see names but never contact details or personal identity numbers."""
        v = view(self.rec, "inv1")
        assert v.name("k1") == "Anna Andersson"
        with pytest.raises(AccessDenied, match="contact details"):
            v.contact("k1")
        with pytest.raises(AccessDenied, match="personal identity numbers"):
            v.personal_id("k1")
        copy = v.recruitment()
        assert all(c.identity.email is None and c.identity.phone is None for c in copy.candidates)
        assert view(self.rec, "chef").contact("k1") == (
            "anna.andersson@example.se",
            "070-174 06 05",
        )

    def test_blind_screening(self) -> None:
        """Blind screening hides names and identity fields from everyone at screening."""
        v = view(self.rec, "chef", stage="screening", blind_screening=True)
        with pytest.raises(AccessDenied, match="blind screening"):
            v.name("k1")
        with pytest.raises(AccessDenied, match="blind screening"):
            v.contact("k1")
        assert all(not c.identity for c in v.recruitment().candidates)
        assert (
            view(self.rec, "chef", stage="interview", blind_screening=True).name("k1")
            == "Anna Andersson"
        )

    def test_supporters(self) -> None:
        """Supporters do not rate, so they never see others' ratings."""
        v = view(self.rec, "metodstod")
        with pytest.raises(AccessDenied, match="supporters do not rate"):
            v.ratings("k1", Stage.INTERVIEW)
        assert v.recruitment().ratings == ()

    def test_unknown_panelist(self) -> None:
        """A view for nobody is a KeyError."""
        with pytest.raises(KeyError):
            view(self.rec, "nobody")

    def test_no_way_to_the_whole(self) -> None:
        """A view offers no public attribute holding the complete recruitment."""
        v = view(self.rec, "inv1")
        assert not hasattr(v, "source")
        public = [getattr(v, name) for name in dir(v) if not name.startswith("_")]
        assert not any(value is self.rec for value in public)

    def test_interview_notes_sealed(self) -> None:
        """Before rating a candidate, a panelist sees no interview notes of that candidate
        but their own."""
        rec = attrs.evolve(
            self.rec,
            ratings=[
                r for r in self.rec.ratings if not (r.panelist == "inv1" and r.candidate == "k1")
            ],
            interviews=[
                attrs.evolve(
                    i,
                    notes="PANELENS ANTECKNING",
                    asked=[attrs.evolve(a, note=f"NOT {a.by}") for a in i.asked],
                )
                for i in self.rec.interviews
            ],
        )
        copy = view(rec, "inv1").recruitment()
        for i in copy.interviews:
            sealed = i.candidate == "k1"
            assert (i.notes == "") is sealed
            for a in i.asked:
                assert (a.note == "") is (sealed and a.by != "inv1"), (i.candidate, a.by)

    def test_resident_free_text_without_identifiers(self) -> None:
        """Every free text a resident's copy holds is free of contact details and identity
        numbers, in the forms people type; names stay."""
        typed = (
            "Anna Andersson, 070\u2011174\u00a006\u00a005, anna.andersson@example.se, "
            "850101\u20131236, ärende AB-778812."
        )
        rec = attrs.evolve(
            self.rec,
            info=attrs.evolve(self.rec.info, attributes={"kontakt": typed}),
            ratings=[attrs.evolve(r, note=typed) for r in self.rec.ratings],
            interviews=[
                attrs.evolve(i, notes=typed, asked=[attrs.evolve(a, note=typed) for a in i.asked])
                for i in self.rec.interviews
            ],
            decision=attrs.evolve(cast(Decision, self.rec.decision), motivation=typed),
            rankings=[Ranking(panelist="inv1", order=["k2"], comment=typed)],
            candidates=[
                attrs.evolve(
                    c, identity=attrs.evolve(c.identity, identifiers={"arende": "AB-778812"})
                )
                for c in self.rec.candidates
            ],
        )
        text = rekrytera.dumps(view(rec, "inv1").recruitment(), "json")
        for value in ("174", "anna.andersson@example.se", "1236", "AB-778812"):
            assert value not in text, value
        assert "Anna Andersson" in text
        staff = rekrytera.dumps(view(rec, "hr").recruitment(), "json")
        assert "anna.andersson@example.se" in staff  # staff views are not scrubbed


class TestRetention:
    rec = rekrytera.load(EXAMPLES / "socialsekreterare-barn-unga.toml")

    def test_not_before_due(self) -> None:
        """Nothing is removed before the policy's time has passed."""
        assert purge(self.rec, RetentionPolicy(months=24), dt.date(2028, 5, 3)) is self.rec

    def test_purge(self) -> None:
        """Once due, the candidates not hired lose their personal data; scores stay."""
        purged = purge(self.rec, RetentionPolicy(months=24), dt.date(2028, 5, 4))
        hired = set(self.rec.decision.hired)  # type: ignore[union-attr]
        for c in purged.candidates:
            assert bool(c.identity) is (c.id in hired)
        assert all(r.note == "" for r in purged.ratings if r.candidate not in hired)
        assert any(r.note for r in purged.ratings if r.candidate in hired)
        (record,) = purged.retention
        assert (record.action, record.date, record.candidates) == (
            "purge",
            dt.date(2028, 5, 4),
            ("k1", "k3", "k4"),
        )
        assert "Anna" not in rekrytera.dumps(purged)
        assert rekrytera.loads(rekrytera.dumps(purged)) == purged
        assert [(c.id, c.rank, c.total) for c in rekrytera.score(purged).candidates] == [
            (c.id, c.rank, c.total) for c in rekrytera.score(self.rec).candidates
        ]
        assert purge(purged, RetentionPolicy(months=24), dt.date(2029, 1, 1)) is purged

    def test_needs_a_decision(self) -> None:
        """A policy that runs from the decision needs a dated decision."""
        with pytest.raises(RekryteraError, match="no"):
            purge(
                attrs.evolve(self.rec, decision=None),
                RetentionPolicy(months=1),
                dt.date(2030, 1, 1),
            )

    def test_erase(self) -> None:
        """Erasure on request removes one candidate's personal data now, and says so."""
        basis = "GDPR art. 17.1 a; gallringsbeslut 2026-05-30"
        erased = erase(self.rec, "k2", dt.date(2026, 6, 1), basis=basis)
        assert not erased.candidate("k2").identity
        assert erased.candidate("k1").identity
        (record,) = erased.retention
        assert (record.action, record.candidates, record.basis) == ("erasure", ("k2",), basis)
        with pytest.raises(KeyError):
            erase(self.rec, "nobody", dt.date(2026, 6, 1), basis=basis)
        with pytest.raises(RekryteraError, match="legal ground"):
            erase(self.rec, "k2", dt.date(2026, 6, 1), basis=" ")

    def test_erased_from_every_text(self) -> None:
        """The erased person leaves no name or identity value in anyone's notes, the
        motivation or comments, and the record says exactly which texts changed."""
        k2 = self.rec.candidate("k2").identity
        assert k2.name is not None
        mention = f"Jämfört med {k2.name} ({k2.email}, {k2.phone}) var hon lugnare."
        rec = attrs.evolve(
            self.rec,
            ratings=[
                attrs.evolve(r, note=mention) if i == 0 else r
                for i, r in enumerate(self.rec.ratings)
            ],
            decision=attrs.evolve(cast(Decision, self.rec.decision), motivation=mention),
            rankings=[Ranking(panelist="inv1", order=["k1", "k2"], comment=mention)],
        )
        assert rec.ratings[0].candidate != "k2"
        erased = erase(rec, "k2", dt.date(2026, 6, 1), basis="GDPR art. 17.1 a")
        text = rekrytera.dumps(erased)
        for value in (k2.name, str(k2.email), str(k2.phone), *k2.name.split()):
            assert value not in text, value
        (record,) = erased.retention
        assert record.changed == ("ratings[0].note", "decision.motivation", "rankings[0].comment")
        assert "var hon lugnare" in erased.ratings[0].note

    def test_anonymise_after_purge(self) -> None:
        """A purged or erased recruitment can be anonymised; its records are pseudonymised."""
        purged = purge(self.rec, RetentionPolicy(months=24), dt.date(2028, 5, 4))
        erased = erase(purged, "k2", dt.date(2028, 6, 1), basis="GDPR art. 17.1 a")
        copy = rekrytera.anonymise(erased, KEY)
        originals = {c.id for c in self.rec.candidates}
        for record in copy.retention:
            assert originals.isdisjoint(record.candidates)

    def test_record_references_checked(self, minimal_toml: str) -> None:
        """A retention record names known candidates."""
        text = (
            minimal_toml
            + '\n[[retention]]\ndate = 2027-01-01\naction = "purge"\ncandidates = ["k9"]\n'
        )
        with pytest.raises(
            rekrytera.InvalidRecruitment,
            match=r"retention\[0\].candidates\[0\]: unknown candidate 'k9'",
        ):
            rekrytera.loads(text)


class TestOtherIdentifiers:
    def test_removed_and_scrubbed(self, minimal_toml: str) -> None:
        """A municipality's own identifiers are removed, and scrubbed wherever they appear."""
        text = minimal_toml.replace(
            'name = "Anna Andersson"',
            'name = "Anna Andersson"\nidentifiers = { anstallningsnummer = "AN-4711" }',
        ).replace(
            "relationsskapande = 5 }", 'relationsskapande = 5 }\nnote = "Se personalakt an-4711."'
        )
        rec = rekrytera.loads(text)
        assert rec.candidate("k1").identity.identifiers == {"anstallningsnummer": "AN-4711"}
        out = rekrytera.dumps(rekrytera.anonymise(rec, KEY))
        assert "4711" not in out
        assert "Se personalakt [ID]." in out

    def test_short_values_not_searched(self) -> None:
        """A one-character identifier value does not take ordinary numbers with it."""
        assert (
            Scrubber(literals=["4", "AN-4711"]).scrub("Betyg 4 av 5, se AN-4711.")
            == "Betyg 4 av 5, se [ID]."
        )

    def test_bad_identifier_key(self, minimal_toml: str) -> None:
        """Identifier names are keys."""
        text = minimal_toml.replace('name = "Anna Andersson"', 'identifiers = { "två ord" = "x" }')
        with pytest.raises(
            rekrytera.InvalidRecruitment,
            match=r"candidates\[0\]\.identifiers: 'två ord' is not a valid key",
        ):
            rekrytera.loads(text)


class TestParticipationPrivacy:
    """Residents' own data is in the register, so no view or copy of a recruitment holds it."""

    rec = rekrytera.load(EXAMPLES / "socialsekreterare-barn-unga.toml")
    register = load_register(EXAMPLES / "pool" / "invanarpool.toml")

    def _secrets(self) -> list[str]:
        found = [x.note for x in self.register.of(self.rec.id)]
        assert found
        return found

    def test_no_view_holds_it(self) -> None:
        """Whoever looks, HR included, the recruitment they see names no lived experience or note."""
        for panelist in self.rec.panel:
            text = rekrytera.dumps(view(self.rec, panelist.id).recruitment())
            assert "participation" not in text
            assert "experience" not in text
            for secret in self._secrets():
                assert secret not in text, (panelist.id, secret)

    def test_no_anonymised_copy_holds_it(self) -> None:
        text = rekrytera.dumps(rekrytera.anonymise(self.rec, KEY))
        assert "participation" not in text
        assert "income_support" not in text


class TestRetentionCommands:
    SOURCE = EXAMPLES / "socialsekreterare-barn-unga.toml"

    @pytest.mark.usefixtures("english")
    def test_purge(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """rekrytera purge removes the non-hired candidates' data once due, and says so."""
        out = tmp_path / "gallrad.toml"
        argv = ["purge", str(self.SOURCE), "--months", "24", "-o", str(out)]
        assert main([*argv, "--today", "2028-05-03"]) == 0
        assert "nothing to remove on 2028-05-03" in capsys.readouterr().out
        assert not out.exists()
        assert main([*argv, "--today", "2028-05-04"]) == 0
        assert "removed the personal data of k1, k3, k4" in capsys.readouterr().out
        purged = rekrytera.load(out)
        assert [c.id for c in purged.candidates if c.identity] == ["k2"]
        assert purged.retention[-1].action == "purge"

    @pytest.mark.usefixtures("english")
    def test_erase(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """rekrytera erase needs a legal ground and a known candidate, and records both."""
        out = tmp_path / "raderad.json"
        base = ["erase", str(self.SOURCE), "-o", str(out), "--today", "2026-06-01"]
        with pytest.raises(SystemExit) as info:
            main([*base, "--candidate", "k2"])
        assert info.value.code == 2  # --basis is required
        capsys.readouterr()
        assert main([*base, "--candidate", "k9", "--basis", "GDPR art. 17.1 a"]) == 2
        assert "no candidate 'k9'" in capsys.readouterr().err
        assert main([*base, "--candidate", "k2", "--basis", "GDPR art. 17.1 a"]) == 0
        record = rekrytera.load(out).retention[-1]
        assert (record.action, record.candidates, record.basis) == (
            "erasure",
            ("k2",),
            "GDPR art. 17.1 a",
        )

    @pytest.mark.usefixtures("english")
    def test_input_kept_without_force(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Writing over the input needs --force, like every command that writes."""
        copy = tmp_path / "rec.toml"
        copy.write_bytes(self.SOURCE.read_bytes())
        argv = ["erase", str(copy), "-o", str(copy), "--candidate", "k2", "--basis", "x"]
        assert main(argv) == 2
        assert "use --force" in capsys.readouterr().err
        assert rekrytera.load(copy).candidate("k2").identity
        assert main([*argv, "--force"]) == 0
        assert not rekrytera.load(copy).candidate("k2").identity


class TestTrie:
    @given(
        st.lists(st.text("abAB -'", min_size=1, max_size=6), min_size=1, max_size=8),
        st.text("abAB -'x", max_size=40),
    )
    def test_same_matches_as_the_alternation(self, words: list[str], text: str) -> None:
        """The prefix-factored pattern finds exactly what the longest-first alternation finds."""
        from rekrytera.privacy._scrub import _trie

        plain = "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
        expected = re.compile(rf"(?<!\w)(?:{plain})(?!\w)", re.IGNORECASE)
        factored = re.compile(rf"(?<!\w)(?:{_trie(words)})(?!\w)", re.IGNORECASE)
        assert [m.span() for m in factored.finditer(text)] == [
            m.span() for m in expected.finditer(text)
        ]

    @given(
        st.lists(
            st.text("abAB -'ÅåöÖsSkK\u212a\u017f\u0131iI", min_size=1, max_size=6),
            min_size=1,
            max_size=8,
        ),
        st.text("abAB -'xÅåöÖsSkK\u212a\u017f\u0131iI", max_size=40),
        st.sampled_from(["", r"(?:s|'s|')?"]),
    )
    def test_word_regex_same_as_ignorecase(self, words: list[str], text: str, suffix: str) -> None:
        """The first-letter form finds exactly what the plain case-insensitive form finds."""
        from rekrytera.privacy._scrub import _trie, _word_regex

        plain = re.compile(rf"(?<!\w)({_trie(words)}){suffix}(?!\w)", re.IGNORECASE)
        fast = _word_regex(words, suffix)
        assert fast is not None
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert [m[1] for m in fast.finditer(text)] == [m[1] for m in plain.finditer(text)]

    def test_numbers_with_separators(self) -> None:
        """Stored numbers share one factored pattern and keep their separators and +46."""
        scrubber = Scrubber(literals=["070-174 06 05", "070-174 06 11", "+46 8 123 45 67"])
        for text in ("0701740611", "+46 70 174 06 05", "08-123 45 67", "0046 (0)8 1234567"):
            assert scrubber.scrub(f"Ring {text}!") == "Ring [ID]!", text
        assert scrubber.scrub("Ring 0701740699!") == "Ring [TELEFON]!"  # a phone, not theirs


#: Pieces of numbers as people write them, for the digit-run property test.
PIECES: tuple[str, ...] = (
    "+46",
    "0046",
    "(0)",
    "070",
    "08",
    "-",
    " ",
    " - ",
    "/",
    ".",
    "+",
    "(",
    ")",
)
PIECES += ("19850101", "850101", "1236", "174 06 05", "123 45 67", "70", "8", "x", "a")


class TestDigitRuns:
    """The number patterns search runs of digits only: they must find what a full search finds."""

    @given(
        st.lists(st.sampled_from(PIECES), max_size=14).map("".join)
        | st.text("0123456789 -+()./xa", max_size=40)
    )
    @settings(max_examples=1000)
    def test_windows_find_what_the_whole_text_gives(self, text: str) -> None:
        from rekrytera.privacy._identifiers import PERSONAL_ID, PHONE
        from rekrytera.privacy._scrub import _DIGIT_RUN

        number = Scrubber(literals=["070-174 06 05", "19850101-1236"])._number_pattern
        assert number is not None
        runs = [(m.start(), m.end() + 1) for m in _DIGIT_RUN.finditer(text)]
        for pattern in (PERSONAL_ID, PHONE, number):
            whole = [m.span() for m in pattern.finditer(text)]
            windows = [m.span() for a, b in runs for m in pattern.finditer(text, a, b)]
            assert windows == whole, pattern.pattern[:40]
