"""A school's contacts (issue 15, item 4), on SQLite and PostgreSQL: recorded and ended by the
Service Manager, and the recipients of notices: the warning notice addressed to the recorded chair
of governors, copied to the recorded headteacher and to the recorded diocese (s60(6))."""

from __future__ import annotations

import pytest

from scc.application.notices import NoticeService
from scc.domain.errors import InvalidInput, NotPermitted
from tests.notice_cases import S60, VOLUNTARY_AIDED, D, import_sample, open_case


@pytest.fixture
def schools(services):
    import_sample(services)
    return services


def test_a_notice_goes_to_the_recorded_chair_head_and_diocese(schools):
    ref = open_case(schools, VOLUNTARY_AIDED)
    contacts = schools.contacts
    contacts.add("sam", VOLUNTARY_AIDED, "chair-of-governors", "Mr Daniel Okafor",
                 ["c/o the school", "St James's Passage", "London EC3A 5DE"], "chair@cass.sch.uk",
                 D("2026-01-02"))
    contacts.add("sam", VOLUNTARY_AIDED, "headteacher", "Ms Rachel Green", [], None,
                 D("2026-01-02"))
    contacts.add("sam", VOLUNTARY_AIDED, "diocese", "Director of Education",
                 ["London Diocesan Board for Schools", "London Diocesan House", "London SW1P 3AZ"],
                 "education@london.anglican.org", D("2026-01-02"))
    draft = NoticeService(schools.ctx, schools.cases).preview("sam", ref, "s60", S60,
                                                              D("2026-01-14"))
    by_role = {r["role"]: r for r in draft.recipients}
    chair = by_role["governing-body"]
    assert chair["addressee"] and chair["name"] == "Mr Daniel Okafor"
    assert chair["address"] == ["c/o the school", "St James's Passage", "London EC3A 5DE"]
    assert chair["salutation"] == "Dear Mr Okafor"
    assert by_role["headteacher"]["name"] == "Ms Rachel Green"
    assert by_role["foundation"]["name"] == "Director of Education"
    assert by_role["foundation"]["organisation"] == "Diocese of London"
    assert by_role["foundation"]["address"][0] == "London Diocesan Board for Schools"
    assert by_role["foundation"]["statutory"]
    assert "Mr Daniel Okafor" in draft.html and "Dear Mr Okafor" in draft.html


def test_an_ended_contact_no_longer_receives_notices_but_stays_in_the_record(schools):
    ref = open_case(schools, VOLUNTARY_AIDED)
    number = schools.contacts.add("sam", VOLUNTARY_AIDED, "headteacher", "Ms Rachel Green", [],
                                  None, D("2026-01-02"))
    schools.contacts.end("sam", VOLUNTARY_AIDED, number, "Retired", D("2026-01-10"))
    assert schools.contacts.list("sam", VOLUNTARY_AIDED) == []
    assert [c["ended_on"] for c in schools.contacts.list("sam", VOLUNTARY_AIDED, True)] == [
        "2026-01-10"]
    draft = NoticeService(schools.ctx, schools.cases).preview("sam", ref, "s60", S60,
                                                              D("2026-01-14"))
    head = next(r for r in draft.recipients if r["role"] == "headteacher")
    assert head["name"] != "Ms Rachel Green"


def test_only_the_service_manager_records_contacts_and_bad_input_is_refused(schools):
    before = schools.ctx.store.event_count()
    with pytest.raises(NotPermitted, match="record or end a school's contacts"):
        schools.contacts.add("sue", VOLUNTARY_AIDED, "clerk", "Mrs Clerk", [], None)
    with pytest.raises(InvalidInput, match="is not an email address"):
        schools.contacts.add("sam", VOLUNTARY_AIDED, "clerk", "Mrs Clerk", [], "not-an-email")
    with pytest.raises(InvalidInput, match="not a valid contact role"):
        schools.contacts.add("sam", VOLUNTARY_AIDED, "bursar", "Mr Money", [], None)
    with pytest.raises(InvalidInput, match="control character"):
        schools.contacts.add("sam", VOLUNTARY_AIDED, "clerk", "Mrs\x00Clerk", [], None)
    assert schools.ctx.store.event_count() == before


def test_contacts_through_the_cli(scc):
    assert scc("user", "add", "ada", "--role", "admin").code == 0
    assert scc("user", "add", "sam", "--role", "service-manager", user="ada").code == 0
    assert scc("school", "add", "--urn", "100001", "--name", "Oak Primary School", "--type",
               "community", "--phase", "Primary", user="sam").code == 0
    added = scc("school", "contact", "add", "100001", "--role", "clerk", "--name", "Mrs J Bell",
                "--address", "Oak Primary School", "--address", "Halifax HX1 1AA", "--email",
                "clerk@oak.sch.uk", user="sam")
    assert added.code == 0 and added.out.strip() == "C1"
    listed = scc("school", "contact", "list", "100001", "--json", user="sam").json()
    assert [(c["role"], c["name"], c["address"]) for c in listed] == [
        ("clerk", "Mrs J Bell", ["Oak Primary School", "Halifax HX1 1AA"])]
    assert scc("school", "contact", "end", "100001", "C1", "--reason", "Left", user="sam").code == 0
    assert scc("school", "contact", "list", "100001", "--json", user="sam").json() == []
    assert scc("school", "contact", "add", "100001", "--role", "clerk", "--name", "X",
               "--email", "nope", user="sam").code == 2


def test_a_visit_record_is_addressed_to_the_recorded_headteacher(services):
    services.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    services.schools.record_ofsted("sam", "100001", D("2024-06-10"), "requires-improvement")
    services.categorisation.allocate("sam", "100001", "sue", D("2026-05-01"))
    services.contacts.add("sam", "100001", "headteacher", "Mrs Ann Patel",
                          ["Oak Lane", "Halifax HX1 1AA"], None, D("2026-05-01"))
    visit = services.visits.plan("sue", "100001", D("2026-05-20"), on=D("2026-05-15"))
    services.visits.hold("sue", visit, D("2026-05-20"), "Attendance", "Registers", "secure",
                         "Follow up persistent absence")
    html = services.visits.preview_report("sue", visit)
    assert "Dear Mrs Patel" in html and "Oak Lane" in html


def test_a_recorded_chair_keeps_their_name_in_the_welsh_part_of_a_notice():
    from scc.application.recipients import in_welsh
    from scc.policy_packs import load_policy

    policy = load_policy("calderdale")
    chair = {"role": "governing-body", "name": "Mr Ben Okafor", "organisation": "Ysgol Gymraeg",
             "address": ["Heol y Bont"], "salutation": "Dear Mr Okafor"}
    welsh = in_welsh(chair, policy)
    assert (welsh["name"], welsh["salutation"]) == ("Mr Ben Okafor", "Annwyl Mr Okafor")
    titled = in_welsh({**chair, "name": "The Chair of the Governing Body"}, policy)
    assert titled["name"] == "Cadeirydd y Corff Llywodraethu"
