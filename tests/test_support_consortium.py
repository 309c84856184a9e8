"""Warwickshire's consortium funding (issue 14; seed 002, the appendix 'Warwickshire County Council
Consortium Model'): the schools whose category triggers funding (3A and 3B), times an amount per
pupil on their rolls, as of a date. The seed's example, worked by hand: 20 schools, 5 each in 1, 2A
and 2B, 3 in 3A and 2 in 3B, none in 4, so 5 schools trigger funding. On SQLite and PostgreSQL
through the service; the commands on SQLite."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from scc.application import context
from scc.domain.errors import InvalidInput, NotPermitted
from scc.policy_packs import load_policy
from tests.conftest import CliRunnerFn, add_people, make_services

D = date.fromisoformat
CATEGORIES = ["1"] * 5 + ["2A"] * 5 + ["2B"] * 5 + ["3A"] * 3 + ["3B"] * 2
# The rolls of the five triggering schools (3A, 3A, 3A, 3B, 3B), made up for the test: 1,228 pupils.
ROLLS = [210, 315, 420, 187, 96]


@pytest.fixture
def warwickshire(database_url):
    """The seed's example consortium: 20 schools of Warwickshire categorised on 1 April 2026,
    the rolls of the five in 3A and 3B recorded as of the January census."""
    svc = make_services(database_url, policy="warwickshire")
    add_people(svc)
    for number, category in enumerate(CATEGORIES, start=1):
        urn = f"{300000 + number}"
        svc.schools.add("sam", urn, f"School {number:02}", "community", "Primary")
        svc.categorisation.confirm("sam", urn, category, "Annual categorisation.",
                                   D("2026-04-01"))
    for urn, pupils in zip(("300016", "300017", "300018", "300019", "300020"), ROLLS,
                           strict=True):
        svc.support.record_roll("sam", urn, pupils, D("2026-01-15"))
    yield svc
    svc.close()


def test_five_of_the_twenty_schools_trigger_funding_with_their_pupils(warwickshire) -> None:
    found = warwickshire.support.consortium_funding("sam", D("2026-05-01"))
    assert (found["triggers"], found["per_pupil"]) == (["3A", "3B"], None)
    assert found["source"].startswith("seed 002")
    [consortium] = found["consortia"]
    assert (consortium["schools"], len(consortium["triggering"])) == (20, 5)
    assert [s["category"] for s in consortium["triggering"]] == ["3A", "3A", "3A", "3B", "3B"]
    assert consortium["pupils"] == 1228 and consortium["amount"] is None  # the seed's 'x' unset
    # Before the categories were decided nothing triggers funding.
    [before] = warwickshire.support.consortium_funding("sam", D("2026-03-31"))["consortia"]
    assert (before["schools"], before["triggering"], before["amount"]) == (20, [], None)


def test_the_funding_is_exact_at_the_amount_per_pupil_the_authority_sets(warwickshire,
                                                                        monkeypatch) -> None:
    # The authority sets its 'x' in the pack: £12.35 a pupil (floats make 1228 x 12.35 inexact).
    pack = load_policy("warwickshire")
    assert pack.support is not None and pack.support.consortium is not None
    agreed = dataclasses.replace(pack, support=dataclasses.replace(
        pack.support, consortium=dataclasses.replace(pack.support.consortium,
                                                     per_pupil=Decimal("12.35"))))
    monkeypatch.setattr(context, "load_policy", lambda name: agreed)
    # A new roll after the date does not count; the one of the day before does.
    warwickshire.support.record_roll("sam", "300016", 999, D("2026-05-02"))
    warwickshire.support.record_roll("sam", "300020", 100, D("2026-04-30"))
    [consortium] = warwickshire.support.consortium_funding("sam", D("2026-05-01"))["consortia"]
    # 210 x 12.35 = 2593.50, 315 x = 3890.25, 420 x = 5187.00, 187 x = 2309.45, 100 x = 1235.00
    assert [s["amount"] for s in consortium["triggering"]] == \
        ["2593.50", "3890.25", "5187.00", "2309.45", "1235.00"]
    # Exact to the penny: in binary floating point 1232 x 12.35 is not 15215.20.
    assert (consortium["pupils"], consortium["amount"]) == (1232, "15215.20")


def test_an_seo_may_not_read_it_and_a_roll_is_a_whole_number(warwickshire) -> None:
    with pytest.raises(NotPermitted, match="every school of the consortium"):
        warwickshire.support.consortium_funding("sue", D("2026-05-01"))
    with pytest.raises(InvalidInput, match="whole number from 0 to 5,000"):
        warwickshire.support.record_roll("sam", "300001", "-3", D("2026-05-01"))


def test_a_pack_without_consortium_funding_says_so(services) -> None:
    found = services.support.consortium_funding("sam")
    assert (found["pack"], found["funds_consortia"], found["consortia"]) == \
        ("calderdale", False, [])
    assert services.support.board_page("sam")["consortium"] is None


def test_the_commands_record_a_roll_and_print_the_funding(scc: CliRunnerFn) -> None:
    warwick = {"SCC_POLICY": "warwickshire"}
    assert scc("user", "add", "ada", "--role", "admin", env=warwick).code == 0
    assert scc("user", "add", "sam", "--role", "service-manager", user="ada", env=warwick).code == 0
    assert scc("school", "add", "--urn", "300001", "--name", "Avon Primary School", "--type",
               "community", "--phase", "Primary", user="sam", env=warwick).code == 0
    assert scc("school", "categorise", "confirm", "300001", "--category", "3B", "--reason",
               "Annual categorisation.",
               "--on", "2026-04-01", user="sam", env=warwick).code == 0
    recorded = scc("support", "roll", "300001", "187", "--on", "2026-01-15", user="sam",
                   env=warwick)
    assert recorded.code == 0 and "187 pupils" in recorded.out
    # A second school in 3A whose roll nobody has recorded: named, and counting no pupils.
    assert scc("school", "add", "--urn", "300002", "--name", "Bidford Primary School", "--type",
               "community", "--phase", "Primary", user="sam", env=warwick).code == 0
    assert scc("school", "categorise", "confirm", "300002", "--category", "3A", "--reason",
               "Annual categorisation.", "--on", "2026-04-01", user="sam", env=warwick).code == 0
    shown = scc("support", "consortium-funding", "--on", "2026-05-01", user="sam", env=warwick)
    assert shown.code == 0
    assert "2 of 2 schools trigger funding, 187 pupils: amount per pupil not set" in shown.out
    assert "Avon Primary School" in shown.out
    assert "Bidford Primary School" in shown.out and "no roll recorded" in shown.out
    wrong = scc("support", "roll", "300001", "lots", "--on", "2026-01-15", user="sam",
                env=warwick)
    assert wrong.code == 2 and "whole number" in wrong.err
    wrong_day = scc("support", "consortium-funding", "--on", "May", user="sam", env=warwick)
    assert wrong_day.code == 2 and "not a date" in wrong_day.err


def test_the_boards_view_shows_the_funding_to_the_service_manager_only(warwickshire) -> None:
    from scc.web import create_app
    from scc.web.credentials import Credentials
    from tests.web_helpers import signed_in

    for name in ("sam", "sue"):
        Credentials(warwickshire.ctx.engine).set_password(name, f"{name}-passphrase-1")
    app = create_app(warwickshire)
    # Today (1 June 2026) the categories of 1 April stand.
    page = signed_in(app, "sam", "sam-passphrase-1").get("/support/board").text
    assert "Consortium funding triggered by category" in page
    assert "5 of 20 schools trigger funding, 1228 pupils" in page
    assert "an amount per pupil the policy pack does not set yet" in page
    sue = signed_in(app, "sue", "sue-passphrase-1").get("/support/board")
    assert sue.status_code == 200 and "Consortium funding" not in sue.text
