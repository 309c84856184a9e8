"""The Welsh national support categories (issue 13, item 3): the Welsh Government's categorisation
file imported as history on the schools with its Welsh school numbers, with each category's
support days; idempotent; a bad file refused whole, its lines named, nothing written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from scc import wales_categories
from scc.bootstrap import Services
from scc.domain.categorisation import academic_year
from scc.domain.errors import InvalidInput, NotPermitted, RuleViolation
from tests.conftest import CliRunnerFn, add_people, event_count, make_services
from tests.test_wales_letters import page_as

D = date.fromisoformat
VALE = "673"
FILE = (Path(__file__).resolve().parents[2] / "shared" / "data" / "wales"
        / "wales-national-categorisation-2019-secondary-special.csv")
COWBRIDGE, ST_CYRES = "400002", "400003"
PUBLISHED = D("2020-01-31")  # the Welsh Government's written statement of 31 January 2020

pytestmark = pytest.mark.skipif(not FILE.exists(), reason="the shared Welsh data is not here")


def vale(svc: Services) -> Services:
    add_people(svc)
    svc.authorities.add("ada", "vale-of-glamorgan")
    svc.admin.add_user("ada", "wyn", "service-manager", authority=VALE)
    for urn, name, number in ((COWBRIDGE, "Cowbridge Comprehensive School", "6734065"),
                              (ST_CYRES, "St Cyres Comprehensive School", "6734067")):
        svc.schools.add("wyn", urn, name, "community", "Secondary", authority=VALE)
        svc.schools.welsh("wyn", urn, school_number=number)
    return svc


@pytest.fixture
def wales(database_url: str) -> Iterator[Services]:
    svc = vale(make_services(database_url))
    yield svc
    svc.close()


def test_the_file_is_recorded_as_history_on_the_schools_with_its_school_numbers(wales):
    report = wales.schools.import_wales_categories("wyn", FILE, PUBLISHED)
    assert (report["year"], report["recorded"], report["already_recorded"]) == ("2019/20", 2, 0)
    # The Vale's seven other schools of the file are not held; other authorities not served.
    assert len(report["not_held"]) == 7 and report["not_served"] == 245 - 9
    assert {"line": 125, "school_number": "6734060", "name": "LLANTWIT MAJOR SCHOOL"} in \
        report["not_held"]
    shown = wales.schools.show("wyn", ST_CYRES)["wales"]
    assert shown["school_number"] == "6734067"
    assert shown["support_categories"] == [{
        "year": "2019/20", "category": "amber", "category_cy": "Oren", "support_days": 15,
        "published_on": "2020-01-31", "source": f"{FILE.name}, line 127"}]
    assert wales.schools.show("wyn", COWBRIDGE)["wales"]["support_categories"][0][
        "support_days"] == 4  # Green: up to four days


def test_importing_the_file_again_records_nothing(wales):
    wales.schools.import_wales_categories("wyn", FILE, PUBLISHED)
    before = wales.ctx.store.event_count()
    again = wales.schools.import_wales_categories("wyn", FILE, PUBLISHED)
    assert (again["recorded"], again["already_recorded"]) == (0, 2)
    assert wales.ctx.store.event_count() == before


def test_a_bad_file_is_refused_naming_each_bad_line_and_nothing_is_written(wales, tmp_path):
    lines = FILE.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace("Yellow/Melyn", "Purple/Porffor")
    lines[6] = "67340,Ysgol,The Vale of Glamorgan / Bro Morgannwg,CSC,Green/Gwyrdd,secondary"
    lines[8] = lines[2]  # the same school twice
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = wales.ctx.store.event_count()
    with pytest.raises(InvalidInput) as refusal:
        wales.schools.import_wales_categories("wyn", bad, PUBLISHED)
    said = str(refusal.value)
    assert "line 5: support_category 'Purple/Porffor'" in said
    assert "line 7: school_code '67340' is not a Welsh school number" in said
    assert "line 9: school 6604026 is already on line 3" in said
    assert "Nothing was recorded" in said
    assert wales.ctx.store.event_count() == before


def test_a_file_without_the_columns_is_refused(wales, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("urn,category\n400002,Green\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="line 1: the header lacks school_code"):
        wales.schools.import_wales_categories("wyn", bad, PUBLISHED)


def test_a_corrected_category_for_the_same_year_is_recorded_as_history(wales, tmp_path):
    wales.schools.import_wales_categories("wyn", FILE, PUBLISHED)
    corrected = tmp_path / "corrected.csv"
    text = FILE.read_text(encoding="utf-8").replace(
        "St Cyres Comprehensive School,The Vale of Glamorgan / Bro Morgannwg,Central South "
        "Consortium/Consortiwm Canolbarth y De,Amber/Oren",
        "St Cyres Comprehensive School,The Vale of Glamorgan / Bro Morgannwg,Central South "
        "Consortium/Consortiwm Canolbarth y De,Yellow/Melyn")
    corrected.write_text(text, encoding="utf-8")
    report = wales.schools.import_wales_categories("wyn", corrected, D("2020-02-14"))
    assert (report["recorded"], report["already_recorded"]) == (1, 1)
    history = wales.schools.show("wyn", ST_CYRES)["wales"]["support_categories"]
    assert [(c["category"], c["support_days"]) for c in history] == [("amber", 15),
                                                                      ("yellow", 10)]


def test_only_a_service_manager_or_administrator_of_the_authority_imports(wales):
    with pytest.raises(NotPermitted):
        wales.schools.import_wales_categories("sue", FILE, PUBLISHED)  # an SEO
    # Calderdale's Service Manager does not act for the Vale: its rows are counted, not recorded.
    report = wales.schools.import_wales_categories("sam", FILE, PUBLISHED)
    assert report["recorded"] == 0 and report["other_authority"] == 9


def test_the_school_number_is_the_authority_s_and_one_school_s(wales):
    with pytest.raises(InvalidInput, match="beginning with its LA code 673"):
        wales.schools.welsh("wyn", COWBRIDGE, school_number="6604025")
    with pytest.raises(RuleViolation, match="already Cowbridge Comprehensive School's"):
        wales.schools.welsh("wyn", ST_CYRES, school_number="6734065")


def test_categories_are_read_in_either_language():
    assert wales_categories.category_of("Amber/Oren") == "amber"
    assert wales_categories.category_of("Coch") == "red"
    assert wales_categories.category_of("Green/Coch") is None
    assert academic_year(D("2020-01-31")) == "2019/20"
    assert academic_year(D("2020-09-30")) == "2020/21"


def test_through_scc_and_on_the_school_page(sqlite_url: str, scc: CliRunnerFn):
    vale(make_services(sqlite_url)).close()
    done = scc("school", "import-wales-categories", str(FILE), "--on", "2020-01-31", "--json",
               user="wyn")
    assert done.code == 0, done.err
    assert json.loads(done.out)["recorded"] == 2
    assert "line 125: no school here has the school number 6734060" in done.err
    before = event_count(sqlite_url)
    again = scc("school", "import-wales-categories", str(FILE), "--on", "2020-01-31", user="wyn")
    assert again.code == 0 and "0 categories recorded, 2 already recorded" in again.err
    assert event_count(sqlite_url) == before
    shown = scc("school", "show", ST_CYRES, user="wyn")
    assert "National support category 2019/20: Amber/Oren, up to 15 days" in shown.out

    page = page_as(sqlite_url, "wyn", f"/schools/{ST_CYRES}")
    assert "National support categories (Wales)" in page
    assert 'Amber (<span lang="cy">Oren</span>)' in page and "up to 15 days" in page
    assert "Welsh school number 6734067" in page and "English first" in page


def test_the_vale_s_own_levels_of_concern_are_its_category_scheme(wales):
    scheme = wales.categorisation.scheme(VALE)
    assert [c["code"] for c in scheme["categories"]] == [
        "UNIVERSAL", "ENHANCED-MONITORING", "CAUSING-CONCERN"]
    wales.categorisation.propose("wyn", COWBRIDGE, "ENHANCED-MONITORING", ["outcomes-declining"],
                                 "Outcomes in mathematics fell for two years.", D("2026-05-01"))
    wales.categorisation.confirm("wyn", COWBRIDGE, "ENHANCED-MONITORING",
                                 "Outcomes in mathematics fell for two years.", D("2026-05-05"))
    assert wales.categorisation.categories("wyn", COWBRIDGE)["category"] == \
        "ENHANCED-MONITORING"
    # Estyn's finding of significant improvement makes the school causing concern.
    wales.schools.record_estyn("wyn", ST_CYRES, D("2026-05-12"), "significant-improvement")
    assert wales.categorisation.categories("wyn", ST_CYRES)["category"] == \
        "CAUSING-CONCERN"


def test_a_school_without_a_number_takes_the_one_row_of_its_own_name(wales):
    """The file gives Welsh school numbers and names, never URNs: Stanwell School, held here
    without a number, is given 6735400 from its line, reported so it can be checked."""
    wales.schools.add("wyn", "400004", "Stanwell  school", "community", "Secondary",
                      authority=VALE)
    report = wales.schools.import_wales_categories("wyn", FILE, PUBLISHED)
    assert report["numbered_by_name"] == [{"urn": "400004", "name": "Stanwell  school",
                                           "school_number": "6735400", "line": 131}]
    shown = wales.schools.show("wyn", "400004")["wales"]
    assert shown["school_number"] == "6735400"
    assert shown["support_categories"][0]["category"] == "green"
    again = wales.schools.import_wales_categories("wyn", FILE, PUBLISHED)
    assert again["numbered_by_name"] == [] and again["recorded"] == 0
