"""Wales: the School Standards and Organisation (Wales) Act 2013, Part 2, Chapter 1 (rule set
wales-2014), chosen by the jurisdiction of the school's authority. Names follow the Act's words."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest

from scc.application.notices import NoticeService
from scc.application.steps import next_steps
from scc.bootstrap import Services
from scc.calendar import WorkingDayCalendar
from scc.domain.errors import InvalidInput, RuleViolation, SccError
from scc.rules import load_rule_book
from tests.conftest import add_people, make_services

D = date.fromisoformat
VALE = "673"
YSGOL = "400001"
OAK = "100001"


@pytest.fixture
def wales(database_url: str) -> Iterator[Services]:
    """Calderdale (the original authority, England) and the Vale of Glamorgan (Wales), each with
    a maintained school; wyn is the Vale's Service Manager, sam Calderdale's."""
    svc = make_services(database_url)
    add_people(svc)
    svc.authorities.add("ada", "vale-of-glamorgan")
    svc.admin.add_user("ada", "wyn", "service-manager", authority=VALE)
    svc.schools.add("wyn", YSGOL, "Ysgol Gynradd Sain Tathan", "community", "Primary",
                    authority=VALE)
    svc.schools.add("sam", OAK, "Oak Primary School", "community", "Primary")
    yield svc
    svc.close()


def s3_notice(svc: Services) -> str:
    """A case with an s3 warning notice on grounds 1 and 2 given on Monday 15 December 2025."""
    ref = svc.cases.open("wyn", YSGOL, "Standards and governance have declined", D("2025-12-01"))
    svc.cases.warning_notice("wyn", ref, "s3", ["standards", "governance"], D("2025-12-15"),
                             reason="Outcomes well below those of similar schools")
    return ref


def refused(svc: Services, command: Callable[[], object],
            error: type[SccError] = RuleViolation) -> str:
    """The refusal's sentence, once it is known that nothing was written."""
    before = svc.ctx.store.event_count()
    with pytest.raises(error) as refusal:
        command()
    assert svc.ctx.store.event_count() == before
    return str(refusal.value)


def test_the_rule_set_is_chosen_by_the_jurisdiction_of_the_authority():
    book = load_rule_book()
    assert book.in_force_on(D("2025-12-15"), "wales").name == "wales-2014"
    assert book.in_force_on(D("2025-12-15")).name == "england-2016"
    with pytest.raises(RuleViolation, match="2014-02-20"):
        book.in_force_on(D("2014-02-19"), "wales")
    wales = book.named("wales-2014")
    assert (wales.jurisdiction, wales.calendar_variant) == ("wales", "wales-strict")
    assert set(wales.notice_kinds["s3"]["grounds"]) == {
        "standards", "governance", "behaviour", "safety", "duty", "unreasonable"}
    assert [wales.grounds[g]["number"] for g in wales.grounds] == [1, 2, 3, 4, 5, 6, 7, 8]


def test_a_welsh_authority_is_served_by_the_wales_2014_rule_set(wales):
    assert wales.authorities.show("ada", VALE)["jurisdiction"] == "wales"
    ref = wales.cases.open("wyn", YSGOL, "Concerns shared by the Improvement Partner",
                           D("2025-12-01"))
    assert wales.cases.show("wyn", ref)["rule_set"] == "wales-2014"
    english = wales.cases.open("sam", OAK, "Concerns", D("2025-12-01"))
    assert wales.cases.show("sam", english)["rule_set"] == "england-2016"


def test_warning_notice_on_grounds_1_and_2_crosses_christmas_on_the_welsh_calendar(wales):
    ref = s3_notice(wales)
    shown = wales.cases.show("wyn", ref)
    assert shown["state"] == "warning_notice"
    assert shown["warning_notice"]["kind"] == "s3"
    assert shown["warning_notice"]["grounds"] == ["standards", "governance"]
    # 15 working days from Tuesday 16 December: Christmas Eve, Christmas Day, Boxing Day and New
    # Year's Day are not working days in Wales (S.I. 2008/1848 reg 14), so it ends on 9 January.
    (period,) = shown["deadlines"]
    assert (period["kind"], period["due"]) == ("compliance-period", "2026-01-09")
    assert "s3(2)(d)" in period["rule"]
    # The England and Wales rule counts Christmas Eve: a day earlier.
    assert WorkingDayCalendar().working_days_after(D("2025-12-15"), 15) == D("2026-01-08")


def test_the_power_to_intervene_lasts_without_a_two_month_window(wales):
    ref = s3_notice(wales)
    kinds = [d["kind"] for d in wales.cases.show("wyn", ref)["deadlines"]]
    assert not [k for k in kinds if k.startswith("intervention-window-")]


