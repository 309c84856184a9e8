"""`scc projections rebuild` on a national-scale store (bench/national.py), against a floor that
reads and decodes the same events and does nothing with them. Opt-in: generating the store takes
minutes, so it runs only with SCC_BENCH_NATIONAL=1 (SCC_BENCH_NATIONAL_SCHOOLS: default 24,000)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from contextlib import AbstractContextManager

from bench import national
from bench.databases import on_each_database
from bench.timing import Report
from scc.bootstrap import Settings, build
from scc.clock import parse_moment


def decode_floor(url: str) -> tuple[int, float]:
    """Seconds to read and decode every stored event, in batches like the rebuild."""
    svc = build(Settings(database_url=url, policy="calderdale", now=parse_moment(national.TODAY),
                         user=None))
    try:
        recorder, decode = svc.ctx.store.recorder, svc.ctx.store.mapper.to_domain_event
        started, position, count = time.perf_counter(), 0, 0
        while batch := recorder.select_notifications(start=position + 1, limit=5000):
            for notification in batch:
                decode(notification)
            position, count = batch[-1].id, count + len(batch)
        return count, time.perf_counter() - started
    finally:
        svc.close()


def compare(report: Report, label: str, database: Callable[[], AbstractContextManager[str]]) -> None:
    schools = int(os.environ.get("SCC_BENCH_NATIONAL_SCHOOLS", "24000"))
    with database() as url:
        started = time.perf_counter()
        national.generate(url, schools, batch=250)
        generated = time.perf_counter() - started
        events, floor = decode_floor(url)
        rebuild = national.time_rebuild(url)
        report.section(f"projections rebuild on {label}: {schools} schools, {events:,} events "
                       f"(generated in {generated:.0f} s)")
        report.say(f"read and decode every event (floor)   {floor:7.1f} s  "
                   f"{events / floor:9,.0f} events/s")
        report.say(f"scc projections rebuild (whole CLI)   {rebuild['seconds']:7.1f} s  "
                   f"{events / rebuild['seconds']:9,.0f} events/s  "
                   f"{rebuild['seconds'] / floor:4.2f}x floor  peak RSS {rebuild['peak_mb']:.0f} MB")


def run(report: Report) -> None:
    if not os.environ.get("SCC_BENCH_NATIONAL"):
        report.say("\nnational rebuild: skipped (set SCC_BENCH_NATIONAL=1; generation takes minutes)")
        return
    on_each_database(report, compare)
