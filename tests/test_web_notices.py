"""Every notice issued from a case page goes through the notices service: the form asks for what
the notice type's content rules require, the preview shows the notice and its recipients and
writes nothing, and confirming records exactly one case event with the notice's documents."""

from __future__ import annotations

from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from scc.bootstrap import Services
from scc.web import create_app
from tests.test_web_security import events
from tests.web_helpers import A_MONTH_ON, Browser, demo_a_month_on, signed_in

ON = A_MONTH_ON

# In the order a case meets them: each step leaves its case where the next step needs it.
# (form, case, answers, notice type's title, the event recorded)
STEPS: list[tuple[str, str, dict[str, Any], str, str]] = [
    ("notice-of-concern", "900004-1",
     {"concerns": "Attendance has fallen to 89%.\nExclusions have doubled.",
      "action_required": "Set out how attendance will be raised.", "plan_due": "2026-07-22"},
     "Notice of concern", "NoticeOfConcernIssued"),
    ("warning-notice", "900004-1",
     {"kind": "s60", "grounds": ["standards"], "evidence": "Results in the lowest 5%.",
      "action_required": "Commission an external review.", "minded_to": "Appoint governors."},
     "Performance standards and safety warning notice", "WarningNoticeIssued"),
    ("warning-notice", "900002-1",
     {"kind": "s60a", "evidence": "Pay decisions for 2025 were not made.",
      "action_required": "Make and record the pay decisions.", "minded_to": "Suspend the budget."},
     "Teachers' pay and conditions warning notice", "WarningNoticeIssued"),
    ("intention", "900001-1",
     {"powers": ["s63", "s64", "s65", "s66"], "failures": "No improvement plan was adopted.",
      "proposed_from": "2026-07-15", "on": "2026-06-30"},  # powers are exercised a day later
     "Notice of intention to exercise powers of intervention", "IntentionToInterveneGiven"),
    ("rd-notification", "900001-1",
     {"powers": ["s63", "s64", "s65", "s66"], "reasons": "The warning notice was not complied with.",
      "proposed_from": "2026-07-15", "ieb_members": "A. Chair (chair)\nB. Member"},
     "Notification of an intended intervention", "RegionalDirectorNotified"),
    ("exercise-power", "900001-1",
     {"power": "s63", "arrangements": "A collaboration agreement with Oak Primary School.",
      "effective_from": ON, "reasons": "Leadership needs support."},
     "Notice of a requirement to enter into arrangements", "InterventionPowerExercised"),
    ("exercise-power", "900001-1",
     {"power": "s64", "governors": "C. Governor\nD. Governor", "effective_from": ON,
      "reasons": "Governance has broken down."},
     "Notice of the appointment of additional governors", "InterventionPowerExercised"),
    ("exercise-power", "900001-1",
     {"power": "s66", "effective_from": ON, "reasons": "Budget deficit unmanaged."},
     "Notice of the suspension of the right to a delegated budget",
     "InterventionPowerExercised"),
    ("exercise-power", "900001-1",
     {"power": "s65", "ieb_members": "A. Chair (chair)\nB. Member", "consent_date": ON,
      "effective_from": ON, "reasons": "Governance has broken down."},
     "Notice of the replacement of the governing body by an interim executive board",
     "InterventionPowerExercised"),
    ("step-down", "900001-1",
     {"progress": "The interim executive board has stabilised the school.",
      "reason": "Sufficient progress under the interim executive board."},
     "Confirmation of sufficient progress", "SteppedDown"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, Services, dict]]:
    folder: Path = tmp_path_factory.mktemp("web-notices")
    services, passwords = demo_a_month_on(f"sqlite:///{folder / 'scc.sqlite3'}")
    yield create_app(services), services, passwords
    services.close()


@pytest.fixture(scope="module")
def people(site: tuple[FastAPI, Services, dict]) -> dict[str, Browser]:
    app, _services, passwords = site
    return {name: signed_in(app, name, passwords[name]) for name in ("sam", "sue", "lee")}


