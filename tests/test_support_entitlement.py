"""Entitlements (issue 14, item 3): what the category gives a year against what the academic year
has used, from the pack (Bury's seed 004: category 1 up to 20 SEP days, 2A and 2B 5 to 10, 3 pays
for them). On SQLite and PostgreSQL through the service; the command on SQLite."""

from __future__ import annotations

from datetime import date

import pytest

from scc.domain.errors import InvalidInput
from tests.conftest import CliRunnerFn
from tests.test_support_forms import bury  # noqa: F401  (the fixture: Elm Primary, Bury)


@pytest.fixture
def elm(bury):  # noqa: F811
    """Elm Primary (Bury), in special measures since May: category 1, intensive."""
    bury.schools.record_ofsted("sam", "200001", date(2026, 5, 4), "special-measures")
    return bury


def test_a_category_1_school_has_used_its_sep_days_against_up_to_20(elm) -> None:
    for day in (date(2026, 6, 2), date(2026, 6, 9), date(2026, 6, 16)):
        elm.visits.plan("sue", "200001", day)
    plan = elm.support.draft_plan("sue", "200001", ["Reading"], [
        {"activity": "Coaching", "priority": 1, "impact": "Reading", "role": "nle",
         "who": "NLE", "when": "Summer", "days": "2"}], date(2026, 5, 11))
    elm.support.submit_plan("sue", plan, date(2026, 5, 12))
    elm.support.decide_plan("sam", plan, date(2026, 5, 13), True, "")
    elm.support.log_support("sue", plan, date(2026, 5, 20), {
        "hours": "6.5", "support_person": "A. Leader", "role": "nle", "days": "1",
        "focus": "Phonics"})
    found = elm.support.entitlement("sue", "200001")
    assert (found["academic_year"], found["category"], found["entitled"]) == \
        ("2025/26", "1", "up to 20 School Effectiveness Partner days a year")
    assert (found["used"], found["remaining"], found["over"]) == (3, 17, False)
    assert found["support_hours_logged"] == "6.50"
    assert found["source"].startswith("seed 004")
    # The board sees it too, for the schools with support.
    [shown] = elm.support.board_page("sam")["entitlements"]
    assert (shown["school"], shown["used"], shown["remaining"]) == ("Elm Primary School", 3, 17)
    # The year before: nothing used then.
    before = elm.support.entitlement("sue", "200001", "2024/25")
    assert (before["used"], before["support_hours_logged"]) == (0, "0.00")
    with pytest.raises(InvalidInput, match="not like 2025/26"):
        elm.support.entitlement("sue", "200001", "2025-26")


def test_the_entitlement_command_prints_the_days_used(scc: CliRunnerFn) -> None:
    assert scc("user", "add", "ada", "--role", "admin").code == 0
    assert scc("user", "add", "sam", "--role", "service-manager", user="ada").code == 0
    assert scc("school", "add", "--urn", "100001", "--name", "Oak Primary School", "--type",
               "community", "--phase", "Primary", user="sam").code == 0
    none = scc("support", "entitlement", "100001", user="sam")
    assert none.code == 0 and "no category yet" in none.out
    wrong = scc("support", "entitlement", "100001", "--year", "next", user="sam")
    assert wrong.code == 2 and "not like 2025/26" in wrong.err
