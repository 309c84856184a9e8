"""Categorisation: the Service Manager's process and the automatic rules from Ofsted judgements,
driven by each authority's policy pack (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest

from scc.domain.errors import InvalidInput, RuleViolation
from tests.conftest import add_people, make_services

D = date.fromisoformat


@pytest.fixture
def oak(services):
    services.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    return services


def for_policy(database_url, policy):
    svc = make_services(database_url, policy=policy)
    add_people(svc)
    svc.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    return svc


def decisions(svc, urn="100001"):
    return [(h["step"], h["category"], h["actor"]) for h in
            svc.categorisation.categories("sam", urn)["history"] if h["decided"]]


def test_requires_improvement_twice_in_a_row_makes_a_school_red_with_the_rule_named(oak):
    oak.schools.record_ofsted("sam", "100001", D("2022-03-01"), "requires-improvement")
    first = oak.categorisation.categories("sam", "100001")
    assert (first["category"], first["register"]["basis"]) == ("AMBER", "ofsted")

    oak.schools.record_ofsted("sam", "100001", D("2024-05-01"), "requires-improvement")

    shown = oak.categorisation.categories("sam", "100001")
    assert shown["category"] == "RED"
    latest = shown["history"][-1]
    assert (latest["step"], latest["category"], latest["actor"], latest["role"]) == (
        "automatic", "RED", "system", "system")
    assert "two consecutive inspections" in latest["reason"]
    assert latest["effective_on"] == "2024-05-01"


def test_a_later_good_judgement_removes_the_school_from_the_register_and_the_meeting_cycle(oak):
    oak.schools.record_ofsted("sam", "100001", D("2022-03-01"), "requires-improvement")
    oak.schools.record_ofsted("sam", "100001", D("2024-05-01"), "requires-improvement")
    oak.meetings.schedule("sam", "100001", D("2024-10-10"), ["headteacher"], on=D("2024-09-10"))
    assert oak.categorisation.categories("sam", "100001")["in_progress_meeting_cycle"] is True

    oak.schools.record_ofsted("sam", "100001", D("2026-03-01"), None,
                              {"achievement": "expected-standard"})

    shown = oak.categorisation.categories("sam", "100001")
    assert (shown["category"], shown["register"], shown["in_progress_meeting_cycle"]) == (
        "GREEN", None, False)
    assert "removes the school from the register" in shown["history"][-1]["reason"]
    assert oak.register.register("sam")["entries"] == []
    assert [e["urn"] for e in oak.register.register("sam", D("2025-01-01"))["entries"]] == ["100001"]


def test_an_automatic_rule_never_lowers_the_category_the_service_manager_set(oak):
    oak.categorisation.confirm("sam", "100001", "RED", "Safeguarding failures", D("2025-01-10"))
    assert oak.categorisation.categories("sam", "100001")["register"]["basis"] == "authority-concern"

    oak.schools.record_ofsted("sam", "100001", D("2025-03-01"), None,
                              {"leadership-and-management": "requires-improvement"})

    shown = oak.categorisation.categories("sam", "100001")
    assert shown["category"] == "RED"
    # The judgement is public, so the entry now rests on it.
    assert shown["register"] == {"basis": "ofsted", "placed_on": "2025-03-01"}


def test_special_measures_still_makes_the_maintained_schools_case_eligible_and_the_school_red(oak):
    reference = oak.schools.record_ofsted("sam", "100001", D("2025-03-01"), "special-measures")
    assert reference == "100001-1"
    assert oak.cases.show("sam", reference)["eligible_for_intervention"] is True
    assert decisions(oak)[-1] == ("automatic", "RED", "system")


def test_a_judgement_recorded_late_completes_the_history_without_changing_the_category(oak):
    oak.schools.record_ofsted("sam", "100001", D("2025-03-01"), None,
                              {"leadership-and-management": "good"})
    oak.schools.record_ofsted("sam", "100001", D("2019-03-01"), "requires-improvement")
    assert oak.categorisation.categories("sam", "100001")["category"] == "GREEN"


def test_confirmation_waits_for_the_discussion_when_the_school_and_the_authority_differ(oak):
    svc = oak
    svc.categorisation.self_assessment("sam", "100001", "AMBER", D("2025-09-15"))
    svc.categorisation.propose("sam", "100001", "RED", ["attainment-well-below", "leadership-weak"],
                               "KS2 results 2025; governing body minutes", D("2025-09-22"))
    before = svc.ctx.store.event_count()
    with pytest.raises(RuleViolation, match="record the discussion with the headteacher"):
        svc.categorisation.confirm("sam", "100001", "RED", "Data and leadership", D("2025-09-30"))
    assert svc.ctx.store.event_count() == before

    svc.categorisation.discuss("sam", "100001", "Head accepts the attainment evidence", D("2025-09-25"))
    svc.categorisation.confirm("sam", "100001", "RED", "Data and leadership", D("2025-09-30"))
    recipients = svc.categorisation.notify("sam", "100001", D("2025-10-01"))

    history = svc.categorisation.categories("sam", "100001")["history"]
    assert [h["step"] for h in history] == [
        "self-assessment", "proposed", "discussed", "confirmed", "notified"]
    assert history[1]["criteria"] == ["attainment-well-below", "leadership-weak"]
    assert history[3]["criteria"] == ["attainment-well-below", "leadership-weak"]
    assert recipients == ["Headteacher", "Chair of governors"]


def test_an_academys_category_is_also_notified_to_the_trusts_chief_executive(services):
    services.schools.add("sam", "140001", "Elm Academy", "academy-converter", "Secondary",
                         trust="Pennine Learning Trust")
    services.categorisation.confirm("sam", "140001", "AMBER", "Falling attainment", D("2025-10-01"))
    assert services.categorisation.notify("sam", "140001", D("2025-10-02"))[-1] == \
        "Chief executive of Pennine Learning Trust"


def test_a_criterion_that_is_not_the_proposed_categorys_is_invalid_input(oak):
    before = oak.ctx.store.event_count()
    with pytest.raises(InvalidInput, match="not a criterion of category AMBER"):
        oak.categorisation.propose("sam", "100001", "AMBER", ["ri-twice"], "data", D("2025-09-22"))
    with pytest.raises(InvalidInput, match="not a category of this authority"):
        oak.categorisation.confirm("sam", "100001", "PURPLE", "why", D("2025-09-22"))
    assert oak.ctx.store.event_count() == before


def test_schools_not_reviewed_this_term_are_listed(oak):
    oak.schools.add("sam", "100002", "Ash Primary School", "community", "Primary")
    oak.categorisation.confirm("sam", "100001", "GREEN", "Strong outcomes", D("2026-04-20"))
    oak.categorisation.confirm("sam", "100002", "AMBER", "Dip in KS2", D("2026-02-01"))

    due = oak.categorisation.review_due("sam")  # today is 2026-06-01: the summer term
    assert due["since"] == "2026-04-01"
    assert [s["urn"] for s in due["schools"]] == ["100002"]


def test_leeds_two_requires_improvement_judgements_are_category_4(database_url):
    svc = for_policy(database_url, "leeds")
    try:
        svc.schools.record_ofsted("sam", "100001", D("2023-01-10"), "requires-improvement")
        svc.schools.record_ofsted("sam", "100001", D("2025-01-10"), None,
                                  {"leadership-and-management": "requires-improvement"})
        assert [d[1] for d in decisions(svc)] == ["3", "4"]
        entitlement = svc.categorisation.categories("sam", "100001")["entitlement"]
        assert entitlement["entitled"] == "up to 6 half-day visits a year"
    finally:
        svc.close()


def test_bury_counts_category_1_as_the_most_concern(database_url):
    svc = for_policy(database_url, "bury")
    try:
        svc.schools.record_ofsted("sam", "100001", D("2024-01-10"), "serious-weaknesses")
        svc.schools.record_ofsted("sam", "100001", D("2025-06-10"), None,
                                  {"leadership-and-management": "requires-improvement"})
        assert svc.categorisation.categories("sam", "100001")["category"] == "1"
        svc.schools.record_ofsted("sam", "100001", D("2026-05-10"), None,
                                  {"achievement": "expected-standard"})
        shown = svc.categorisation.categories("sam", "100001")
        assert (shown["category"], shown["register"]) == ("3", None)
    finally:
        svc.close()


@pytest.mark.parametrize("policy,codes", [
    ("calderdale", ["GREEN", "AMBER", "RED"]),
    ("leeds", ["1", "2", "3", "4", "5"]),
    ("warwickshire", ["1", "2A", "2B", "3A", "3B", "3C", "3D", "4"]),
    ("bury", ["3", "2B", "2A", "1"]),
])
def test_policy_show_prints_the_active_packs_categories(scc, policy, codes):
    shown = scc("policy", "show", env={"SCC_POLICY": policy})
    assert shown.code == 0
    listed = [line.split()[0] for line in shown.out.splitlines() if line.startswith("  ")
              and not line.startswith("   ")]
    assert listed[: len(codes)] == codes
