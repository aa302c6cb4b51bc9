"""Commands that write recruitment files: ``anonymise``, ``export`` and ``init``."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from .. import catalogue
from ..exceptions import RekryteraError
from ..exporters import Store, choose_exporter, export
from ..io import dump
from ..model import Register
from ..participation import check, load_with_register, merge
from ..privacy import RandomKeyWarning, anonymise, read_key
from ._common import (
    EXIT_INVALID,
    EXIT_OK,
    Command,
    Reported,
    add_force,
    add_lang,
    load_or_report,
    print_problems,
    refuse_existing,
    reported,
)
from .residents import register_or_report

__all__ = ["ANONYMISE", "EXPORT", "INIT"]


def _anonymise_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .toml or .json recruitment file")
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="the copy (.toml or .json)"
    )
    parser.add_argument(
        "--key-file",
        metavar="K",
        help="the secret key (at least 32 bytes); the same key links pseudonyms across "
        "recruitments. Without it a random key is used.",
    )
    parser.add_argument("--anonymiser", default="pseudonymise", help="(default: pseudonymise)")
    add_force(parser)


def _run_anonymise(args: argparse.Namespace) -> int:
    source, target = Path(args.file), Path(args.output)
    if target.exists() and target.resolve() == source.resolve():
        print("rekrytera: -o must not be the input file: keep the original", file=sys.stderr)
        return EXIT_INVALID
    refuse_existing(target, args.force)
    rec = load_or_report(args.file)
    key = read_key(args.key_file) if args.key_file else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RandomKeyWarning)
        anonymised = anonymise(rec, key, anonymiser=args.anonymiser)
    for warning in caught:
        print(f"rekrytera: note: {warning.message}", file=sys.stderr)
    dump(anonymised, target)
    return EXIT_OK


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="recruitment files")
    parser.add_argument("--to", required=True, metavar="DEST", help="the destination")
    parser.add_argument("--format", metavar="NAME", help="an exporter's name (see `plugins`)")
    parser.add_argument(
        "--register",
        metavar="REGISTER",
        help="a store only: also put these recruitments' records from the participation "
        "register into the store's own register tables (for the panel's workspace)",
    )
    add_force(parser)


def _run_export(args: argparse.Namespace) -> int:
    # A store gains or replaces recruitments by id, as it is meant to; any other
    # output that exists is replaced only with --force.
    store = choose_exporter(args.to, args.format).name == "sqlite"
    if not store:
        if args.register:
            raise RekryteraError(
                "--register goes with a store (.sqlite) only: residents' data never goes "
                "into an export"
            )
        refuse_existing(args.to, args.force)
    # A file in the layout before 0.2 still holds residents' records: for a store
    # they go to its register tables (never its recruitments), else nowhere.
    recruitments = []
    registers = []
    failed = False
    for path in args.files:
        try:
            if store:
                rec, held = reported(path, load_with_register)
            else:
                rec, held = load_or_report(path), Register()
        except Reported:
            failed = True
            continue
        recruitments.append(rec)
        registers.append(held)
    if failed:
        return EXIT_INVALID
    register = Register()
    if store:
        if args.register:
            registers.insert(0, register_or_report(args.register))
        every = merge(registers)
        register = Register(participation=[p for r in recruitments for p in every.of(r.id)])
        problems = check(register, recruitments)
        if problems:
            print_problems(args.register or args.files[0], problems, sys.stderr, prefix=True)
            return EXIT_INVALID
    export(recruitments, args.to, format=args.format)
    if register.participation:
        with Store(args.to) as db:
            db.put_register(register)
    return EXIT_OK


def _init_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--template", required=True, metavar="NAME", help="see `rekrytera templates`"
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="a .toml or .json file"
    )
    add_lang(parser, "the texts")
    add_force(parser)


def _run_init(args: argparse.Namespace) -> int:
    target = Path(args.output)
    refuse_existing(target, args.force)
    rec = catalogue.template(args.template, lang=args.lang)
    dump(rec, target)
    print(
        f"{target}: {rec.title} — {len(rec.profile.competences)} competences, "
        f"{len(rec.guide.questions)} questions. Add candidates and ratings, then run "
        f"'rekrytera check {target}'."
    )
    return EXIT_OK


ANONYMISE = Command(
    "anonymise",
    "write a pseudonymised copy",
    "Write a pseudonymised copy: keyed pseudonyms for candidates and panelists, identity "
    "fields removed, notes scrubbed. It scores exactly as the original.",
    _anonymise_arguments,
    _run_anonymise,
)

EXPORT = Command(
    "export",
    "export recruitments (json, toml, csv, sqlite, plugin formats)",
    "Export recruitments. The format comes from the destination's suffix (out.json, "
    "out.toml, out.csv/ for a directory of tables, out.sqlite) or --format.",
    _export_arguments,
    _run_export,
)

INIT = Command(
    "init",
    "start a recruitment from a profile template",
    "Write a ready-to-fill recruitment file from a profile template: the post, its "
    "competence profile, an interview guide and a panel to adapt.",
    _init_arguments,
    _run_init,
)
