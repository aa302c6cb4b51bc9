"""The benchmark scripts still run, at tiny sizes.

Their figures are not checked here (speed is measured by hand, on a quiet
machine); what is checked is that each script runs to the end, with the
assertions some of them make about their results (alpha and ICC equal to
their references), so that a change cannot break them unnoticed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"


@pytest.mark.parametrize(
    ("script", "args", "row"),
    [
        ("load_json.py", ["--scores", "2000"], "rekrytera.analysis.load (columnar, checked)"),
        ("analysis.py", ["--recruitments", "20"], "rekrytera.score(method='kemeny')"),
        ("export_sqlite.py", ["--ratings", "2000"], "rekrytera: export to the store"),
        ("scrub.py", ["--limit", "100", "--repeat", "1", "--runs", "1"], "dated reference numbers"),
        ("privacy_scale.py", ["--candidates", "30"], "report --names"),
        ("kemeny.py", ["--sizes", "6", "18"], "random"),
        ("startup.py", ["--runs", "1"], "targets: score with plugins at most 1.3x"),
        ("scale.py", ["--sizes", "3000"], "both engines give the same alpha per group: True"),
        (
            "web_load.py",
            ["--panelists", "4", "--candidates", "2", "--seconds", "60"],
            "every submitted rating is in the store exactly once",
        ),
    ],
)
def test_runs(script: str, args: list[str], row: str) -> None:
    """The script runs to the end and prints its rekrytera row."""
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert row in result.stdout
