"""Benchmarks (`make bench`). Each module bench/bench_*.py has `run(report)`; figures are printed
with a baseline measured in the same run, and nothing here fails on time."""
