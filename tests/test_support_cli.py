"""`scc support ...` end to end on SQLite, as a Service Manager and an SEO would type it: a bid
submitted, approved and reported on; a support plan drafted, approved, logged against; a
commitment of £12,000 with three quotes and no reason refused (exit 3) with nothing written."""

from __future__ import annotations

from tests.conftest import CliRunnerFn, event_count

TEXTS = ("--summary", "Phonics catch-up", "--reason", "Ofsted key issue", "--budget-position",
         "Small deficit", "--brokering", "Cluster SLE", "--impact", "80% meet the standard",
         "--monitoring", "Termly data, SEO")


def _people(scc: CliRunnerFn) -> None:
    assert scc("user", "add", "ada", "--role", "admin").code == 0
    assert scc("user", "add", "sam", "--role", "service-manager", user="ada").code == 0
    assert scc("school", "add", "--urn", "100001", "--name", "Oak Primary School", "--type",
               "community", "--phase", "Primary", user="sam").code == 0


def test_a_bid_from_the_command_line_submitted_approved_and_reported(scc: CliRunnerFn) -> None:
    _people(scc)
    made = scc("support", "bid", "submit", "100001", "--amount", "literacy=6000", "--amount",
               "governance=1,500.50", "--period", "two-terms", *TEXTS, "--on", "2026-01-07",
               user="sam")
    assert made.code == 0, made.err
    assert made.out.strip() == "100001-B1"
    decided = scc("support", "bid", "decide", "100001-B1", "--approve", "--amount",
                  "literacy=6000", "--amount", "governance=1000", "--on", "2026-01-14",
                  user="sam")
    assert decided.code == 0 and "2026-03-27, 2026-07-22" in decided.err
    for on, spent in (("2026-03-20", "2450.25"), ("2026-05-29", "6999.75")):
        done = scc("support", "bid", "impact-report", "100001-B1", "--strategy",
                   "SLE coaching | February | Consistent phonics", "--spent", spent, "--on", on,
                   user="sam")
        assert done.code == 0, done.err
    shown = scc("support", "bid", "show", "100001-B1", "--json", user="sam").json()
    assert (shown["approved"], shown["spent"], shown["remaining"]) == \
        ("7000.00", "6999.75", "0.25")
    text = scc("support", "bid", "show", "100001-B1", user="sam").out
    assert "approved £7,000.00 for 2 term(s)" in text
    refused = scc("support", "bid", "commit", "100001-B1", "--amount", "12000", "--description",
                  "Phonics scheme", "--supplier", "Reading Ltd", "--quotes", "3", "--on",
                  "2026-05-29", user="sam")
    assert refused.code == 3 and "needs 4 written quotes" in refused.err
    committed = scc("support", "bid", "commit", "100001-B1", "--amount", "6000", "--description",
                    "Phonics scheme", "--supplier", "Reading Ltd", "--method",
                    "Cluster framework price, best value of three", "--on", "2026-05-29",
                    user="sam")
    assert committed.code == 0, committed.err
    listed = scc("support", "bid", "list", "--json", user="sam").json()
    assert [row["reference"] for row in listed] == ["100001-B1"]
    bad = scc("support", "bid", "submit", "100001", "--amount", "literacy=12.345", "--period",
              "one-term", *TEXTS, "--on", "2026-01-07", user="sam")
    assert bad.code == 2 and "not an amount" in bad.err


def test_a_plan_logged_against_and_a_commitment_without_quotes_refused(
        scc: CliRunnerFn, sqlite_url: str) -> None:
    _people(scc)
    made = scc("support", "plan", "draft", "100001", "--priority", "Early reading",
               "--activity", "Coaching | 1 | Phonics consistent | sle | SLE Birch | Spring | 3",
               "--on", "2026-01-05", user="sam")
    assert made.code == 0, made.err
    reference = made.out.strip()
    assert scc("support", "plan", "submit", reference, "--on", "2026-01-06", user="sam").code == 0
    assert scc("support", "plan", "decide", reference, "--approve", "--amount", "20000", "--on",
               "2026-01-13", user="sam").code == 0
    logged = scc("support", "log", "add", reference, "--hours", "6", "--support-person",
                 "Birch", "--role", "sle", "--days", "1", "--focus", "Phonics", "--action",
                 "Weekly drop-ins", "--next-visit", "2026-02-03", "--on", "2026-01-20",
                 user="sam")
    assert logged.code == 0 and logged.out.strip() == "19650.00"
    logs = scc("support", "log", "list", reference, "--json", user="sam").json()
    assert [entry["cost"] for entry in logs] == ["350.00"]
    before = event_count(sqlite_url)
    refused = scc("support", "plan", "commit", reference, "--amount", "12000", "--description",
                  "Phonics scheme", "--supplier", "Reading Ltd", "--quotes", "3", "--on",
                  "2026-01-21", user="sam")
    assert refused.code == 3 and "needs 4 written quotes" in refused.err
    assert event_count(sqlite_url) == before
    shown = scc("support", "plan", "show", reference, user="sam").out
    assert "3 days x £350.00 = £1,050.00" in shown and "remaining £19,650.00" in shown


def test_a_calderdale_plan_costs_half_days_and_a_log_a_preparation_session(
        scc: CliRunnerFn) -> None:
    _people(scc)
    made = scc("support", "plan", "draft", "100001", "--priority", "Reading", "--activity",
               "Coaching | 1 | Phonics | teacher | Lead teacher | Spring |  | 1 | 2",
               "--on", "2026-01-08", user="sam")
    assert made.code == 0, made.err
    plan = made.out.strip()
    shown = scc("support", "plan", "show", plan, "--json", user="sam").json()
    assert shown["costed"] == "275.00"  # appendix F, a teacher: a morning £125, afternoons £75
    for step in (("submit", plan, "--on", "2026-01-09"),
                 ("decide", plan, "--approve", "--on", "2026-01-10")):
        assert scc("support", "plan", *step, user="sam").code == 0
    logged = scc("support", "log", "add", plan, "--hours", "1", "--support-person", "A. Teacher",
                 "--role", "teacher", "--preparation", "1", "--staff-meetings", "1", "--focus",
                 "Phonics", "--on", "2026-01-12", user="sam")
    assert logged.code == 0, logged.err
    assert logged.out.strip() == "220.00"  # 275 - (25 preparation + 30 staff meeting)
    refused = scc("support", "log", "add", plan, "--hours", "1", "--support-person", "B",
                  "--role", "supply", "--mornings", "1", "--focus", "Cover", "--on",
                  "2026-01-13", user="sam")
    assert refused.code == 2 and "no morning rate for Supply Charge" in refused.err
