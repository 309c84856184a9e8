"""The `scc` command as a user types it: output, exit codes, and nothing written on refusal."""

from __future__ import annotations

import pytest

from tests.conftest import GIAS_SAMPLE, event_count


@pytest.fixture
def authority(scc, sqlite_url):
    assert scc("user", "add", "ada", "--role", "admin").code == 0
    for name, role in (("sam", "service-manager"), ("sue", "seo"), ("lee", "legal")):
        assert scc("user", "add", name, "--role", role, user="ada").code == 0
    added = scc("school", "add", "--urn", "100001", "--name", "Oak Primary School",
                "--type", "community", "--phase", "Primary", user="sam")
    assert added.code == 0, added.err
    return scc


def refused(scc, url, code, *args, **kwargs):
    before = event_count(url)
    result = scc(*args, **kwargs)
    assert result.code == code, (result.code, result.err)
    assert event_count(url) == before
    return result.err


def test_working_days_after_skips_christmas_and_new_year(scc):
    result = scc("calendar", "working-days-after", "2025-12-19", "15")
    assert (result.code, result.out) == (0, "2026-01-14\n")


def test_is_working_day_says_why_not(scc):
    assert scc("calendar", "is-working-day", "2026-04-06").out == "false\n"
    assert "Easter Monday" in scc("calendar", "is-working-day", "2026-04-06").err
    assert scc("calendar", "is-working-day", "2026-04-07").out == "true\n"
    assert scc("calendar", "is-working-day", "2025-12-24", "--variant", "wales-strict").out == "false\n"


def test_a_closure_day_added_by_the_admin_changes_the_calendar(authority):
    scc = authority
    assert scc("calendar", "add-closure", "2026-01-05", "--reason", "Training day", user="ada").code == 0
    assert scc("calendar", "working-days-after", "2025-12-19", "15").out == "2026-01-15\n"


def test_the_scripted_scenario_from_the_readme(authority, sqlite_url):
    scc = authority
    opened = scc("case", "open", "--urn", "100001", "--reason", "Standards falling",
                 "--on", "2025-11-03", user="sam", now="2026-02-20")
    assert (opened.code, opened.out) == (0, "100001-1\n")
    steps = [
        ("case", "notice-of-concern", "100001-1", "--on", "2025-11-17", "--plan-due", "2025-12-05"),
        ("case", "warning-notice", "100001-1", "--kind", "s60", "--ground", "standards",
         "--ground", "governance", "--on", "2025-12-19"),
        ("case", "compliance", "100001-1", "--outcome", "not-complied", "--on", "2026-01-15"),
        ("case", "intention-to-intervene", "100001-1", "--power", "s65", "--on", "2026-01-20"),
        ("case", "rd-consent", "100001-1", "--power", "s65", "--on", "2026-02-10"),
        ("case", "exercise-power", "100001-1", "--power", "s65", "--on", "2026-02-20"),
    ]
    for step in steps:
        result = scc(*step, user="sam", now="2026-02-20")
        assert result.code == 0, (step, result.err)
    shown = scc("case", "show", "100001-1", "--json", user="lee", now="2026-02-20").json()
    assert {k: shown[k] for k in ("id", "urn", "school", "state", "stage", "rule_set",
                                  "eligible_for_intervention")} == {
        "id": "100001-1", "urn": "100001", "school": "Oak Primary School",
        "state": "intervention", "stage": 4, "rule_set": "england-2016",
        "eligible_for_intervention": True,
    }
    period = next(d for d in shown["deadlines"] if d["kind"] == "compliance-period")
    # Compliance was decided on 2026-01-15: the period is met, never overdue.
    assert (period["due"], period["status"]) == ("2026-01-14", "met")
    assert period["rule"].startswith("15 working days after 2025-12-19")
    assert {(d["kind"], d["status"]) for d in shown["deadlines"]} >= {
        ("intervention-window-s65", "met"), ("intervention-window-s64", "open"),
        ("action-plan", "superseded"),  # never received, overtaken by the warning notice
    }
    history = scc("case", "history", "100001-1", "--json", user="lee").json()
    assert [e["version"] for e in history] == list(range(1, 8))
    assert set(history[0]) == {"type", "version", "actor", "role", "effective_on", "recorded_at",
                               "data"}
    listed = scc("case", "list", "--json", user="sam").json()
    assert [c["id"] for c in listed] == ["100001-1"]


