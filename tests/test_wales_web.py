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


S3 = {"kind": "s3", "grounds": ["standards", "behaviour"],
      "evidence": "Outcomes well below those of similar schools",
      "action_required": "Raise standards in literacy", "minded_to": "Appoint additional governors",
      "reason": "Standards and behaviour have declined"}


def test_the_s3_warning_notice_and_a_power_of_ss5_9_are_given_through_the_web(site: Any):
    svc, people = site
    wyn = people["wyn"]
    ref = svc.cases.open("wyn", YSGOL, "Standards have declined", D("2025-12-01"))
    assert "Issue a warning notice" in wyn.get(f"/cases/{ref}").text
    form = unescape(wyn.get(f"/cases/{ref}/warning-notice").text)
    assert "s3 warning notice (Wales: SSO(W)A 2013)" in form and "(ground 3, Wales)" in form

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
    power = {"power": "s8", "on": "2026-01-13", "reason": "Budget control has failed"}
    checked = wyn.post(f"/cases/{ref}/exercise-power", power)
    assert checked.status_code == 200 and "no notice is drafted" in checked.text
    done = wyn.post(f"/cases/{ref}/exercise-power", {**power, "confirmed": "yes"})
    assert done.status_code == 303, done.text
    assert svc.cases.show("wyn", ref)["powers_exercised"] == {"s8": "2026-01-13"}


def test_an_english_case_refuses_the_s3_notice_and_nothing_is_written(site: Any):
    svc, people = site
    ref = svc.cases.open("sam", OAK, "Standards have declined", D("2025-12-01"))
    before = svc.ctx.store.event_count()
    refused = people["sam"].post(f"/cases/{ref}/warning-notice",
                                 {**S3, "on": "2025-12-15", "confirmed": "yes"})
    assert refused.status_code == 400, refused.text
    assert "s3" in unescape(refused.text)
    assert svc.ctx.store.event_count() == before
