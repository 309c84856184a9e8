"""The headteacher's answer to a visit report: agree it, or return comments on its factual
accuracy; either meets the return deadline, and only for their own school (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest

from scc.application.accounts import AccountService
from scc.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation

D = date.fromisoformat


@pytest.fixture
def sent(services):
    """Oak (AMBER, allocated to sue) with a visit report sent to its headteacher hana on
    2 February 2026; Elm, another school, with its own headteacher."""
    svc = services
    for urn, name in (("100001", "Oak Primary School"), ("100002", "Elm Primary School")):
        svc.schools.add("sam", urn, name, "community", "Primary")
        svc.schools.record_ofsted("sam", urn, D("2025-06-10"), None,
                                  {"leadership-and-management": "requires-improvement"})
        svc.categorisation.allocate("sam", urn, "sue", D("2025-09-01"))
    accounts = AccountService(svc.ctx)
    for head, urn in (("hana", "100001"), ("hugo", "100002")):
        svc.admin.add_user("ada", head, "headteacher")
        accounts.bind_headteacher("ada", head, urn)
    visit = svc.visits.plan("sue", "100001", D("2026-01-27"), on=D("2026-01-20"))
    svc.visits.hold("sue", visit, D("2026-01-27"), "Maths", "Book scrutiny", "secure", "Fluency")
    svc.visits.send_report("sue", visit, D("2026-02-02"))
    return svc, visit


def test_the_headteacher_returns_comments_which_meet_the_return_deadline(sent):
    svc, visit = sent
    late = svc.visits.return_comments("hana", visit, D("2026-02-05"),
                                      "  The visit was on Tuesday, not Monday.  ")
    assert late is False
    shown = svc.visits.show("sam", visit)
    assert shown["state"] == "comments_returned"
    assert shown["comments"] == "The visit was on Tuesday, not Monday."
    returned = next(d for d in shown["deadlines"] if d["kind"] == f"visit-report-return-{visit}")
    assert returned["met_on"] == "2026-02-05"
    # The read models agree: the visit list shows the comments and the deadline is no longer open.
    assert [v["state"] for v in svc.visits.list("sam", "100001")] == ["comments_returned"]
    assert all(r["kind"] != returned["kind"] for r in svc.deadlines.deadlines("sam"))
    # The officer weighs the comments and sends the amended report on.
    svc.visits.to_service_manager("sue", visit, D("2026-02-09"))
    assert svc.visits.show("sam", visit)["state"] == "with_service_manager"


def test_comments_after_the_five_working_days_are_recorded_as_late(sent):
    svc, visit = sent
    assert svc.visits.return_comments("hana", visit, D("2026-02-16"), "Two dates wrong.") is True


def test_the_headteacher_agrees_through_the_visit_service(sent):
    svc, visit = sent
    assert svc.visits.agree("hana", visit, D("2026-02-04")) is False
    assert svc.visits.show("sam", visit)["state"] == "report_agreed"
    with pytest.raises(RuleViolation):
        svc.visits.return_comments("hana", visit, D("2026-02-04"), "Too late to comment.")


def test_another_schools_headteacher_and_the_officers_are_refused_and_nothing_is_written(sent):
    svc, visit = sent
    before = svc.ctx.store.event_count()
    for user in ("sue", "sam", "lee"):  # the officers: not a headteacher's act
        with pytest.raises(NotPermitted):
            svc.visits.return_comments(user, visit, D("2026-02-05"), "Not mine to comment on.")
        with pytest.raises(NotPermitted):
            svc.visits.agree(user, visit, D("2026-02-05"))
    # Another school's headteacher: the visit is outside their scope, so it is not found, in the
    # words of a visit that does not exist.
    with pytest.raises(NotFound, match=f"^There is no visit {visit}.$"):
        svc.visits.return_comments("hugo", visit, D("2026-02-05"), "Not mine to comment on.")
    with pytest.raises(NotFound, match=f"^There is no visit {visit}.$"):
        svc.visits.agree("hugo", visit, D("2026-02-05"))
    with pytest.raises(InvalidInput):
        svc.visits.return_comments("hana", visit, D("2026-02-05"), "   ")
    assert svc.ctx.store.event_count() == before
    assert svc.visits.show("sam", visit)["state"] == "report_sent"
