"""``rekrytera dataset``: recruitment files, folders and stores as one Parquet dataset."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from types import ModuleType

from .._i18n import N_, _, ngettext
from ..exceptions import RekryteraError
from ._common import EXIT_INVALID, EXIT_OK, Command, add_force, refuse_existing

__all__ = ["DATASET", "analysis_for_datasets"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help=_("recruitment files (.toml, .json), folders of them, or stores (.sqlite)"),
    )
    parser.add_argument("--to", required=True, metavar="DEST", help=_("the dataset's folder"))
    parser.add_argument(
        "--partition-by",
        metavar="KEYS",
        help=_(
            "attributes (or id, organisation, area, title), separated by commas, whose values "
            "become folders (default: ar,kommungrupp; '' for none)"
        ),
    )
    add_force(parser)


def analysis_for_datasets() -> ModuleType:
    """:mod:`rekrytera.analysis`, or one line saying a Parquet dataset needs the arrow extra."""
    try:
        from .. import analysis
    except ImportError:  # numpy or msgspec is missing: the arrow extra brings them
        raise RekryteraError(
            _("writing a Parquet dataset needs pyarrow: pip install 'rekrytera[arrow]'")
        ) from None
    return analysis


def _run(args: argparse.Namespace) -> int:
    analysis = analysis_for_datasets()
    keys = (
        analysis.PARTITION_BY
        if args.partition_by is None
        else tuple(k.strip() for k in args.partition_by.split(",") if k.strip())
    )
    destination = Path(args.to)
    refuse_existing(destination, args.force)
    try:
        # Streamed: one recruitment read, checked and written at a time. An
        # invalid one is reported at the end, and then nothing is written.
        count, scores = analysis.write_dataset(
            analysis.recruitments(*args.sources), destination, partition_by=keys, force=args.force
        )
    except analysis.InvalidSources as e:
        for line in e.lines():
            print(line, file=sys.stderr)
        return EXIT_INVALID
    print(
        ngettext(
            "{path}: {n} recruitment, {scores} scores",
            "{path}: {n} recruitments, {scores} scores",
            count,
        ).format(path=destination, n=count, scores=scores)
    )
    return EXIT_OK


DATASET = Command(
    "dataset",
    N_("write recruitments as a Parquet dataset for analyses at scale"),
    N_(
        "Read every recruitment in the sources (files, folders of them, stores) one at a time "
        "and write them to DEST as a Parquet dataset (needs pyarrow), which rekrytera analyse, "
        "DuckDB or Spark read. It holds ids, roles, weights, attributes and scores: no names, "
        "contact details, applications or comments. If any recruitment is invalid, every "
        "problem is listed and nothing is written."
    ),
    _arguments,
    _run,
)