def test_governing_body_failed_to_comply_within_the_compliance_period_gives_the_power_to_intervene(wales):
    ref = s3_notice(wales)
    early = refused(wales, lambda: wales.cases.compliance("wyn", ref, "not-complied",
                                                          D("2026-01-09")))
    assert "2026-01-10" in early and "s4(2)(b)" in early
    wales.cases.compliance("wyn", ref, "not-complied", D("2026-01-12"))
    shown = wales.cases.show("wyn", ref)
    # s4(2): no notice of intention to intervene is required in Wales.
    assert (shown["state"], shown["eligible_for_intervention"]) == ("eligible", True)
    assert shown["state_title"] == "The authority has the power to intervene (s4)"


def test_intervention_under_s6_and_s7_with_the_welsh_ministers_consent(wales):
    ref = s3_notice(wales)
    wales.cases.compliance("wyn", ref, "not-complied", D("2026-01-12"))
    wales.cases.exercise_power("wyn", ref, "s6", D("2026-01-13"), reason="Two governors")
    no_consent = refused(wales, lambda: wales.cases.exercise_power("wyn", ref, "s7",
                                                                   D("2026-01-14")))
    assert "the Welsh Ministers' consent" in no_consent and "SSO(W)A 2013 s7" in no_consent
    wales.cases.rd_consent("wyn", ref, "s7", D("2026-01-20"))
    wales.cases.exercise_power("wyn", ref, "s7", D("2026-01-21"))
    shown = wales.cases.show("wyn", ref)
    assert shown["state"] == "intervention"
    assert shown["powers_exercised"] == {"s6": "2026-01-13", "s7": "2026-01-21"}


def test_no_additional_governors_once_interim_executive_members_are_constituted(wales):
    ref = s3_notice(wales)
    wales.cases.compliance("wyn", ref, "not-complied", D("2026-01-12"))
    wales.cases.rd_consent("wyn", ref, "s7", D("2026-01-13"))
    wales.cases.exercise_power("wyn", ref, "s7", D("2026-01-14"))
    sentence = refused(wales, lambda: wales.cases.exercise_power("wyn", ref, "s6",
                                                                 D("2026-01-15")))
    assert "Sch 1" in sentence and "interim executive members under s7" in sentence


def test_an_english_power_is_refused_for_a_welsh_school(wales):
    ref = s3_notice(wales)
    wales.cases.compliance("wyn", ref, "not-complied", D("2026-01-12"))
    sentence = refused(wales, lambda: wales.cases.exercise_power("wyn", ref, "s64",
                                                                 D("2026-01-13")))
    assert "s64 is not a power" in sentence and "wales-2014" in sentence
    assert "appoint additional governors (s6)" in sentence


def test_a_welsh_power_and_notice_are_refused_for_an_english_school(wales):
    ref = wales.cases.open("sam", OAK, "Concerns", D("2025-12-01"))
    sentence = refused(wales, lambda: wales.cases.warning_notice(
        "sam", ref, "s3", ["standards"], D("2025-12-15")))
    assert "No s3 warning notice" in sentence and "EIA 2006 s60" in sentence
    behaviour = refused(wales, lambda: wales.cases.warning_notice(
        "sam", ref, "s60", ["behaviour"], D("2025-12-15")))
    assert "EIA 2006 s60(2)(a)-(c)" in behaviour
    wales.cases.warning_notice("sam", ref, "s60", ["standards"], D("2025-12-15"))
    wales.cases.compliance("sam", ref, "not-complied", D("2026-01-12"))
    wales.cases.intention_to_intervene("sam", ref, ["s64"], D("2026-01-12"))
    wales.cases.rd_notification("sam", ref, ["s64"], D("2026-01-12"))
    power = refused(wales, lambda: wales.cases.exercise_power("sam", ref, "s6", D("2026-01-14")))
    assert "s6 is not a power" in power and "england-2016" in power


def test_an_english_warning_notice_is_refused_for_a_welsh_school(wales):
    ref = wales.cases.open("wyn", YSGOL, "Concerns", D("2025-12-01"))
    sentence = refused(wales, lambda: wales.cases.warning_notice(
        "wyn", ref, "s60", ["standards"], D("2025-12-15")))
    assert "No s60 warning notice" in sentence and "SSO(W)A 2013 s3" in sentence


def test_a_power_before_the_authority_has_the_power_to_intervene_is_refused(wales):
    ref = s3_notice(wales)
    sentence = refused(wales, lambda: wales.cases.exercise_power("wyn", ref, "s6",
                                                                 D("2026-01-05")))
    assert "SSO(W)A 2013 s4(2)" in sentence


