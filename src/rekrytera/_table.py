"""Plain-text tables and the words of the score table, in Swedish and English."""

from __future__ import annotations

from collections.abc import Sequence

from ._i18n import N_, Texts

__all__ = ["CSV_DECIMALS", "FORMULA_START", "WORDS", "csv_number", "number", "safe_cell", "table"]

#: Numbers in CSV output are rounded to this many decimals (JSON keeps them whole).
CSV_DECIMALS = 6

WORDS = Texts(
    {
        "rank": N_("Rank"),
        "candidate": N_("Candidate"),
        "total": N_("Total"),
        "staff": N_("Staff"),
        "resident": N_("Residents"),
        "flags": N_("Flags"),
        "missing": N_("Missing requirements"),
        "method": N_("Method"),
        "resident_weight": N_("resident weight"),
        "independent": N_("independent ratings"),
        "calibrated": N_("calibrated ratings"),
        "tie": N_("tie"),
        "divergent": N_("staff and residents differ"),
        "incomplete": N_("incomplete"),
        "resident_missing": N_("no resident rated"),
        "single_rater": N_("one rater"),
        "approximate": N_("approximate"),
        "conflict_excluded": N_("rating left out for a conflict of interest"),
        "how": N_("How it is computed"),
        "no_resident": (
            N_(
                "No resident on the panel rates. The resident weight does not apply, and every "
                "total rests on the staff's ratings alone."
            )
        ),
        "no_staff": (
            N_("No staff member on the panel rates. Every total rests on the residents' ratings.")
        ),
        "skipped_policies": N_(
            "An administrator skipped these policies for this result: {names}. The result "
            "was made without checking them."
        ),
        "recused_ratings": (
            N_(
                "Some ratings are left out. They were given by a panelist who declared a conflict "
                "of interest (jäv). A conflict with one applicant concerns the whole recruitment, "
                "so that panelist takes no part in it (förvaltningslagen 16–17 §§)."
            )
        ),
        "alpha": N_("Panel agreement (Krippendorff's alpha)"),
        "all": N_("all"),
        "tau": N_("Agreement of the staff and resident orders (Kendall's tau-b)"),
        "drift": N_("Change after the panel's discussion"),
        "changed_of": N_("{changed} of {pairs} compared ratings changed"),
        "mean": N_("on average"),
        "none": N_("–"),
    }
)


def number(value: float | None, lang: str, *, sign: bool = False) -> str:
    """A number with two decimals, a decimal comma in Swedish, a dash for None.

    The value is first rounded to 9 decimals (the precision results are
    compared at), so values that differ only beyond it, as sums added in
    another order do, print alike.
    """
    if value is None:
        return WORDS[lang]["none"]
    value = round(value, 9)
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
    value = round(value, 9)  # as number() does
    text = f"{round(value, CSV_DECIMALS):.{CSV_DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def safe_cell(text: str) -> str:
    """A text cell that a spreadsheet shows as text, never runs as a formula.

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    gets a leading apostrophe, which spreadsheets hide and treat as "text".
    Numbers are written as numbers and need none; apply this to text only.
    """
    return "'" + text if text.startswith(FORMULA_START) else text
