"""Input that cannot hurt the store: at every boundary (CLI, settings, GIAS import, notice fields,
web forms, the JSON API) a control character, an overlong text, a look-alike URN, a date or a
count out of range is refused with one sentence naming the field, and nothing is written."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import click
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scc.cli.main import cli
from scc.domain import inputs
from scc.domain.errors import InvalidInput
from scc.domain.values import valid_urn
from tests.conftest import GIAS_SAMPLE, event_count
from tests.test_gias import school, write_csv
from tests.test_web_security import events, people, site  # noqa: F401  (shared fixtures)
from tests.web_helpers import Browser

REFUSED = ([chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)]
           + [chr(c) for c in range(0x7F, 0xA0)] + ["\ud800", "\udfff", "\ufdd0", "\ufffe",
                                                  "\U0010ffff"])


# The validator itself.

@given(before=st.text(max_size=50), bad=st.sampled_from(REFUSED), after=st.text(max_size=50))
def test_any_text_with_a_control_character_is_refused(before: str, bad: str, after: str) -> None:
    with pytest.raises(InvalidInput, match=r"^--reason contains .* \(U\+[0-9A-F]{4,}"):
        inputs.text("--reason", before + bad + after, inputs.TEXT_MAX)


PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs", "Cn")) | st.sampled_from(
    ["\n", "\t", "\r\n"])


@given(st.lists(PRINTABLE, max_size=inputs.NAME_MAX // 2).map("".join))
def test_printable_text_within_its_bound_passes_unchanged(value: str) -> None:
    assert inputs.text("--name", value, inputs.NAME_MAX) == value


def test_a_lone_carriage_return_is_refused_but_a_windows_line_break_is_not() -> None:
    assert inputs.text("--reason", "one\r\ntwo", 20) == "one\r\ntwo"
    with pytest.raises(InvalidInput, match="U\\+000D"):
        inputs.text("--reason", "one\rtwo", 20)


def test_text_over_its_bound_is_refused_with_the_bound() -> None:
    with pytest.raises(InvalidInput, match="^--name is 201 characters long; it may be at most 200"):
        inputs.text("--name", "x" * 201, inputs.NAME_MAX)


@pytest.mark.parametrize("urn", ["１００００１", "١٠٠٠٠١", "10000１", "1000001", "10000", "10000\x00"])
def test_a_urn_is_six_ascii_digits_and_nothing_that_looks_like_one(urn: str) -> None:
    with pytest.raises(InvalidInput, match="is not a URN"):
        valid_urn(urn)
    assert valid_urn("100001") == "100001"


# The command line.

@pytest.fixture
def case_with_notice(scc: Any, sqlite_url: str) -> Any:
    """An admin, a Service Manager, Oak Primary School and its case 100001-1 with a notice of
    concern: ready for a warning notice."""
    assert scc("user", "add", "ada", "--role", "admin").code == 0
    assert scc("user", "add", "sam", "--role", "service-manager", user="ada").code == 0
    for args in (["school", "add", "--urn", "100001", "--name", "Oak Primary School", "--type",
                  "community", "--phase", "Primary"],
                 ["case", "open", "--urn", "100001", "--reason", "Falling standards", "--on",
                  "2025-11-03"],
                 ["case", "notice-of-concern", "100001-1", "--on", "2025-11-17", "--plan-due",
                  "2025-12-05"]):
        done = scc(*args, user="sam")
        assert done.code == 0, done.err
    return scc


def refused(scc: Any, url: str, *args: str, **kwargs: Any) -> str:
    """Runs the command; asserts exit 2, one sentence on stderr, no traceback, nothing written."""
    before = event_count(url)
    result = scc(*args, **kwargs)
    assert result.code == 2, (result.code, result.err)
    assert "Traceback" not in result.err
    said = result.err.splitlines()[-1]  # after any progress bar: the one sentence
    assert said.startswith("error: ") and said.endswith("."), result.err
    assert event_count(url) == before
    return said


WARNING = ["case", "warning-notice", "100001-1", "--kind", "s60", "--ground", "standards",
           "--on", "2025-12-19"]


def test_a_compliance_period_ending_in_year_9999_is_refused(case_with_notice: Any,
                                                            sqlite_url: str) -> None:
    err = refused(case_with_notice, sqlite_url, *WARNING, "--compliance-end", "9999-12-31",
                  user="sam")
    assert "--compliance-end 9999-12-31 is not a date this service works with" in err
    assert "2100-12-31" in err


def test_a_compliance_period_of_three_million_days_is_refused(case_with_notice: Any,
                                                              sqlite_url: str) -> None:
    err = refused(case_with_notice, sqlite_url, *WARNING, "--compliance-days", "3000000",
                  user="sam")
    assert f"--compliance-days must be a whole number from 1 to {inputs.COMPLIANCE_DAYS_MAX}" in err


def test_three_million_working_days_after_a_date_is_refused(scc: Any, sqlite_url: str) -> None:
    err = refused(scc, sqlite_url, "calendar", "working-days-after", "2026-01-01", "3000000")
    assert "N must be a whole number from 1 to 1,000" in err


def test_the_scheduler_refuses_a_moment_in_year_9999_before_recording_any_deadline(
        case_with_notice: Any, sqlite_url: str) -> None:
    scc = case_with_notice
    assert scc(*WARNING, user="sam").code == 0
    err = refused(scc, sqlite_url, "scheduler", "run-due", "--now", "9999-12-31T23:59")
    assert "--now: '9999-12-31T23:59' is not a moment this service works with" in err
    # The same deadlines are recorded at a moment within range.
    assert scc("scheduler", "run-due", "--now", "2026-06-01T00:00").code == 0


def test_a_reason_with_a_nul_character_is_refused_naming_the_option(case_with_notice: Any,
                                                                    sqlite_url: str) -> None:
    err = refused(case_with_notice, sqlite_url, "case", "concerns-shared", "100001-1", "--on",
                  "2025-11-20", "--reason", "Shared\x00 with the head", user="sam")
    assert "--reason contains a control character (U+0000) at character 7" in err


def test_a_school_with_a_full_width_urn_is_refused(scc: Any, sqlite_url: str) -> None:
    assert scc("user", "add", "ada", "--role", "admin").code == 0
    err = refused(scc, sqlite_url, "school", "add", "--urn", "１００００１", "--name", "Oak",
                  "--type", "community", "--phase", "Primary", user="ada")
    assert "is not a URN" in err


def test_a_school_name_longer_than_a_name_may_be_is_refused(scc: Any, sqlite_url: str) -> None:
    assert scc("user", "add", "ada", "--role", "admin").code == 0
    err = refused(scc, sqlite_url, "school", "add", "--urn", "100001", "--name", "O" * 201,
                  "--type", "community", "--phase", "Primary", user="ada")
    assert "--name is 201 characters long; it may be at most 200" in err


def test_notice_fields_given_with_set_or_a_file_are_checked_like_any_input(
        case_with_notice: Any, sqlite_url: str, tmp_path: Path) -> None:
    scc = case_with_notice
    issue = ["notice", "issue", "100001-1", "--type", "s60", "--on", "2025-12-19",
             "--set", "grounds=standards"]
    err = refused(scc, sqlite_url, *issue, "--set", "evidence=Low\x07 attainment", user="sam")
    assert "--set contains a control character (U+0007)" in err
    fields = tmp_path / "fields.yaml"
    fields.write_text('evidence: "Low\\0 attainment"\n', encoding="utf-8")  # YAML's NUL escape
    err = refused(scc, sqlite_url, *issue, "--fields", str(fields), user="sam")
    assert "evidence contains a control character (U+0000)" in err
    fields.write_text("compliance_end: 9999-12-31\n", encoding="utf-8")
    err = refused(scc, sqlite_url, *issue, "--fields", str(fields), user="sam")
    assert "compliance_end 9999-12-31 is not a date this service works with" in err
    fields.write_text("compliance_days: 3000000\n", encoding="utf-8")
    err = refused(scc, sqlite_url, *issue, "--fields", str(fields), user="sam")
    assert "compliance_days must be a whole number from 1 to" in err


@pytest.mark.parametrize(("setting", "value", "says"), [
    ("SCC_POLICY", "nope", "SCC_POLICY 'nope' is not a policy pack; use one of: bury, calderdale"),
    ("SCC_DATABASE_URL", "mysql://x", "SCC_DATABASE_URL 'mysql://x' is not a database URL"),
    ("SCC_DATABASE_URL", "sqlite:", "use sqlite:///PATH"),
    ("SCC_DATABASE_URL", "postgresql://me:secret@db:port/scc", "'postgresql://...'"),
    ("SCC_NOW", "next tuesday", "SCC_NOW: 'next tuesday' is not an ISO date or date-time"),
    ("SCC_NOW", "9999-12-31", "between 1900-01-01 and 2100-12-31"),
    ("SCC_SMTP_PORT", "twenty-five", "SCC_SMTP_PORT must be a whole number from 1 to 65,535"),
])
def test_a_wrong_setting_is_one_sentence_naming_it_not_a_traceback(
        scc: Any, setting: str, value: str, says: str) -> None:
    result = scc("case", "list", user="sam", env={setting: value})
    assert result.code == 2, result.err
    assert "Traceback" not in result.err and result.err.count("\n") == 1, result.err
    assert says in result.err
    assert "secret" not in result.err  # a password in a URL is never echoed


def test_a_database_that_cannot_be_reached_is_a_sentence_not_a_traceback(scc: Any) -> None:
    result = scc("case", "list", user="sam",
                 env={"SCC_DATABASE_URL": "postgresql://me:secret@127.0.0.1:1/scc"})
    assert result.code == 1 and "Traceback" not in result.err, result.err
    assert result.err.startswith("error: Cannot open the database SCC_DATABASE_URL names")
    assert "secret" not in result.err


def _parameters(group: click.Command, path: str = "scc") -> list[tuple[str, click.Parameter]]:
    found = [(path, p) for p in group.params]
    if isinstance(group, click.Group):
        for name, command in group.commands.items():
            found += _parameters(command, f"{path} {name}")
    return found


def test_every_command_line_value_has_a_checked_type() -> None:
    """No option or argument takes raw text or an unbounded number: each has a type that checks
    its kind (scc.cli.common), a closed choice, a path, or is a flag."""
    unchecked = [f"{path} {p.name}" for path, p in _parameters(cli)
                 if not (isinstance(p, click.Option) and p.is_flag)
                 and (isinstance(p.type, click.types.StringParamType)
                      or type(p.type) is click.types.IntParamType)]
    assert unchecked == []


# The GIAS import: a hostile field refuses the whole file, naming its line and column.

def _import(scc: Any, url: str, path: Path) -> str:
    assert scc("user", "add", "ada", "--role", "admin").code == 0
    return refused(scc, url, "school", "import-gias", str(path), user="ada")


def test_a_gias_file_with_a_nul_in_a_school_name_imports_nothing(
        scc: Any, sqlite_url: str, tmp_path: Path) -> None:
    rows = [school(URN="100101", EstablishmentName="Good School"),
            school(URN="100102", EstablishmentName="Bad\x00 School")]
    err = _import(scc, sqlite_url, write_csv(tmp_path / "nul.csv", rows))
    assert "line 3: column EstablishmentName contains a control character (U+0000)" in err
    assert "Nothing was imported" in err


def test_a_gias_field_over_131072_characters_imports_nothing(
        scc: Any, sqlite_url: str, tmp_path: Path) -> None:
    rows = [school(URN="100101"), school(URN="100102", Street="x" * 131_073)]
    err = _import(scc, sqlite_url, write_csv(tmp_path / "huge.csv", rows))
    assert "line 3" in err and "Nothing was imported" in err


def test_a_gias_field_over_the_bound_imports_nothing(scc: Any, sqlite_url: str,
                                                     tmp_path: Path) -> None:
    rows = [school(URN="100101", Town="T" * (inputs.LINE_MAX + 1))]
    err = _import(scc, sqlite_url, write_csv(tmp_path / "long.csv", rows))
    assert f"line 2: column Town is {inputs.LINE_MAX + 1:,} characters long" in err


def test_the_gias_sample_still_imports(scc: Any) -> None:
    assert scc("user", "add", "ada", "--role", "admin").code == 0
    assert scc("school", "import-gias", str(GIAS_SAMPLE), user="ada").code == 0


# The web: forms, the address and the JSON API.

def posted_and_refused(site: Any, who: Browser, path: str,  # noqa: F811
                       form: dict[str, Any]) -> str:
    """Posts the form; asserts 400 and nothing written; returns the page."""
    before = events(site)
    answer = who.post(path, form)
    assert answer.status_code == 400, answer.text
    assert events(site) == before
    return str(answer.text)


def test_a_web_form_with_a_nul_in_the_reason_is_refused_naming_the_field(
        site: Any, people: dict[str, Browser]) -> None:  # noqa: F811 (pytest fixtures)
    page = posted_and_refused(site, people["sam"], "/schools/900004/open-case",
                              {"on": "2026-05-30", "reason": "Falling\x00 standards"})
    assert "Why the authority is concerned contains a control character (U+0000)" in page
    assert "\x00" not in page  # offered back without the character refused


def test_a_web_notice_form_with_a_control_character_is_refused(
        site: Any, people: dict[str, Browser]) -> None:  # noqa: F811
    page = posted_and_refused(site, people["sam"], "/cases/900002-1/warning-notice", {
        "kind": "s60", "grounds": ["standards"], "on": "2026-05-30",
        "reason": "Standards \x1b[31mlow"})
    assert "contains a control character (U+001B)" in page


def test_a_web_form_refuses_a_date_out_of_range_and_a_box_it_did_not_offer(
        site: Any, people: dict[str, Browser]) -> None:  # noqa: F811
    sam = people["sam"]
    late = posted_and_refused(site, sam, "/schools/900004/open-case",
                              {"on": "9999-12-31", "reason": "Falling"})
    assert "between 1 January 1900 and 31 December 2100" in late  # dates in words (GOV.UK)
    made_up = posted_and_refused(site, sam, "/schools/900004/propose-category", {
        "category": "RED", "criteria": ["no-such-criterion"], "evidence": "KS4", "on": "2026-05-30"})
    assert "Select from the options offered for criteria that apply." in made_up


def test_the_json_api_refuses_a_nul_in_the_address_naming_the_parameter(
        site: Any, people: dict[str, Browser]) -> None:  # noqa: F811
    before = events(site)
    sam = people["sam"]
    answer = sam.get("/api/cases/900002-1%00")
    assert answer.status_code == 400
    assert answer.json()["error"].startswith("The reference in the address contains a control "
                                             "character (U+0000)")
    query = sam.get("/api/cases", params={"closed": "false\x01"})
    assert query.status_code == 400 and "The query parameter closed" in query.json()["error"]
    far = sam.get("/api/register", params={"as_of": "9999-12-31"})
    assert far.status_code == 400 and far.json()["error"].startswith("as_of 9999-12-31")
    assert events(site) == before


def test_the_json_api_refuses_a_nul_in_basic_credentials_without_looking_them_up(
        site: Any) -> None:  # noqa: F811
    from fastapi.testclient import TestClient

    token = base64.b64encode(b"sam\x00:whatever").decode()
    answer = TestClient(site[0]).get("/api/cases", headers={"Authorization": f"Basic {token}"})
    assert answer.status_code == 401


def test_sign_in_with_a_control_character_in_the_name_is_refused(site: Any) -> None:  # noqa: F811
    from fastapi.testclient import TestClient

    from tests.web_helpers import csrf_of

    client = TestClient(site[0])
    token = csrf_of(client.get("/sign-in").text)
    answer = client.post("/sign-in", data={"csrf_token": token, "name": "sam\x00",
                                           "password": "x"}, follow_redirects=False)
    assert answer.status_code == 400
    assert "The user name contains a control character (U+0000)" in answer.text
