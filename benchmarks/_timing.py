"""What the benchmark scripts share: the best-of-several timer."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def best(fn: Callable[[], Any], runs: int = 5) -> float:
    """The fastest of *runs* calls of *fn*, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)
