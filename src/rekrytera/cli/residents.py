"""Residents who take part: ``rekrytera participation`` and ``rekrytera match``."""

from __future__ import annotations

import argparse
import json
import sys

from .._table import number, table
from ..exceptions import InvalidRecruitment
from ..participation import load_pool, match, summarise_all
from ._common import (
    EXIT_INVALID,
    EXIT_OK,
    Command,
    add_format,
    add_names,
    load_or_report,
    print_problems,
)

__all__ = ["MATCH", "PARTICIPATION"]


def _participation_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="recruitment files")
    add_format(parser, ["table", "json"])


def _run_participation(args: argparse.Namespace) -> int:
    recs = [load_or_report(path) for path in args.files]
    summary = summarise_all(recs)
    if args.format == "json":
        data = {
            "recruitments": summary.recruitments,
            "with_residents": summary.with_residents,
            "mean_steps": summary.mean_steps,
            "share_prepared": summary.share_prepared,
            "residents_top_hired": {"yes": summary.top_hired[0], "known": summary.top_hired[1]},
            "residents_top_is_staff_top": {
                "yes": summary.top_agrees[0],
                "known": summary.top_agrees[1],
            },
            "per_recruitment": [
                {
                    "recruitment": s.recruitment,
                    "residents": s.residents,
                    "steps": [step.value for step in s.steps],
                    "prepared": s.prepared,
                    "checklist_done": s.checklist_done,
                    "fees": s.fees,
                    "kept": s.kept,
                    "residents_top": list(s.residents_top),
                    "staff_top": list(s.staff_top),
                    "hired": list(s.hired),
                    "top_hired": s.top_hired,
                }
                for s in summary.per_recruitment
            ],
        }
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK

    def yes_no(value: bool | None) -> str:
        return "–" if value is None else ("ja" if value else "nej")

    header = [
        "rekrytering",
        "invånare",
        "steg",
        "förberedda",
        "arvode",
        "behållet",
        "invånarnas etta",
        "anställd",
        "etta anställd",
    ]
    rows = [
        [
            s.recruitment,
            str(s.residents),
            str(len(s.steps)),
            str(s.prepared),
            number(s.fees, "sv"),
            number(s.kept, "sv"),
            ", ".join(s.residents_top) or "–",
            ", ".join(s.hired) or "–",
            yes_no(s.top_hired),
        ]
        for s in summary.per_recruitment
    ]
    print(table(header, rows, right={1, 2, 3, 4, 5}))
    print()
    print(
        f"{summary.with_residents} av {summary.recruitments} rekryteringar med invånare; "
        f"i medel {number(summary.mean_steps, 'sv')} steg; invånarnas etta anställd i "
        f"{summary.top_hired[0]} av {summary.top_hired[1]}, samma etta som personalens i "
        f"{summary.top_agrees[0]} av {summary.top_agrees[1]}."
    )
    return EXIT_OK


def _match_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pool", required=True, metavar="POOL", help="the resident pool file")
    parser.add_argument("file", metavar="FILE", help="the recruitment file")
    parser.add_argument("-n", type=int, default=3, help="how many (default: 3)")
    add_names(parser, "residents")


def _run_match(args: argparse.Namespace) -> int:
    try:
        pool = load_pool(args.pool)
    except InvalidRecruitment as e:
        print_problems(args.pool, e.problems, sys.stderr, prefix=True)
        return EXIT_INVALID
    rec = load_or_report(args.file)
    for m in match(pool, rec, n=args.n):
        label = m.resident.id + (
            f" {m.resident.identity.name}" if args.names and m.resident.identity.name else ""
        )
        reasons = "; ".join(m.reasons) or "no matching experience"
        print(f"{label}\t{m.relevance}\t{reasons}")
    return EXIT_OK


PARTICIPATION = Command(
    "participation",
    "summarise how residents took part, per recruitment and across them",
    "Summarise resident participation: steps taken part in, preparation, fees, and how "
    "often the residents' top candidate was hired.",
    _participation_arguments,
    _run_participation,
)

MATCH = Command(
    "match",
    "suggest residents from a pool for a recruitment",
    "List the available residents of a pool whose lived experience best fits the "
    "recruitment's area: id, relevance (2 same area, 1 related) and why.",
    _match_arguments,
    _run_match,
)
