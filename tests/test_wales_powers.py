"""The authority's powers ss5-9 of the School Standards and Organisation (Wales) Act 2013, each
issued with its own notice in Welsh and English (the notices pipeline, hashed and kept), and the
copies of a Welsh notice: the foundation governors' appointer and the religious body apart where
they are different bodies (s3(3)(b))."""

from __future__ import annotations

import hashlib
from datetime import date

from scc.application.notices import NoticeService
from scc.bootstrap import Services
from scc.domain import ids
from scc.domain.errors import InvalidInput
from tests.conftest import cli_against
from tests.test_wales import VALE, refused, s3_notice, wales  # noqa: F401
from tests.test_wales_letters import S3, pdf_text

D = date.fromisoformat
S6 = {"power": "s6", "governors": ["Mererid Hopwood", "Alun Davies"],
      "effective_from": "2026-01-20", "reasons": ["The governing body did not comply"],
      "reasons_cy": ["Ni chydymffurfiodd y corff llywodraethu"]}


def _not_complied(svc: Services) -> tuple[NoticeService, str]:
    ref = s3_notice(svc)
    svc.cases.compliance("wyn", ref, "not-complied", D("2026-01-12"))
    return NoticeService(svc.ctx, svc.cases), ref


def test_additional_governors_are_appointed_by_a_notice_in_welsh_and_english(wales, tmp_path):  # noqa: F811
    letters, ref = _not_complied(wales)
    fields = {k: v for k, v in S6.items() if k != "power"}
    issued = letters.issue("wyn", ref, "power-s6", fields, D("2026-01-13"))
    assert issued["languages"] == ["en", "cy"]
    assert issued["translation"]["template"] == "power-wales.cy"
    assert wales.cases.show("wyn", ref)["powers_exercised"] == {"s6": "2026-01-13"}
    event = list(wales.ctx.store.events.get(ids.case_id(ref)))[-1]
    assert type(event).__name__ == "InterventionPowerExercised"
    for part in ("html", "pdf", "context"):
        digest = event.notice[f"{part}_sha256"]
        assert hashlib.sha256(letters.get("wyn", digest)[1]).hexdigest() == digest
    text = pdf_text(letters.get("wyn", issued["pdf_sha256"])[1], tmp_path)
    for words in ("Given under section 6 of the School Standards and Organisation (Wales) Act",
                  "to appoint additional governors", "Mererid Hopwood",
                  "penodi llywodraethwyr ychwanegol", "Ni chydymffurfiodd y corff llywodraethu",
                  "ddydd Mawrth 20 Ionawr 2026", "Tuesday 20 January 2026",
                  "The Welsh Ministers, Welsh Government"):
        assert words in text, words


def test_each_power_s5_to_s9_has_its_notice_and_its_welsh_statements(wales):  # noqa: F811
    letters, ref = _not_complied(wales)
    wales.cases.rd_consent("wyn", ref, "s7", D("2026-01-13"))
    base = {"effective_from": "2026-02-02", "reasons": ["The notice was not complied with"]}
    given = {"power-s5": {"requirements": ["Secure advice from the regional consortium"]},
             "power-s8": {}, "power-s9": {"directions": ["Adopt the authority's budget plan"]},
             "power-s7": {"ieb_members": ["Ann Jones"], "consent_date": "2026-01-13"}}
    for notice_type, own in given.items():
        draft = letters.preview("wyn", ref, notice_type, {**base, **own}, D("2026-01-14"))
        power = notice_type.removeprefix("power-")
        assert f"under section {power[1:]} of the School Standards" in draft.html
        assert 'data-statement="effective-from-cy"' in draft.html
    assert wales.cases.show("wyn", ref)["powers_exercised"] == {}  # a preview writes nothing