def test_refusals_exit_with_their_codes_and_write_nothing(authority, sqlite_url):
    scc = authority
    assert scc("case", "open", "--urn", "100001", "--reason", "x", "--on", "2025-11-03",
               user="sam").code == 0
    url = sqlite_url
    assert "seo" in refused(scc, url, 6, "case", "warning-notice", "100001-1", "--kind", "s60",
                            "--ground", "safety", "--on", "2025-12-19", user="sue")
    assert "already has an open case" in refused(scc, url, 3, "case", "open", "--urn", "100001",
                                                 "--reason", "x", "--on", "2025-11-04", user="sam")
    assert "not a date" in refused(scc, url, 2, "case", "concerns-shared", "100001-1", "--on",
                                   "2025-13-01", user="sam")
    refused(scc, url, 2, "case", "warning-notice", "100001-1", "--kind", "s61", "--on",
            "2025-12-19", user="sam")
    assert "at least one ground" in refused(scc, url, 2, "case", "warning-notice", "100001-1",
                                            "--kind", "s60", "--on", "2025-12-19", user="sam")
    refused(scc, url, 4, "case", "show", "100009-1", user="sam")
    assert "no user called" in refused(scc, url, 6, "case", "show", "100001-1", user="nobody")
    assert "--as NAME" in refused(scc, url, 6, "case", "show", "100001-1")
    refused(scc, url, 2, "school", "add", "--urn", "12345", "--name", "X", "--type", "community",
            "--phase", "Primary", user="sam")
    assert "already registered" in refused(scc, url, 3, "school", "add", "--urn", "100001",
                                           "--name", "X", "--type", "community", "--phase",
                                           "Primary", user="sam")


def test_the_first_user_must_be_an_admin(scc, sqlite_url):
    assert "first user must be an admin" in refused(scc, sqlite_url, 3, "user", "add", "sam",
                                                    "--role", "service-manager")


def test_gias_import_keeps_good_rows_reports_the_rest_and_never_duplicates(authority, sqlite_url):
    scc = authority
    first = scc("school", "import-gias", str(GIAS_SAMPLE), "--json", user="ada")
    assert first.code == 0, first.err
    report = first.json()
    assert report["added"] == 4
    assert all("line" in p and p["message"] for p in report["problems"])
    assert {o["type"] for o in report["out_of_scope"]} >= {"Other independent school"}
    assert "out of scope" in first.err and "skipped" in first.err
    count = event_count(sqlite_url)
    again = scc("school", "import-gias", str(GIAS_SAMPLE), "--json", user="ada").json()
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 4)
    assert event_count(sqlite_url) == count
    school = scc("school", "show", "100000", "--json", user="lee").json()
    assert (school["type"], school["diocese"]) == ("Voluntary aided school", "Diocese of London")
    urns = [s["urn"] for s in scc("school", "list", "--json", user="lee").json()]
    assert len(urns) == len(set(urns)) == 5


def test_a_changed_gias_row_updates_the_school(authority, sqlite_url, tmp_path):
    scc = authority
    text = GIAS_SAMPLE.read_text(encoding="utf-8-sig")
    scc("school", "import-gias", str(GIAS_SAMPLE), user="ada")
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(text.replace("Sir John Cass's Foundation Primary School",
                                    "Sir John Cass Primary School"), encoding="utf-8")
    report = scc("school", "import-gias", str(renamed), "--json", user="ada").json()
    assert (report["added"], report["updated"]) == (0, 1)
    assert scc("school", "show", "100000", "--json", user="sam").json()["name"] == \
        "Sir John Cass Primary School"


