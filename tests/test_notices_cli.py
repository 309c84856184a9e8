"""`scc notice ...` as a Service Manager types it: exit codes, nothing written on refusal."""

from __future__ import annotations

import hashlib

import pytest

from tests.conftest import GIAS_SAMPLE, event_count

NOW = "2026-01-15"
S60_PAIRS = [("grounds", "standards"), ("grounds", "safety"),
             ("evidence", "Attainment at KS2 fell for three years"),
             ("evidence", "Two safeguarding referrals were not followed up"),
             ("action_required", "Adopt an improvement plan"),
             ("minded_to", "Appoint additional governors under section 64")]


def s60_args(leave_out: str = "") -> list[str]:
    return [part for key, value in S60_PAIRS if key != leave_out
            for part in ("--set", f"{key}={value}")]


S60_ARGS = s60_args()


@pytest.fixture
def case(scc, sqlite_url):
    assert scc("user", "add", "ada", "--role", "admin").code == 0
    assert scc("user", "add", "sam", "--role", "service-manager", user="ada").code == 0
    assert scc("school", "import-gias", str(GIAS_SAMPLE), user="sam").code == 0
    opened = scc("case", "open", "--urn", "100000", "--reason", "Falling standards",
                 "--on", "2026-01-05", user="sam", now=NOW)
    assert opened.code == 0, opened.err
    return opened.out.strip()


@pytest.mark.parametrize("left_out", ["evidence", "minded_to"])
def test_issuing_without_evidence_or_minded_to_exits_2_and_writes_no_event(
        scc, sqlite_url, case, left_out):
    before = event_count(sqlite_url)
    result = scc("notice", "issue", case, "--type", "s60", "--on", "2026-01-14", *s60_args(left_out),
                 user="sam", now=NOW)
    assert result.code == 2
    assert left_out in result.err and "Nothing was issued" in result.err
    assert event_count(sqlite_url) == before


def test_preview_shows_the_recipients_including_the_diocese(scc, case):
    result = scc("notice", "preview", case, "--type", "s60", "--on", "2026-01-14", *S60_ARGS,
                 user="sam", now=NOW)
    assert result.code == 0, result.err
    assert "The Director of Education, Diocese of London (statutory)" in result.err
    assert "(not issued)" in result.err
    assert result.out.startswith("<!DOCTYPE html>")


def test_issue_list_and_get_the_exact_copy(scc, sqlite_url, case, tmp_path):
    before = event_count(sqlite_url)
    issued = scc("notice", "issue", case, "--type", "s60", "--on", "2026-01-14", *S60_ARGS,
                 "--copy", "Clerk to the Governors | St James's Passage", "--json",
                 user="sam", now=NOW)
    assert issued.code == 0, issued.err
    assert event_count(sqlite_url) == before + 1
    pdf_sha = issued.json()["pdf_sha256"]

    listed = scc("notice", "list", case, "--json", user="sam", now=NOW).json()
    assert [d["media_type"] for d in listed] == ["text/html", "application/pdf",
                                                 "application/json"]
    assert listed[1]["sha256"] == pdf_sha

    out = tmp_path / "notice.pdf"
    got = scc("notice", "get", pdf_sha[:12], "-o", str(out), user="sam", now=NOW)
    assert got.code == 0, got.err
    assert hashlib.sha256(out.read_bytes()).hexdigest() == pdf_sha

    history = scc("case", "history", case, "--json", user="sam", now=NOW).json()
    assert history[-1]["type"] == "WarningNoticeIssued"
    assert history[-1]["data"]["notice"]["pdf_sha256"] == pdf_sha


def test_an_unknown_field_or_document_is_refused_clearly(scc, case):
    wrong = scc("notice", "preview", case, "--type", "s60", "--on", "2026-01-14", *S60_ARGS,
                "--set", "evidance=typo", user="sam", now=NOW)
    assert wrong.code == 2 and "evidance" in wrong.err
    missing = scc("notice", "get", "deadbeefdeadbeef", "-o", "/dev/null", user="sam", now=NOW)
    assert missing.code == 4
