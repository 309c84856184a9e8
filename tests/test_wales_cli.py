"""The Welsh scenario end to end through `scc`, as a Service Manager of the Vale of Glamorgan
would type it: an s3 warning notice on grounds 1 and 2 crossing Christmas on the Welsh calendar,
non-compliance, intervention under s6 and s7, and each refusal the Act implies (exit 3, nothing
written, the section named)."""

from __future__ import annotations

import pytest

from tests.conftest import CliRunnerFn, add_people, event_count, make_services

YSGOL = "400001"


@pytest.fixture
def welsh_case(sqlite_url: str, scc: CliRunnerFn) -> str:
    svc = make_services(sqlite_url)
    add_people(svc)
    svc.authorities.add("ada", "vale-of-glamorgan")
    svc.admin.add_user("ada", "wyn", "service-manager", authority="673")
    svc.schools.add("wyn", YSGOL, "Ysgol Gynradd Sain Tathan", "community", "Primary",
                    authority="673")
    svc.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    svc.close()
    opened = scc("case", "open", "--urn", YSGOL, "--reason", "Outcomes and governance",
                 "--on", "2025-12-01", user="wyn")
    assert opened.code == 0, opened.err
    return opened.out.strip()


def refused(scc: CliRunnerFn, url: str, *args: str, user: str = "wyn") -> str:
    before = event_count(url)
    result = scc(*args, user=user)
    assert result.code == 3, (result.code, result.err)
    assert event_count(url) == before
    return result.err


def test_welsh_school_s3_notice_non_compliance_and_intervention_under_s6_and_s7(
        welsh_case: str, scc: CliRunnerFn, sqlite_url: str):
    ref = welsh_case
    # Grounds 7 and 8 are not grounds of a warning notice (s3(1)): Estyn's finding gives the power.
    err = refused(scc, sqlite_url, "case", "warning-notice", ref, "--kind", "s3",
                  "--ground", "special-measures", "--on", "2025-12-15")
    assert "ground 8" in err and "s3(1)" in err
    # An English notice for a Welsh school.
    err = refused(scc, sqlite_url, "case", "warning-notice", ref, "--kind", "s60",
                  "--ground", "standards", "--on", "2025-12-15")
    assert "No s60 warning notice" in err and "SSO(W)A 2013 s3" in err

    given = scc("case", "warning-notice", ref, "--kind", "s3", "--ground", "standards",
                "--ground", "governance", "--on", "2025-12-15", "--reason", "Outcomes low",
                user="wyn")
    assert given.code == 0, given.err
    assert "2026-01-09" in given.err  # Christmas Eve is not a working day in Wales

    # No power while the compliance period runs (s4(2)).
    err = refused(scc, sqlite_url, "case", "exercise-power", ref, "--power", "s6",
                  "--on", "2026-01-05")
    assert "SSO(W)A 2013 s4(2)" in err
    assert scc("case", "compliance", ref, "--outcome", "not-complied", "--on", "2026-01-12",
               user="wyn").code == 0

    # An English power for a Welsh school.
    err = refused(scc, sqlite_url, "case", "exercise-power", ref, "--power", "s64",
                  "--on", "2026-01-13")
    assert "s64 is not a power" in err and "wales-2014" in err
    assert scc("case", "exercise-power", ref, "--power", "s6", "--on", "2026-01-13",
               "--reason", "Two additional governors", user="wyn").code == 0
    err = refused(scc, sqlite_url, "case", "exercise-power", ref, "--power", "s7",
                  "--on", "2026-01-14")
    assert "the Welsh Ministers' consent" in err and "s7" in err
    assert scc("case", "rd-consent", ref, "--power", "s7", "--on", "2026-01-20",
               user="wyn").code == 0
    assert scc("case", "exercise-power", ref, "--power", "s7", "--on", "2026-01-21",
               user="wyn").code == 0

    shown = scc("case", "show", ref, "--json", user="wyn").json()
    assert (shown["rule_set"], shown["state"]) == ("wales-2014", "intervention")
    assert shown["powers_exercised"] == {"s6": "2026-01-13", "s7": "2026-01-21"}
    assert shown["warning_notice"]["grounds"] == ["standards", "governance"]


def test_a_welsh_power_and_notice_for_an_english_school_are_refused(
        welsh_case: str, scc: CliRunnerFn, sqlite_url: str):
    opened = scc("case", "open", "--urn", "100001", "--reason", "Concerns", "--on", "2025-12-01",
                 user="sam")
    ref = opened.out.strip()
    err = refused(scc, sqlite_url, "case", "warning-notice", ref, "--kind", "s3",
                  "--ground", "standards", "--on", "2025-12-15", user="sam")
    assert "No s3 warning notice" in err and "EIA 2006 s60" in err
    err = refused(scc, sqlite_url, "case", "warning-notice", ref, "--kind", "s60",
                  "--ground", "duty", "--on", "2025-12-15", user="sam")
    assert "EIA 2006 s60(2)(a)-(c)" in err