def test_an_ofsted_category_for_a_maintained_school_opens_an_eligible_case(authority):
    scc = authority
    result = scc("school", "ofsted", "100001", "--on", "2026-03-02", "--outcome",
                 "special-measures", user="sam")
    assert result.code == 0 and "academy order is due" in result.err
    shown = scc("case", "show", "100001-1", "--json", user="sam").json()
    assert shown["eligible_for_intervention"] and shown["academy_order_due"]
    assert scc("case", "academy-order", "100001-1", "--on", "2026-04-01", user="sam").code == 0
    assert scc("case", "show", "100001-1", "--json", user="sam").json()["state"] == "transferred"


def test_projections_rebuild(authority):
    result = authority("projections", "rebuild", user="ada")
    assert result.code == 0 and "rebuilt from" in result.err
    assert authority("projections", "rebuild", user="sam").code == 6


def test_an_seo_reads_only_the_schools_and_cases_allocated_to_them(authority, sqlite_url):
    scc = authority
    scc("case", "open", "--urn", "100001", "--reason", "x", "--on", "2025-11-03", user="sam")
    # A case of a school outside the officer's scope is not found, as one that does not exist.
    assert "There is no case 100001-1." in refused(scc, sqlite_url, 4, "case", "show", "100001-1",
                                                   user="sue")
    refused(scc, sqlite_url, 4, "case", "history", "100001-1", user="sue")
    refused(scc, sqlite_url, 6, "school", "show", "100001", user="sue")
    assert scc("case", "list", "--json", user="sue").json() == []
    assert scc("school", "list", "--json", user="sue").json() == []
    allocated = scc("school", "allocate", "100001", "--officer", "sue", user="sam")
    assert allocated.code == 0, allocated.err
    assert scc("case", "show", "100001-1", "--json", user="sue").json()["urn"] == "100001"
    assert [c["id"] for c in scc("case", "list", "--json", user="sue").json()] == ["100001-1"]
    assert [s["urn"] for s in scc("school", "list", "--json", user="sue").json()] == ["100001"]


def test_an_administrator_moves_a_user_to_another_role(authority, sqlite_url):
    scc = authority
    assert "own role" in refused(scc, sqlite_url, 3, "user", "role", "ada", "--role", "seo",
                                 user="ada")
    refused(scc, sqlite_url, 6, "user", "role", "sue", "--role", "service-manager", user="lee")
    refused(scc, sqlite_url, 3, "user", "role", "sue", "--role", "seo", user="ada")
    refused(scc, sqlite_url, 4, "user", "role", "nobody", "--role", "seo", user="ada")
    assert scc("user", "role", "sue", "--role", "service-manager", user="ada").code == 0
    opened = scc("case", "open", "--urn", "100001", "--reason", "x", "--on", "2025-11-03",
                 user="sue")
    assert opened.code == 0, opened.err
    roles = {u["name"]: u["role"] for u in scc("user", "list", "--json", user="ada").json()}
    assert roles["sue"] == "service-manager"


def test_a_headteacher_is_added_and_bound_to_one_school(authority, sqlite_url):
    scc = authority
    assert scc("user", "add", "hana", "--role", "headteacher", user="ada").code == 0
    refused(scc, sqlite_url, 3, "user", "bind-school", "sue", "--urn", "100001", user="ada")
    refused(scc, sqlite_url, 4, "user", "bind-school", "hana", "--urn", "999999", user="ada")
    assert scc("user", "bind-school", "hana", "--urn", "100001", user="ada").code == 0


def test_after_29_june_2026_a_school_in_special_measures_has_no_academy_order_due(authority):
    scc = authority
    result = scc("school", "ofsted", "100001", "--on", "2026-07-01", "--outcome",
                 "special-measures", user="sam", now="2026-07-15")
    assert result.code == 0, result.err
    assert "now eligible for intervention." in result.err
    assert "academy order is due" not in result.err
