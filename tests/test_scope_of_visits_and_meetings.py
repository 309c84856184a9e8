"""One scope rule (issue 11, item 12): a visit or a progress meeting of a school outside the user's
scope is not found (404, exit 4), in the same words as one that does not exist, as cases and
documents are; nothing is written (SQLite and PostgreSQL, and through `scc`)."""

from __future__ import annotations

from datetime import date

import pytest

from scc.domain.errors import NotFound

D = date.fromisoformat


@pytest.fixture
def elm_visited(services):
    """Elm, allocated to sid (not sue), with a visit planned and a progress meeting scheduled;
    sue is an SEO allocated to Oak only."""
    svc = services
    svc.admin.add_user("ada", "sid", "seo")
    for urn, name, officer in (("100001", "Oak Primary School", "sue"),
                               ("100002", "Elm Primary School", "sid")):
        svc.schools.add("sam", urn, name, "community", "Primary")
        svc.categorisation.confirm("sam", urn, "AMBER", "Results falling", D("2025-09-01"))
        svc.categorisation.allocate("sam", urn, officer, D("2025-09-01"))
    visit = svc.visits.plan("sid", "100002", D("2026-02-03"), on=D("2026-01-20"))
    meeting = svc.meetings.schedule("sam", "100002", D("2026-03-04"), ["headteacher"],
                                    on=D("2026-02-02"))["reference"]
    return svc, visit, meeting


def refusal(call, *args) -> str:
    with pytest.raises(NotFound) as refused:
        call(*args)
    return str(refused.value)


def test_a_visit_of_a_school_not_allocated_to_the_seo_is_not_found_like_one_that_does_not_exist(
        elm_visited):
    svc, visit, _meeting = elm_visited
    before = svc.ctx.store.event_count()
    missing = refusal(svc.visits.show, "sue", "100002-V9")
    assert missing == "There is no visit 100002-V9."
    assert refusal(svc.visits.show, "sue", visit) == f"There is no visit {visit}."
    held = refusal(svc.visits.hold, "sue", visit, D("2026-02-03"), "Maths", "Books", "secure",
                   "Fluency")
    assert held == f"There is no visit {visit}."
    assert "Elm" not in held and "100002 " not in held
    assert svc.ctx.store.event_count() == before
    assert svc.visits.show("sid", visit)["state"] == "planned"


def test_a_progress_meeting_of_a_school_not_allocated_to_the_seo_is_not_found(elm_visited):
    svc, _visit, meeting = elm_visited
    before = svc.ctx.store.event_count()
    assert refusal(svc.meetings.show, "sue", "100002-M9") == \
        "There is no progress meeting 100002-M9."
    assert refusal(svc.meetings.show, "sue", meeting) == f"There is no progress meeting {meeting}."
    assert refusal(svc.meetings.documents, "sue", meeting, ["sdp"], D("2026-02-20")) == \
        f"There is no progress meeting {meeting}."
    assert svc.ctx.store.event_count() == before
    assert svc.meetings.show("sid", meeting)["reference"] == meeting


def test_scc_visit_and_meeting_show_exit_4_for_a_school_outside_the_scope(scc):
    for name, role in (("ada", "admin"), ("sam", "service-manager"), ("sue", "seo"),
                       ("sid", "seo")):
        scc("user", "add", name, "--role", role, user="ada" if name != "ada" else None)
    scc("school", "add", "--urn", "100002", "--name", "Elm Primary School", "--type",
        "community", "--phase", "Primary", user="sam")
    scc("school", "categorise", "confirm", "100002", "--category", "AMBER", "--reason",
        "Results falling", "--on", "2025-09-01", user="sam")
    assert scc("school", "allocate", "100002", "--officer", "sid", user="sam").code == 0
    visit = scc("visit", "plan", "100002", "--date", "2026-02-03", "--on", "2026-01-20",
                user="sid").out.strip()
    assert scc("meeting", "schedule", "100002", "--date", "2026-03-04", "--attendee",
               "headteacher", "--on", "2026-02-02", user="sam").code == 0
    assert scc("meeting", "show", "100002-M1", user="sid").code == 0
    for args, words in ((("visit", "show", visit), f"There is no visit {visit}."),
                        (("meeting", "show", "100002-M1"),
                         "There is no progress meeting 100002-M1.")):
        result = scc(*args, user="sue")
        assert result.code == 4, result.err
        assert words in result.err and "Elm" not in result.err
