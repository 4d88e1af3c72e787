"""How fast the planner answers HR's planning screen (it runs on every change of the form).

Target: the preview answers within 100 ms at the 95th percentile, including the search for the
nearest options when the goal is out of reach. Run with ``make bench-language``."""

from __future__ import annotations

import statistics
import time as clock
from dataclasses import replace
from datetime import date, time
from decimal import Decimal

from welkom.language import planner
from welkom.language.planner import PlanInput, Window

AMS = "Europe/Amsterdam"
STEPS = {"A0": Decimal(60), "A1": Decimal(60), "A2": Decimal(200), "B1": Decimal(200), "B2": Decimal(200)}
WEEKEND = (Window(5, time(9, 0), time(13, 0), AMS), Window(6, time(9, 0), time(13, 0), AMS))
EVENINGS = (*(Window(day, time(19, 0), time(21, 0), AMS) for day in range(5)), *WEEKEND)
BASE = PlanInput(
    current_level="A0",
    target_level="A2",
    target_date=date(2027, 9, 1),
    starts_on=date(2026, 12, 1),
    lesson_minutes_per_week=240,
    self_study_minutes_per_week=120,
    free_windows=EVENINGS,
    step_hours=STEPS,
    today=date(2026, 11, 28),
    leave_days=frozenset(date(2027, 7, d) for d in range(1, 22)),
)
CASES = {
    "A0 to A2, reachable": BASE,
    "A0 to B2 over two years, reachable": replace(BASE, target_level="B2", target_date=date(2029, 1, 1)),
    "A0 to B1 in 3 months (search for options)": replace(
        BASE, target_level="B1", target_date=date(2027, 3, 1)
    ),
    "zero hours (search for options)": replace(
        BASE, lesson_minutes_per_week=0, self_study_minutes_per_week=0
    ),
}


def main(rounds: int = 50) -> None:
    planner.plan(BASE)  # warm the holiday table
    print(f"{'case':<45} {'median ms':>10} {'p95 ms':>8} {'sessions':>9}")
    for name, data in CASES.items():
        timings = []
        result = None
        for _ in range(rounds):
            started = clock.perf_counter()
            result = planner.plan(data)
            timings.append((clock.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        assert result is not None
        print(f"{name:<45} {statistics.median(timings):>10.1f} {p95:>8.1f} {len(result.sessions):>9}")


if __name__ == "__main__":
    main()
