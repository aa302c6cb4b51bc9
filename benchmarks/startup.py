"""How long a command takes to start with the installed plugins, against none.

Starting is what a person waits for on every command, so the plugins must
not make it slower: `rekrytera score` on an example with the plugins
installed, against the same command with plugin loading switched off
(``REKRYTERA_DISABLE_PLUGIN_AUTOLOAD=1``, which also skips the scan of the
installed distributions: a slightly stricter baseline than not installing
them); and ``import rekrytera`` against ``python -c pass``. Each command runs
in a fresh interpreter, alternating with its baseline; the figure is the
median of the runs, with each run's peak memory from ``os.wait4``.

Install the bundled plugins first (see README.md), then run::

    python3 benchmarks/startup.py

Targets (the plugin platform issue): at most 1.3× with the four bundled
plugins installed; ``import rekrytera`` at most 10× ``python -c pass``.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

EXAMPLE = Path(__file__).parent.parent / "examples" / "socialsekreterare-barn-unga.toml"


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds and peak MiB of one run of *argv* in a fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(argv)} failed with exit code {process.returncode}")
    return seconds, usage.ru_maxrss / 1024


def compare(label: str, argv: list[str], baseline: list[str], runs: int, plugins: bool) -> float:
    env = dict(os.environ)
    env.pop("REKRYTERA_DISABLE_PLUGIN_AUTOLOAD", None)
    quiet = {**env, "REKRYTERA_DISABLE_PLUGIN_AUTOLOAD": "1"}
    mine, theirs = [], []
    for _ in range(runs):
        theirs.append(run(baseline, quiet if plugins else env))
        mine.append(run(argv, env))
    t_base = statistics.median(t for t, _ in theirs)
    t_mine = statistics.median(t for t, _ in mine)
    m_base = statistics.median(m for _, m in theirs)
    m_mine = statistics.median(m for _, m in mine)
    ratio = t_mine / t_base
    print(label)
    print(f"  baseline: {' '.join(baseline[1:]):<52} {t_base:7.3f} s {m_base:6.0f} MiB")
    print(f"  {' '.join(argv[1:]):<62} {t_mine:7.3f} s {m_mine:6.0f} MiB {ratio:6.2f}")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each (default: 15)")
    args = parser.parse_args()
    installed = sorted(
        f"{ep.name} ({ep.dist.metadata['Name'] if ep.dist else '?'})"
        for ep in importlib.metadata.entry_points(group="rekrytera")
    )
    print(f"installed plugins: {', '.join(installed) or 'none'}; {args.runs} runs each, medians")
    python = sys.executable
    score = [python, "-m", "rekrytera", "score", str(EXAMPLE)]
    startup = compare(
        "rekrytera score on an example, plugins loaded vs plugin loading off",
        score,
        score,
        args.runs,
        plugins=True,
    )
    imported = compare(
        "import rekrytera vs an empty interpreter",
        [python, "-c", "import rekrytera"],
        [python, "-c", "pass"],
        args.runs,
        plugins=False,
    )
    print(
        f"targets: score with plugins at most 1.3x: {startup:.2f}x; "
        f"import at most 10x: {imported:.2f}x"
    )


if __name__ == "__main__":
    main()
