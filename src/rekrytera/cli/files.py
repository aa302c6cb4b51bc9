"""Commands that write recruitment files: ``anonymise``, ``export`` and ``init``."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from .. import catalogue
from .._i18n import N_, _, ngettext
from .._validate import enforce_policies, skipping
from ..exceptions import RekryteraError, lookup
from ..exporters import Store, choose_exporter, write
from ..io import dump
from ..model import Recruitment, Register
from ..participation import check, load_with_register, merge
from ..privacy import RandomKeyWarning, anonymise, read_key
from ._common import (
    EXIT_INVALID,
    EXIT_OK,
    Command,
    Reported,
    add_force,
    add_skip_policy,
    load_or_report,
    policies_of,
    print_problems,
    refuse_existing,
    reported,
)
from .residents import register_or_report

__all__ = ["ANONYMISE", "EXPORT", "INIT"]


def _anonymise_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help=_("a .toml or .json recruitment file"))
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUT", help=_("the copy (.toml or .json)")
    )
    parser.add_argument(
        "--key-file",
        metavar="K",
        help=_(
            "the secret key (at least 32 bytes); the same key links pseudonyms across "
            "recruitments. Without it a random key is used."
        ),
    )
    parser.add_argument(
        "--anonymiser",
        default="pseudonymise",
        help=_("an anonymiser's name (see `plugins`; default: pseudonymise)"),
    )
    add_force(parser)
    add_skip_policy(parser)


def _run_anonymise(args: argparse.Namespace) -> int:
    source, target = Path(args.file), Path(args.output)
    if target.exists() and target.resolve() == source.resolve():
        print(_("rekrytera: -o must not be the input file: keep the original"), file=sys.stderr)
        return EXIT_INVALID
    refuse_existing(target, args.force)
    rec = load_or_report(args.file)
    key = read_key(args.key_file) if args.key_file else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RandomKeyWarning)
        with policies_of(args.file):
            anonymised = anonymise(
                rec, key, anonymiser=args.anonymiser, skip_policies=args.skip_policy
            )
    for warning in caught:
        print(_("rekrytera: note: {message}").format(message=warning.message), file=sys.stderr)
    dump(anonymised, target)
    return EXIT_OK


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help=_("recruitment files"))
    parser.add_argument("--to", required=True, metavar="DEST", help=_("the destination"))
    parser.add_argument("--format", metavar="NAME", help=_("an exporter's name (see `plugins`)"))
    parser.add_argument(
        "--register",
        metavar="REGISTER",
        help=_(
            "a store only: also put these recruitments' records from the participation "
            "register into the store's own register tables (for the panel's workspace)"
        ),
    )
    add_force(parser)
    add_skip_policy(parser)


def _run_export(args: argparse.Namespace) -> int:
    # A store gains or replaces recruitments by id, as it is meant to; any other
    # output that exists is replaced only with --force.
    store = choose_exporter(args.to, args.format).name == "sqlite"
    if not store:
        if args.register:
            raise RekryteraError(
                _(
                    "--register goes with a store (.sqlite) only: residents' data never goes "
                    "into an export"
                )
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
        try:
            with policies_of(path):
                enforce_policies(rec, skip=args.skip_policy)
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
    # Each file's policies were checked above, where its problems name the file.
    with skipping(args.skip_policy):
        write(recruitments, args.to, format=args.format)
    if register.participation:
        with Store(args.to) as db:
            db.put_register(register)
    return EXIT_OK


def _init_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--template", required=True, metavar="NAME", help=_("see `rekrytera templates`")
    )
    parser.add_argument(
        "--work-sample",
        nargs="?",
        const="",
        metavar="CASE",
        help=_(
            "include a work-sample case from the catalogue: CASE, or the template's first "
            "(see `rekrytera templates`); adds a work-sample stage if the template has none"
        ),
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE", help=_("a .toml or .json file")
    )
    add_force(parser)


def _run_init(args: argparse.Namespace) -> int:
    target = Path(args.output)
    refuse_existing(target, args.force)
    rec = catalogue.template(args.template, lang=args.lang)
    if args.work_sample is not None:
        rec = _with_case(rec, args.template, args.work_sample, args.lang)
    dump(rec, target)
    competences = len(rec.profile.competences)
    questions = len(rec.guide.questions)
    print(
        _("{path}: {title} — {competences}, {questions}.").format(
            path=target,
            title=rec.title,
            competences=ngettext("{n} competence", "{n} competences", competences).format(
                n=competences
            ),
            questions=ngettext("{n} question", "{n} questions", questions).format(n=questions),
        ),
        _("Add candidates and ratings, then run 'rekrytera check {path}'.").format(path=target),
    )
    for sample in rec.work_samples:
        print(
            _("Work sample: {title} ({minutes} minutes), with a rating guide.").format(
                title=sample.title, minutes=sample.minutes
            )
        )
    return EXIT_OK


def _with_case(rec: Recruitment, template: str, case: str, lang: str) -> Recruitment:
    cases = {s.key: s for s in catalogue.work_samples(lang=lang).get(template, ())}
    if not cases:
        raise RekryteraError(
            _("the template {name!r} has no work-sample case").format(name=template)
        )
    chosen = lookup("work-sample case", case, cases) if case else next(iter(cases.values()))
    return catalogue.with_work_sample(rec, chosen)


ANONYMISE = Command(
    "anonymise",
    N_("write a pseudonymised copy"),
    N_(
        "Write a pseudonymised copy: keyed pseudonyms for candidates and panelists, identity "
        "fields removed, notes scrubbed. It scores exactly as the original."
    ),
    _anonymise_arguments,
    _run_anonymise,
)

EXPORT = Command(
    "export",
    N_("export recruitments (json, toml, csv, sqlite, plugin formats)"),
    N_(
        "Export recruitments. The format comes from the destination's suffix (out.json, "
        "out.toml, out.csv/ for a directory of tables, out.sqlite) or --format."
    ),
    _export_arguments,
    _run_export,
)

INIT = Command(
    "init",
    N_("start a recruitment from a profile template"),
    N_(
        "Write a ready-to-fill recruitment file from a profile template: the post, its "
        "competence profile, an interview guide and a panel to adapt."
    ),
    _init_arguments,
    _run_init,
)