def test_a_power_notice_before_the_power_to_intervene_is_refused_and_nothing_written(wales):  # noqa: F811
    ref = s3_notice(wales)
    letters = NoticeService(wales.ctx, wales.cases)
    fields = {k: v for k, v in S6.items() if k != "power"}
    said = refused(wales, lambda: letters.issue("wyn", ref, "power-s6", fields,
                                                D("2025-12-20")))
    assert "s4(2)" in said


def test_an_english_power_notice_is_refused_for_a_welsh_case(wales):  # noqa: F811
    letters, ref = _not_complied(wales)
    said = refused(wales, lambda: letters.issue(
        "wyn", ref, "power-s64", {"governors": ["A"], "effective_from": "2026-01-20",
                                  "reasons": ["R"]}, D("2026-01-13")), InvalidInput)
    assert "'power-s64' is not a notice type" in said and "power-s6" in said


def test_the_appointer_and_the_religious_body_each_receive_a_copy_where_they_differ(wales):  # noqa: F811
    wales.schools.add("wyn", "400002", "Ysgol Sant Illtud", "voluntary-aided", "Primary",
                      diocese="Archdiocese of Cardiff", trust="St Illtud's Foundation",
                      authority=VALE)
    wales.schools.add("wyn", "400003", "Ysgol yr Eglwys yng Nghymru", "voluntary-aided",
                      "Primary", diocese="Diocese of Llandaff", authority=VALE)
    letters = NoticeService(wales.ctx, wales.cases)
    copies = {}
    for urn in ("400002", "400003"):
        ref = wales.cases.open("wyn", urn, "Standards", D("2025-12-01"))
        draft = letters.preview("wyn", ref, "s3", S3, D("2025-12-15"))
        copies[urn] = [(r["role"], r["organisation"], r["statutory"]) for r in draft.recipients]
    assert ("foundation", "St Illtud's Foundation", True) in copies["400002"]
    assert ("religious-body", "Archdiocese of Cardiff", True) in copies["400002"]
    # The diocese appoints the foundation governors and is the religious body: one copy.
    assert [c for c in copies["400003"] if c[0] in ("foundation", "religious-body")] == [
        ("foundation", "Diocese of Llandaff", True)]


def test_the_recorded_contacts_of_the_trust_and_the_diocese_each_receive_their_copy(wales):  # noqa: F811
    wales.schools.add("wyn", "400002", "Ysgol Sant Illtud", "voluntary-aided", "Primary",
                      diocese="Archdiocese of Cardiff", trust="St Illtud's Foundation",
                      authority=VALE)
    wales.contacts.add("wyn", "400002", "trust", "Carys Evans", ["1 Heol y Plwyf", "Llanilltud"],
                       None, D("2025-11-01"))
    wales.contacts.add("wyn", "400002", "diocese", "Fr Huw Thomas", ["Archbishop's House"],
                       None, D("2025-11-01"))
    ref = wales.cases.open("wyn", "400002", "Standards", D("2025-12-01"))
    draft = NoticeService(wales.ctx, wales.cases).preview("wyn", ref, "s3", S3, D("2025-12-15"))
    copies = {r["role"]: (r["name"], r["organisation"]) for r in draft.recipients}
    assert copies["foundation"] == ("Carys Evans", "St Illtud's Foundation")
    assert copies["religious-body"] == ("Fr Huw Thomas", "Archdiocese of Cardiff")


def test_scc_notice_types_lists_the_welsh_notices_where_the_act_is_in_force(wales, database_url):  # noqa: F811
    scc = cli_against(database_url)
    listed = {t["type"]: t["rule_set"] for t in scc("notice", "types", "--json", user="wyn").json()}
    assert {listed[f"power-s{n}"] for n in range(5, 10)} == {"wales-2014"}
    assert listed["s3"] == "wales-2014" and listed["power-s64"] != "wales-2014"
    before = {t["type"] for t in scc("notice", "types", "--on", "2013-09-01", "--json",
                                     user="wyn").json()}
    assert "s3" not in before and "s60" in before  # Part 2 of the 2013 Act: from 20 February 2014
