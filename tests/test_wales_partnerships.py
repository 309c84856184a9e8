"""Collaborative Learning Partnerships (issue 13, item 3): groups of schools with a convening
school; a school in one at a time; schools of other authorities may join, recorded by someone
acting for both authorities; a school page names only the schools its reader may see."""

from __future__ import annotations

from datetime import date

import pytest

from scc.domain.errors import NotPermitted
from tests.conftest import CliRunnerFn
from tests.test_wales import OAK, VALE, YSGOL, refused, wales  # noqa: F401
from tests.test_wales_letters import page_as, vale_through_scc

D = date.fromisoformat
RHWS = "400002"
ON = D("2026-05-01")


def with_second_school(svc):
    svc.schools.add("wyn", RHWS, "Ysgol Rhws", "community", "Primary", authority=VALE)
    return svc


def test_a_partnership_of_schools_with_its_convenor_and_one_at_a_time(wales):  # noqa: F811
    svc = with_second_school(wales)
    formed = svc.schools.partnership("wyn", "form", "barry-east", YSGOL, ON,
                                     name="Barry East CLP")
    assert formed["kind"] == "Collaborative Learning Partnership"
    assert formed["schools"] == [{"urn": YSGOL, "name": "Ysgol Gynradd Sain Tathan",
                                  "authority": VALE, "joined_on": "2026-05-01",
                                  "convenes": True}]
    svc.schools.partnership("wyn", "join", "barry-east", RHWS, ON)
    # A school is in one partnership at a time: Ysgol Rhws cannot form or join another.
    sentence = refused(svc, lambda: svc.schools.partnership("wyn", "form", "barry-west", RHWS,
                                                            ON, name="Barry West CLP"))
    assert "one at a time" in sentence
    # The convening school does not leave before another convenes.
    refused(svc, lambda: svc.schools.partnership("wyn", "leave", "barry-east", YSGOL, ON,
                                                 reason="Moving"))
    svc.schools.partnership("wyn", "convene", "barry-east", RHWS, ON)
    left = svc.schools.partnership("wyn", "leave", "barry-east", YSGOL, ON, reason="Moving")
    assert [(m["urn"], m["convenes"]) for m in left["schools"]] == [(RHWS, True)]
    assert "partnership" not in svc.schools.show("wyn", YSGOL)
    assert svc.schools.show("wyn", RHWS)["partnership"]["code"] == "barry-east"


def test_a_school_of_another_authority_joins_when_someone_acting_for_both_records_it(
        wales):  # noqa: F811
    wales.schools.partnership("wyn", "form", "barry-east", YSGOL, ON, name="Barry East CLP")
    before = wales.ctx.store.event_count()
    with pytest.raises(NotPermitted):  # wyn does not act for Calderdale (381)
        wales.schools.partnership("wyn", "join", "barry-east", OAK, ON)
    with pytest.raises(NotPermitted):  # nor sam for the Vale, whose partnership it is
        wales.schools.partnership("sam", "join", "barry-east", OAK, ON)
    assert wales.ctx.store.event_count() == before
    wales.authorities.grant("ada", "wyn", ["381"])
    joined = wales.schools.partnership("wyn", "join", "barry-east", OAK, ON)
    assert {m["authority"] for m in joined["schools"]} == {VALE, "381"}
    # Calderdale's Service Manager sees Oak's partnership, the Vale's school counted, not named.
    seen = wales.schools.show("sam", OAK)["partnership"]
    assert [m["urn"] for m in seen["schools"]] == [OAK]
    assert seen["schools_elsewhere"] == {VALE: 1} and seen["convenor"] is None


def test_an_authority_whose_pack_has_no_partnerships_forms_none(wales):  # noqa: F811
    sentence = refused(wales, lambda: wales.schools.partnership(
        "sam", "form", "halifax-north", OAK, ON, name="Halifax North"))
    assert "forms no partnerships" in sentence


def test_through_scc_and_on_the_school_page(sqlite_url: str, scc: CliRunnerFn):
    vale_through_scc(scc)
    assert scc("school", "add", "--urn", RHWS, "--name", "Ysgol Rhws", "--type", "community",
               "--phase", "Primary", "--authority", VALE, user="wyn").code == 0
    formed = scc("school", "clp", "form", "barry-east", "--urn", YSGOL, "--name",
                 "Barry East CLP", "--on", "2026-05-01", user="wyn")
    assert formed.code == 0, formed.err
    joined = scc("school", "clp", "join", "barry-east", "--urn", RHWS, "--on", "2026-05-01",
                 "--json", user="wyn")
    assert joined.code == 0 and len(joined.json()["schools"]) == 2
    again = scc("school", "clp", "form", "barry-west", "--urn", RHWS, "--name", "Barry West",
                "--on", "2026-05-01", user="wyn")
    assert again.code == 3 and "one at a time" in again.err
    shown = scc("school", "show", RHWS, user="wyn")
    assert "Collaborative Learning Partnership: Barry East CLP (barry-east), convened by " \
        f"{YSGOL}; 2 schools" in shown.out

    page = page_as(sqlite_url, "wyn", f"/schools/{RHWS}")
    assert "Collaborative Learning Partnership" in page and "convenes the partnership" in page
