"""Plain-text tables and the words of the score table, in Swedish and English."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["CSV_DECIMALS", "FORMULA_START", "WORDS", "csv_number", "number", "safe_cell", "table"]

#: Numbers in CSV output are rounded to this many decimals (JSON keeps them whole).
CSV_DECIMALS = 6

WORDS: dict[str, dict[str, str]] = {
    "sv": {
        "rank": "Rang",
        "candidate": "Kandidat",
        "total": "Totalt",
        "staff": "Personal",
        "resident": "Invånare",
        "flags": "Flaggor",
        "missing": "Saknade krav",
        "method": "Metod",
        "resident_weight": "invånarvikt",
        "independent": "oberoende bedömningar",
        "calibrated": "kalibrerade bedömningar",
        "tie": "delad placering",
        "divergent": "personal och invånare skiljer sig",
        "incomplete": "ofullständig",
        "resident_missing": "ingen invånare har bedömt",
        "single_rater": "en enda bedömare",
        "approximate": "ungefärlig",
        "conflict_excluded": "bedömning borttagen på grund av jäv",
        "how": "Så räknas det",
        "no_resident": (
            "Panelen har ingen invånare som bedömer. Invånarvikten används inte, och det "
            "sammanvägda bygger bara på personalens bedömningar."
        ),
        "no_staff": (
            "Panelen har ingen personal som bedömer. Det sammanvägda bygger bara på "
            "invånarnas bedömningar."
        ),
        "recused_ratings": (
            "Några bedömningar är inte med. De gavs av någon i panelen som har anmält jäv. "
            "Jäv mot en sökande gäller hela rekryteringen, så den personen ska inte vara med "
            "alls (förvaltningslagen 16–17 §§)."
        ),
        "alpha": "Samstämmighet i panelen (Krippendorffs alfa)",
        "all": "alla",
        "tau": "Överensstämmelse mellan personalens och invånarnas ordning (Kendalls tau-b)",
        "drift": "Förändring efter panelens samtal",
        "changed_of": "{changed} av {pairs} jämförda bedömningar ändrades",
        "mean": "i genomsnitt",
        "none": "–",
    },
    "en": {
        "rank": "Rank",
        "candidate": "Candidate",
        "total": "Total",
        "staff": "Staff",
        "resident": "Residents",
        "flags": "Flags",
        "missing": "Missing requirements",
        "method": "Method",
        "resident_weight": "resident weight",
        "independent": "independent ratings",
        "calibrated": "calibrated ratings",
        "tie": "tie",
        "divergent": "staff and residents differ",
        "incomplete": "incomplete",
        "resident_missing": "no resident rated",
        "single_rater": "one rater",
        "approximate": "approximate",
        "conflict_excluded": "rating left out for a conflict of interest",
        "how": "How it is computed",
        "no_resident": (
            "No resident on the panel rates. The resident weight does not apply, and every "
            "total rests on the staff's ratings alone."
        ),
        "no_staff": (
            "No staff member on the panel rates. Every total rests on the residents' ratings."
        ),
        "recused_ratings": (
            "Some ratings are left out. They were given by a panelist who declared a conflict "
            "of interest (jäv). A conflict with one applicant concerns the whole recruitment, "
            "so that panelist takes no part in it (förvaltningslagen 16–17 §§)."
        ),
        "alpha": "Panel agreement (Krippendorff's alpha)",
        "all": "all",
        "tau": "Agreement of the staff and resident orders (Kendall's tau-b)",
        "drift": "Change after the panel's discussion",
        "changed_of": "{changed} of {pairs} compared ratings changed",
        "mean": "on average",
        "none": "–",
    },
}


def number(value: float | None, lang: str, *, sign: bool = False) -> str:
    """A number with two decimals, a decimal comma in Swedish, a dash for None."""
    if value is None:
        return WORDS[lang]["none"]
    text = f"{value:+.2f}" if sign else f"{value:.2f}"
    return text.replace(".", ",") if lang == "sv" else text


def table(header: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> str:
    """Columns padded to their widest cell; the columns in *right* aligned right."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [
            str(cell).rjust(widths[i]) if i in right else str(cell).ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


#: What a spreadsheet takes as the start of a formula (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_number(value: float | None) -> str:
    """A number for CSV: rounded to :data:`CSV_DECIMALS`, no trailing zeros, blank for None.

    ``4.0649999999999995`` becomes ``4.065``; a whole number has no decimal point.
    """
    if value is None:
        return ""
    text = f"{round(value, CSV_DECIMALS):.{CSV_DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def safe_cell(text: str) -> str:
    """A text cell that a spreadsheet shows as text, never runs as a formula.

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    gets a leading apostrophe, which spreadsheets hide and treat as "text".
    Numbers are written as numbers and need none; apply this to text only.
    """
    return "'" + text if text.startswith(FORMULA_START) else text