def test_a_missing_field_is_named_in_the_error_summary_and_nothing_is_written(
        site: Any, people: dict[str, Browser]) -> None:
    before = events(site)
    page = people["sam"].post("/cases/900004-1/notice-of-concern",
                              {"concerns": "Attendance has fallen.", "on": ON})
    assert page.status_code == 400
    assert "There is a problem" in page.text
    assert "Enter what the governing body must do." in page.text
    assert "Enter the date by which the action plan is due." in page.text
    assert 'href="#action_required"' in page.text and 'href="#plan_due-day"' in page.text
    # Confirming does not skip the check.
    confirmed = people["sam"].post("/cases/900004-1/notice-of-concern",
                                   {"concerns": "Attendance has fallen.", "on": ON,
                                    "confirmed": "yes"})
    assert confirmed.status_code == 400 and "Enter what the governing body must do." in \
        confirmed.text
    # A field only some notices need is asked for when it applies.
    ieb = people["sam"].post("/cases/900001-1/rd-notification", {
        "powers": ["s65"], "reasons": "Not complied.", "proposed_from": "2026-07-15", "on": ON})
    assert ieb.status_code == 400
    assert "Enter the proposed members of the interim executive board." in ieb.text
    choices = people["sam"].post("/cases/900001-1/intention", {"on": ON})
    assert choices.status_code == 400
    assert "Select the intervention powers the authority proposes to exercise." in choices.text
    assert "Enter how the governing body failed to comply with the warning notice." in \
        choices.text
    assert events(site) == before


def test_roles_without_the_right_are_refused_the_preview_and_the_issue(
        site: Any, people: dict[str, Browser]) -> None:
    form, reference, answers, _title, _event = STEPS[0]
    before = events(site)
    for name in ("sue", "lee"):
        browser = people[name]
        assert browser.post(f"/cases/{reference}/{form}", {**answers, "on": ON}).status_code == 403
        assert browser.post(f"/cases/{reference}/{form}",
                            {**answers, "on": ON, "confirmed": "yes"}).status_code == 403
    assert events(site) == before


@pytest.mark.parametrize("step", STEPS, ids=[f"{s[0]}-{s[1]}-{s[2].get('kind') or s[2].get('power') or ''}"
                                              for s in STEPS])
def test_each_notice_is_previewed_then_issued_with_its_document(
        site: Any, people: dict[str, Browser], step: tuple[str, str, dict, str, str]) -> None:
    form, reference, answers, title, event = step
    sam, services = people["sam"], site[1]
    if form == "exercise-power" and answers["power"] == "s65":
        services.cases.rd_consent("sam", reference, "s65", services.ctx.clock.today())
    assert sam.get(f"/cases/{reference}/{form}").status_code == 200
    data = {"on": ON, **answers}
    data.setdefault("reason", "Recorded from the web form.")
    before = events(site)

    preview = sam.post(f"/cases/{reference}/{form}", data)
    assert preview.status_code == 200, preview.text
    shown = unescape(preview.text)
    assert "Preview of the notice" in shown and title in shown and "Sent to" in shown
    for value in answers.values():  # a list answer is one item a line
        if isinstance(value, str) and "\n" in value:
            assert all(item in shown for item in value.splitlines())
    assert events(site) == before

    issued = sam.post(f"/cases/{reference}/{form}", {**data, "confirmed": "yes"})
    assert issued.status_code == 303, issued.text
    assert events(site) == before + 1
    last = services.cases.history("sam", reference)[-1]
    assert (last["type"], last["actor"]) == (event, "sam")
    documents = [d for d in services.notices.list("sam", reference) if d.title == title]
    assert {d.part for d in documents} >= {"html", "pdf"}
    page = unescape(sam.get(f"/cases/{reference}").text)
    assert f"{title} ({documents[-1].reference})" in page
    assert f"{title} {documents[-1].reference} issued to" in page  # the confirmation


def test_the_rd_notification_is_offered_with_the_consent_step(
        site: Any, people: dict[str, Browser]) -> None:
    page = people["sam"].get("/cases/900006-1").text
    assert 'href="/cases/900006-1/rd-notification"' in page
    assert 'href="/cases/900006-1/rd-consent"' in page
