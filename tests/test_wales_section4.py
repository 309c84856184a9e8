"""The conditions of the power to intervene the wales-2014 rule set had not encoded: an urgent risk
to health or safety on grounds 1-6 (SSO(W)A 2013 s4(3)), the Welsh Ministers' shorter wait after
Estyn's notice (s11(6)), and a closure direction (s16) ending the authority's power once the
school is discontinued (s4(1): one of its maintained schools). Names follow the Act's words."""

from __future__ import annotations

from datetime import date

from scc.domain.errors import InvalidInput
from tests.conftest import cli_against
from tests.test_wales import OAK, YSGOL, refused, s3_notice, wales  # noqa: F401

D = date.fromisoformat
RISK = "The school's heating has failed and the governing body will not close the building"


def test_an_urgent_risk_on_grounds_1_to_6_gives_the_power_to_intervene_at_once(wales):  # noqa: F811
    ref = wales.cases.open("wyn", YSGOL, "Safety concerns", D("2026-01-05"))
    wales.cases.urgent_risk("wyn", ref, ["safety", "governance"], D("2026-01-06"), RISK)
    shown = wales.cases.show("wyn", ref)
    assert (shown["state"], shown["eligibility_basis"]) == ("eligible", "urgent-risk")
    assert shown["warning_notice"] is None
    wales.cases.exercise_power("wyn", ref, "s9", D("2026-01-06"))
    assert wales.cases.show("wyn", ref)["powers_exercised"] == {"s9": "2026-01-06"}


def test_an_urgent_risk_needs_a_ground_of_1_to_6_and_says_what_the_risk_is(wales):  # noqa: F811
    ref = wales.cases.open("wyn", YSGOL, "Safety concerns", D("2026-01-05"))
    sentence = refused(wales, lambda: wales.cases.urgent_risk(
        "wyn", ref, ["special-measures"], D("2026-01-06"), RISK))
    assert "s4(3)" in sentence and "special-measures is not one of them" in sentence
    refused(wales, lambda: wales.cases.urgent_risk("wyn", ref, ["safety"], D("2026-01-06"), ""),
            InvalidInput)


def test_an_urgent_risk_is_refused_for_an_english_school(wales):  # noqa: F811
    ref = wales.cases.open("sam", OAK, "Safety concerns", D("2026-01-05"))
    refused(wales, lambda: wales.cases.urgent_risk("sam", ref, ["safety"], D("2026-01-06"), RISK))


def test_the_welsh_ministers_may_shorten_the_wait_after_estyn_s_notice(wales):  # noqa: F811
    ref = wales.schools.record_estyn("wyn", YSGOL, D("2026-02-02"), "special-measures")
    assert ref is not None
    wales.cases.central_wait("wyn", ref, 3, D("2026-02-03"), "Determined for this school")
    early = refused(wales, lambda: wales.cases.rd_power("wyn", ref, "s14", D("2026-02-04")))
    assert "not less than 3 days" in early and "2026-02-05" in early
    wales.cases.rd_power("wyn", ref, "s14", D("2026-02-05"))
    refused(wales, lambda: wales.cases.central_wait("wyn", ref, 10, D("2026-02-06")),
            InvalidInput)


def test_after_a_closure_direction_s_date_the_authority_has_no_power_to_intervene(wales):  # noqa: F811
    ref = s3_notice(wales)
    wales.cases.compliance("wyn", ref, "not-complied", D("2026-01-12"))
    wales.cases.rd_power("wyn", ref, "s16", D("2026-01-13"), discontinue_on=D("2026-04-30"))
    wales.cases.exercise_power("wyn", ref, "s5", D("2026-02-02"))  # still maintained until then
    sentence = refused(wales, lambda: wales.cases.exercise_power("wyn", ref, "s8",
                                                                 D("2026-04-30")))
    assert "s4(1), s16" in sentence and "2026-04-30" in sentence


def test_through_scc(wales, database_url: str):  # noqa: F811
    scc = cli_against(database_url)
    ref = wales.cases.open("wyn", YSGOL, "Safety concerns", D("2026-01-05"))
    done = scc("case", "urgent-risk", ref, "--ground", "safety", "--on", "2026-01-06",
               "--reason", RISK, user="wyn")
    assert done.code == 0 and "s4(3)" in done.err
    english = wales.cases.open("sam", OAK, "Safety concerns", D("2026-01-05"))
    refusal = scc("case", "urgent-risk", english, "--ground", "safety", "--on", "2026-01-06",
                  "--reason", RISK, user="sam")
    assert refusal.code == 3  # the rule set of an English school has no such step
