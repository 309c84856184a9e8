"""The register of schools causing concern as of a date, over 24,000 schools with ten years of
categorisation history generated straight into the read-model tables, through the service layer
(`RegisterService.register`: permission check, confidentiality, category titles, next deadline;
and one page of it, `RegisterService.page`) against one hand-written SQL query reading the whole
register from the same tables as the baseline."""

from __future__ import annotations

import random
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select, text

from bench.databases import on_each_database
from bench.timing import Report, measure
from scc.bootstrap import Services, Settings, build
from scc.clock import parse_moment
from scc.projections import tables as t
from scc.projections.spans import UNTIL

SCHOOLS = 24_000
FIRST, LAST = date(2016, 9, 1), date(2026, 5, 31)
QUERIES = 40
CHUNK = 5_000
CODES = [("GREEN", 1), ("AMBER", 2), ("RED", 3)]

# The whole register, hand-written: each span found as the latest begun by the date (one backward
# seek of its (urn, from_on) index), as the fastest way the read models allow.
BASELINE_SQL = """
SELECT r.urn, s.name,
       (SELECT cs.category FROM category_spans cs WHERE cs.urn = r.urn AND cs.from_on <= :on
           AND cs.to_on > :on ORDER BY cs.from_on DESC LIMIT 1) AS category,
       r.basis,
       (SELECT os.officer FROM officer_spans os WHERE os.urn = r.urn AND os.from_on <= :on
           AND os.to_on > :on ORDER BY os.from_on DESC LIMIT 1) AS officer,
       ks.case_reference, ks.stage,
       (SELECT min(d.due) FROM deadlines d WHERE d.urn = r.urn AND d.due >= :on
           AND (d.met_on IS NULL OR d.met_on > :on)) AS next_due
  FROM register_entries r JOIN schools s ON s.urn = r.urn
  LEFT JOIN case_spans ks ON ks.urn = r.urn AND ks.from_on <= :on AND ks.to_on > :on
 WHERE r.placed_on <= :on AND (r.removed_on IS NULL OR r.removed_on > :on)
 ORDER BY s.name, r.urn
"""


def _school_history(rng: random.Random, urn: str) -> dict[str, list[dict[str, Any]]]:
    """About three category decisions a year; the register follows AMBER and RED. Each decision
    and allocation also gives its span, which lasts until the next."""
    history, entries, allocations = [], [], []
    day, version, open_entry = FIRST + timedelta(days=rng.randrange(60)), 1, None
    while day <= LAST:
        code, _rank = rng.choices(CODES, weights=[80, 15, 5])[0]
        version += 1
        history.append({"urn": urn, "version": version, "step": "confirmed", "decided": True,
                        "effective_on": day, "category": code, "actor": "sam",
                        "role": "service-manager", "reason": "termly review", "rule": None,
                        "detail": None})
        if code != "GREEN" and open_entry is None:
            version += 1
            open_entry = {"urn": urn, "version": version, "placed_on": day, "removed_on": None,
                          "basis": rng.choice(["ofsted", "authority-concern"]),
                          "reason": "category on the register", "actor": "sam"}
            entries.append(open_entry)
            version += 1
            allocations.append({"urn": urn, "version": version, "from_on": day,
                                "officer": f"seo{rng.randrange(40)}", "actor": "sam"})
        elif code == "GREEN" and open_entry is not None:
            open_entry["removed_on"] = day
            open_entry = None
        day += timedelta(days=rng.randrange(100, 140))
    return {"history": history, "entries": entries, "allocations": allocations,
            "category_spans": _spans(history, "effective_on", "category"),
            "officer_spans": _spans(allocations, "from_on", "officer")}


def _spans(rows: list[dict[str, Any]], on: str, value: str) -> list[dict[str, Any]]:
    ends = [row[on] for row in rows[1:]] + [UNTIL]
    return [{"urn": row["urn"], "version": row["version"], value: row[value], "from_on": row[on],
             "to_on": end} for row, end in zip(rows, ends)]