@pytest.mark.parametrize("ground, number", [("significant-improvement", 7),
                                            ("special-measures", 8)])
def test_a_warning_notice_on_ground_7_or_8_is_refused(wales, ground, number):
    ref = wales.cases.open("wyn", YSGOL, "Estyn's findings", D("2025-12-01"))
    sentence = refused(wales, lambda: wales.cases.warning_notice(
        "wyn", ref, "s3", ["standards", ground], D("2025-12-15")))
    assert f"ground {number}" in sentence and "SSO(W)A 2013 s3(1)" in sentence
    assert "without a warning notice (SSO(W)A 2013 s4)" in sentence


def test_a_warning_notice_specifies_its_grounds(wales):
    ref = wales.cases.open("wyn", YSGOL, "Concerns", D("2025-12-01"))
    sentence = refused(wales, lambda: wales.cases.warning_notice(
        "wyn", ref, "s3", [], D("2025-12-15")), InvalidInput)
    assert "s3(2)(a)" in sentence


def test_ground_8_gives_the_power_to_intervene_without_a_warning_notice(wales):
    ref = wales.schools.record_estyn("wyn", YSGOL, D("2026-02-02"), "special-measures")
    assert ref is not None
    shown = wales.cases.show("wyn", ref)
    assert (shown["rule_set"], shown["state"]) == ("wales-2014", "eligible")
    assert shown["academy_order_due"] is False
    wales.cases.exercise_power("wyn", ref, "s8", D("2026-02-03"))
    assert wales.cases.show("wyn", ref)["powers_exercised"] == {"s8": "2026-02-03"}


def test_the_welsh_ministers_warning_notice_and_powers_are_recorded_on_the_case(wales):
    ref = s3_notice(wales)
    wales.cases.rd_warning_notice("wyn", ref, ["safety"], D("2025-12-16"), D("2026-01-30"))
    shown = wales.cases.show("wyn", ref)
    # Nothing in s10 ends the authority's notice: its compliance period still runs.
    assert shown["state"] == "warning_notice" and shown["rd_warning_notice"]["grounds"] == ["safety"]
    wales.cases.compliance("wyn", ref, "not-complied", D("2026-01-12"))
    wales.cases.rd_power("wyn", ref, "s14", D("2026-01-20"))
    sentence = refused(wales, lambda: wales.cases.exercise_power("wyn", ref, "s6",
                                                                 D("2026-01-21")))
    assert "under s14" in sentence and "Sch 1" in sentence
    assert "s14" in wales.cases.show("wyn", ref)["secretary_of_state_powers"]


def test_the_welsh_ministers_may_not_add_governors_to_interim_executive_members(wales):
    ref = s3_notice(wales)
    wales.cases.compliance("wyn", ref, "not-complied", D("2026-01-12"))
    wales.cases.rd_consent("wyn", ref, "s7", D("2026-01-13"))
    wales.cases.exercise_power("wyn", ref, "s7", D("2026-01-14"))
    sentence = refused(wales, lambda: wales.cases.rd_power("wyn", ref, "s13", D("2026-01-15")))
    assert sentence.startswith("The Welsh Ministers may not appoint additional governors (s13)")


S3 = {"grounds": ["standards", "governance"],
      "evidence": ["Year 6 outcomes well below those of similar schools for three years",
                   "The governing body has not met for two terms"],
      "action_required": ["Agree an improvement plan with the authority"],
      "minded_to": ["Appoint additional governors under section 6"]}


def test_the_s3_warning_notice_specifies_what_s3_2_requires_and_is_copied_as_s3_3_requires(wales):
    ref = wales.cases.open("wyn", YSGOL, "Outcomes and governance", D("2025-12-01"))
    letters = NoticeService(wales.ctx, wales.cases)
    draft = letters.preview("wyn", ref, "s3", S3, D("2025-12-15"))
    roles = {r["role"]: r["statutory"] for r in draft.recipients}
    assert roles == {"governing-body": False, "headteacher": True, "welsh-ministers": True}
    assert "section 3 of the School Standards and Organisation (Wales) Act 2013" in draft.html
    assert "9 January 2026" in draft.html
    issued = letters.issue("wyn", ref, "s3", S3, D("2025-12-15"))
    shown = wales.cases.show("wyn", ref)
    assert (shown["state"], shown["warning_notice"]["kind"]) == ("warning_notice", "s3")
    assert shown["deadlines"][0]["due"] == "2026-01-09" and issued["type"] == "s3"


