"""Reminders before a deadline (5 and 1 working days by default), the outbox and its e-mail, and
the `scc deadlines` / `scc reminders` / `scc scheduler run-due` commands."""

from __future__ import annotations

import socketserver
import threading
from datetime import date
from typing import ClassVar

import pytest

from scc.application.deadlines import DeadlineService
from scc.reminders import SmtpMailer
from tests.conftest import event_count, moment
from tests.deadline_cases import oak_warning_notice

D = date.fromisoformat


@pytest.fixture
def oak(services):
    """Oak Primary School's s60 warning notice of 2025-12-19: the compliance period ends on
    2026-01-14 and each power's window on 2026-03-14."""
    return services, oak_warning_notice(services), DeadlineService(services.ctx)


def queued(service):
    return [(r["recipient"], r["kind"], r["days_before"]) for r in service.reminders("sam")]


def test_the_compliance_period_is_reminded_5_and_1_working_days_before(oak):
    _, ref, deadlines = oak  # the period ends on Wednesday 14 January 2026
    assert deadlines.queue_reminders(moment("2026-01-06T09:00")) == 0
    assert deadlines.queue_reminders(moment("2026-01-07T00:00")) == 1
    assert deadlines.queue_reminders(moment("2026-01-07T12:00")) == 0
    assert deadlines.queue_reminders(moment("2026-01-12T12:00")) == 0
    assert deadlines.queue_reminders(moment("2026-01-13T00:00")) == 1
    assert queued(deadlines) == [("sam", "compliance-period", 5), ("sam", "compliance-period", 1)]
    last = deadlines.reminders("sam")[-1]
    assert last["case_reference"] == ref and last["due"] == "2026-01-14" and last["sent_at"] is None
    assert "Oak Primary School" in last["text"] and "1 working day left" in last["text"]


def test_a_scheduler_back_after_downtime_sends_only_the_nearest_reminder(oak):
    _, _, deadlines = oak
    assert deadlines.queue_reminders(moment("2026-01-13T08:00")) == 1
    assert queued(deadlines) == [("sam", "compliance-period", 1)]


def test_every_service_manager_is_reminded_and_the_policy_sets_the_days_per_kind(oak):
    svc, _, deadlines = oak
    svc.admin.add_user("ada", "kim", "service-manager")
    # The calderdale policy reminds of a power's window 10, 5 and 1 working days before.
    assert deadlines.queue_reminders(moment("2026-03-02T09:00")) == 2 * 4
    assert {(who, days) for who, _, days in queued(deadlines)} == {("kim", 10), ("sam", 10)}


def test_a_met_deadline_is_not_reminded(oak):
    svc, ref, deadlines = oak
    svc.cases.close("sam", ref, D("2026-01-05"), reason="school closing")
    assert deadlines.queue_reminders(moment("2026-01-13T00:00")) == 0


class _Inbox(socketserver.StreamRequestHandler):
    """Just enough of SMTP to receive messages: a real socket, not a mock of smtplib."""

    received: ClassVar[list[str]] = []

    def handle(self) -> None:
        self.wfile.write(b"220 test\r\n")
        data: list[str] = []
        reading = False
        for raw in self.rfile:
            line = raw.decode().rstrip("\r\n")
            if reading:
                if line == ".":
                    reading = False
                    self.received.append("\n".join(data))
                    self.wfile.write(b"250 queued\r\n")
                else:
                    data.append(line)
                continue
            verb = line[:4].upper()
            if verb == "DATA":
                reading, data = True, []
                self.wfile.write(b"354 go on\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


def test_reminders_are_sent_by_e_mail_once_when_smtp_is_configured(oak):
    svc, _, _ = oak
    _Inbox.received = []
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Inbox) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.server_address[1]
        mailer = SmtpMailer.from_env({"SCC_SMTP_HOST": "127.0.0.1", "SCC_SMTP_PORT": str(port),
                                      "SCC_SMTP_DOMAIN": "calderdale.example"})
        deadlines = DeadlineService(svc.ctx, mailer)
        done = deadlines.run_due(moment("2026-01-07T00:00"))
        assert done == {"deadlines_recorded": 0, "reminders_queued": 1, "reminders_sent": 1}
        assert deadlines.send_reminders() == 0
        server.shutdown()
    assert len(_Inbox.received) == 1
    assert "To: sam@calderdale.example" in _Inbox.received[0]
    assert deadlines.reminders("sam")[0]["sent_at"] is not None