def generate(engine: Engine, seed: int = 4, cases: bool = True) -> int:
    """`cases`: an open case (and its deadline) on every fiftieth school. Their rows have no
    events behind them, so a page that loads a case (the dashboard's deadlines) cannot use them."""
    rng = random.Random(seed)
    with engine.connect() as conn:  # each school's, as registered since authorities exist
        authority = conn.execute(select(t.authorities.c.code)
                                 .where(t.authorities.c.original.is_(True))).scalar_one()
    tables = {"history": t.category_history, "entries": t.register_entries,
              "allocations": t.allocations, "category_spans": t.category_spans,
              "officer_spans": t.officer_spans}
    rows: dict[str, list[dict[str, Any]]] = {k: [] for k in tables}
    schools, opened, deadlines, written = [], [], [], 0
    states: list[dict[str, Any]] = []
    for i in range(SCHOOLS):
        urn = f"{300000 + i}"
        open_case = f"{urn}-1" if cases and i % 50 == 0 else None
        schools.append({"urn": urn, "id": f"bench-{urn}", "name": f"School {rng.randrange(10**6):06d}",
                        "governance": "maintained", "open_case": open_case,
                        "authority": authority})
        if open_case:
            opened.append({"reference": open_case, "id": f"bench-case-{urn}", "urn": urn,
                          "school_name": urn, "state": "warning_notice", "stage": 3,
                          "rule_set": "england-2016", "opened_on": date(2025, 1, 6),
                          "last_act_on": date(2025, 2, 3), "is_open": True, "eligible": False,
                          "version": 3, "compliance_outcome": None, "exercised": "{}"})
            states.append({"case_reference": open_case, "version": 3, "urn": urn,
                           "state": "warning_notice", "stage": 3, "from_on": date(2025, 2, 3),
                           "to_on": UNTIL})
            deadlines.append({"case_reference": open_case, "kind": "compliance-period", "urn": urn,
                              "due": date(2026, 7, 1) - timedelta(days=rng.randrange(400)),
                              "rule": "bench", "met_on": None, "case_open": True})
        for key, found in _school_history(rng, urn).items():
            rows[key].extend(found)
        if len(rows["history"]) >= CHUNK:
            written += _flush(engine, tables, rows)
    written += _flush(engine, tables, rows)
    with engine.begin() as conn:
        for table, batch in ((t.schools, schools), (t.cases, opened), (t.deadlines, deadlines),
                             (t.case_spans, states)):
            if batch:
                conn.execute(insert(table), batch)
    return written


def _flush(engine: Engine, tables: dict[str, Any], rows: dict[str, list[dict[str, Any]]]) -> int:
    with engine.begin() as conn:
        for key, table in tables.items():
            if rows[key]:
                conn.execute(insert(table), rows[key])
    count = len(rows["history"])
    for batch in rows.values():
        batch.clear()
    return count


def compare(report: Report, label: str, database: Callable[[], AbstractContextManager[str]]) -> None:
    with database() as url:
        svc: Services = build(Settings(database_url=url, policy="calderdale",
                                       now=parse_moment("2026-06-01"), user=None))
        try:
            svc.admin.add_user(None, "ada", "admin")
            svc.admin.add_user("ada", "sam", "service-manager")
            svc.admin.add_user("ada", "seo7", "seo")
            decisions = generate(svc.ctx.engine)
            with svc.ctx.engine.begin() as conn:
                conn.execute(text("ANALYZE"))
            rng = random.Random(7)
            span = (LAST - FIRST).days
            days = [FIRST + timedelta(days=rng.randrange(span)) for _ in range(QUERIES)]
            report.section(f"register as of a date on {label}: {SCHOOLS} schools, {decisions} "
                           "category decisions over 10 years")

            postgres = svc.ctx.engine.dialect.name == "postgresql"

            def raw(jit: bool) -> Callable[[int], None]:
                def query(i: int) -> None:
                    with svc.ctx.engine.connect() as conn:
                        if postgres and not jit:
                            conn.execute(text("SET LOCAL jit = off"))
                        conn.execute(text(BASELINE_SQL), {"on": days[i]}).fetchall()
                return query

            size = len(svc.register.register("sam", days[0])["entries"])
            if postgres:
                report.say(measure("raw SQL, server default (JIT on)", raw(True), QUERIES).line())
            baseline = measure("raw SQL (baseline)", raw(False), QUERIES)
            manager = measure("scc register (service manager)",
                              lambda i: svc.register.register("sam", days[i]), QUERIES)
            officer = measure("scc register (SEO: confidential withheld)",
                              lambda i: svc.register.register("seo7", days[i]), QUERIES)
            page = measure("scc register page 2 by category (50 entries)",
                           lambda i: svc.register.page("sam", days[i], None, "category", False,
                                                       2, 50), QUERIES)
            report.say(f"about {size} entries on the register per date")
            report.say(baseline.line())
            report.say(manager.line(baseline))
            report.say(officer.line(baseline))
            report.say(page.line(baseline))
        finally:
            svc.close()


def run(report: Report) -> None:
    on_each_database(report, compare)
