"""Wales through the web (issue 13): a Welsh case's page offers the s3 warning notice and the
authority's powers ss5-9 (School Standards and Organisation (Wales) Act 2013), each refused for a
case whose rule set does not have it. Names follow the Act's words."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from html import unescape
from typing import Any

import pytest

from scc.bootstrap import Services
from scc.domain.errors import RuleViolation
from scc.web import create_app
from scc.web.credentials import Credentials
from tests.conftest import make_services
from tests.test_estyn import OAK, YSGOL, _vale
from tests.web_helpers import Browser, signed_in

D = date.fromisoformat
PASSWORD = "a long enough password 1"


@pytest.fixture
def site(database_url: str) -> Iterator[tuple[Services, dict[str, Browser]]]:
    svc = _vale(make_services(database_url))
    app = create_app(svc)
    people = {}
    for name in ("wyn", "sam"):
        Credentials(svc.ctx.engine).set_password(name, PASSWORD)
        people[name] = signed_in(app, name, PASSWORD)
    yield svc, people
    svc.close()


S3 = {"grounds": ["standards", "behaviour"],
      "evidence": "Outcomes well below those of similar schools",
      "action_required": "Raise standards in literacy", "minded_to": "Appoint additional governors",
      "reason": "Standards and behaviour have declined"}
S8 = {"power": "s8", "on": "2026-01-13", "reason": "Budget control has failed",
      "effective_from": "2026-01-19", "reasons": "The governing body overspent for two years"}


def test_the_s3_warning_notice_and_a_power_of_ss5_9_are_given_through_the_web(site: Any):
    svc, people = site
    wyn = people["wyn"]
    ref = svc.cases.open("wyn", YSGOL, "Standards have declined", D("2025-12-01"))
    assert "Give an s3 warning notice" in wyn.get(f"/cases/{ref}").text
    form = unescape(wyn.get(f"/cases/{ref}/warning-notice").text)
    assert "Ground 3: the behaviour of pupils or the actions of parents" in form
    assert "s60" not in form and "(a) standards of performance" not in form

    data = {**S3, "on": "2025-12-15"}
    before = svc.ctx.store.event_count()
    preview = wyn.post(f"/cases/{ref}/warning-notice", data)
    assert preview.status_code == 200, preview.text
    assert "Preview of the notice" in preview.text and svc.ctx.store.event_count() == before
    issued = wyn.post(f"/cases/{ref}/warning-notice", {**data, "confirmed": "yes"})
    assert issued.status_code == 303, issued.text
    shown = svc.cases.show("wyn", ref)
    assert shown["state"] == "warning_notice"

    svc.cases.compliance("wyn", ref, "not-complied", D("2026-01-12"))
    form = unescape(wyn.get(f"/cases/{ref}/exercise-power").text)
    assert "s8: suspend the governing body's right to a delegated budget (s8)" in form
    assert "s64" not in form and "s66" not in form
    checked = unescape(wyn.post(f"/cases/{ref}/exercise-power", S8).text)
    assert "Given under section 8 of the School Standards and Organisation (Wales) Act" in checked
    assert "atal hawl y corff llywodraethu i gyllideb ddirprwyedig" in checked
    done = wyn.post(f"/cases/{ref}/exercise-power", {**S8, "confirmed": "yes"})
    assert done.status_code == 303, done.text
    assert svc.cases.show("wyn", ref)["powers_exercised"] == {"s8": "2026-01-13"}
    assert any(d.notice_type == "power-s8" for d in svc.notices.list("wyn", ref))


def test_an_english_case_offers_only_england_s_notices_and_powers(site: Any):
    svc, people = site
    sam = people["sam"]
    ref = svc.cases.open("sam", OAK, "Standards have declined", D("2025-12-01"))
    form = unescape(sam.get(f"/cases/{ref}/warning-notice").text)
    assert "s60A teachers' pay and conditions" in form
    assert "s3" not in form and "Ground 3" not in form
    powers = unescape(sam.get(f"/cases/{ref}/exercise-power").text)
    assert "s64: appoint additional governors" in powers and "s5:" not in powers


def test_an_english_case_refuses_the_s3_notice_and_nothing_is_written(site: Any):
    svc, people = site
    ref = svc.cases.open("sam", OAK, "Standards have declined", D("2025-12-01"))
    before = svc.ctx.store.event_count()
    refused = people["sam"].post(f"/cases/{ref}/warning-notice",
                                 {**S3, "kind": "s3", "on": "2025-12-15", "confirmed": "yes"})
    assert refused.status_code == 400, refused.text
    assert svc.ctx.store.event_count() == before


def test_a_welsh_case_refuses_an_english_power_and_nothing_is_written(site: Any):
    svc, people = site
    ref = svc.cases.open("wyn", YSGOL, "Standards have declined", D("2025-12-01"))
    svc.cases.warning_notice("wyn", ref, "s3", ["standards"], D("2025-12-15"), reason="R")
    svc.cases.compliance("wyn", ref, "not-complied", D("2026-01-12"))
    before = svc.ctx.store.event_count()
    refused = people["wyn"].post(f"/cases/{ref}/exercise-power",
                                 {**S8, "power": "s64", "governors": "A N Other",
                                  "confirmed": "yes"})
    assert refused.status_code == 400, refused.text
    assert svc.ctx.store.event_count() == before


def test_estyn_s_inspection_and_follow_up_are_recorded_from_the_school_page(site: Any):
    svc, people = site
    wyn = people["wyn"]
    page = wyn.get(f"/schools/{YSGOL}").text
    assert "Record an Estyn inspection" in page and "Record an Ofsted judgement" not in page
    form = unescape(wyn.get(f"/schools/{YSGOL}/estyn/inspection").text)
    assert "In need of special measures (ground 8 for intervention)" in form
    done = wyn.post(f"/schools/{YSGOL}/estyn/inspection",
                    {"on": "2026-02-02", "outcome": "special-measures"})
    assert done.status_code == 303, done.text
    school = svc.schools.show("wyn", YSGOL)
    assert school["estyn_category"] == "special-measures"
    ref = next(c["id"] for c in svc.cases.list("wyn") if c["urn"] == YSGOL)
    assert svc.cases.show("wyn", ref)["state"] == "eligible"
    assert "Inspection: " in wyn.get(f"/schools/{YSGOL}").text

    visit = wyn.post(f"/schools/{YSGOL}/estyn/follow-up",
                     {"on": "2026-06-01", "kind": "monitoring", "outcome": "removed"})
    assert visit.status_code == 303, visit.text
    assert svc.cases.show("wyn", ref)["eligible_for_intervention"] is False
    assert "Monitoring visit: removed from follow-up" in wyn.get(f"/schools/{YSGOL}").text


def test_an_estyn_form_refuses_a_wrong_answer_and_an_english_school_has_none(site: Any):
    svc, people = site
    before = svc.ctx.store.event_count()
    wrong = people["wyn"].post(f"/schools/{YSGOL}/estyn/inspection",
                               {"on": "2026-02-02", "outcome": "inadequate"})
    assert wrong.status_code == 400 and svc.ctx.store.event_count() == before
    follow = people["wyn"].post(f"/schools/{YSGOL}/estyn/follow-up",
                                {"on": "2026-02-02", "kind": "monitoring", "outcome": "removed"})
    assert follow.status_code == 409 and svc.ctx.store.event_count() == before
    assert "No Estyn inspection of Ysgol Gynradd Sain Tathan before" in unescape(follow.text)
    assert people["sam"].get(f"/schools/{OAK}/estyn/inspection").status_code == 404
    assert "Record an Estyn inspection" not in people["sam"].get(f"/schools/{OAK}").text


def test_the_vale_calls_the_allocated_officer_an_improvement_partner(site: Any):
    svc, people = site
    vale = unescape(people["wyn"].get(f"/schools/{YSGOL}/allocate-officer").text)
    assert "Improvement partner" in vale and "School Effectiveness Officer" not in vale
    english = unescape(people["sam"].get(f"/schools/{OAK}/allocate-officer").text)
    assert "School Effectiveness Officer" in english
    before = svc.ctx.store.event_count()
    with pytest.raises(RuleViolation, match="wyn is not an improvement partner"):
        svc.categorisation.allocate("wyn", YSGOL, "wyn", D("2026-01-05"))
    assert svc.ctx.store.event_count() == before


def test_an_urgent_risk_is_recorded_through_the_web_and_the_powers_are_offered(site: Any):
    svc, people = site
    wyn = people["wyn"]
    ref = svc.cases.open("wyn", YSGOL, "Safety concerns", D("2026-01-05"))
    assert "Record an urgent risk to health or safety" in wyn.get(f"/cases/{ref}").text
    risk = {"grounds": ["safety"], "on": "2026-01-06",
            "reason": "The heating has failed and the building stays open"}
    assert wyn.post(f"/cases/{ref}/urgent-risk", risk).status_code == 200  # the check page
    done = wyn.post(f"/cases/{ref}/urgent-risk", {**risk, "confirmed": "yes"})
    assert done.status_code == 303, done.text
    page = unescape(wyn.get(f"/cases/{ref}").text)
    assert "The heating has failed" in page and "Exercise an intervention power" in page
    english = svc.cases.open("sam", OAK, "Safety concerns", D("2026-01-05"))
    assert "urgent risk" not in people["sam"].get(f"/cases/{english}").text
    assert people["sam"].get(f"/cases/{english}/urgent-risk").status_code == 404