def test_an_s3_warning_notice_without_its_reasons_is_refused(wales):
    ref = wales.cases.open("wyn", YSGOL, "Outcomes and governance", D("2025-12-01"))
    fields = {k: v for k, v in S3.items() if k != "evidence"}
    sentence = refused(wales, lambda: NoticeService(wales.ctx, wales.cases).issue(
        "wyn", ref, "s3", fields, D("2025-12-15")), InvalidInput)
    assert "s3(2)(b)" in sentence


def test_the_case_offers_the_steps_of_the_welsh_act(wales):
    ref = s3_notice(wales)
    wales.cases.compliance("wyn", ref, "not-complied", D("2026-01-12"))
    offered = {s["trigger"]: s["refusal"] for s in next_steps(wales.cases, "wyn", ref)}
    assert "give_intention_to_intervene" not in offered  # s4(2) needs no notice of intention
    assert offered["exercise_power"] is None
    assert "record_secretary_of_state_power" in offered


@pytest.mark.parametrize("command, section", [
    (lambda svc, ref: svc.cases.intention_to_intervene("wyn", ref, ["s6"], D("2026-01-12")),
     "SSO(W)A 2013 s4(2)"),
    (lambda svc, ref: svc.cases.academy_order("wyn", ref, D("2026-01-12")), "Academies Act 2010"),
])
def test_steps_of_the_english_act_are_refused_for_a_welsh_school(wales, command, section):
    ref = s3_notice(wales)
    wales.cases.compliance("wyn", ref, "not-complied", D("2026-01-12"))
    assert section in refused(wales, lambda: command(wales, ref))


def test_the_deadline_list_counts_welsh_working_days(database_url):
    svc = make_services(database_url, now="2025-12-18")
    try:
        add_people(svc)
        svc.authorities.add("ada", "vale-of-glamorgan")
        svc.admin.add_user("ada", "wyn", "service-manager", authority=VALE)
        svc.schools.add("wyn", YSGOL, "Ysgol Gynradd Sain Tathan", "community", "Primary",
                        authority=VALE)
        ref = s3_notice(svc)
        listed = next(r for r in svc.deadlines.deadlines("wyn") if r["kind"] == "compliance-period")
        shown = svc.cases.show("wyn", ref)["deadlines"][0]
        # 19 December to 9 January without Christmas Eve, Christmas, Boxing Day, New Year's Day.
        assert listed["days_left"] == shown["days_left"] == 12
    finally:
        svc.close()


def test_the_welsh_ministers_may_intervene_once_their_own_warning_notice_is_not_complied_with(wales):
    ref = wales.cases.open("wyn", YSGOL, "Concerns", D("2025-12-01"))
    wales.cases.rd_warning_notice("wyn", ref, ["safety"], D("2025-12-16"), D("2026-01-30"))
    early = refused(wales, lambda: wales.cases.rd_power("wyn", ref, "s14", D("2026-01-20")))
    assert early.startswith("The Welsh Ministers may constitute the governing body")
    wales.cases.rd_power("wyn", ref, "s14", D("2026-02-02"))  # s11(3)
    shown = wales.cases.show("wyn", ref)
    assert shown["state"] == "open" and "s14" in shown["secretary_of_state_powers"]


def test_the_welsh_ministers_wait_10_days_after_a_finding_of_ground_8(wales):
    ref = wales.schools.record_estyn("wyn", YSGOL, D("2026-02-02"), "special-measures")
    sentence = refused(wales, lambda: wales.cases.rd_power("wyn", ref, "s14", D("2026-02-05")))
    assert "s11(5)(b)" in sentence and "2026-02-12" in sentence
    wales.cases.rd_power("wyn", ref, "s14", D("2026-02-12"))
    assert "s14" in wales.cases.show("wyn", ref)["secretary_of_state_powers"]


def test_a_welsh_visit_report_is_due_on_the_welsh_calendar_which_skips_christmas_eve(wales):
    """Held on Friday 12 December 2025 with 10 working days: in England the report would be due
    on Tuesday 30 December; on the Welsh strict calendar Christmas Eve is not a working day, so
    it is due on Wednesday 31 December (S.I. 2008/1848 reg 14(2))."""
    wales.categorisation.confirm("wyn", YSGOL, "CAUSING-CONCERN", "Termly review.",
                                 date(2025, 9, 10))
    visit = wales.visits.plan("wyn", YSGOL, date(2025, 12, 12), on=date(2025, 9, 10),
                              officer="wyn")
    assert wales.visits.hold("wyn", visit, date(2025, 12, 12), "Leadership", "Minutes",
                             "limited", "A plan") == "2025-12-31"
