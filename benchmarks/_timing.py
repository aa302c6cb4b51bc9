"""What the benchmark scripts share: the best-of-several timer."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any


def best(fn: Callable[[], Any], runs: int = 5) -> float:
    """The fastest of *runs* calls of *fn*, in seconds.

    Each run starts from a collected heap, so that no run pays for the garbage
    of the one before (the collector stays on: its cost is part of the work).
    """
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)
