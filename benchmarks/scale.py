"""Analyses at national scale: time and peak memory of each engine, by number of scores.

For each size, a synthetic corpus is simulated straight into a Parquet
dataset (``write_dataset``, streaming), then analysed as ``rekrytera
analyse --by kommungrupp`` does (``summarise``), once per engine, each in a
fresh process that reports its own peak resident memory. The baseline, run
the same way, is a process that only imports what the engines use: memory
per score is the peak above it. Targets (issue #18): the DuckDB engine
analyses 100 million scores within 4 GB; the numpy engine 10 million within
1 GB.

    python3 -m pip install ".[duckdb]"
    python3 benchmarks/scale.py                     # 1 and 10 million scores
    python3 benchmarks/scale.py --sizes 100000000   # 100 million (about 10 minutes to simulate)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

#: Scores per simulated recruitment, on average (every template, seed 0).
SCORES_PER_RECRUITMENT = 297
#: The targets, in bytes of peak resident memory, by engine and size.
TARGETS = {("duckdb", 100_000_000): 4 << 30, ("numpy", 10_000_000): 1 << 30}

CHILD = """
import json, sys, time
def peak():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmHWM"))
engine, path = sys.argv[1], sys.argv[2]
import numpy, pyarrow.parquet, rekrytera.analysis as analysis
if engine == "duckdb":
    import duckdb
if path == "-":
    print(json.dumps({"peak": peak()}))
    sys.exit()
start = time.perf_counter()
ds = analysis.load(path, engine=engine)
loaded = time.perf_counter()
table = analysis.summarise(ds, "kommungrupp")
done = time.perf_counter()
print(json.dumps({
    "load": loaded - start, "analyse": done - loaded, "peak": peak(),
    "alpha_all": [round(float(x), 9) for x in table["alpha_all"]],
}))
"""


def run(engine: str, path: str) -> dict[str, object]:
    """Run the child for *engine* on *path* ("-" for imports only) and read its report."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD, engine, path], capture_output=True, text=True, check=True
    )
    report: dict[str, object] = json.loads(result.stdout.splitlines()[-1])
    return report


def corpus(folder: Path, scores: int) -> tuple[Path, int]:
    """A dataset of about *scores* scores in *folder*, simulated unless it is there already."""
    from rekrytera import analysis
    from rekrytera.simulate import simulate

    path = folder / f"scores-{scores}"
    manifest = path / "dataset.json"
    if not manifest.is_file():
        recruitments = max(1, round(scores / SCORES_PER_RECRUITMENT))
        start = time.perf_counter()
        analysis.write_dataset(simulate(recruitments, seed=0), path, force=True)
        print(f"  simulated {recruitments:,} recruitments in {time.perf_counter() - start:.0f} s")
    return path, int(json.loads(manifest.read_text())["scores"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[1_000_000, 10_000_000],
        help="numbers of scores (default: 1 and 10 million)",
    )
    parser.add_argument("--engines", nargs="+", default=["numpy", "duckdb"])
    parser.add_argument("--data", type=Path, help="keep the simulated datasets here, to reuse")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rekrytera-scale-") as temporary:
        folder = args.data or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        measure(args.sizes, args.engines, folder)


def measure(sizes: list[int], engines: list[str], folder: Path) -> None:
    """Print the figures of every size and engine, simulating into *folder* what is missing."""
    baseline = {engine: int(run(engine, "-")["peak"]) for engine in engines}  # type: ignore[call-overload]
    print(
        f"{'scores':>12}  {'engine':<7} {'load s':>7} {'analyse s':>9} {'peak MB':>8} "
        f"{'B/score':>8}  target"
    )
    failed = []
    peaks: dict[str, list[tuple[int, int]]] = {engine: [] for engine in engines}
    for size in sizes:
        path, scores = corpus(folder, size)
        figures: dict[str, list[float]] = {}
        for engine in engines:
            report = run(engine, str(path))
            peak = int(report["peak"])  # type: ignore[call-overload]
            per_score = (peak - baseline[engine]) / max(scores, 1)
            target = TARGETS.get((engine, size))
            verdict = (
                ""
                if target is None
                else (f"{'met' if peak <= target else 'MISSED'} (≤ {target / (1 << 30):.0f} GB)")
            )
            if target is not None and peak > target:
                failed.append(f"{engine} at {size:,}")
            print(
                f"{scores:>12,}  {engine:<7} {report['load']:>7.1f} {report['analyse']:>9.1f} "
                f"{peak / 1e6:>8,.0f} {per_score:>8.0f}  {verdict}"
            )
            figures[engine] = report["alpha_all"]  # type: ignore[assignment]
            peaks[engine].append((scores, peak))
        if len(figures) == 2:
            same = figures["numpy"] == figures["duckdb"]
            print(f"{'':>12}  both engines give the same alpha per group: {same}")
            assert same, figures
    # What each further score costs, without what any run costs whatever its size.
    for engine, measured in peaks.items():
        for (small, low), (large, high) in pairwise(measured):
            print(
                f"{engine}: {(high - low) / max(large - small, 1):.0f} B a score "
                f"between {small:,} and {large:,} scores"
            )
    print("targets: " + ("all met" if not failed else "missed: " + "; ".join(failed)))


if __name__ == "__main__":
    main()
