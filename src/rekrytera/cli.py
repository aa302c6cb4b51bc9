"""The ``rekrytera`` command.

Exit codes (a contract): 0 success; 1 findings (``lint``) or an unexpected
internal error; 2 invalid input or usage, always with a message and never a
traceback.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from . import _cli_analyse, catalogue
from ._table import WORDS, number, table
from ._validate import validate
from ._version import __version__
from .exceptions import InvalidRecruitment, Problem, RekryteraError
from .exporters import export
from .guide import lint as lint_guide
from .io import dump, load
from .model import Perspective, Phase, Recruitment, Role
from .participation import load_pool, match, summarise_all
from .plugins import PluginError, get_registry
from .privacy import RandomKeyWarning, anonymise, read_key
from .report import report as write_report
from .scoring import InvalidOption, Result, score
from .simulate import Settings, simulate

__all__ = ["main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INTERNAL = 1
EXIT_INVALID = 2


class _InvalidError(Exception):
    """Invalid input, already reported to the user."""


def _print_problems(source: str, problems: Sequence[Problem], out: TextIO, *, prefix: bool) -> None:
    for problem in problems:
        if not problem.path:
            print(f"{source}: {problem.message}", file=out)
        elif prefix:
            print(f"{source}: {problem}", file=out)
        else:
            print(problem, file=out)


def _load(path: str) -> Recruitment:
    """Load *path* for a command, reporting problems on stderr."""
    try:
        return load(path)
    except InvalidRecruitment as e:
        _print_problems(path, e.problems, sys.stderr, prefix=True)
        raise _InvalidError from None


def _cmd_check(args: argparse.Namespace) -> int:
    status = EXIT_OK
    several = len(args.files) > 1
    for path in args.files:
        try:
            rec = load(path)
        except InvalidRecruitment as e:
            _print_problems(path, e.problems, sys.stdout, prefix=several)
            status = EXIT_INVALID
            continue
        policy = validate(rec)
        if policy:
            _print_problems(path, policy, sys.stdout, prefix=several)
            status = EXIT_INVALID
            continue
        residents = sum(1 for p in rec.panel if p.role is Role.RESIDENT)
        print(
            f"{path}: ok — {len(rec.candidates)} candidates, {len(rec.panel)} panelists "
            f"({residents} residents), {len(rec.ratings)} ratings"
        )
    return status


def _options(pairs: Sequence[str]) -> dict[str, str]:
    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InvalidOption(f"--option takes KEY=VALUE, got {pair!r}")
        options[key] = value
    return options


def _cmd_score(args: argparse.Namespace) -> int:
    rec = _load(args.file)
    # Bad options raise InvalidOption, which main() turns into a message and exit 2.
    result = score(
        rec,
        args.method,
        resident_weight=args.resident_weight,
        divergence=args.divergence,
        phase=args.phase,
        options=_options(args.option),
    )
    if args.format == "json":
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif args.format == "csv":
        _score_csv(result, rec, names=args.names)
    else:
        print(_score_table(result, rec, lang=args.lang, names=args.names))
    return EXIT_OK


def _label(rec: Recruitment, candidate_id: str, names: bool) -> str:
    if names:
        name = rec.candidate(candidate_id).identity.name
        if name:
            return f"{candidate_id} {name}"
    return candidate_id


def _score_csv(result: Result, rec: Recruitment, *, names: bool) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    header = ["rank", "candidate", "eligible", "total", "staff", "resident", "flags"]
    writer.writerow([*header, "missing_requirements", *(["name"] if names else [])])
    for c in result.candidates:
        row = [
            "" if c.rank is None else c.rank,
            c.id,
            str(c.eligible).lower(),
            *(
                "" if v is None else repr(v)
                for v in (
                    c.total,
                    c.perspectives[Perspective.STAFF],
                    c.perspectives[Perspective.RESIDENT],
                )
            ),
            ";".join(c.flags),
            ";".join(c.missing_requirements),
        ]
        if names:
            row.append(rec.candidate(c.id).identity.name or "")
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
                ", ".join(w.get(f, f) for f in c.flags),
                ", ".join(c.missing_requirements),
            ]
        )
    header = [w[k] for k in ("rank", "candidate", "total", "staff", "resident", "flags", "missing")]
    weight = number(result.resident_weight, lang).rstrip("0").rstrip(",.")
    lines = [
        f"{rec.title} ({rec.id})",
        f"{w['method']}: {result.method} · {w['resident_weight']} {weight} · "
        f"{w[result.phase.value]}",
        "",
        table(header, rows, right={0, 2, 3, 4}),
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
            f"{w['drift']}: {drift.pairs} {w['ratings']}, {w['mean']} "
            f"{number(drift.mean_change, lang, sign=True)} ({w['staff'].lower()} "
            f"{number(staff_mean, lang, sign=True)}, {w['resident'].lower()} "
            f"{number(res_mean, lang, sign=True)})"
        )
    lines += [f"* {note}" for note in result.notes]
    return "\n".join(lines)


def _cmd_anonymise(args: argparse.Namespace) -> int:
    source, target = Path(args.file), Path(args.output)
    if target.exists() and target.resolve() == source.resolve():
        print("rekrytera: -o must not be the input file: keep the original", file=sys.stderr)
        return EXIT_INVALID
    rec = _load(args.file)
    key = read_key(args.key_file) if args.key_file else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RandomKeyWarning)
        anonymised = anonymise(rec, key, anonymiser=args.anonymiser)
    for warning in caught:
        print(f"rekrytera: note: {warning.message}", file=sys.stderr)
    dump(anonymised, target)
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    recruitments = []
    failed = False
    for path in args.files:
        try:
            recruitments.append(_load(path))
        except _InvalidError:
            failed = True
    if failed:
        return EXIT_INVALID
    export(recruitments, args.to, format=args.format)
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    rec = _load(args.file)
    write_report(
        rec,
        args.output,
        lang=args.lang,
        names=args.names,
        method=args.method,
        resident_weight=args.resident_weight,
        divergence=args.divergence,
        phase=args.phase,
    )
    return EXIT_OK


def _cmd_lint(args: argparse.Namespace) -> int:
    status = EXIT_OK
    report_all: list[dict[str, object]] = []
    several = len(args.files) > 1
    for path in args.files:
        rec = _load(path)
        findings = lint_guide(rec, lang=args.lang)
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


def _cmd_participation(args: argparse.Namespace) -> int:
    recs = [_load(path) for path in args.files]
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


def _cmd_match(args: argparse.Namespace) -> int:
    try:
        pool = load_pool(args.pool)
    except InvalidRecruitment as e:
        _print_problems(args.pool, e.problems, sys.stderr, prefix=True)
        return EXIT_INVALID
    rec = _load(args.file)
    for m in match(pool, rec, n=args.n):
        label = m.resident.id + (
            f" {m.resident.identity.name}" if args.names and m.resident.identity.name else ""
        )
        reasons = "; ".join(m.reasons) or "no matching experience"
        print(f"{label}\t{m.relevance}\t{reasons}")
    return EXIT_OK


def _cmd_simulate(args: argparse.Namespace) -> int:
    if args.recruitments < 0:
        raise InvalidOption("--recruitments must be zero or more")
    try:
        settings = Settings(agreement=args.agreement, templates=args.template)
    except ValueError:
        raise InvalidOption(
            f"--agreement must be between 0 and 1, got {args.agreement:g}"
        ) from None
    try:
        recs = list(simulate(args.recruitments, seed=args.seed, settings=settings))
    except ValueError as e:
        raise InvalidOption(f"--template: {e}") from None
    destination = Path(args.to)
    fmt = args.format
    if fmt is None and not destination.suffix:
        fmt = "json"  # a plain directory: one JSON file per recruitment
    export(recs, destination, format=fmt)
    ratings = sum(len(r.scores) for rec in recs for r in rec.ratings)
    print(f"{destination}: {len(recs)} synthetic recruitments, {ratings} scores (seed {args.seed})")
    return EXIT_OK


def _cmd_templates(args: argparse.Namespace) -> int:
    found = catalogue.entries("templates", lang=args.lang)
    rows = [
        {
            "name": key,
            "title": entry.value.title,
            "competences": len(entry.value.profile.competences),
            "catalogue": entry.catalogue,
            "distribution": entry.distribution,
        }
        for key, entry in found.items()
    ]
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        header = ["name", "title", "catalogue", "distribution"]
        print(table(header, [[str(r[k]) for k in header] for r in rows], right=set()))
    return EXIT_OK


def _cmd_init(args: argparse.Namespace) -> int:
    target = Path(args.output)
    if target.exists() and not args.force:
        print(f"rekrytera: {target} exists; use --force to replace it", file=sys.stderr)
        return EXIT_INVALID
    rec = catalogue.template(args.template, lang=args.lang)
    dump(rec, target)
    print(
        f"{target}: {rec.title} — {len(rec.profile.competences)} competences, "
        f"{len(rec.guide.questions)} questions. Add candidates and ratings, then run "
        f"'rekrytera check {target}'."
    )
    return EXIT_OK


def _cmd_plugins(args: argparse.Namespace) -> int:
    registry = get_registry()
    rows = []
    for kind, found in (
        ("method", registry.methods()),
        ("anonymiser", registry.anonymisers()),
        ("exporter", registry.exporters()),
        ("catalogue", registry.catalogues()),
    ):
        for name, reg in found.items():
            rows.append(
                {
                    "kind": kind,
                    "name": name,
                    "plugin": reg.plugin,
                    "distribution": reg.distribution,
                    "description": str(getattr(reg.obj, "description", "")),
                }
            )
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        header = ["kind", "name", "plugin", "distribution"]
        print(table(header, [[r[k] for k in header] for r in rows], right=set()))
    return EXIT_OK


def _scoring_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--method", default="balanced", help="scoring method (default: balanced)")
    parser.add_argument(
        "--resident-weight",
        type=float,
        default=0.5,
        metavar="R",
        help="how much the resident perspective counts, 0–1 (default: 0.5)",
    )
    parser.add_argument(
        "--divergence",
        type=float,
        default=1.0,
        metavar="D",
        help="flag candidates whose staff and resident totals differ by D or more (default: 1)",
    )
    parser.add_argument(
        "--phase",
        choices=[p.value for p in Phase],
        default=Phase.INDEPENDENT.value,
        help="which ratings count (default: independent)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rekrytera",
        description="Competence-based recruitment with residents on the panel.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check",
        help="validate recruitment files",
        description="Validate recruitment files; print every problem as 'path: message'.",
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="a .toml or .json recruitment file")
    check.set_defaults(func=_cmd_check)

    score_ = commands.add_parser(
        "score",
        help="rank the candidates",
        description="Score and rank the candidates, with the staff and resident "
        "perspectives side by side.",
    )
    score_.add_argument("file", metavar="FILE", help="a .toml or .json recruitment file")
    _scoring_options(score_)
    score_.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="an option of the method's own; may be repeated",
    )
    score_.add_argument("--format", choices=["table", "json", "csv"], default="table")
    score_.add_argument(
        "--lang", choices=["sv", "en"], default="sv", help="language of the table (default: sv)"
    )
    score_.add_argument(
        "--names",
        action="store_true",
        help="show candidates' names (personal data), not only their ids",
    )
    score_.set_defaults(func=_cmd_score)

    report = commands.add_parser(
        "report",
        help="write the decision memo for the panel (HTML or Markdown)",
        description="Write the decision memo: the ranking with staff and resident totals "
        "side by side, flags explained, the breakdown by competence, panel agreement and "
        "the profile. HTML is self-contained with charts; Markdown has the same text.",
    )
    report.add_argument("file", metavar="FILE", help="a .toml or .json recruitment file")
    report.add_argument("-o", "--output", required=True, metavar="OUT", help="OUT.html or OUT.md")
    report.add_argument("--lang", choices=["sv", "en"], default="sv", help="(default: sv)")
    report.add_argument(
        "--names", action="store_true", help="show candidates' names (personal data)"
    )
    _scoring_options(report)
    report.set_defaults(func=_cmd_report)

    anon = commands.add_parser(
        "anonymise",
        help="write a pseudonymised copy",
        description="Write a pseudonymised copy: keyed pseudonyms for candidates and "
        "panelists, identity fields removed, notes scrubbed. It scores exactly as the original.",
    )
    anon.add_argument("file", metavar="FILE", help="a .toml or .json recruitment file")
    anon.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="the copy (.toml or .json)"
    )
    anon.add_argument(
        "--key-file",
        metavar="K",
        help="the secret key (at least 16 bytes); the same key links pseudonyms across "
        "recruitments. Without it a random key is used.",
    )
    anon.add_argument("--anonymiser", default="pseudonymise", help="(default: pseudonymise)")
    anon.set_defaults(func=_cmd_anonymise)

    export_ = commands.add_parser(
        "export",
        help="export recruitments (json, toml, csv, sqlite, plugin formats)",
        description="Export recruitments. The format comes from the destination's suffix "
        "(out.json, out.toml, out.csv/ for a directory of tables, out.sqlite) or --format.",
    )
    export_.add_argument("files", nargs="+", metavar="FILE", help="recruitment files")
    export_.add_argument("--to", required=True, metavar="DEST", help="the destination")
    export_.add_argument("--format", metavar="NAME", help="an exporter's name (see `plugins`)")
    export_.set_defaults(func=_cmd_export)

    lint = commands.add_parser(
        "lint",
        help="check interview guides (closed, leading and double questions, follow-ups, coverage)",
        description="Check the interview guide: closed (yes/no), leading and double questions, "
        "questions without follow-ups or competence, competences no question probes. "
        "Exit 0 when clean, 1 with findings, 2 on invalid input.",
    )
    lint.add_argument("files", nargs="+", metavar="FILE", help="recruitment files")
    lint.add_argument("--lang", choices=["sv", "en"], default="sv", help="language of the messages")
    lint.add_argument("--format", choices=["text", "json"], default="text")
    lint.set_defaults(func=_cmd_lint)

    part = commands.add_parser(
        "participation",
        help="summarise how residents took part, per recruitment and across them",
        description="Summarise resident participation: steps taken part in, preparation, "
        "fees, and how often the residents' top candidate was hired.",
    )
    part.add_argument("files", nargs="+", metavar="FILE", help="recruitment files")
    part.add_argument("--format", choices=["table", "json"], default="table")
    part.set_defaults(func=_cmd_participation)

    match_ = commands.add_parser(
        "match",
        help="suggest residents from a pool for a recruitment",
        description="List the available residents of a pool whose lived experience best "
        "fits the recruitment's area: id, relevance (2 same area, 1 related) and why.",
    )
    match_.add_argument("--pool", required=True, metavar="POOL", help="the resident pool file")
    match_.add_argument("file", metavar="FILE", help="the recruitment file")
    match_.add_argument("-n", type=int, default=3, help="how many (default: 3)")
    match_.add_argument("--names", action="store_true", help="show residents' names")
    match_.set_defaults(func=_cmd_match)

    sim = commands.add_parser(
        "simulate",
        help="write synthetic recruitments for research and benchmarks",
        description="Write N synthetic recruitments (same seed, same data) to DEST: a "
        "directory of JSON files, out.toml/ (with --format toml), out.sqlite or any exporter.",
    )
    sim.add_argument("--recruitments", type=int, required=True, metavar="N")
    sim.add_argument("--seed", type=int, default=0, metavar="S")
    sim.add_argument("--to", required=True, metavar="DEST")
    sim.add_argument("--format", metavar="NAME", help="an exporter's name (default: by suffix)")
    sim.add_argument(
        "--agreement",
        type=float,
        default=0.7,
        metavar="A",
        help="how much residents' view follows the candidates' true level, 0–1 (default: 0.7)",
    )
    sim.add_argument(
        "--template",
        action="append",
        default=[],
        metavar="NAME",
        help="draw posts only from this profile template; may be repeated (default: all)",
    )
    sim.set_defaults(func=_cmd_simulate)

    _cli_analyse.add_parser(commands, _scoring_options)

    templates = commands.add_parser(
        "templates",
        help="list the profile templates (built-in and plugins')",
        description="List the profile templates of every catalogue, with where each comes from.",
    )
    templates.add_argument("--lang", choices=["sv", "en"], default="sv")
    templates.add_argument("--format", choices=["table", "json"], default="table")
    templates.set_defaults(func=_cmd_templates)

    init = commands.add_parser(
        "init",
        help="start a recruitment from a profile template",
        description="Write a ready-to-fill recruitment file from a profile template: the "
        "post, its competence profile, an interview guide and a panel to adapt.",
    )
    init.add_argument("--template", required=True, metavar="NAME", help="see `rekrytera templates`")
    init.add_argument("-o", "--output", required=True, metavar="FILE", help="a .toml or .json file")
    init.add_argument("--lang", choices=["sv", "en"], default="sv")
    init.add_argument("--force", action="store_true", help="replace FILE if it exists")
    init.set_defaults(func=_cmd_init)

    plugins = commands.add_parser(
        "plugins",
        help="list scoring methods, anonymisers, exporters and catalogues",
        description="List everything the built-ins and the installed plugins register, "
        "with the plugin and distribution it comes from.",
    )
    plugins.add_argument("--format", choices=["table", "json"], default="table")
    plugins.set_defaults(func=_cmd_plugins)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``); return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except _InvalidError:
        return EXIT_INVALID
    except PluginError as e:
        print(f"rekrytera: {e}", file=sys.stderr)
        return EXIT_INTERNAL
    except RekryteraError as e:
        print(f"rekrytera: {e}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`rekrytera plugins | head -1`): not a bug, and
        # nothing to say. Point stdout at devnull so Python's exit flush is quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_INTERNAL
    except Exception as e:
        if os.environ.get("REKRYTERA_TRACEBACK"):
            raise
        print(
            f"rekrytera: internal error: {type(e).__name__}: {e}\n"
            "This is a bug in rekrytera or a plugin; set REKRYTERA_TRACEBACK=1 to see "
            "the traceback, and please report it.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
