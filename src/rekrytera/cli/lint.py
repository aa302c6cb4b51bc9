"""``rekrytera lint``: check interview guides."""

from __future__ import annotations

import argparse
import json
import sys

from .._i18n import N_, _
from ..guide import lint
from ._common import EXIT_FINDINGS, EXIT_OK, Command, add_format, load_or_report

__all__ = ["LINT"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help=_("recruitment files"))
    add_format(parser, ["text", "json"])


def _run(args: argparse.Namespace) -> int:
    status = EXIT_OK
    report_all: list[dict[str, object]] = []
    several = len(args.files) > 1
    for path in args.files:
        rec = load_or_report(path)
        findings = lint(rec, lang=args.lang)
        if findings:
            status = max(status, EXIT_FINDINGS)
        if args.format == "json":
            report_all += [
                {
                    "file": path,
                    "code": f.code,
                    "name": f.name,
                    "path": f.path,
                    "message": f.message,
                    "suggestion": f.suggestion,
                }
                for f in findings
            ]
        else:
            for f in findings:
                print(f"{path}: {f}" if several else str(f))
    if args.format == "json":
        json.dump(report_all, sys.stdout, ensure_ascii=False, indent=2)
        print()
    return status


LINT = Command(
    "lint",
    N_("check interview guides (closed, leading and double questions, follow-ups, coverage)"),
    N_(
        "Check the interview guide: closed (yes/no), leading and double questions, questions "
        "without follow-ups or competence, competences no question probes. Exit 0 when clean, "
        "1 with findings, 2 on invalid input."
    ),
    _arguments,
    _run,
)