def test_without_smtp_reminders_stay_in_the_outbox(oak):
    assert SmtpMailer.from_env({}) is None
    _, _, deadlines = oak
    assert deadlines.run_due(moment("2026-01-07T00:00"))["reminders_sent"] == 0
    assert deadlines.reminders("sam")[0]["sent_at"] is None


# The commands


@pytest.fixture
def authority(scc):
    assert scc("user", "add", "ada", "--role", "admin").code == 0
    for name, role in (("sam", "service-manager"), ("sue", "seo")):
        assert scc("user", "add", name, "--role", role, user="ada").code == 0
    for urn, name in (("100001", "Oak Primary School"), ("100002", "Elm Primary School")):
        assert scc("school", "add", "--urn", urn, "--name", name, "--type", "community",
                   "--phase", "Primary", user="sam").code == 0
        assert scc("case", "open", "--urn", urn, "--reason", "Standards", "--on", "2025-11-03",
                   user="sam").code == 0
    assert scc("case", "warning-notice", "100001-1", "--kind", "s60", "--ground", "standards",
               "--on", "2025-12-19", user="sam", now="2025-12-19").code == 0
    assert scc("case", "notice-of-concern", "100002-1", "--on", "2025-12-01",
               "--plan-due", "2026-01-09", user="sam", now="2025-12-19").code == 0
    return scc


def test_run_due_records_what_passed_by_the_simulated_moment(authority, sqlite_url):
    scc = authority
    early = scc("scheduler", "run-due", "--now", "2026-01-14T23:59", "--json", now="2026-01-14")
    assert (early.code, early.json()["deadlines_recorded"]) == (0, 1)  # the action plan only
    on_time = scc("scheduler", "run-due", "--json", now="2026-01-15T00:00")
    assert on_time.json()["deadlines_recorded"] == 1
    again = scc("scheduler", "run-due", "--now", "2026-01-15T00:00", "--json")
    assert again.json()["deadlines_recorded"] == 0
    history = scc("case", "history", "100001-1", "--json", user="sam").json()
    assert [e["type"] for e in history].count("CompliancePeriodEnded") == 1


def test_run_due_refuses_a_moment_it_cannot_read_and_writes_nothing(authority, sqlite_url):
    before = event_count(sqlite_url)
    result = authority("scheduler", "run-due", "--now", "15/01/2026")
    assert result.code == 2 and "not an ISO date" in result.err
    assert event_count(sqlite_url) == before


def test_deadlines_lists_what_is_due_soonest_first(authority):
    scc = authority
    rows = scc("deadlines", "--json", user="sam", now="2026-01-12").json()
    assert [(r["due"], r["case"], r["kind"]) for r in rows][:2] == [
        ("2026-01-09", "100002-1", "action-plan"), ("2026-01-14", "100001-1", "compliance-period")]
    assert rows[0]["school"] == "Elm Primary School" and rows[0]["status"] == "passed"
    overdue = scc("deadlines", "--json", "--overdue", user="sam", now="2026-01-12").json()
    assert [r["kind"] for r in overdue] == ["action-plan"]
    before = scc("deadlines", "--json", "--due-before", "2026-03-01", user="sam",
                 now="2026-01-12").json()
    assert len(before) == 2
    assert scc("deadlines", "--json", "--mine", user="sam", now="2026-01-12").json() == rows
    assert scc("deadlines", "--json", "--mine", user="sue", now="2026-01-12").json() == []
    assert scc("deadlines", "--json").code == 6  # nobody named


def test_reminders_list_shows_the_outbox(authority):
    scc = authority
    assert scc("scheduler", "run-due", now="2026-01-07T08:00").code == 0
    rows = scc("reminders", "list", "--json", user="sam").json()
    assert [(r["recipient"], r["case_reference"], r["kind"], r["days_before"]) for r in rows] == [
        ("sam", "100002-1", "action-plan", 5), ("sam", "100001-1", "compliance-period", 5)]
