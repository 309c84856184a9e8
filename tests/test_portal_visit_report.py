"""The headteacher's portal page of a visit report (issue 15): the report as it was sent, read
before responding "accurate" or "inaccurate, with comments", with a confirmation step; another
school's headteacher is told the visit does not exist (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest

from scc.application.accounts import AccountService
from scc.web import create_app
from tests.test_visit_record import RECORD
from tests.web_helpers import Browser, signed_in

D = date.fromisoformat
PASSWORD = "a long headteacher password"


@pytest.fixture
def portal(services):
    """Oak (allocated to sue) with its headteacher hana and a visit report sent on 2 February
    2026 with its full record; Elm with its headteacher hugo."""
    svc = services
    for urn, name in (("100001", "Oak Primary School"), ("100002", "Elm Primary School")):
        svc.schools.add("sam", urn, name, "community", "Primary")
        svc.schools.record_ofsted("sam", urn, D("2024-06-10"), "requires-improvement")
    svc.categorisation.allocate("sam", "100001", "sue", D("2025-09-01"))
    accounts = AccountService(svc.ctx)
    for head, urn in (("hana", "100001"), ("hugo", "100002")):
        svc.admin.add_user("ada", head, "headteacher")
        accounts.bind_headteacher("ada", head, urn)
    visit = svc.visits.plan("sue", "100001", D("2026-01-27"), on=D("2026-01-20"))
    svc.visits.hold("sue", visit, D("2026-01-27"), "Reading", "Lessons", "secure",
                    "Audit the books", record=RECORD)
    svc.visits.send_report("sue", visit, D("2026-02-02"))
    app = create_app(svc)
    for head in ("hana", "hugo"):
        app.state.web.credentials.set_password(head, PASSWORD)
    people = {head: signed_in(app, head, PASSWORD) for head in ("hana", "hugo")}
    return svc, visit, people


def page_of(visit: str) -> str:
    return f"/portal/100001/visits/{visit}"


def test_the_headteacher_reads_the_report_as_sent_before_responding(portal):
    _svc, visit, people = portal
    assert page_of(visit) in people["hana"].get("/portal/100001").text
    shown = people["hana"].get(page_of(visit))
    assert shown.status_code == 200
    for text in ("Reading in Key Stage 1", "Chair of governors", "Scrutiny of reading records",
                 "Phonics is taught daily to a consistent routine",
                 "Books do not yet match the sounds pupils know", "Phonics and early reading",
                 "Limited", "Audit the decodable book stock", "English lead",
                 "27 February 2026", "18 March 2026", "Is the report accurate?"):
        assert text in shown.text, text
    assert '<form method="post" novalidate>' in shown.text


def test_accurate_needs_the_confirmation_step_and_then_agrees_the_report(portal):
    svc, visit, people = portal
    hana: Browser = people["hana"]
    before = svc.ctx.store.event_count()
    check = hana.post(page_of(visit), {"response": "accurate"})
    assert check.status_code == 200
    assert "Check your answers" in check.text and 'name="confirmed" value="yes"' in check.text
    assert svc.ctx.store.event_count() == before
    assert svc.visits.show("sam", visit)["state"] == "report_sent"
    done = hana.post(page_of(visit), {"response": "accurate", "confirmed": "yes"})
    assert (done.status_code, done.headers["location"]) == (303, "/portal/100001")
    assert svc.visits.show("sam", visit)["state"] == "report_agreed"
    # Irreversible: a second response is refused on the page and nothing more is written.
    after = svc.ctx.store.event_count()
    again = hana.post(page_of(visit), {"response": "inaccurate", "comments": "Too late.",
                                       "confirmed": "yes"})
    assert again.status_code >= 400
    assert svc.ctx.store.event_count() == after


def test_inaccurate_needs_comments_and_the_confirmation_step(portal):
    svc, visit, people = portal
    hana: Browser = people["hana"]
    before = svc.ctx.store.event_count()
    refused = hana.post(page_of(visit), {"response": "inaccurate", "confirmed": "yes"})
    assert refused.status_code == 400 and "Enter your comments" in refused.text
    assert "Reading in Key Stage 1" in refused.text  # the report stays beside the form
    mixed = hana.post(page_of(visit), {"response": "accurate", "comments": "But also wrong."})
    assert mixed.status_code == 400
    comments = "The English lead was not met; the deputy was."
    check = hana.post(page_of(visit), {"response": "inaccurate", "comments": comments})
    assert "Check your answers" in check.text and comments in check.text
    assert svc.ctx.store.event_count() == before
    done = hana.post(page_of(visit), {"response": "inaccurate", "comments": comments,
                                      "confirmed": "yes"})
    assert done.status_code == 303
    shown = svc.visits.show("sam", visit)
    assert (shown["state"], shown["comments"]) == ("comments_returned", comments)
    assert comments in hana.get(page_of(visit)).text


def test_another_schools_headteacher_gets_404_and_nothing_is_written(portal):
    svc, visit, people = portal
    hugo: Browser = people["hugo"]
    before = svc.ctx.store.event_count()
    for path in (page_of(visit), f"/portal/100002/visits/{visit}"):
        assert hugo.get(path).status_code == 404, path
        assert hugo.post(path, {"response": "accurate", "confirmed": "yes"}).status_code == 404
    # Her own visit named under another school's URN is not a page either.
    assert people["hana"].get(f"/portal/100002/visits/{visit}").status_code == 404
    assert svc.ctx.store.event_count() == before
    assert svc.visits.show("sam", visit)["state"] == "report_sent"
