"""A legal officer's own panel (the dashboard's "my work": the notices issued and the bundles
exported most recently) reads the notices of all their cases in one read of the case-events read
model and the export logs of all their cases in one read of the store, not each case's on its
own. On SQLite and PostgreSQL through the service."""

from __future__ import annotations

from datetime import date

from scc.audit.log import export_log_id
from tests.reads import reads_of


def _case_with_notice_and_export(services, urn: str) -> str:
    services.schools.add("sam", urn, f"School {urn}", "community", "Primary")
    case = services.cases.open("sam", urn, "Governance concerns.", date(2026, 5, 1))
    services.notices.issue("sam", case, "s60", {
        "grounds": ["governance"], "evidence": "Governors have not met since March.",
        "action_required": "Reconstitute the governing body.",
        "minded_to": "Appoint additional governors under s64."}, date(2026, 5, 5),
        reason="Governance (EIA 2006 s60(2)(b)).")
    services.audit.export("lee", case)
    return case


def test_the_legal_panel_reads_the_notices_and_exports_of_three_cases_at_once(services) -> None:
    cases = [_case_with_notice_and_export(services, urn)
             for urn in ("100001", "100002", "100003")]
    services.ctx._kept.clear()  # as a fresh web process
    with reads_of(services) as reads:
        panel = services.my_work.of("lee")
    assert sorted((n["case"], n["title"]) for n in panel["notices"]) == \
        [(case, "Performance standards and safety warning notice") for case in cases]
    assert sorted(e["case"] for e in panel["exports"]) == cases
    assert {e["school"] for e in panel["exports"]} == \
        {"School 100001", "School 100002", "School 100003"}
    assert reads.reading("case_events") == 1
    # The panel lists the cases alone: no case's deadlines are read to describe them.
    assert reads.reading("deadlines") == 0
    assert [reads.of[export_log_id(case)] for case in cases] == [0, 0, 0]
