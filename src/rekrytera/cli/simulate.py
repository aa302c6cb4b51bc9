"""``rekrytera simulate``: synthetic recruitments for research and benchmarks."""

from __future__ import annotations

import argparse
from itertools import chain
from pathlib import Path

from .._i18n import N_, _, ngettext
from ..exporters import write
from ..scoring import InvalidOption
from ..simulate import Settings, simulate
from ._common import EXIT_OK, Command, refuse_existing
from .dataset import analysis_for_datasets

__all__ = ["DATASET", "SIMULATE"]

#: The --format of a Parquet dataset (see rekrytera.analysis.write_dataset).
DATASET = "dataset"


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--recruitments", type=int, required=True, metavar="N", help=_("how many recruitments")
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        metavar="S",
        help=_("the random seed: the same seed gives the same data (default: 0)"),
    )
    parser.add_argument("--to", required=True, metavar="DEST", help=_("the destination"))
    parser.add_argument(
        "--format",
        metavar="NAME",
        help=_(
            "an exporter's name, or dataset for a Parquet dataset written as it is simulated "
            "(default: by suffix)"
        ),
    )
    parser.add_argument(
        "--agreement",
        type=float,
        default=0.7,
        metavar="A",
        help=_("how much residents' view follows the candidates' true level, 0–1 (default: 0.7)"),
    )
    parser.add_argument(
        "--template",
        action="append",
        default=[],
        metavar="NAME",
        help=_("draw posts only from this profile template; may be repeated (default: all)"),
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help=_(
            "replace DEST if it exists: a file or store is removed first, a folder's "
            "recruitment files (.json, .toml) too"
        ),
    )


def _run(args: argparse.Namespace) -> int:
    if args.recruitments < 0:
        raise InvalidOption(_("--recruitments must be zero or more"))
    try:
        settings = Settings(agreement=args.agreement, templates=args.template)
    except ValueError:
        raise InvalidOption(
            _("--agreement must be between 0 and 1, got {value:g}").format(value=args.agreement)
        ) from None
    try:
        generated = simulate(args.recruitments, seed=args.seed, settings=settings)
        first = next(generated, None)  # the settings are checked as the first one is made
    except ValueError as e:
        raise InvalidOption(f"--template: {e}") from None
    recs = chain(() if first is None else (first,), generated)
    destination = Path(args.to)
    fmt = args.format
    if fmt == DATASET:
        analysis = analysis_for_datasets()
        refuse_existing(destination, args.force)
        # Streamed: one recruitment at a time, whatever the count.
        count, ratings = analysis.write_dataset(recs, destination, force=args.force)
    else:
        if fmt is None and not destination.suffix:
            fmt = "json"  # a plain directory: one JSON file per recruitment
        refuse_existing(destination, args.force)
        _clear(destination)
        every = list(recs)
        write(every, destination, format=fmt)  # synthetic data: no municipality's policy applies
        count = len(every)
        ratings = sum(len(r.scores) for rec in every for r in rec.ratings)
    print(
        ngettext(
            "{path}: {n} synthetic recruitment, {scores} scores (seed {seed})",
            "{path}: {n} synthetic recruitments, {scores} scores (seed {seed})",
            count,
        ).format(path=destination, n=count, scores=ratings, seed=args.seed)
    )
    return EXIT_OK


def _clear(destination: Path) -> None:
    """Remove what an earlier run left, so later analyses see only this run's recruitments."""
    if destination.is_dir():
        for old in destination.iterdir():
            if old.is_file() and old.suffix in (".json", ".toml"):
                old.unlink()
    elif destination.is_file():
        for old in (destination, *destination.parent.glob(destination.name + "-*")):
            old.unlink(missing_ok=True)


SIMULATE = Command(
    "simulate",
    N_("write synthetic recruitments for research and benchmarks"),
    N_(
        "Write N synthetic recruitments (same seed, same data) to DEST: a directory of JSON "
        "files, out.toml/ (with --format toml), out.sqlite, any exporter, or a Parquet "
        "dataset for analyses at scale (--format dataset, needs pyarrow)."
    ),
    _arguments,
    _run,
)
