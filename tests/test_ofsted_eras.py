"""Ofsted's three eras (overall grade to August 2024, sub-judgements from September 2024, report
cards from 10 November 2025) recorded as Ofsted gave them, each pack's automatic register rules in
each era, and the import of Ofsted's management information (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest

from scc.domain.errors import InvalidInput
from tests.conftest import add_people, make_services

D = date.fromisoformat
RI_2025 = {"quality-of-education": "good", "leadership-and-management": "requires-improvement"}
NEEDS_ATTENTION = {"achievement": "needs-attention", "inclusion": "expected-standard",
                   "safeguarding": "met"}
EXPECTED = {"achievement": "expected-standard", "leadership-and-governance": "strong-standard"}


def with_oak(database_url, policy="calderdale"):
    svc = make_services(database_url, policy=policy)
    add_people(svc)
    svc.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    return svc


def category(svc, urn="100001"):
    shown = svc.categorisation.categories("sam", urn)
    return shown["category"], shown["history"][-1]["reason"] if shown["history"] else None


def test_each_era_is_recorded_as_ofsted_gave_it(database_url):
    svc = with_oak(database_url)
    svc.schools.record_ofsted("sam", "100001", D("2023-05-01"), "good")
    svc.schools.record_ofsted("sam", "100001", D("2025-02-03"), None, RI_2025)
    svc.schools.record_ofsted("sam", "100001", D("2026-02-02"), None, NEEDS_ATTENTION)

    history = svc.schools.show("sam", "100001")["ofsted"]

    assert [(j["era"], j["outcome"], j["category"]) for j in history] == [
        ("overall-grade", "good", None), ("sub-judgements", "no-overall-grade", None),
        ("report-card", "report-card", None)]
    assert history[2]["grades"] == NEEDS_ATTENTION
    assert history[1]["summary"].startswith("no overall grade (quality of education: good")


def test_no_overall_grade_is_given_from_september_2024_and_report_card_grades_only_from_november_2025(
        database_url):
    svc = with_oak(database_url)
    with pytest.raises(InvalidInput, match="no overall-effectiveness grade from 1 September 2024"):
        svc.schools.record_ofsted("sam", "100001", D("2025-01-10"), "good", RI_2025)
    with pytest.raises(InvalidInput, match="'achievement' is not an area Ofsted graded"):
        svc.schools.record_ofsted("sam", "100001", D("2025-10-01"), None, NEEDS_ATTENTION)
    with pytest.raises(InvalidInput, match="'requires-improvement' is not a grade"):
        svc.schools.record_ofsted("sam", "100001", D("2025-12-01"), None,
                                  {"achievement": "requires-improvement"})
    assert svc.schools.show("sam", "100001")["ofsted"] == []


@pytest.mark.parametrize(("on", "era", "instead"), [
    ("2024-09-02", ("the era of key judgements without an overall grade (1 September 2024 to 9 "
                    "November 2025)"),
     "record its key judgement (sub-judgement) grades, each as --grade AREA=GRADE"),
    ("2025-11-10", "the report-card era (from 10 November 2025)",
     "record its report card grades, each as --grade AREA=GRADE")])
@pytest.mark.parametrize("grade", ["outstanding", "good", "requires-improvement"])
def test_an_overall_grade_dated_after_august_2024_is_refused_with_what_to_give_instead(
        database_url, on, era, instead, grade):
    svc = with_oak(database_url)
    before = svc.ctx.store.event_count()
    with pytest.raises(InvalidInput) as refused:
        svc.schools.record_ofsted("sam", "100001", D(on), grade)
    message = str(refused.value)
    assert message.startswith("Ofsted gave no overall-effectiveness grade from 1 September 2024: "
                              f"the inspection of {on} falls in {era}; {instead}")
    assert "or its category as --category" in message and f"not the overall grade '{grade}'" \
        in message
    assert svc.ctx.store.event_count() == before
    assert svc.schools.show("sam", "100001")["ofsted"] == []
    assert category(svc) == (None, None)


def test_an_overall_grade_up_to_august_2024_and_a_category_in_any_era_are_still_taken(
        database_url):
    svc = with_oak(database_url)
    svc.schools.record_ofsted("sam", "100001", D("2024-08-31"), "requires-improvement")
    assert svc.schools.record_ofsted("sam", "100001", D("2024-09-02"), "special-measures") \
        == "100001-1"
    history = svc.schools.show("sam", "100001")["ofsted"]
    assert [(j["era"], j["outcome"]) for j in history] == [
        ("overall-grade", "requires-improvement"), ("sub-judgements", "special-measures")]


def test_a_report_card_can_still_place_a_school_in_special_measures_and_the_case_is_eligible(
        database_url):
    svc = with_oak(database_url)
    reference = svc.schools.record_ofsted("sam", "100001", D("2026-01-12"), None,
                                          {"leadership-and-governance": "urgent-improvement",
                                           "safeguarding": "not-met"}, "special-measures")
    assert reference == "100001-1"
    assert svc.cases.show("sam", reference)["eligibility_basis"] == "ofsted"
    assert category(svc)[0] == "RED"


def test_calderdale_twice_requires_improvement_becomes_two_inspections_below_good_across_eras(
        database_url):
    svc = with_oak(database_url)
    svc.schools.record_ofsted("sam", "100001", D("2023-03-01"), "requires-improvement")
    assert category(svc)[0] == "AMBER"
    svc.schools.record_ofsted("sam", "100001", D("2026-03-02"), None, NEEDS_ATTENTION)
    code, reason = category(svc)
    assert code == "RED"
    assert "two consecutive inspections below good" in reason


def test_calderdale_a_report_card_at_the_expected_standard_leaves_the_register(database_url):
    svc = with_oak(database_url)
    svc.schools.record_ofsted("sam", "100001", D("2025-02-03"), None, RI_2025)
    assert svc.categorisation.categories("sam", "100001")["register"]["basis"] == "ofsted"
    svc.schools.record_ofsted("sam", "100001", D("2026-03-02"), None, EXPECTED)
    shown = svc.categorisation.categories("sam", "100001")
    assert (shown["category"], shown["register"]) == ("GREEN", None)


@pytest.mark.parametrize(("policy", "one", "twice", "strong"), [
    ("leeds", "3", "4", "1"), ("warwickshire", "3C", "4", "1"), ("bury", "2A", "1", "3")])
def test_each_pack_says_what_replaces_twice_requires_improvement(database_url, policy, one, twice,
                                                                 strong):
    svc = with_oak(database_url, policy)
    svc.schools.record_ofsted("sam", "100001", D("2025-02-03"), None, RI_2025)
    assert category(svc)[0] == one
    svc.schools.record_ofsted("sam", "100001", D("2026-03-02"), None, NEEDS_ATTENTION)
    assert category(svc)[0] == twice
    svc.schools.record_ofsted("sam", "100001", D("2026-06-01"), None,
                              {"achievement": "strong-standard", "inclusion": "exceptional"})
    assert category(svc)[0] == strong


MI_HEADER = ("URN,Inspection start date,Overall effectiveness,Category of concern,"
             "Quality of education,Effectiveness of leadership and management,Achievement,"
             "Leadership and governance,Safeguarding\n")


def test_ofsted_management_information_imports_every_era(database_url, tmp_path):
    svc = with_oak(database_url)
    path = tmp_path / "mi.csv"
    path.write_text(MI_HEADER
                    + "100001,14/03/2022,3,,3,3,,,Yes\n"
                    + "100001,03/02/2025,,,2,3,,,Yes\n"
                    + "999999,03/02/2025,,,2,2,,,Yes\n"
                    + "100001,02/03/2026,,,,,Needs attention,Expected standard,Met\n")
    report = svc.schools.import_ofsted("sam", path)
    assert report == {"recorded": 3, "already_recorded": 0, "not_held": 1, "cases": 0,
                      "welsh_schools": 0}
    history = svc.schools.show("sam", "100001")["ofsted"]
    assert [j["era"] for j in history] == ["overall-grade", "sub-judgements", "report-card"]
    assert history[1]["grades"]["leadership-and-management"] == "requires-improvement"
    assert category(svc)[0] == "RED"
    assert svc.schools.import_ofsted("sam", path)["already_recorded"] == 3


def test_a_bad_ofsted_row_refuses_the_file_with_its_line_and_nothing_is_written(database_url,
                                                                                 tmp_path):
    svc = with_oak(database_url)
    path = tmp_path / "mi.csv"
    path.write_text(MI_HEADER + "100001,14/03/2022,2,,2,2,,,Yes\n"
                    + "100001,03/02/2025,2,,2,2,,,Yes\n")
    with pytest.raises(InvalidInput, match="line 3: Ofsted gave no overall-effectiveness grade"):
        svc.schools.import_ofsted("sam", path)
    assert svc.schools.show("sam", "100001")["ofsted"] == []


def test_scc_school_import_ofsted_exits_2_naming_the_line(scc, tmp_path):
    scc("user", "add", "ada", "--role", "admin")
    scc("user", "add", "sam", "--role", "service-manager", "--as", "ada")
    scc("school", "add", "--urn", "100001", "--name", "Oak", "--type", "community", "--phase",
        "Primary", "--as", "sam")
    bad = tmp_path / "bad.csv"
    bad.write_text(MI_HEADER + "10001,14/03/2022,2,,2,2,,,Yes\n")
    result = scc("school", "import-ofsted", str(bad), "--as", "sam")
    assert result.code == 2
    assert "line 2" in result.err and "not a URN" in result.err
    good = tmp_path / "good.csv"
    good.write_text(MI_HEADER + "100001,02/03/2026,,SM,,,Urgent improvement,Urgent improvement,"
                    "Not met\n")
    result = scc("school", "import-ofsted", str(good), "--as", "sam")
    assert "1 inspections recorded" in result.err
    shown = scc("school", "show", "100001", "--as", "sam").out
    assert "report card, special measures" in shown
    result = scc("school", "ofsted", "100001", "--on", "2026-04-01", "--grade",
                 "achievement=expected-standard", "--as", "sam")
    assert result.code == 0


@pytest.mark.parametrize(("on", "grades"), [
    ("2025-03-03", ("--grade", "leadership-and-management=requires-improvement")),
    ("2026-03-02", ("--grade", "achievement=needs-attention"))])
def test_scc_school_ofsted_refuses_an_overall_grade_after_august_2024_with_exit_2(scc, on, grades):
    scc("user", "add", "ada", "--role", "admin")
    scc("user", "add", "sam", "--role", "service-manager", "--as", "ada")
    scc("school", "add", "--urn", "100001", "--name", "Oak", "--type", "community", "--phase",
        "Primary", "--as", "sam")
    result = scc("school", "ofsted", "100001", "--on", on, "--outcome", "requires-improvement",
                 "--as", "sam")
    assert result.code == 2
    assert "Ofsted gave no overall-effectiveness grade from 1 September 2024" in result.err
    assert "--grade AREA=GRADE" in result.err and "--category" in result.err
    assert scc("school", "show", "100001", "--json", "--as", "sam").json()["ofsted"] == []
    assert scc("school", "ofsted", "100001", "--on", on, *grades, "--as", "sam").code == 0
    assert scc("school", "show", "100001", "--json", "--as", "sam").json()["ofsted"][0][
        "category"] is None


def test_an_ofsted_row_with_an_overall_grade_after_august_2024_says_which_columns_to_fill(
        database_url, tmp_path):
    svc = with_oak(database_url)
    path = tmp_path / "mi.csv"
    path.write_text(MI_HEADER + "100001,02/03/2026,3,,,,,,\n")
    with pytest.raises(InvalidInput, match="line 2: .* falls in the report-card era .*; leave "
                                           "Overall effectiveness empty and give its report card "
                                           "grades in their columns"):
        svc.schools.import_ofsted("sam", path)
    assert svc.schools.show("sam", "100001")["ofsted"] == []
