"""bookhelpers.timing: interleaved rounds, best-of, ratios."""

import time

from bookhelpers import ratio, time_side_by_side


def test_ratio_of_a_slower_function_is_above_one():
    assert ratio(lambda: time.sleep(0.02), lambda: time.sleep(0.001), repeat=2) > 3


def test_rounds_are_interleaved_and_results_kept():
    calls = []
    timings = time_side_by_side(
        {"a": lambda: calls.append("a") or 1, "b": lambda: calls.append("b") or 2}, rounds=3
    )
    assert calls == ["a", "b"] * 3
    assert timings.results == {"a": 1, "b": 2}
    assert [len(v) for v in timings.seconds.values()] == [3, 3]


def test_warmup_runs_untimed_and_table_reports_multiples_of_the_baseline():
    calls = []
    timings = time_side_by_side(
        {"slow": lambda: (calls.append(1), time.sleep(0.02)), "fast": lambda: time.sleep(0.001)},
        rounds=2,
        warmup=True,
    )
    assert len(calls) == 3
    table = timings.table(baseline="fast")
    assert table.loc["fast", "x fast"] == 1.0
    assert table.loc["slow", "x fast"] > 3 and list(table["rounds"]) == [2, 2]
