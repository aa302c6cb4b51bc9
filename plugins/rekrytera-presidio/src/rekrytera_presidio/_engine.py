"""The Presidio recognisers and the scrub function: imported on first use (Presidio is heavy)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig

from rekrytera.privacy import (
    EMAIL,
    PERSONAL_ID,
    PHONE,
    TOKENS,
    Scrubber,
    is_valid_personal_id,
)

__all__ = ["ENTITIES", "PersonalIdRecognizer", "presidio_scrubber", "recognizers"]

ENTITIES = {
    "SE_PERSONAL_ID": TOKENS["personal_id"],
    "EMAIL_ADDRESS": TOKENS["email"],
    "SE_PHONE_NUMBER": TOKENS["phone"],
    "PERSON": TOKENS["name"],
    "SE_IDENTIFIER": TOKENS["identifier"],
}


class PersonalIdRecognizer(PatternRecognizer):  # type: ignore[misc]
    """Swedish personal identity and coordination numbers, checked by date and Luhn digit."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity="SE_PERSONAL_ID",
            patterns=[Pattern("personnummer", PERSONAL_ID.pattern, 0.5)],
            context=["personnummer", "pnr", "samordningsnummer"],
            supported_language="sv",
        )

    def validate_result(self, pattern_text: str) -> bool:
        match = PERSONAL_ID.fullmatch(pattern_text)
        return match is not None and is_valid_personal_id(match[1], match[3])


def recognizers(names: Scrubber) -> list[EntityRecognizer]:
    """The recognisers used: identifiers, plus the recruitment's known names."""
    found: list[EntityRecognizer] = [
        PersonalIdRecognizer(),
        PatternRecognizer(
            supported_entity="EMAIL_ADDRESS",
            patterns=[Pattern("email", EMAIL.pattern, 0.9)],
            supported_language="sv",
        ),
        PatternRecognizer(
            supported_entity="SE_PHONE_NUMBER",
            patterns=[Pattern("phone", PHONE.pattern, 0.6)],
            supported_language="sv",
        ),
    ]
    if names.name_pattern is not None:
        found.append(
            PatternRecognizer(
                supported_entity="PERSON",
                patterns=[Pattern("known names", names.name_pattern.pattern, 0.9)],
                supported_language="sv",
            )
        )
    return found


def presidio_scrubber(
    names: Mapping[str, str | None], literals: Iterable[str] = ()
) -> Callable[[str], str]:
    """A scrub function for one recruitment, built from Presidio recognisers."""
    known = Scrubber(names)
    extra = [value for value in literals if value.strip()]
    active = recognizers(known)
    if extra:
        active.append(
            PatternRecognizer(
                supported_entity="SE_IDENTIFIER", deny_list=extra, supported_language="sv"
            )
        )
    engine = AnonymizerEngine()
    operators = {
        "PERSON": OperatorConfig("custom", {"lambda": known.replacement_for_name}),
        **{
            entity: OperatorConfig("replace", {"new_value": token})
            for entity, token in ENTITIES.items()
            if entity != "PERSON"
        },
    }

    def scrub(text: str) -> str:
        if not text:
            return text
        results: list[RecognizerResult] = []
        for recognizer in active:
            results += recognizer.analyze(text, entities=recognizer.supported_entities)
        if not results:
            return text
        return str(engine.anonymize(text, results, operators).text)

    return scrub
