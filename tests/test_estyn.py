"""Estyn (issue 13, item 2): Estyn, not Ofsted, inspects schools in Wales. Special measures and
significant improvement are grounds 8 and 7 for intervention (School Standards and Organisation
(Wales) Act 2013 s2(7), (8)), giving the authority the power to intervene without a warning
notice (s4) while the school is in that category; Estyn's monitoring and review visits remove it
from follow-up or keep it there. Names follow the Act's and Estyn's words."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from scc.bootstrap import Services
from scc.domain.errors import InvalidInput
from tests.conftest import CliRunnerFn, add_people, event_count, make_services
from tests.test_wales import refused
from tests.test_wales_letters import page_as

D = date.fromisoformat
VALE = "673"
YSGOL = "400001"
OAK = "100001"


def _vale(svc: Services) -> Services:
    add_people(svc)
    svc.authorities.add("ada", "vale-of-glamorgan")
    svc.admin.add_user("ada", "wyn", "service-manager", authority=VALE)
    svc.schools.add("wyn", YSGOL, "Ysgol Gynradd Sain Tathan", "community", "Primary",
                    authority=VALE)
    svc.schools.add("sam", OAK, "Oak Primary School", "community", "Primary")
    return svc


@pytest.fixture
def wales(database_url: str) -> Iterator[Services]:
    """Calderdale (England) and the Vale of Glamorgan (Wales), each with a maintained school."""
    svc = _vale(make_services(database_url))
    yield svc
    svc.close()


def level(svc: Services, urn: str) -> str | None:
    return svc.categorisation.categories("wyn", urn)["category"]


def test_special_measures_is_ground_8_and_gives_the_power_to_intervene_without_a_warning_notice(
        wales):
    ref = wales.schools.record_estyn("wyn", YSGOL, D("2026-02-02"), "special-measures")
    assert ref is not None
    shown = wales.cases.show("wyn", ref)
    assert (shown["rule_set"], shown["state"]) == ("wales-2014", "eligible")
    wales.cases.exercise_power("wyn", ref, "s8", D("2026-02-03"))
    assert wales.cases.show("wyn", ref)["powers_exercised"] == {"s8": "2026-02-03"}
    assert level(wales, YSGOL) == "CAUSING-CONCERN"


def test_significant_improvement_is_ground_7_and_makes_the_open_case_eligible(wales):
    ref = wales.cases.open("wyn", YSGOL, "Standards have declined", D("2026-01-05"))
    assert wales.schools.record_estyn("wyn", YSGOL, D("2026-02-02"),
                                      "significant-improvement") == ref
    shown = wales.cases.show("wyn", ref)
    assert shown["state"] == "eligible"
    assert level(wales, YSGOL) == "CAUSING-CONCERN"


def test_estyn_review_is_enhanced_monitoring_and_no_ground_for_intervention(wales):
    assert wales.schools.record_estyn("wyn", YSGOL, D("2026-02-02"), "estyn-review") is None
    assert wales.schools.show("wyn", YSGOL)["open_case"] is None
    assert level(wales, YSGOL) == "ENHANCED-MONITORING"


def test_removal_from_special_measures_ends_the_eligibility_that_rested_on_it(wales):
    ref = wales.schools.record_estyn("wyn", YSGOL, D("2025-06-02"), "special-measures")
    assert ref is not None
    wales.schools.record_estyn_follow_up("wyn", YSGOL, D("2025-11-10"), "monitoring", "remains")
    assert wales.cases.show("wyn", ref)["state"] == "eligible"
    wales.schools.record_estyn_follow_up("wyn", YSGOL, D("2026-03-10"), "monitoring", "removed")
    shown = wales.cases.show("wyn", ref)
    assert shown["eligible_for_intervention"] is False
    assert "ground 8" in shown["eligibility_ended"]["why"]
    assert "removed the school from" in shown["eligibility_ended"]["why"]
    assert shown["eligibility_ended"]["outcome"] == "estyn-removed-from-follow-up"
    school = wales.schools.show("wyn", YSGOL)
    assert school["estyn_category"] is None
    assert school["estyn"][0]["follow_ups"] == [
        {"on": "2025-11-10", "kind": "monitoring", "outcome": "remains"},
        {"on": "2026-03-10", "kind": "monitoring", "outcome": "removed"}]
    # Removal does not lower the school's level: stepping down is the Service Manager's.
    assert level(wales, YSGOL) == "CAUSING-CONCERN"


def test_a_later_inspection_without_a_category_ends_the_eligibility(wales):
    ref = wales.schools.record_estyn("wyn", YSGOL, D("2025-02-03"), "significant-improvement")
    assert wales.schools.record_estyn("wyn", YSGOL, D("2026-03-02"), "no-follow-up") is None
    assert wales.cases.show("wyn", ref)["eligible_for_intervention"] is False


def test_follow_up_must_fit_the_inspection_it_follows(wales):
    sentence = refused(wales, lambda: wales.schools.record_estyn_follow_up(
        "wyn", YSGOL, D("2026-03-02"), "monitoring", "removed"))
    assert "record the inspection first" in sentence
    wales.schools.record_estyn("wyn", YSGOL, D("2026-02-02"), "estyn-review")
    sentence = refused(wales, lambda: wales.schools.record_estyn_follow_up(
        "wyn", YSGOL, D("2026-03-02"), "monitoring", "removed"))
    assert "monitoring follows only special-measures or significant-improvement" in sentence
    wales.schools.record_estyn_follow_up("wyn", YSGOL, D("2026-04-02"), "estyn-review", "removed")
    sentence = refused(wales, lambda: wales.schools.record_estyn_follow_up(
        "wyn", YSGOL, D("2026-05-02"), "estyn-review", "remains"))
    assert "removed it from that follow-up on 2026-04-02" in sentence
    refused(wales, lambda: wales.schools.record_estyn("wyn", YSGOL, D("2026-02-02"),
                                                      "no-follow-up"))
    refused(wales, lambda: wales.schools.record_estyn("wyn", YSGOL, D("2026-05-20"),
                                                      "excellent"), InvalidInput)


def test_estyn_inspects_schools_in_wales_and_ofsted_schools_in_england(wales):
    sentence = refused(wales, lambda: wales.schools.record_estyn(
        "sam", OAK, D("2026-02-02"), "special-measures"))
    assert "school in England" in sentence and "scc school ofsted" in sentence
    sentence = refused(wales, lambda: wales.schools.record_ofsted(
        "wyn", YSGOL, D("2026-02-02"), "special-measures"))
    assert "school in Wales" in sentence and "scc school estyn" in sentence


def test_through_scc(sqlite_url: str, scc: CliRunnerFn):
    _vale(make_services(sqlite_url)).close()
    before = event_count(sqlite_url)
    done = scc("school", "ofsted", YSGOL, "--on", "2026-02-02", "--category", "special-measures",
               user="wyn")
    assert done.code == 3 and "Estyn inspects it, not Ofsted" in done.err
    done = scc("school", "estyn", OAK, "--on", "2026-02-02", "--outcome", "special-measures",
               user="sam")
    assert done.code == 3 and "Ofsted inspects it, not Estyn" in done.err
    assert event_count(sqlite_url) == before
    done = scc("school", "estyn", YSGOL, "--on", "2026-02-02", "--outcome", "special-measures",
               user="wyn")
    assert done.code == 0, done.err
    assert f"Case {YSGOL}-1 is now eligible for intervention" in done.err + done.out
    done = scc("school", "estyn-follow-up", YSGOL, "--on", "2026-05-02", "--kind", "monitoring",
               "--outcome", "remains", user="wyn")
    assert done.code == 0, done.err
    shown = scc("school", "show", YSGOL, user="wyn")
    assert "Estyn 2026-02-02: in need of special measures" in shown.out
    assert "monitoring 2026-05-02: still in it" in shown.out
    page = page_as(sqlite_url, "wyn", f"/schools/{YSGOL}")
    assert "Estyn inspections" in page and "Inspection: in need of special measures" in page
    assert "Monitoring visit: still in follow-up" in page
    assert "SSO(W)A 2013 s2 ground 8" in page

