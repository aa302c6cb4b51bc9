"""Residents who take part: ``participation``, ``match`` and ``split``.

Residents' own data lives in a participation register, a file of its own.
``split`` moves it out of recruitment files written before 0.2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .. import catalogue
from .._i18n import N_, _, current_language, ngettext
from .._table import number, table
from ..exceptions import InvalidRecruitment
from ..io import Format, dump, read_tree, split_tree, structure_tree
from ..model import Recruitment, Register
from ..participation import (
    declared_out,
    dump_register,
    load_register,
    load_with_register,
    match,
    merge,
    summarise_all,
    unknown_areas,
)
from ._common import (
    EXIT_INVALID,
    EXIT_OK,
    Command,
    add_force,
    add_format,
    add_names,
    load_or_report,
    print_problems,
    reported,
)

__all__ = ["MATCH", "PARTICIPATION", "SPLIT", "register_or_report"]


def register_or_report(path: str) -> Register:
    """Load the participation register at *path* for a command, reporting its problems."""
    return reported(path, load_register)


def _add_register(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("--register", metavar="REGISTER", help=help)


def _participation_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help=_("recruitment files"))
    _add_register(parser, _("the participation register with the residents' records"))
    add_format(parser, ["table", "json"])


def _run_participation(args: argparse.Namespace) -> int:
    # Files in the layout before 0.2 still hold their residents' records: read them too.
    both = [reported(path, load_with_register) for path in args.files]
    recs = [rec for rec, _register in both]
    registers = [register for _rec, register in both]
    if args.register:
        registers.insert(0, register_or_report(args.register))
    try:
        summary = summarise_all(recs, merge(registers))
    except InvalidRecruitment as e:
        print_problems(args.register or args.files[0], e.problems, sys.stderr, prefix=True)
        return EXIT_INVALID
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

    lang = current_language()

    def yes_no(value: bool | None) -> str:
        return "–" if value is None else (_("yes") if value else _("no"))

    header = [
        _("recruitment"),
        _("residents"),
        _("steps"),
        _("prepared"),
        _("fees"),
        _("resident keeps"),
        _("residents' top candidate"),
        _("hired"),
        _("top candidate hired"),
    ]
    rows = [
        [
            s.recruitment,
            str(s.residents),
            str(len(s.steps)),
            str(s.prepared),
            number(s.fees, lang),
            number(s.kept, lang),
            ", ".join(s.residents_top) or "–",
            ", ".join(s.hired) or "–",
            yes_no(s.top_hired),
        ]
        for s in summary.per_recruitment
    ]
    print(table(header, rows, right={1, 2, 3, 4, 5}))
    print()
    print(
        ngettext(
            "{with_residents} of {n} recruitment with residents",
            "{with_residents} of {n} recruitments with residents",
            summary.recruitments,
        ).format(with_residents=summary.with_residents, n=summary.recruitments)
        + "; "
        + _(
            "{steps} steps on average; the residents' top candidate hired in {hired} of "
            "{hired_known}, the same top candidate as the staff's in {agrees} of {agrees_known}."
        ).format(
            steps=number(summary.mean_steps, lang),
            hired=summary.top_hired[0],
            hired_known=summary.top_hired[1],
            agrees=summary.top_agrees[0],
            agrees_known=summary.top_agrees[1],
        )
    )
    return EXIT_OK


def _match_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--register",
        "--pool",
        dest="register",
        required=True,
        metavar="REGISTER",
        help=_("the participation register (its residents; --pool is the old name)"),
    )
    parser.add_argument("file", metavar="FILE", help=_("the recruitment file"))
    parser.add_argument("-n", type=int, default=3, help=_("how many (default: 3)"))
    add_names(parser, _("show residents' names (personal data), not only ids"))


def _run_match(args: argparse.Namespace) -> int:
    pool = register_or_report(args.register)
    rec = load_or_report(args.file)
    areas = catalogue.experience_areas(lang=args.lang)
    for problem in unknown_areas(pool, areas):
        print(_("rekrytera: note: {problem}").format(problem=problem), file=sys.stderr)
    for m in match(pool, rec, n=args.n, areas=areas):
        label = m.resident.id + (
            f" {m.resident.identity.name}" if args.names and m.resident.identity.name else ""
        )
        reasons = "; ".join(m.reasons) or _("no matching experience")
        if m.last is not None:
            turn = _("last took part {date}").format(date=m.last.isoformat())
        elif m.times:
            turn = _("took part before (no date)")
        else:
            turn = _("has not taken part yet")
        print(f"{label}\t{m.relevance}\t{reasons}\t{turn}")
    out = declared_out(pool, rec)
    if out:
        print(
            _(
                "Not asked, as they declared a conflict of interest or a current relation to "
                "the unit: {ids}"
            ).format(ids=", ".join(out))
        )
    return EXIT_OK


PARTICIPATION = Command(
    "participation",
    N_("summarise how residents took part, per recruitment and across them"),
    N_(
        "Summarise resident participation: steps taken part in, preparation, fees, and how "
        "often the residents' top candidate was hired."
    ),
    _participation_arguments,
    _run_participation,
)

MATCH = Command(
    "match",
    N_("suggest residents from the register for a recruitment"),
    N_(
        "List the available residents of the participation register whose lived experience "
        "best fits the recruitment's area: id, relevance (2 same area, 1 related), why, and "
        "when they last took part (those who waited longest come first). Residents who "
        "declared a conflict of interest or a current relation to the unit are not asked."
    ),
    _match_arguments,
    _run_match,
)


def _split_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help=_("recruitment files"))
    parser.add_argument(
        "--register",
        required=True,
        metavar="REGISTER",
        help=_(
            "the participation register to move the data to (.toml or .json; created if missing)"
        ),
    )
    add_force(parser)


def _run_split(args: argparse.Namespace) -> int:
    target = Path(args.register)
    register = register_or_report(args.register) if target.exists() else Register()
    moved: list[tuple[str, dict[str, object], Register]] = []
    failed = False
    for path in args.files:
        try:
            tree = read_tree(path)
            rest, found = split_tree(tree)
            if found is None:
                print(_("{path}: no residents' data in it; left as it is").format(path=path))
                continue
            structure_tree(rest, Recruitment)  # the file stays a valid recruitment
            moved.append((path, rest, structure_tree(found, Register)))
        except InvalidRecruitment as e:
            print_problems(path, e.problems, sys.stderr, prefix=True)
            failed = True
    if failed:
        return EXIT_INVALID
    for path, _rest, part in moved:
        taken = [
            p
            for p in part.participation
            if any(
                (q.recruitment, q.panelist) == (p.recruitment, p.panelist) and q != p
                for q in register.participation
            )
        ]
        if taken and not args.force:
            for p in taken:
                print(
                    _(
                        "{path}: {register} already holds another record for {panelist} in "
                        "{recruitment}; use --force to replace it"
                    ).format(
                        path=path,
                        register=args.register,
                        panelist=p.panelist,
                        recruitment=p.recruitment,
                    ),
                    file=sys.stderr,
                )
            failed = True
        register = register.replace(part.participation)
    if failed:
        return EXIT_INVALID
    # The register first: if a recruitment file cannot be rewritten, its data
    # is in both places rather than in none.
    dump_register(register, target)
    for path, rest, part in moved:
        rewrite(path, rest)
        n = len(part.participation)
        print(
            ngettext(
                "{path}: {n} resident's record moved to {register}",
                "{path}: {n} residents' records moved to {register}",
                n,
            ).format(path=path, n=n, register=args.register)
        )
    return EXIT_OK


def rewrite(path: str, tree: dict[str, object]) -> None:
    """Write a recruitment's tree back to *path* in its own format, atomically."""
    format: Format = "json" if Path(path).suffix.lower() == ".json" else "toml"
    dump(structure_tree(tree, Recruitment), path, format)


SPLIT = Command(
    "split",
    N_("move residents' data out of recruitment files into a participation register"),
    N_(
        "Move residents' own data (lived experience, fees, income support, preparation) out "
        "of recruitment files written before 0.2 into a participation register of its own, "
        "and rewrite the files without it. The register is written first."
    ),
    _split_arguments,
    _run_split,
)
