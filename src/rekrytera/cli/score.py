"""``rekrytera score`` and ``rekrytera report``: the ranking, as a table or as the memo."""

from __future__ import annotations

import argparse
import csv
import json
import sys
import textwrap
from typing import Any

from .._i18n import N_, _
from .._table import WORDS, csv_number, number, safe_cell, table
from ..model import Perspective, Recruitment
from ..scoring import Result, score
from ._common import (
    EXIT_OK,
    Command,
    add_force,
    add_format,
    add_names,
    add_option,
    add_scoring_options,
    add_skip_policy,
    load_or_report,
    options,
    policies_of,
    refuse_existing,
)

__all__ = ["REPORT", "SCORE"]


def _score_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help=_("a .toml or .json recruitment file"))
    add_scoring_options(parser)
    add_option(parser)
    add_format(parser, ["table", "json", "csv"])
    add_names(parser)
    add_skip_policy(parser)


def scoring_options(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments of :func:`rekrytera.score` that the scoring options give.

    For every command that takes :func:`add_scoring_options`, ``--option`` and
    ``--skip-policy``. Bad options raise InvalidOption, which main() turns into a
    message and exit 2.
    """
    return {
        "method": args.method,
        "resident_weight": args.resident_weight,
        "divergence": args.divergence,
        "phase": args.phase,
        "options": options(args.option),
        "skip_policies": args.skip_policy,
    }


def _run_score(args: argparse.Namespace) -> int:
    rec = load_or_report(args.file)
    with policies_of(args.file):
        result = score(rec, **scoring_options(args))
    if args.format == "json":
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif args.format == "csv":
        _score_csv(result, rec, lang=args.lang, names=args.names)
    else:
        print(_score_table(result, rec, lang=args.lang, names=args.names))
    return EXIT_OK


def _label(rec: Recruitment, candidate_id: str, names: bool) -> str:
    if names:
        name = rec.candidate(candidate_id).identity.name
        if name:
            return f"{candidate_id} {name}"
    return candidate_id


def _score_csv(result: Result, rec: Recruitment, *, lang: str, names: bool) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    header = ["rank", "candidate", "eligible", "total", "staff", "resident", "flags"]
    extra = ["missing_requirements", "group", "flag_labels"]
    writer.writerow([*header, *extra, *(["name"] if names else [])])
    w = WORDS[lang]
    for c in result.candidates:
        row = [
            "" if c.rank is None else c.rank,
            safe_cell(c.id),
            str(c.eligible).lower(),
            *(
                csv_number(v)
                for v in (
                    c.total,
                    c.perspectives[Perspective.STAFF],
                    c.perspectives[Perspective.RESIDENT],
                )
            ),
            safe_cell(";".join(c.flags)),
            safe_cell(";".join(c.missing_requirements)),
            c.group,
            safe_cell(";".join(w.get(f) or result.flag_label(f, lang) or f for f in c.flags)),
        ]
        if names:
            row.append(safe_cell(rec.candidate(c.id).identity.name or ""))
        writer.writerow(row)


def _score_table(result: Result, rec: Recruitment, *, lang: str, names: bool) -> str:
    w = WORDS[lang]
    rows = []
    for c in result.candidates:
        rows.append(
            [
                "–" if c.rank is None else str(c.rank),
                _label(rec, c.id, names),
                number(c.total, lang),
                number(c.perspectives[Perspective.STAFF], lang),
                number(c.perspectives[Perspective.RESIDENT], lang),
                ", ".join(w.get(f) or result.flag_label(f, lang) or f for f in c.flags),
                ", ".join(c.missing_requirements),
            ]
        )
    header = [w[k] for k in ("rank", "candidate", "total", "staff", "resident", "flags", "missing")]
    weight = number(result.resident_weight, lang).rstrip("0").rstrip(",.")
    used = f" · {w['resident_weight']} {weight}" if result.resident_weight_used else ""
    lines = [
        f"{rec.title} ({rec.id})",
        f"{w['method']}: {result.method}{used} · {w[result.phase.value]}",
        "",
        table(header, rows, right={0, 2, 3, 4}),
        "",
        *(textwrap.fill(w[remark], 88) for remark in result.remarks if remark in w),
        *(
            [textwrap.fill(w["skipped_policies"].format(names=skipped), 88)]
            if (skipped := ", ".join(result.skipped_policies))
            else []
        ),
        textwrap.fill(f"{w['how']}: {result.explain(lang)}", 88),
        "",
    ]
    alpha = result.agreement.alpha
    lines.append(
        f"{w['alpha']}: {w['all']} {number(alpha['all'], lang)} · "
        f"{w['staff'].lower()} {number(alpha['staff'], lang)} · "
        f"{w['resident'].lower()} {number(alpha['resident'], lang)}"
    )
    lines.append(f"{w['tau']}: {number(result.agreement.kendall_tau_b, lang)}")
    drift = result.agreement.drift
    if drift is not None:
        staff_mean = drift.by_perspective[Perspective.STAFF][1]
        res_mean = drift.by_perspective[Perspective.RESIDENT][1]
        lines.append(
            f"{w['drift']}: "
            f"{w['changed_of'].format(changed=drift.changed, pairs=drift.pairs)}, {w['mean']} "
            f"{number(drift.mean_change, lang, sign=True)} ({w['staff'].lower()} "
            f"{number(staff_mean, lang, sign=True)}, {w['resident'].lower()} "
            f"{number(res_mean, lang, sign=True)})"
        )
    lines += [f"* {note}" for note in result.notes]
    return "\n".join(lines)


def _report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help=_("a .toml or .json recruitment file"))
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUT", help=_("OUT.html or OUT.md")
    )
    add_names(parser)
    add_force(parser)
    add_scoring_options(parser)
    add_option(parser)
    add_skip_policy(parser)


def _run_report(args: argparse.Namespace) -> int:
    from ..report import report

    refuse_existing(args.output, args.force)
    rec = load_or_report(args.file)
    with policies_of(args.file):
        report(rec, args.output, lang=args.lang, names=args.names, **scoring_options(args))
    return EXIT_OK


SCORE = Command(
    "score",
    N_("rank the candidates"),
    N_("Score and rank the candidates, with the staff and resident perspectives side by side."),
    _score_arguments,
    _run_score,
)

REPORT = Command(
    "report",
    N_("write the decision memo for the panel (HTML or Markdown)"),
    N_(
        "Write the decision memo: the ranking with staff and resident totals side by side, "
        "flags explained, the breakdown by competence, panel agreement and the profile. HTML "
        "is self-contained with charts; Markdown has the same text."
    ),
    _report_arguments,
    _run_report,
)
