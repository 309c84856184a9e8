"""A command writes only the read-model rows it changes (issue 10): a case's deadlines that did
not move are left as they are, one that went is deleted, and a school's open case is set without
reading its row. What the lists show, and a rebuild, must not notice the difference (SQLite and
PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import select

from scc.projections import tables as t
from tests.test_escalation import D, oak, open_case  # noqa: F401
from tests.test_rebuild import read_models


def case_deadlines(svc, ref: str) -> dict[str, tuple]:
    d = t.deadlines.c
    with svc.ctx.engine.connect() as conn:
        return {row.kind: (row.due, row.met_on, row.passed_on, row.case_open)
                for row in conn.execute(select(t.deadlines).where(d.case_reference == ref))}


def open_case_of(svc, urn: str) -> str | None:
    with svc.ctx.engine.connect() as conn:
        return conn.execute(select(t.schools.c.open_case)
                            .where(t.schools.c.urn == urn)).scalar()


def test_the_secretary_of_states_notice_removes_the_ended_notices_deadlines_rows(oak):  # noqa: F811
    ref = open_case(oak)
    assert open_case_of(oak, "100001") == ref
    oak.cases.notice_of_concern("sam", ref, D("2025-11-17"), plan_due=D("2025-12-05"))
    oak.cases.action_plan_received("sam", ref, D("2025-12-01"))
    assert case_deadlines(oak, ref)["action-plan"] == (D("2025-12-05"), D("2025-12-01"), None,
                                                       True)
    oak.cases.warning_notice("sam", ref, "s60", ["safety"], D("2025-12-19"))
    oak.cases.compliance("sam", ref, "not-complied", D("2026-01-15"))
    assert "compliance-period" in case_deadlines(oak, ref)
    oak.cases.rd_warning_notice("sam", ref, ["safety"], D("2026-01-22"), D("2026-02-20"))
    after = case_deadlines(oak, ref)
    assert "compliance-period" not in after
    assert not [kind for kind in after if kind.startswith("intervention-window-")]
    assert set(after) == {d["kind"] for d in oak.cases.show("sam", ref)["deadlines"]}
    projected = read_models(oak)
    oak.admin.rebuild_projections("ada")
    assert read_models(oak) == projected


def test_closing_and_reopening_names_the_schools_open_case_as_a_rebuild_does(oak):  # noqa: F811
    ref = open_case(oak)
    oak.cases.warning_notice("sam", ref, "s60", ["safety"], D("2025-12-19"))
    oak.cases.close("sam", ref, D("2026-01-05"), "Standards recovered")
    assert open_case_of(oak, "100001") is None
    assert {open_on for *_, open_on in case_deadlines(oak, ref).values()} == {False}
    second = open_case(oak, on="2026-01-06")
    assert open_case_of(oak, "100001") == second != ref
    projected = read_models(oak)
    oak.admin.rebuild_projections("ada")
    assert read_models(oak) == projected
