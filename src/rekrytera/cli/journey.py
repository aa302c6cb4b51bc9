"""The resident's journey on the command line: ``introduction``, ``feedback``, ``evaluation``."""

from __future__ import annotations

import argparse
import json
import sys

from .._i18n import N_, _
from .._table import number, table
from ..ad import FORMATS
from ..exceptions import RekryteraError
from ..journey import GROUPS, feedback, form, introduction, summarise
from ..model import Register
from ..scoring import score
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
    policies_of,
    refuse_existing,
)
from .residents import register_or_report
from .score import scoring_options
from .texts import _write

__all__ = ["EVALUATION", "FEEDBACK", "INTRODUCTION"]


def _document_options(parser: argparse.ArgumentParser, help: str) -> None:
    add_format(parser, list(FORMATS))
    parser.add_argument("-o", "--output", metavar="OUT", help=help)
    add_force(parser)


def _introduction_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help=_("a .toml or .json recruitment file"))
    _document_options(parser, _("write the introduction to OUT (default: print it)"))


def _run_introduction(args: argparse.Namespace) -> int:
    if args.output:
        refuse_existing(args.output, args.force)
    rec = load_or_report(args.file)
    _write(introduction(rec, lang=args.lang), args, "introduction")
    return EXIT_OK


def _feedback_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help=_("a .toml or .json recruitment file"))
    parser.add_argument(
        "--panelist", required=True, metavar="ID", help=_("to whom (a resident, mostly)")
    )
    add_names(parser, _("name the candidates (personal data), not only their ids"))
    add_scoring_options(parser)
    add_option(parser)
    add_skip_policy(parser)
    _document_options(parser, _("write the feedback to OUT (default: print it)"))


def _run_feedback(args: argparse.Namespace) -> int:
    if args.output:
        refuse_existing(args.output, args.force)
    rec = load_or_report(args.file)
    with policies_of(args.file):
        result = score(rec, **scoring_options(args))
    document = feedback(rec, args.panelist, result, lang=args.lang, names=args.names)
    _write(document, args, "feedback")
    return EXIT_OK


def _evaluation_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help=_("recruitment files to summarise")
    )
    parser.add_argument(
        "--register", metavar="REGISTER", help=_("the participation register (residents' answers)")
    )
    parser.add_argument(
        "--form",
        choices=GROUPS,
        help=_("print the form for residents or for the rest of the panel instead"),
    )
    parser.add_argument(
        "--format",
        choices=["table", "json", *FORMATS],
        help=_("table or json for a summary (default: table); md, html or text for a form"),
    )
    parser.add_argument(
        "-o", "--output", metavar="OUT", help=_("write the form to OUT (default: print it)")
    )
    add_force(parser)


def _run_evaluation(args: argparse.Namespace) -> int:
    if args.form:
        if args.files or args.register:
            raise RekryteraError(_("--form prints an empty form; it takes no files"))
        args.format = args.format or "md"
        if args.format not in FORMATS:
            raise RekryteraError(
                _("a form is written as {formats}").format(formats=", ".join(FORMATS))
            )
        if args.output:
            refuse_existing(args.output, args.force)
        _write(form(args.form, lang=args.lang), args, "form")
        return EXIT_OK
    if not args.files:
        raise RekryteraError(_("give the recruitment files to summarise, or --form"))
    args.format = args.format or "table"
    if args.format not in ("table", "json"):
        raise RekryteraError(_("a summary is written as table or json"))
    recs = [load_or_report(path) for path in args.files]
    register = register_or_report(args.register) if args.register else Register()
    summary = summarise(recs, register)
    if args.format == "json":
        rows = [
            {
                "group": q.group,
                "question": q.question,
                "text": q.text,
                "answers": q.answers,
                "mean": q.mean,
                "distribution": list(q.distribution),
            }
            for q in summary.questions
        ]
        data = {
            "recruitments": summary.recruitments,
            "responses": dict(summary.responses),
            "comments": summary.comments,
            "unknown": summary.unknown,
            "questions": rows,
        }
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK
    groups = {"resident": _("residents"), "panel": _("the rest of the panel")}
    print(
        _(
            "{n} recruitments; answers from {residents} residents and {panel} others on the panel."
        ).format(
            n=summary.recruitments,
            residents=summary.responses["resident"],
            panel=summary.responses["panel"],
        )
    )
    print()
    lines = [
        [
            groups[q.group],
            q.text,
            str(q.answers),
            number(q.mean, args.lang),
            " ".join(str(n) for n in q.distribution),
        ]
        for q in summary.questions
    ]
    header = [_("who"), _("statement"), _("answers"), _("mean (1–5)"), _("1 2 3 4 5")]
    print(table(header, lines, right={2, 3}))
    if summary.comments:
        print()
        print(
            _("{n} answers have a comment; read them in the files (they may name people).").format(
                n=summary.comments
            )
        )
    if summary.unknown:
        print(
            _("{n} answers are to statements not on the forms, and are left out.").format(
                n=summary.unknown
            )
        )
    return EXIT_OK


INTRODUCTION = Command(
    "introduction",
    N_("write the introduction for the residents of a recruitment"),
    N_(
        "Write the introduction a resident gets before the recruitment, in plain words: the six "
        "steps and the resident's part in each, the day of the interviews, confidentiality, "
        "conflicts of interest and the fee. Places, times and the contact person are left in "
        "brackets."
    ),
    _introduction_arguments,
    _run_introduction,
)

FEEDBACK = Command(
    "feedback",
    N_("write the feedback to a panelist after the decision"),
    N_(
        "Write to a panelist (a resident, mostly) what their ideas and assessments led to: what "
        "became of each suggestion, how the candidate they put first fared, how much the "
        "residents counted, and who was hired. Never another panelist's ratings."
    ),
    _feedback_arguments,
    _run_feedback,
)

EVALUATION = Command(
    "evaluation",
    N_("print the evaluation form, or summarise the answers across recruitments"),
    N_(
        "With --form, print the short evaluation form for residents or for the rest of the "
        "panel. With recruitment files (and --register for residents' answers), summarise the "
        "answers per statement across the recruitments."
    ),
    _evaluation_arguments,
    _run_evaluation,
)
