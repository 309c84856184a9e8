"""A regional officer's own panel (the dashboard's "my work": each authority's open cases and
deadlines overdue or due soon) counts the cases from the case list alone, and reads the deadlines
once, for the counts. On SQLite and PostgreSQL through the service."""

from __future__ import annotations

from datetime import date

from tests.reads import reads_of


def test_the_regional_panel_counts_each_authoritys_open_cases_reading_deadlines_once(
        services) -> None:
    services.admin.add_user("ada", "rex", "regional-officer")
    for urn in ("100001", "100002"):
        services.schools.add("sam", urn, f"School {urn}", "community", "Primary")
        services.cases.open("sam", urn, "Governance concerns.", date(2026, 5, 1))
    services.cases.close("sam", "100002-1", date(2026, 5, 20), "Concerns resolved.")
    with reads_of(services) as reads:
        panel = services.my_work.of("rex")
    code = services.ctx.original_code()
    assert panel["role"] == "regional-officer"
    assert [(a["authority"], a["open_cases"]) for a in panel["authorities"]] == [(code, 1)]
    assert reads.reading("deadlines") == 1
