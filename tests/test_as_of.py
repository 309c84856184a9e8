"""The two questions a legal officer asks of a case's past (issue 15, item 5): what the authority
had recorded by a moment, and the case's position on a date by the dates of the acts, including
acts recorded later. Here a notice of concern issued on 14 January 2026 is recorded a week later,
and both are asked of a moment in between."""

from __future__ import annotations

from datetime import UTC, date, datetime

import eventsourcing.domain
import pytest

from tests.conftest import cli_against

D = date.fromisoformat
REF = "100001-1"
OPENED = datetime(2026, 1, 7, 10, 0, tzinfo=UTC)
LATE = datetime(2026, 1, 21, 15, 5, tzinfo=UTC)  # the notice of 14 January, recorded a week on
BETWEEN = datetime(2026, 1, 17, 15, 5, tzinfo=UTC)


def recorded_at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    """The library stamps each event with the time it is recorded: here, `moment`."""
    monkeypatch.setattr(eventsourcing.domain, "datetime_now_with_tzinfo", lambda: moment)


@pytest.fixture
def late_notice(services, monkeypatch):
    svc = services
    recorded_at(monkeypatch, OPENED)
    svc.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    svc.cases.open("sam", "100001", "Attainment falling for three years", D("2026-01-07"))
    recorded_at(monkeypatch, LATE)
    svc.cases.notice_of_concern("sam", REF, D("2026-01-14"), plan_due=D("2026-02-06"),
                                reason="Governors have not challenged the results")
    monkeypatch.undo()
    return svc


def test_both_answers_for_a_moment_between_an_act_and_its_late_recording(late_notice):
    known = late_notice.cases.known_at("lee", REF, BETWEEN)
    position = late_notice.cases.position_on("lee", REF, BETWEEN.date())

    assert known["label"] == "What the authority had recorded by 3:05pm on 17 January 2026"
    assert known["state"] == "open" and known["deadlines"] == []
    assert [e["type"] for e in known["events"]] == ["Opened"]

    assert position["label"] == ("The case's position on 17 January 2026, by the dates of the "
                                 "acts, including acts recorded later")
    assert position["state"] != "open" and position["stage"] == 2
    assert [d["kind"] for d in position["deadlines"]] == ["action-plan"]
    notice = position["events"][-1]
    assert [e["type"] for e in position["events"]] == ["Opened", "NoticeOfConcernIssued"]
    assert (notice["effective_on"], notice["recorded_days_after_act"]) == ("2026-01-14", 7)
    assert notice["recorded_at_uk"] == "3:05pm on 21 January 2026"
    assert notice["note"] == "recorded 7 days after the act"

    # Before the act, the position is the case as opened; once recorded, both answers agree.
    assert late_notice.cases.position_on("lee", REF, D("2026-01-13"))["state"] == "open"
    later = late_notice.cases.known_at("lee", REF, LATE)
    assert later["state"] == position["state"] and len(later["events"]) == 2


def test_the_cli_gives_both_answers_labelled(late_notice, database_url):
    scc = cli_against(database_url)
    both = scc("case", "show", REF, "--known-at", "2026-01-17T15:05", "--position-on",
               "2026-01-17", user="lee")
    assert both.code == 0, both.err
    assert "What the authority had recorded by 3:05pm on 17 January 2026" in both.out
    assert "The case's position on 17 January 2026, by the dates of the acts" in both.out
    assert "recorded 7 days after the act" in both.out
    answers = scc("case", "show", REF, "--as-of", "2026-01-17T15:05", "--position-on",
                  "2026-01-17", "--json", user="lee").json()
    assert [a["question"] for a in answers] == ["known_at", "position_on"]
    assert [len(a["events"]) for a in answers] == [1, 2]
    known = scc("case", "show", REF, "--known-at", "2026-01-17T15:05", "--json",
                user="lee").json()
    assert known["state"] == "open"


def test_the_audit_page_shows_both_answers_with_their_events_in_uk_time(late_notice):
    from scc.web import create_app
    from tests.web_helpers import signed_in

    app = create_app(late_notice)
    app.state.web.credentials.set_password("lee", "a long enough passphrase 15")
    lee = signed_in(app, "lee", "a long enough passphrase 15")
    page = lee.get(f"/cases/{REF}/audit", params={"as_of": "2026-01-17T15:05"})
    assert page.status_code == 200, page.text
    html = page.text.replace("&#39;", "'")
    assert "What the authority had recorded by 3:05pm on 17 January 2026" in html
    assert ("The case's position on 17 January 2026, by the dates of the acts, including acts "
            "recorded later") in html
    assert "3:05pm on 21 January 2026 (recorded 7 days after the act)" in html
    assert "head None" not in html


def test_the_evidence_bundle_holds_both_answers_for_its_moment(late_notice, database_url):
    import io
    import json
    import zipfile

    from tests.conftest import make_services

    between = make_services(database_url, now="2026-01-17T15:05")
    try:
        bundle, summary = between.audit.export("lee", REF)
    finally:
        between.close()
    assert "as-of.json" in summary["files"]
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        found = json.loads(archive.read("as-of.json"))
    known, position = found["answers"]["known_at"], found["answers"]["position_on"]
    assert known["label"] == "What the authority had recorded by 3:05pm on 17 January 2026"
    assert (known["state"], known["events"]) == ("open", [1])
    assert position["label"].startswith("The case's position on 17 January 2026")
    assert position["events"] == [1, 2] and position["stage"] == 2
    assert found["timeline"][1]["note"] == "recorded 7 days after the act"
