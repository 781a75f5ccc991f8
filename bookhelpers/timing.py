"""Side-by-side timing for the gotchas that are about speed: ratios, never absolute times.

Variants are run in interleaved rounds (A, B, A, B, ...) so a noisy moment on a shared machine
hits every variant, and each variant's best round is kept (the least noisy estimate).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass
class Timings:
    """Seconds of every round of every variant, in the order they were given."""

    seconds: dict[str, list[float]] = field(default_factory=dict)
    results: dict[str, object] = field(default_factory=dict)  # each variant's last return value

    def best(self, name: str) -> float:
        return min(self.seconds[name])

    def ratio(self, slow: str, fast: str) -> float:
        """How many times longer `slow` took than `fast` (best round against best round)."""
        return self.best(slow) / self.best(fast)

    def table(self, baseline: str | None = None) -> pandas.DataFrame:  # noqa: F821
        """Best seconds per variant and, with a baseline, each as a multiple of it."""
        import pandas as pd

        frame = pd.DataFrame({"best seconds": {n: self.best(n) for n in self.seconds}})
        frame["rounds"] = [len(v) for v in self.seconds.values()]
        if baseline is not None:
            frame[f"x {baseline}"] = frame["best seconds"] / self.best(baseline)
        return frame


def time_side_by_side(
    variants: Mapping[str, Callable[[], object]], rounds: int = 3, warmup: bool = False
) -> Timings:
    """Time each variant `rounds` times, interleaved; `warmup` runs each once untimed first."""
    if warmup:
        for function in variants.values():
            function()
    timings = Timings({name: [] for name in variants})
    for _ in range(rounds):
        for name, function in variants.items():
            start = time.perf_counter()
            timings.results[name] = function()
            timings.seconds[name].append(time.perf_counter() - start)
    return timings


def ratio(slow: Callable[[], object], fast: Callable[[], object], repeat: int = 3) -> float:
    """How many times slower `slow` is than `fast`, timed side by side in the same run."""
    return time_side_by_side({"slow": slow, "fast": fast}, rounds=repeat).ratio("slow", "fast")
