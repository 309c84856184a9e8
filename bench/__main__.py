"""Runs every benchmark module (or those named on the command line) and prints the figures."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

from bench.timing import Report


def main(names: list[str]) -> None:
    folder = Path(__file__).parent
    modules = sorted(m.name for m in pkgutil.iter_modules([str(folder)])
                     if m.name.startswith("bench_"))
    report = Report()
    for name in modules:
        if names and name not in names and name.removeprefix("bench_") not in names:
            continue
        importlib.import_module(f"bench.{name}").run(report)
    results = folder / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.txt").write_text("\n".join(report.lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
