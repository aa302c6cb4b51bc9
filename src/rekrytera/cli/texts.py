"""Texts for people: ``ad`` (a draft job ad), ``letter`` (to a candidate) and ``plain``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .._atomic import atomic_write
from .._i18n import N_, _, os_error
from ..ad import FORMATS, Ad, draft, render
from ..exceptions import RekryteraError
from ..letters import KINDS, letter
from ..plain import check
from ._common import (
    EXIT_FINDINGS,
    EXIT_OK,
    Command,
    add_force,
    add_format,
    add_names,
    load_or_report,
    refuse_existing,
)

__all__ = ["AD", "LETTER", "PLAIN"]


def _ad_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help=_("a .toml or .json recruitment file"))
    add_format(parser, list(FORMATS))
    parser.add_argument(
        "-o", "--output", metavar="OUT", help=_("write the ad to OUT (default: print it)")
    )
    add_force(parser)


def _run_ad(args: argparse.Namespace) -> int:
    if args.output:
        refuse_existing(args.output, args.force)
    rec = load_or_report(args.file)
    _write(draft(rec, lang=args.lang), args, "ad")
    return EXIT_OK


def _write(document: Ad, args: argparse.Namespace, where: str) -> None:
    """Print or write *document*, then note what the plain-language check finds in it."""
    text = render(document, args.format)
    if args.output:
        atomic_write(args.output, text)
    else:
        sys.stdout.write(text)
    for finding in check(document.text(), lang=args.lang, path=where):
        print(_("rekrytera: note: {finding}").format(finding=finding), file=sys.stderr)


def _letter_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help=_("a .toml or .json recruitment file"))
    parser.add_argument("--kind", required=True, choices=KINDS, help=_("which letter"))
    parser.add_argument("--candidate", required=True, metavar="ID", help=_("to whom"))
    add_format(parser, list(FORMATS))
    parser.add_argument(
        "-o", "--output", metavar="OUT", help=_("write the letter to OUT (default: print it)")
    )
    add_names(parser, _("greet the candidate by name (personal data)"))
    add_force(parser)


def _run_letter(args: argparse.Namespace) -> int:
    if args.output:
        refuse_existing(args.output, args.force)
    rec = load_or_report(args.file)
    document = letter(rec, args.kind, args.candidate, lang=args.lang, names=args.names)
    _write(document, args, "letter")
    return EXIT_OK


def _plain_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help=_("text files (Markdown, plain text); - reads stdin"),
    )
    add_format(parser, ["text", "json"])


def _run_plain(args: argparse.Namespace) -> int:
    found = []
    for path in args.files:
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        except OSError as e:
            raise RekryteraError(
                _("cannot read {path}: {error}").format(path=path, error=os_error(e))
            ) from None
        except UnicodeDecodeError as e:
            raise RekryteraError(
                _("{path}: not a UTF-8 text file (byte {byte} cannot be decoded)").format(
                    path=path, byte=e.start
                )
            ) from None
        found += check(text, lang=args.lang, path=path)
    if args.format == "json":
        rows = [
            {"code": f.code, "name": f.name, "path": f.path, "message": f.message} for f in found
        ]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for finding in found:
            print(finding)
    return EXIT_FINDINGS if found else EXIT_OK


AD = Command(
    "ad",
    N_("draft a job ad from the recruitment's profile"),
    N_(
        "Draft a job ad from the profile: the competences in plain words, the requirements "
        "with their legal basis, the merits, that residents with lived experience take part, "
        "and for a manager post what makes social workers stay. Notes what the plain-language "
        "check finds in it."
    ),
    _ad_arguments,
    _run_ad,
)

LETTER = Command(
    "letter",
    N_("write a letter to a candidate: the invitation to interview or the decision"),
    N_(
        "Write the invitation to interview (saying that residents with lived experience take "
        "part and what that means) or the decision letter to one candidate. Times, places and "
        "contact details are left in brackets; the candidate's name only with --names."
    ),
    _letter_arguments,
    _run_letter,
)

PLAIN = Command(
    "plain",
    N_("check texts for plain language (klarspråk)"),
    N_(
        "Check texts for plain language: LIX readability, long sentences, passive forms, "
        "officialese, a masculine lean. Exit 0 when clean, 1 with findings, 2 on unreadable "
        "input."
    ),
    _plain_arguments,
    _run_plain,
)
