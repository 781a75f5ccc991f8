"""Side-by-side timing for the gotchas that are about speed: ratios, never absolute times."""
from __future__ import annotations

import time
from typing import Callable


def best_time(function: Callable[[], object], repeat: int = 3) -> float:
    """Best wall-clock seconds of `repeat` calls (the minimum is the least noisy estimate)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def ratio(slow: Callable[[], object], fast: Callable[[], object], repeat: int = 3) -> float:
    """How many times slower `slow` is than `fast`, timed alternately in the same run."""
    slow_times, fast_times = [], []
    for _ in range(repeat):  # interleaved so a noisy moment hits both sides
        slow_times.append(best_time(slow, 1))
        fast_times.append(best_time(fast, 1))
    return min(slow_times) / min(fast_times)
