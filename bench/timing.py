"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Figures:
    name: str
    samples: list[float]  # seconds per operation

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.samples) * 1000

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000

    @property
    def per_second(self) -> float:
        return len(self.samples) / sum(self.samples)

    def line(self, baseline: Figures | None = None) -> str:
        text = (f"{self.name:<44} p50 {self.p50_ms:8.3f} ms  p95 {self.p95_ms:8.3f} ms  "
                f"{self.per_second:10.0f}/s")
        if baseline is not None:
            text += f"  p95 ratio {self.p95_ms / baseline.p95_ms:5.2f}x baseline"
        return text


def measure(name: str, operation: Callable[[int], object], count: int) -> Figures:
    """Times operation(i) for i in range(count), one sample per call."""
    samples = []
    for i in range(count):
        start = time.perf_counter()
        operation(i)
        samples.append(time.perf_counter() - start)
    return Figures(name, samples)


class Report:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def section(self, title: str) -> None:
        self.say(f"\n== {title}")

    def say(self, line: str) -> None:
        print(line, flush=True)
        self.lines.append(line)
