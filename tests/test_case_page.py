"""The case page's one read: the same case, history, documents and steps as the separate queries,
under the same permission checks."""

from __future__ import annotations

from datetime import date

import pytest

from scc.application.case_page import case_page
from scc.application.steps import next_steps
from scc.domain.errors import NotFound

D = date.fromisoformat


@pytest.fixture
def case_ref(services):
    services.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    ref = services.cases.open("sam", "100001", "Attainment falling", D("2025-11-03"))
    services.cases.share_concerns("sam", ref, D("2025-11-10"), "Shared at the governors' meeting")
    return ref


def test_the_page_shows_what_the_separate_queries_show(services, case_ref):
    page = case_page(services.cases, "sam", case_ref)
    assert page.case == services.cases.show("sam", case_ref)
    shown = {"version", "type", "effective_on", "recorded_at", "actor", "role"}
    assert [{k: v for k, v in e.items() if k in shown} for e in page.timeline.rows] == \
        [{k: v for k, v in e.items() if k in shown}
         for e in services.cases.history("sam", case_ref)[::-1]]
    assert page.documents == services.notices.list("sam", case_ref)
    assert page.steps == next_steps(services.cases, "sam", case_ref)
    assert any(s["trigger"] == "issue_notice_of_concern" for s in page.steps)


def test_a_legal_officer_reads_the_case_and_is_offered_no_step(services, case_ref):
    page = case_page(services.cases, "lee", case_ref)
    assert page.case["state"] == services.cases.show("lee", case_ref)["state"]
    assert page.steps == []


def test_a_case_outside_an_seos_scope_is_not_found_like_an_unknown_case(services, case_ref):
    with pytest.raises(NotFound, match=f"There is no case {case_ref}."):
        case_page(services.cases, "sue", case_ref)
    with pytest.raises(NotFound):
        case_page(services.cases, "sam", "999999-1")
