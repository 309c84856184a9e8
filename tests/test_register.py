"""The register of schools causing concern: as of a date, confidential entries, and officers who
see and record only for the schools allocated to them."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import event_count

D = date.fromisoformat


@pytest.fixture
def two_schools(services):
    """Oak: RED for the authority's own concern (confidential). Ash: requires improvement."""
    svc = services
    svc.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    svc.schools.add("sam", "100002", "Ash Primary School", "community", "Primary")
    svc.categorisation.confirm("sam", "100001", "RED", "Safeguarding concerns", D("2025-10-01"))
    svc.schools.record_ofsted("sam", "100002", D("2025-11-12"), None,
                              {"achievement": "needs-attention"})
    return svc


def urns(register):
    return [e["urn"] for e in register["entries"]]


def test_the_register_shows_category_basis_and_confidentiality(two_schools):
    register = two_schools.register.register("sam")
    assert urns(register) == ["100002", "100001"]  # by school name
    ash, oak = register["entries"]
    assert (ash["category"], ash["basis"], ash["confidential"]) == ("AMBER", "ofsted", False)
    assert (oak["category"], oak["basis"], oak["confidential"]) == ("RED", "authority-concern", True)
    assert register["withheld"] == 0


def test_an_officer_sees_on_the_register_only_the_schools_allocated_to_them(two_schools):
    assert urns(two_schools.register.register("sue")) == []
    two_schools.categorisation.allocate("sam", "100002", "sue", D("2026-01-05"))
    assert urns(two_schools.register.register("sue")) == ["100002"]
    two_schools.categorisation.allocate("sam", "100001", "sue", D("2026-01-05"))
    register = two_schools.register.register("sue")
    assert urns(register) == ["100002", "100001"]  # the confidential entry of their own school
    assert register["withheld"] == 0


def test_a_warning_notice_ends_the_confidentiality(two_schools):
    svc = two_schools
    reference = svc.cases.open("sam", "100001", "Safeguarding concerns", D("2025-10-02"))
    svc.cases.warning_notice("sam", reference, "s60", ["safety"], D("2025-12-19"))
    oak = svc.register.register("lee")["entries"][-1]
    assert (oak["urn"], oak["confidential"], oak["case"], oak["stage"]) == ("100001", False, reference, 3)
    then = svc.register.register("sam", D("2026-01-05"))["entries"][-1]
    assert (then["next_deadline"], then["next_deadline_kind"]) == ("2026-01-14", "compliance-period")
    # As it stood before the notice, the entry was still confidential.
    before = two_schools.register.register("lee", D("2025-12-18"))["entries"][-1]
    assert (before["urn"], before["confidential"]) == ("100001", True)


def test_the_register_as_of_a_date_is_the_register_as_it_stood(two_schools):
    svc = two_schools
    svc.schools.record_ofsted("sam", "100002", D("2026-03-01"), None,
                              {"achievement": "expected-standard"})
    assert urns(svc.register.register("sam", D("2025-09-30"))) == []
    assert urns(svc.register.register("sam", D("2025-10-01"))) == ["100001"]
    assert urns(svc.register.register("sam", D("2026-01-01"))) == ["100002", "100001"]
    assert urns(svc.register.register("sam")) == ["100001"]


def test_rebuilding_the_read_models_gives_the_same_register(two_schools):
    before = two_schools.register.register("sam")
    two_schools.admin.rebuild_projections("ada")
    assert two_schools.register.register("sam") == before


def test_an_seo_cannot_see_or_record_for_a_school_not_allocated_to_them(scc, sqlite_url):
    scc("user", "add", "ada", "--role", "admin")
    for name, role in (("sam", "service-manager"), ("sue", "seo"), ("sid", "seo")):
        scc("user", "add", name, "--role", role, user="ada")
    scc("school", "add", "--urn", "100001", "--name", "Oak Primary School", "--type", "community",
        "--phase", "Primary", user="sam")
    scc("school", "ofsted", "100001", "--on", "2025-11-12", "--grade",
        "achievement=needs-attention", user="sam")
    assert scc("school", "allocate", "100001", "--officer", "sid", user="sam").code == 0
    before = event_count(sqlite_url)

    attempts = [
        ("school", "categories", "100001", "--json"),
        ("school", "categorise", "self-assessment", "100001", "--category", "GREEN",
         "--on", "2026-01-05"),
        ("school", "categorise", "propose", "100001", "--category", "AMBER",
         "--criterion", "ri-last-inspection", "--evidence", "Ofsted report", "--on", "2026-01-05"),
        ("visit", "plan", "100001", "--date", "2026-01-20"),
        ("visit", "list", "--school", "100001"),
    ]
    for args in attempts:
        refused = scc(*args, user="sue")
        assert refused.code == 6, (args, refused.err)
        assert "not allocated to sue" in refused.err
    assert event_count(sqlite_url) == before
    assert scc("visit", "plan", "100001", "--date", "2026-01-20", user="sid").code == 0


def test_the_register_csv_export_holds_only_the_officers_schools(scc):
    scc("user", "add", "ada", "--role", "admin")
    for name, role in (("sam", "service-manager"), ("sue", "seo")):
        scc("user", "add", name, "--role", role, user="ada")
    for urn, name in (("100001", "Oak Primary School"), ("100002", "Ash Primary School")):
        scc("school", "add", "--urn", urn, "--name", name, "--type", "community",
            "--phase", "Primary", user="sam")
    scc("school", "categorise", "confirm", "100001", "--category", "RED", "--reason",
        "Safeguarding concerns", "--on", "2025-10-01", user="sam")
    scc("school", "ofsted", "100002", "--on", "2025-11-12", "--grade",
        "achievement=needs-attention", user="sam")

    scc("school", "allocate", "100002", "--officer", "sue", user="sam")
    exported = scc("register", "--csv", user="sue")
    assert exported.code == 0
    lines = exported.out.splitlines()
    assert lines[1].startswith("school,urn,authority,category")
    assert [line.split(",")[1] for line in lines[2:]] == ["100002"]

    as_json = scc("register", "--json", "--as-of", "2026-01-01", user="sam").json()
    assert (as_json["withheld"], len(as_json["entries"])) == (0, 2)
