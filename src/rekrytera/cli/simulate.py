"""``rekrytera simulate``: synthetic recruitments for research and benchmarks."""

from __future__ import annotations

import argparse
from pathlib import Path

from .._i18n import N_, _, ngettext
from ..exporters import write
from ..scoring import InvalidOption
from ..simulate import Settings, simulate
from ._common import EXIT_OK, Command, refuse_existing

__all__ = ["SIMULATE"]


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
        "--format", metavar="NAME", help=_("an exporter's name (default: by suffix)")
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
        recs = list(simulate(args.recruitments, seed=args.seed, settings=settings))
    except ValueError as e:
        raise InvalidOption(f"--template: {e}") from None
    destination = Path(args.to)
    fmt = args.format
    if fmt is None and not destination.suffix:
        fmt = "json"  # a plain directory: one JSON file per recruitment
    refuse_existing(destination, args.force)
    _clear(destination)
    write(recs, destination, format=fmt)  # synthetic data: no municipality's policy applies
    ratings = sum(len(r.scores) for rec in recs for r in rec.ratings)
    print(
        ngettext(
            "{path}: {n} synthetic recruitment, {scores} scores (seed {seed})",
            "{path}: {n} synthetic recruitments, {scores} scores (seed {seed})",
            len(recs),
        ).format(path=destination, n=len(recs), scores=ratings, seed=args.seed)
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
        "files, out.toml/ (with --format toml), out.sqlite or any exporter."
    ),
    _arguments,
    _run,
)
