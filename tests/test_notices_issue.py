"""Issuing notices through the service layer, on SQLite and PostgreSQL: the event and the exact copy."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest

from scc.application.notices import NoticeService
from scc.application.recipients import additional, keep_derived
from scc.domain.errors import InvalidInput, NotFound, RuleViolation
from tests.conftest import add_people, make_services
from tests.notice_cases import COMMUNITY, FIELDS, S60, VOLUNTARY_AIDED, D, import_sample, open_case

GROUND_WORDS = {
    "standards": "The standards of performance of pupils at the school are unacceptably low",
    "governance": "There has been a serious breakdown in the way the school is managed or governed",
}


@pytest.fixture
def schools(services):
    import_sample(services)
    return services


def notices(svc) -> NoticeService:
    return NoticeService(svc.ctx, svc.cases)


@pytest.mark.parametrize("left_out", ["evidence", "minded_to"])
def test_an_s60_notice_without_evidence_or_minded_to_action_is_refused_and_writes_nothing(
        schools, left_out):
    ref = open_case(schools, VOLUNTARY_AIDED)
    before = schools.ctx.store.event_count()
    fields = {k: v for k, v in S60.items() if k != left_out}
    with pytest.raises(InvalidInput, match=left_out) as refused:
        notices(schools).issue("sam", ref, "s60", fields, D("2026-01-14"))
    assert "Nothing was issued" in str(refused.value)
    assert schools.ctx.store.event_count() == before
    assert schools.cases.show("sam", ref)["state"] == "open"


def test_every_missing_field_is_named_at_once(schools):
    ref = open_case(schools, VOLUNTARY_AIDED)
    with pytest.raises(InvalidInput) as refused:
        notices(schools).issue("sam", ref, "s60", {"grounds": ["standards"]}, D("2026-01-14"))
    for field in ("evidence", "action_required", "minded_to"):
        assert field in str(refused.value)


def test_the_s60_copy_list_includes_the_diocese_of_a_voluntary_aided_school(schools):
    ref = open_case(schools, VOLUNTARY_AIDED)
    draft = notices(schools).preview("sam", ref, "s60", S60, D("2026-01-14"))
    copies = {(r["role"], r["organisation"]) for r in draft.recipients if not r["addressee"]}
    assert ("foundation", "Diocese of London") in copies
    assert {r["role"] for r in draft.recipients} == {
        "governing-body", "headteacher", "ofsted", "foundation", "regional-director"}
    assert "Diocese of London" in draft.html


def test_the_s60_copy_list_of_a_community_school_has_no_diocese(schools):
    ref = open_case(schools, COMMUNITY)
    draft = notices(schools).preview("sam", ref, "s60", S60, D("2026-01-14"))
    assert {r["role"] for r in draft.recipients} == {
        "governing-body", "headteacher", "ofsted", "regional-director"}
    assert "Diocese" not in draft.html


def test_recipients_can_be_added_but_never_dropped(schools):
    ref = open_case(schools, VOLUNTARY_AIDED)
    svc = notices(schools)
    issued = svc.issue("sam", ref, "s60", S60, D("2026-01-14"),
                       added=[additional("Clerk to the Governors | St James's Passage | London")])
    assert issued["recipients"][-1]["name"] == "Clerk to the Governors"
    draft = svc.preview("sam", open_case(schools, COMMUNITY), "s60", S60, D("2026-01-14"))
    without_ofsted = [r for r in draft.recipients if r["role"] != "ofsted"]
    with pytest.raises(RuleViolation, match="Ofsted.*never removed"):
        keep_derived(draft.recipients, without_ofsted)


def test_the_issued_warning_notice_pdf_states_the_school_grounds_and_end_date(schools, tmp_path):
    ref = open_case(schools, VOLUNTARY_AIDED)
    svc = notices(schools)
    before = schools.ctx.store.event_count()
    issued = svc.issue("sam", ref, "s60", S60, D("2026-01-14"))
    assert schools.ctx.store.event_count() == before + 1

    # One event: the warning notice that starts the compliance period carries the document.
    history = schools.cases.history("sam", ref)
    event = history[-1]
    assert event["type"] == "WarningNoticeIssued"
    recorded = event["data"]["notice"]
    assert (recorded["template"], recorded["version"]) == ("s60", 1)
    assert recorded["pdf_sha256"] == issued["pdf_sha256"]
    assert recorded["recipients"][0]["role"] == "governing-body"
    compliance = next(d for d in schools.cases.show("sam", ref)["deadlines"]
                      if d["kind"] == "compliance-period")
    assert compliance["due"] == "2026-02-04"

    digest, pdf = svc.get("sam", recorded["pdf_sha256"][:10])
    assert hashlib.sha256(pdf).hexdigest() == recorded["pdf_sha256"] == digest
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Sir John Cass's Foundation Primary School" in text
    for words in GROUND_WORDS.values():
        assert words in text
    assert "Wednesday 4 February 2026 (04/02/2026)" in text
    assert "Ref. 100000-1/WN60/2" in text  # the running header of the page


def test_re_rendering_an_issued_notice_gives_byte_identical_html(schools):
    ref = open_case(schools, VOLUNTARY_AIDED)
    svc = notices(schools)
    issued = svc.issue("sam", ref, "s60", S60, D("2026-01-14"))
    html = next(d for d in svc.list("sam", ref) if d.part == "html")
    assert html.sha256 == issued["html_sha256"]
    again = svc.rerender("sam", html).encode()
    assert again == svc.get("sam", html.sha256)[1]
    assert hashlib.sha256(again).hexdigest() == issued["html_sha256"]


def test_a_case_lists_its_documents_with_names_and_media_types(schools):
    ref = open_case(schools, VOLUNTARY_AIDED)
    svc = notices(schools)
    svc.issue("sam", ref, "categorisation", FIELDS["categorisation"], D("2026-01-06"))
    svc.issue("sam", ref, "notice-of-concern", FIELDS["notice-of-concern"], D("2026-01-07"))
    listed = [(d.event, d.filename, d.media_type) for d in svc.list("sam", ref)]
    assert listed == [
        ("LetterSent", "100000-1-CAT-2-categorisation.html", "text/html"),
        ("LetterSent", "100000-1-CAT-2-categorisation.pdf", "application/pdf"),
        ("LetterSent", "100000-1-CAT-2-categorisation.json", "application/json"),
        ("NoticeOfConcernIssued", "100000-1-NOC-3-notice-of-concern.html", "text/html"),
        ("NoticeOfConcernIssued", "100000-1-NOC-3-notice-of-concern.pdf", "application/pdf"),
        ("NoticeOfConcernIssued", "100000-1-NOC-3-notice-of-concern.json", "application/json"),
    ]
    assert schools.cases.show("sam", ref)["deadlines"][0]["due"] == "2026-02-06"


def test_notices_follow_the_case_through_intervention_and_step_down(schools):
    ref = open_case(schools, COMMUNITY)
    svc = notices(schools)
    svc.issue("sam", ref, "s60", S60, D("2026-01-14"))
    schools.cases.compliance("sam", ref, "not-complied", D("2026-02-05"))
    svc.issue("sam", ref, "intention-to-intervene", FIELDS["intention-to-intervene"],
              D("2026-02-06"))
    svc.issue("sam", ref, "rd-notification", {**FIELDS["rd-notification"], "powers": ["s64", "s65"]},
              D("2026-02-06"))
    svc.issue("sam", ref, "power-s64", FIELDS["power-s64"], D("2026-02-20"))
    svc.issue("sam", ref, "step-down", FIELDS["step-down"], D("2026-05-01"))
    events = [e["type"] for e in schools.cases.history("sam", ref)]
    assert events[-4:] == ["IntentionToInterveneGiven", "RegionalDirectorNotified",
                           "InterventionPowerExercised", "SteppedDown"]
    assert schools.cases.show("sam", ref)["state"] == "stepped_down"
    assert {d.notice_type for d in svc.list("sam", ref)} == {
        "s60", "intention-to-intervene", "rd-notification", "power-s64", "step-down"}


def test_a_notice_the_workflow_forbids_is_refused_before_anything_is_rendered(schools):
    ref = open_case(schools, VOLUNTARY_AIDED)
    before = schools.ctx.store.event_count()
    with pytest.raises(RuleViolation, match="cannot exercise an intervention power"):
        notices(schools).issue("sam", ref, "power-s64", FIELDS["power-s64"], D("2026-01-14"))
    assert schools.ctx.store.event_count() == before
    with pytest.raises(NotFound):
        notices(schools).get("sam", "00000000")


def test_a_document_changed_in_the_store_is_reported_not_returned(sqlite_url):
    svc = make_services(sqlite_url)
    add_people(svc)
    try:
        import_sample(svc)
        ref = open_case(svc, VOLUNTARY_AIDED)
        issued = notices(svc).issue("sam", ref, "s60", S60, D("2026-01-14"))
        folder = Path(sqlite_url.removeprefix("sqlite:///")).parent / "documents"
        (folder / issued["html_sha256"]).write_bytes(b"<p>altered</p>")
        with pytest.raises(Exception, match="does not match its SHA-256"):
            notices(svc).get("sam", issued["html_sha256"])
    finally:
        svc.close()
