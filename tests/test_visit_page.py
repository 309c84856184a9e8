"""The visit page (issue 15): the visit record as recorded, and a link to the PDF of each sent
version of the report, served exactly as kept; an officer without the school is told the visit
and its documents do not exist (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest

from scc.application.accounts import AccountService
from scc.web import create_app
from tests.test_visit_record import RECORD
from tests.web_helpers import signed_in

D = date.fromisoformat
PASSWORD = "a long enough password"


@pytest.fixture
def oak(services):
    """Oak (allocated to sue) with a visit held on 27 January 2026 with its full record, the
    report sent, commented on by the headteacher, amended and sent on: two sent versions."""
    svc = services
    svc.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    svc.schools.record_ofsted("sam", "100001", D("2024-06-10"), "requires-improvement")
    svc.categorisation.allocate("sam", "100001", "sue", D("2025-09-01"))
    svc.admin.add_user("ada", "hana", "headteacher")
    AccountService(svc.ctx).bind_headteacher("ada", "hana", "100001")
    svc.admin.add_user("ada", "tim", "seo")
    visit = svc.visits.plan("sue", "100001", D("2026-01-27"), on=D("2026-01-20"))
    svc.visits.hold("sue", visit, D("2026-01-27"), "Reading", "Lessons", "secure",
                    "Audit the books", record=RECORD)
    app = create_app(svc)
    for name in ("sue", "tim"):
        app.state.web.credentials.set_password(name, PASSWORD)
    return svc, visit, {name: signed_in(app, name, PASSWORD) for name in ("sue", "tim")}


def test_the_visit_page_shows_the_record(oak):
    _svc, visit, people = oak
    page = people["sue"].get(f"/visits/{visit}")
    assert page.status_code == 200
    for text in ("Reading in Key Stage 1", "Governors' monitoring of the improvement plan",
                 "Chair of governors", "Phonics lessons in Year 1 and Year 2",
                 "Phonics is taught daily to a consistent routine",
                 "Books do not yet match the sounds pupils know", "Governance", "Limited",
                 "Governors visit a phonics lesson", "13 March 2026", "18 March 2026",
                 "No version of the report has been sent yet."):
        assert text.replace("'", "&#39;") in page.text, text


def test_each_sent_version_links_to_its_pdf_served_as_kept(oak):
    svc, visit, people = oak
    svc.visits.send_report("sue", visit, D("2026-02-02"))
    svc.visits.return_comments("hana", visit, D("2026-02-04"), "The deputy was met, not the lead.")
    svc.visits.record("sue", visit, D("2026-02-05"),
                      {"met_with": ["Headteacher", "Chair of governors", "Deputy headteacher"]},
                      partial=True)
    svc.visits.to_service_manager("sue", visit, D("2026-02-06"))
    page = people["sue"].get(f"/visits/{visit}").text
    assert "Deputy headteacher" in page and "The deputy was met, not the lead." in page
    link = f"/visits/{visit}/reports/"
    # Each version links its PDF, then its web page.
    pdfs = [part.split('"')[0] for part in page.split(f'<a href="{link}')[1:]][0::2]
    assert len(pdfs) == 2
    for version, sha in enumerate(pdfs, start=1):
        kept = svc.visits.report("sam", visit, version=version)
        assert f"PDF of version {version}" in page
        served = people["sue"].get(link + sha)
        assert served.status_code == 200
        assert served.headers["content-type"] == "application/pdf"
        assert served.content == kept["content"]
        # tim, an officer without Oak, is told it does not exist.
        assert people["tim"].get(link + sha).status_code == 404
    assert people["tim"].get(f"/visits/{visit}").status_code == 404
    assert people["sue"].get(f"/visits/{visit}/reports/{'0' * 64}").status_code == 404


def test_my_visits_groups_the_officers_own_visits(oak):
    svc, visit, people = oak
    planned = svc.visits.plan("sue", "100001", D("2026-07-01"), on=D("2026-05-20"))
    page = people["sue"].get("/visits")
    assert page.status_code == 200
    mine = svc.record_lists.visits_needing("sue")
    assert [v["reference"] for v in mine["planned"]] == [planned]
    # The report of the visit held in January was due in February: overdue.
    assert [v["reference"] for v in mine["overdue"]] == [visit]
    # One table, by what each visit needs: the overdue report first, the planned visit after.
    assert page.text.index(f'href="/visits/{visit}"') < page.text.index(f'href="/visits/{planned}"')
    overdue = people["sue"].get("/visits?status=overdue").text
    assert f'href="/visits/{visit}"' in overdue and f'href="/visits/{planned}"' not in overdue
    # tim, an officer without Oak, sees none of its visits.
    theirs = people["tim"].get("/visits")
    assert theirs.status_code == 200 and "Oak Primary School" not in theirs.text
    assert visit not in theirs.text
