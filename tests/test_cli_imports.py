"""CLI commands import only what they use (issue 10, item 5): a question about the calendar or a
listing loads neither the web stack, the PostgreSQL driver on SQLite, the aggregates and
projector it never calls, nor the YAML reader, the rule sets or the holidays package (the
calendar's table covers 1990-2060), and `scc --help` lists every command without importing any
of them.
Each command runs in a fresh interpreter, as a user starts it, and reports what it loaded."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import click
import holidays
import pytest

from scc.calendar import WorkingDayCalendar
from scc.cli.main import COMMANDS, cli

# Runs `scc ARGS` (argv[2:]) and writes every module it loaded, one a line, to argv[1] on exit.
LOADED = """
import atexit, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write("\\n".join(sorted(sys.modules))))
from scc.cli import main
main(sys.argv[1:])
"""

# The web stack, the scheduler, PDF rendering, and PostgreSQL's driver and dialect (on SQLite).
UNUSED = {"fastapi", "starlette", "uvicorn", "apscheduler", "weasyprint", "psycopg",
          "sqlalchemy.dialects.postgresql"}
# What only a command that writes, or renders a notice, needs: the read models' projector, the
# notices' templates, and the aggregates whose classes a reading command never calls.
WRITING = {"scc.projections.projector", "jinja2"}
# What reading the workflow files needs (the YAML reader, the rule sets' machines, the checks of a
# policy pack), and the bank holidays package: none is needed to list or to ask the calendar.
FILES = ("yaml", "transitions", "scc.rule_loading", "scc.policy_reading", "holidays")
AGGREGATES = ("scc.domain.case", "scc.domain.visit", "scc.domain.support", "scc.domain.meeting")


def writers(modules: set[str]) -> set[str]:
    """The modules of `modules` only a command that writes needs (the plain values a policy pack
    sets, scc.domain.support_policy, and the support forms' choices, scc.domain.support_forms,
    are every command's)."""
    return {m for m in modules if m in WRITING or (
        m.startswith(AGGREGATES) and m not in ("scc.domain.support_policy",
                                               "scc.domain.support_forms"))}


def loaded_by(tmp_path: Path, url: str, *args: str) -> tuple[set[str], str]:
    """The modules `scc ARGS` loaded, and what it printed."""
    out = tmp_path / "modules.txt"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCC_")}
    env |= {"SCC_DATABASE_URL": url, "SCC_USER": "ada", "SCC_NOW": "2026-01-14T09:00:00"}
    done = subprocess.run([sys.executable, "-c", LOADED, str(out), *args], env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return set(out.read_text().split()), done.stdout


@pytest.fixture
def admin_ada(scc) -> None:
    assert scc("user", "add", "ada", "--role", "admin").code == 0


def test_a_calendar_question_loads_no_aggregate_projector_web_stack_or_driver(
        tmp_path, sqlite_url, admin_ada) -> None:
    modules, printed = loaded_by(tmp_path, sqlite_url, "calendar", "is-working-day",
                                 "2026-04-06")
    assert printed == "false\n"  # Easter Monday
    assert not modules & UNUSED
    assert not writers(modules)
    assert not {m for m in modules if m.startswith(FILES)}
    assert not {m for m in modules if m.startswith("scc.cli.")} - {
        "scc.cli.main", "scc.cli.lazy", "scc.cli.common", "scc.cli.admin", "scc.cli.feeds",
        "scc.cli.categorisation"}  # `calendar` and what it is assembled from, nothing else


def test_a_calendar_question_past_the_table_loads_only_the_uk_of_the_holidays_packages_countries(
        tmp_path, sqlite_url, admin_ada) -> None:
    modules, printed = loaded_by(tmp_path, sqlite_url, "calendar", "is-working-day",
                                 "2070-12-25")
    assert printed == "false\n"
    assert {m for m in modules if m.startswith("holidays.countries")} == {
        "holidays.countries.united_kingdom"}


@pytest.mark.parametrize("args", [("case", "list", "--json"), ("deadlines", "--json"),
                                  ("deadlines", "--mine", "--overdue", "--json")])
def test_listing_cases_or_deadlines_loads_no_aggregate_notice_projector_or_web_stack(
        tmp_path, sqlite_url, admin_ada, args: tuple[str, ...]) -> None:
    """The lists read the read models: the case and deadline lists import none of the modules a
    command that writes needs (the aggregates, the projector, jinja2 for the notices), nor the
    web stack or PostgreSQL's driver on SQLite."""
    modules, printed = loaded_by(tmp_path, sqlite_url, *args)
    assert printed.strip() == "[]"  # nothing recorded yet
    assert not writers(modules)
    assert not modules & UNUSED
    assert not {m for m in modules if m.startswith(FILES)}


@pytest.mark.parametrize("args", [("user", "list", "--json"), ("calendar", "closures", "--json")])
def test_listing_users_or_closure_days_loads_no_aggregate_projector_or_workflow_file(
        tmp_path, sqlite_url, admin_ada, args: tuple[str, ...]) -> None:
    """The administration commands that read (application/admin.py) import neither the
    projector a rebuild needs nor the School aggregate adding a user checks against."""
    modules, printed = loaded_by(tmp_path, sqlite_url, *args)
    assert isinstance(json.loads(printed), list)
    assert not writers(modules) and "scc.domain.school" not in modules
    assert not modules & UNUSED
    assert not {m for m in modules if m.startswith(FILES)}


def test_an_open_case_is_listed_from_the_read_model_without_its_aggregate(
        tmp_path, sqlite_url, scc, admin_ada) -> None:
    assert scc("user", "add", "sam", "--role", "service-manager", user="ada").code == 0
    assert scc("school", "add", "--urn", "100001", "--name", "Oak Primary School", "--type",
               "community", "--phase", "Primary", user="sam").code == 0
    assert scc("case", "open", "--urn", "100001", "--reason", "Standards falling", "--on",
               "2026-01-05", user="sam").code == 0
    modules, printed = loaded_by(tmp_path, sqlite_url, "case", "list", "--json")
    assert [(case["id"], case["school"]) for case in json.loads(printed)] == [
        ("100001-1", "Oak Primary School")]
    assert not writers(modules)
    # No school listed has a category: no pack is read for category titles.
    assert not {m for m in modules if m.startswith(FILES)}


@pytest.fixture
def records(scc, admin_ada, tmp_path: Path) -> None:
    """A categorised school with a case under a warning notice, a visit, a progress meeting, an
    improvement plan and a file of evidence: what the listings below list."""
    def ok(*args: str) -> None:
        done = scc(*args, user="sam", now="2026-01-06")
        assert done.code == 0, (args, done.err)

    assert scc("user", "add", "sam", "--role", "service-manager", user="ada").code == 0
    assert scc("user", "add", "sue", "--role", "seo", user="ada").code == 0
    ok("school", "add", "--urn", "100001", "--name", "Oak Primary School", "--type", "community",
       "--phase", "Primary")
    ok("school", "categorise", "confirm", "100001", "--category", "RED", "--reason",
       "Safeguarding concerns", "--on", "2026-01-05")
    ok("school", "allocate", "100001", "--officer", "sue")
    ok("case", "open", "--urn", "100001", "--reason", "Standards falling", "--on", "2026-01-05")
    ok("case", "warning-notice", "100001-1", "--kind", "s60", "--ground", "standards", "--on",
       "2026-01-06")
    ok("visit", "plan", "100001", "--date", "2026-01-20", "--on", "2026-01-06")
    ok("meeting", "schedule", "100001", "--date", "2026-03-04", "--attendee", "headteacher",
       "--on", "2026-01-06")
    ok("improvement-plan", "receive", "100001", "--kind", "improvement-plan", "--title",
       "School improvement plan", "--objective",
       "Raise reading | 80% at the expected standard | English lead | 2026-07-17", "--on",
       "2026-01-06")
    minutes = tmp_path / "minutes.pdf"
    minutes.write_bytes(b"%PDF-1.4 minutes")
    ok("evidence", "upload", "meeting", "100001-M1", str(minutes), "--on", "2026-01-06")


@pytest.mark.parametrize("args,listed", [
    (("visit", "list", "--json"), "100001-V1"), (("visit", "mine", "--json"), "100001-V1"),
    (("meeting", "list", "--school", "100001", "--json"), "100001-M1"),
    (("improvement-plan", "list", "--json"), "100001-P1"),
    (("evidence", "list", "meeting", "100001-M1", "--json"), "minutes.pdf"),
    (("reminders", "list", "--json"), "[]"), (("audit", "head", "--json"), "notification_id")])
def test_listing_visits_meetings_plans_evidence_or_reminders_loads_no_aggregate_of_a_record(
        tmp_path, sqlite_url, records, args: tuple[str, ...], listed: str) -> None:
    """These lists read the read models (application/record_lists.py, evidence_list.py,
    deadline_list.py, chain_head.py): none imports the aggregates of the records it lists (the
    school's evidence files are what the evidence list is), the projector, jinja2, the YAML
    reader or the web stack."""
    modules, printed = loaded_by(tmp_path, sqlite_url, *args)
    json.loads(printed)
    assert listed in printed
    assert not writers(modules)
    assert not modules & {"scc.domain.school", "scc.domain.plan", "scc.domain.support_plan"}
    assert not modules & UNUSED
    assert not {m for m in modules if m.startswith(FILES)}


def test_showing_a_school_loads_its_record_but_no_case_aggregate_or_school_command(
        tmp_path, sqlite_url, records) -> None:
    """`scc school show` replays the school (its inspections and links are its record), not the
    case, and imports neither the school commands (GIAS imports, the case service) nor, for an
    English school in no partnership, the Welsh categories or the partnership aggregate."""
    modules, printed = loaded_by(tmp_path, sqlite_url, "school", "show", "100001", "--json")
    assert json.loads(printed)["open_case"] == "100001-1"
    assert not writers(modules)
    assert not modules & {"scc.application.schools", "scc.application.cases", "scc.gias",
                          "scc.domain.partnership", "scc.wales_categories"}
    assert not modules & UNUSED
    assert not {m for m in modules if m.startswith(FILES)}


def test_listing_the_notice_types_reads_their_rules_but_loads_no_aggregate_or_pdf_renderer(
        tmp_path, sqlite_url, admin_ada) -> None:
    modules, printed = loaded_by(tmp_path, sqlite_url, "notice", "types", "--json")
    assert "notice-of-concern" in {row["type"] for row in json.loads(printed)}
    assert not {m for m in modules if m.startswith(AGGREGATES + ("scc.domain.school",))}
    assert not modules & {"scc.pdf", "scc.application.notices", "scc.projections.projector"}
    assert not modules & UNUSED


@pytest.mark.parametrize("args", [("case", "list", "--json"), ("deadlines", "--json")])
def test_a_case_under_a_warning_notice_is_listed_with_its_category_and_deadline_status(
        tmp_path, sqlite_url, records, args: tuple[str, ...]) -> None:
    """The status of a case's deadline is derived from what the case records (deadline_view.py),
    read from the `cases` and `deadlines` read models its commands write from it: listing one
    replays no case, and loads nothing a command that writes needs, nor the rule book (its
    working days are counted by the calendar the rule-set files' headers name,
    scc.calendar_law), nor the whole policy pack for its category's title (scc.category_titles)."""
    modules, printed = loaded_by(tmp_path, sqlite_url, *args)
    rows = json.loads(printed)
    if args[0] == "case":
        assert [(r["id"], r["category"], r["next_deadline_kind"]) for r in rows] == [
            ("100001-1", "RED", "compliance-period")]
    else:
        assert ("100001-1", "compliance-period", "open") in {
            (r["case"], r["kind"], r["status"]) for r in rows}
    assert not writers(modules)
    assert not modules & UNUSED
    assert not {m for m in modules if m.startswith(FILES)}


def test_a_schools_support_entitlement_loads_no_aggregate_of_a_record(
        tmp_path, sqlite_url, records) -> None:
    """`scc support entitlement` reads the school's category, visits and plans from the read
    models and its pack's categories: its command module offers the support forms' choices
    without the cluster, consortium or plan aggregates that check them."""
    modules, printed = loaded_by(tmp_path, sqlite_url, "support", "entitlement", "100001",
                                 "--json")
    found = json.loads(printed)
    assert (found["category"], found["used"], found["support_hours_logged"]) == ("RED", 1, "0.00")
    assert not writers(modules)
    assert not modules & UNUSED
    assert not {m for m in modules if m.startswith(("transitions", "scc.rule_loading"))}


def test_help_lists_every_command_without_importing_one(tmp_path, sqlite_url) -> None:
    modules, printed = loaded_by(tmp_path, sqlite_url, "--help")
    listed = {line.split()[0] for line in printed.split("Commands:")[1].splitlines() if line}
    assert listed == set(COMMANDS)
    assert {m for m in modules if m.startswith("scc.")} <= {
        "scc.cli", "scc.cli.main", "scc.cli.lazy", "scc.domain", "scc.domain.errors"}


def test_help_lists_each_command_with_its_own_help() -> None:
    commands = cli.commands  # every command, imported
    assert set(commands) == set(COMMANDS)
    assert {name: COMMANDS[name].help for name in COMMANDS} == {
        name: command.help for name, command in commands.items()}
    assert all(isinstance(commands[name], click.Group)
               for name, entry in COMMANDS.items() if entry.extras)


@pytest.mark.parametrize("subdiv,variant", [("ENG", "england-and-wales"),
                                            ("WLS", "wales-strict")])
def test_bank_holidays_are_the_holidays_packages_own(subdiv: str, variant: str) -> None:
    """The UK calendar is loaded on its own (not through holidays.countries): same days, same
    names as the package's public entry point gives."""
    calendar = WorkingDayCalendar(variant)
    for day, name in holidays.country_holidays("GB", subdiv=subdiv,
                                               years=range(2000, 2041)).items():
        assert calendar.non_working_reason(day) == name, day
    assert calendar.is_working_day(date(2026, 1, 14))


def test_a_command_run_in_process_gives_back_the_collector_and_freezes_nothing(scc) -> None:
    """The start of a command is neither collected nor scanned again (scc.cli.main); a caller
    that goes on after it, as the tests do, still has every object collectable."""
    assert scc("user", "add", "ada", "--role", "admin").code == 0
    assert scc("calendar", "is-working-day", "2026-01-14", user="ada").out == "true\n"
    assert scc("--help").code == 0
    assert gc.isenabled() and gc.get_freeze_count() == 0
