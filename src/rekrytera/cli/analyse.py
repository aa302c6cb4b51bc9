"""``rekrytera analyse``: agreement and participation summaries across many recruitments.

numpy is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import TYPE_CHECKING, Any, TextIO

from .._i18n import N_, _, ngettext
from .._table import WORDS, number, table
from ..exceptions import RekryteraError, lookup
from ..model import Phase
from ._common import Command, add_format, add_scoring_options

if TYPE_CHECKING:
    from ..analysis import Table

__all__ = ["ANALYSE"]

TABLES = ("summary", "recruitments", "sensitivity", "candidates")

#: Column headings of the plain-text tables (translated when shown); CSV and
#: JSON use the column names.
HEADINGS: dict[str, str] = {
    "recruitment": N_("recruitment"),
    "recruitments": N_("recruitments"),
    "candidates": N_("candidates"),
    "scores": N_("scores"),
    "alpha_all": N_("alpha all"),
    "alpha_mean_all": N_("alpha all (mean)"),
    "alpha_ordinal_all": N_("alpha ordinal"),
    "alpha_staff": N_("alpha staff"),
    "alpha_resident": N_("alpha residents"),
    "alpha_between": N_("alpha between"),
    "icc21_all": "ICC(2,1)",
    "icc2k_all": "ICC(2,k)",
    "icc31_all": "ICC(3,1)",
    "icc_items_all": N_("ICC items"),
    "tau": "tau",
    "resident_top_is_staff_top": N_("same top"),
    "resident_top_hired": N_("residents' top hired"),
    "staff_top_hired": N_("staff's top hired"),
    "drift_mean": N_("drift"),
    "resident_weight": N_("resident weight"),
    "top_changed": N_("other top"),
    "top_hired": N_("top hired"),
    "candidate": N_("candidate"),
    "rank": N_("rank"),
    "total": N_("total"),
    "staff": N_("staff"),
    "resident": N_("residents"),
    "all": N_("all"),
}

#: The columns each plain-text table shows (after the grouping columns).
SHOWN: dict[str, tuple[str, ...]] = {
    "summary": (
        "recruitments",
        "candidates",
        "alpha_all",
        "alpha_mean_all",
        "alpha_ordinal_all",
        "alpha_staff",
        "alpha_resident",
        "alpha_between",
        "icc21_all",
        "icc2k_all",
        "icc31_all",
        "icc_items_all",
        "tau",
        "resident_top_is_staff_top",
        "resident_top_hired",
        "staff_top_hired",
        "drift_mean",
    ),
    "recruitments": (
        "recruitment",
        "candidates",
        "alpha_all",
        "alpha_ordinal_all",
        "alpha_staff",
        "alpha_resident",
        "alpha_between",
        "icc21_all",
        "icc2k_all",
        "icc31_all",
        "icc_items_all",
        "tau",
        "resident_top_is_staff_top",
        "resident_top_hired",
        "drift_mean",
    ),
    "sensitivity": ("resident_weight", "recruitments", "top_changed", "tau", "top_hired"),
    "candidates": ("recruitment", "candidate", "rank", "total", "staff", "resident"),
}


class Progress:
    """A one-line progress bar on a terminal, redrawn at most ten times a second."""

    def __init__(self, stream: TextIO, label: str) -> None:
        self.stream = stream
        self.label = label
        self.last = 0.0
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "." * (width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total}")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        """Clear the line, so that what follows starts on a clean one."""
        if self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "sources",
        nargs="+",
        metavar="FILES_OR_STORE",
        help=_(
            "recruitment files, folders of them, a .sqlite store, a Parquet export or a "
            "Parquet dataset"
        ),
    )
    parser.add_argument(
        "--by",
        action="append",
        default=[],
        metavar="FIELD",
        help=_(
            "group the summary or the sensitivity curve by a recruitment attribute "
            "(e.g. kommungrupp); may be repeated"
        ),
    )
    parser.add_argument(
        "--table",
        choices=TABLES,
        default="summary",
        help=_(
            "summary (pooled, default), recruitments (one row each), sensitivity "
            "(by resident weight) or candidates (balanced scores)"
        ),
    )
    add_format(parser, ["table", "csv", "json"])
    parser.add_argument(
        "--no-progress", action="store_true", help=_("no progress bar, even on a terminal")
    )
    parser.add_argument(
        "--engine",
        choices=("numpy", "duckdb"),
        default="numpy",
        help=_(
            "numpy (default) holds the scores in memory; duckdb computes with SQL out of "
            "core, over a Parquet dataset (needs rekrytera[duckdb])"
        ),
    )
    add_scoring_options(parser, method=False)  # the analyses compute balanced


def _run(args: argparse.Namespace) -> int:
    """Run ``rekrytera analyse``; invalid input raises (``main`` reports it)."""
    try:
        from .. import analysis
        from ..analysis._dataset import FIELDS
        from ..analysis._items import engine_of
    except ImportError as e:
        raise RekryteraError(str(e)) from None
    from ..scoring._engine import _number

    resident_weight = _number("resident_weight", args.resident_weight, 0.0, 1.0)
    divergence = _number("divergence", args.divergence, 0.0, float("inf"))
    progress = None
    if sys.stderr.isatty() and not args.no_progress:
        progress = Progress(sys.stderr, "analyse")
    invalid = None
    try:
        ds = analysis.load(*args.sources, progress=progress, engine=args.engine)
    except analysis.InvalidSources as e:
        invalid = e
    finally:
        if progress:
            progress.close()
    if invalid is not None:
        for line in invalid.lines():
            print(line, file=sys.stderr)
        return 2
    if not len(ds):
        raise RekryteraError(
            _(
                "no recruitments in {sources}: give recruitment files (.toml, .json), folders "
                "of them, a .sqlite store or a Parquet export"
            ).format(sources=", ".join(args.sources))
        )
    fields = list(args.by)
    known = set(ds.attributes) | set(FIELDS)
    for field in fields:
        lookup("attribute", field, dict.fromkeys(known))
    phase = Phase(args.phase)
    if args.table == "summary":
        result = analysis.summarise(ds, fields, resident_weight=resident_weight, phase=phase)
    elif args.table == "recruitments":
        result = analysis.agreement(ds, resident_weight=resident_weight, phase=phase)
    elif args.table == "sensitivity":
        result = analysis.sensitivity(ds, fields, phase=phase)
    else:
        result = analysis.scores(
            ds, resident_weight=resident_weight, divergence=divergence, phase=phase
        )
    if args.format == "csv":
        result.to_csv(sys.stdout)
    elif args.format == "json":
        json.dump(list(result.rows()), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        scores = int(engine_of(ds).scores(ds, phase).sum())
        w = WORDS[args.lang]
        weight = number(resident_weight, args.lang).rstrip("0").rstrip(",.")
        counts = ", ".join(
            (
                ngettext("{n} recruitment", "{n} recruitments", len(ds)).format(n=len(ds)),
                ngettext("{n} candidate", "{n} candidates", len(ds.cand_id)).format(
                    n=len(ds.cand_id)
                ),
                ngettext("{n} score", "{n} scores", scores).format(n=scores),
            )
        )
        print(f"{counts} · {w[phase.value]} · {w['resident_weight']} {weight}")
        print()
        print(_text(result, args.table, fields, args.lang))
    return 0


def _cell(value: Any, lang: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return number(value, lang)
    return str(value)


def _text(result: Table, name: str, fields: list[str], lang: str) -> str:
    columns = [*fields, *SHOWN[name]] if name in ("summary", "sensitivity") else list(SHOWN[name])
    rows = [[_cell(row[c], lang) for c in columns] for row in result.rows()]
    header = [_(HEADINGS[c]) if c in HEADINGS else c for c in columns]
    right = {i for i, c in enumerate(columns) if c not in (*fields, "recruitment", "candidate")}
    return table(header, rows, right=right)


ANALYSE = Command(
    "analyse",
    N_("agreement and outcome summaries across many recruitments"),
    N_(
        "Load many recruitments (files, folders of them, SQLite stores) and print the common "
        "summaries: agreement within and between the staff and resident perspectives "
        "(Krippendorff's alpha, ICC), Kendall's tau between their orders, how often each "
        "perspective's top candidate was hired, drift after calibration, and how the outcome "
        "changes with the resident weight. Needs 'rekrytera[analysis]'."
    ),
    _arguments,
    _run,
)
