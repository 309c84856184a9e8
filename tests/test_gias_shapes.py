"""GIAS in every shape (columns found by header name): the real 2022 Surrey and Hampshire download
with `(name)` columns only and its "Linked establishments" spilling over, the April 2025 shape with
no Ofsted columns, and the links file connecting a school to its successor URN."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from scc.domain.errors import InvalidInput
from scc.gias import read_gias
from tests.conftest import SHARED

GIAS_2022 = SHARED / "data" / "gias" / "gias-surrey-hampshire-20220420.csv"
MAINTAINED_GROUP = "Local authority maintained schools"
ACADEMY_GROUPS = ("Academies", "Free Schools")


def file_counts(path: Path) -> Counter[str]:
    """The file's own answer, from its EstablishmentTypeGroup column, read with the csv module."""
    with open(path, encoding="latin-1", newline="") as f:
        return Counter(row["EstablishmentTypeGroup (name)"] for row in csv.DictReader(f))


def test_the_2022_download_imports_every_maintained_school_and_academy() -> None:
    groups = file_counts(GIAS_2022)
    result = read_gias(GIAS_2022)
    kinds = Counter(s.governance for s in result.schools)
    assert kinds["maintained"] == groups[MAINTAINED_GROUP] == 929
    assert kinds["academy"] == sum(groups[g] for g in ACADEMY_GROUPS) == 167
    assert (len(result.out_of_scope), result.problems) == (0, [])
    assert Counter(s.ofsted_rating for s in result.schools)["Serious Weaknesses"] == 11
    assert Counter(s.ofsted_rating for s in result.schools)["Special Measures"] == 6


def test_a_row_with_several_links_keeps_them_all_and_its_other_columns_in_place() -> None:
    school = next(s for s in read_gias(GIAS_2022).schools if s.urn == "116018")
    assert school.name == "Weyford Nursery and Primary School"
    assert school.ofsted_rating == "Requires improvement"  # not shifted by the extra fields
    assert ("115961", "predecessor") in school.links and len(school.links) >= 2


def test_the_april_2025_shape_without_ofsted_columns_imports_the_same_schools(tmp_path) -> None:
    gone = {"OfstedRating (name)", "OfstedLastInsp", "RSCRegion (name)", "Linked establishments"}
    with open(GIAS_2022, encoding="latin-1", newline="") as f:
        rows = list(csv.reader(f))
    keep = [i for i, h in enumerate(rows[0]) if h not in gone]
    path = tmp_path / "gias-2025.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([row[i] for i in keep] for row in rows)
    result = read_gias(path)
    assert len(result.schools) == 1096 and result.problems == []
    assert {s.ofsted_rating for s in result.schools} == {None}


def test_the_2022_file_through_the_service(services) -> None:
    report = services.schools.import_gias("ada", GIAS_2022)
    assert (report.added, len(report.out_of_scope), len(report.problems)) == (1096, 0, 0)
    assert len(services.schools.list("sam", "maintained")) == 929
    assert len(services.schools.list("sam", "academy")) == 167


LINKS = ("URN,LinkURN,LinkName,LinkType,LinkEstablishedDate\n"
         "100001,200001,Oak Academy,Successor,01-09-2025\n"
         "200001,100001,Oak Primary School,Predecessor,01-09-2025\n"
         "100001,300003,Sixth form,Sixth Form Centre Link,\n"
         "555555,666666,Elsewhere,Successor,01-01-2020\n")


def test_a_school_that_became_an_academy_names_its_successor_and_the_case_history_follows(
        services, tmp_path) -> None:
    services.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    services.cases.open("sam", "100001", "Attainment falling", on=date(2025, 3, 3))
    services.schools.add("sam", "200001", "Oak Academy", "academy-converter", "Primary")
    path = tmp_path / "links.csv"
    path.write_text(LINKS)

    report = services.schools.import_links("ada", path)

    assert report == {"linked": 2, "already_linked": 0, "not_held": 1}
    old = services.schools.show("sam", "100001")
    assert [(s["urn"], s["name"]) for s in old["successors"]] == [("200001", "Oak Academy")]
    new = services.schools.show("sam", "200001")
    assert new["predecessors"][0]["cases"] == ["100001-1"]
    assert services.schools.import_links("ada", path)["already_linked"] == 2


def test_a_bad_links_row_refuses_the_file_with_its_line(services, tmp_path) -> None:
    services.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    path = tmp_path / "links.csv"
    path.write_text(LINKS + "100001,12345,Short,Successor,01-09-2025\n")
    with pytest.raises(InvalidInput, match="line 6: '12345' in column LinkURN is not a URN"):
        services.schools.import_links("ada", path)
    assert services.schools.show("sam", "100001")["successors"] == []


def test_scc_school_show_names_the_successor(scc, tmp_path) -> None:
    scc("user", "add", "ada", "--role", "admin")
    scc("user", "add", "sam", "--role", "service-manager", "--as", "ada")
    for urn, name, kind in (("100001", "Oak Primary School", "community"),
                            ("200001", "Oak Academy", "academy-converter")):
        scc("school", "add", "--urn", urn, "--name", name, "--type", kind, "--phase", "Primary",
            "--as", "sam")
    path = tmp_path / "links.csv"
    path.write_text(LINKS)
    assert scc("school", "import-links", str(path), "--as", "ada").code == 0
    shown = scc("school", "show", "100001", "--as", "sam").out
    assert "Successor: URN 200001 Oak Academy (Successor)" in shown
