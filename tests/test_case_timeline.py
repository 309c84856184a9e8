"""The case page's timeline from the case-events read model (issue 16, item 6): the latest fifty
events first, GOV.UK pagination to the oldest, each entry in the words the page used when it
replayed the whole stream, and the table a rebuild gives (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from scc.application.case_page import case_page
from scc.application.store import replay
from scc.demo import load
from scc.domain import ids
from scc.projections import tables as t
from scc.web import create_app
from scc.web.credentials import Credentials
from scc.web.templating import templates
from tests.conftest import add_people, make_services
from tests.web_helpers import Browser, signed_in

PASSWORD = "a long enough password for sam"
EVENTS = 120

# The timeline as the page rendered it from the replayed stream (CaseService.history, newest
# first), before the read model: what each entry must still say.
REPLAYED = """{% for e in history %}<li class="scc-timeline__item">
<h3>{{ e.type | title_event }} <span>(event {{ e.version }})</span></h3>
<p>{% if e.effective_on %}Dated {{ e.effective_on | long_date }}; {% endif %}recorded {{ e.recorded_at | london_time }} by {{ e.actor }} ({{ e.role | plain }})</p>
{% if e.data.reason %}<p>Reason: {{ e.data.reason }}</p>{% endif %}
{% if e.data.state %}<p>State afterwards: {{ e.data.state | plain }}</p>{% endif %}
</li>{% endfor %}"""


@pytest.fixture
def long_case(database_url: str) -> Iterator[tuple[Browser, Any, str]]:
    """A case of exactly EVENTS events, with reasons and states changing along the way, and a
    Service Manager signed in."""
    services = make_services(database_url)
    add_people(services)
    Credentials(services.ctx.engine).set_password("sam", PASSWORD)
    services.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    on = date(2026, 3, 2)
    reference = services.cases.open("sam", "100001", "Attainment falling", on)
    n = 1
    while n < EVENTS:
        services.cases.share_concerns("sam", reference, on, f"Shared at meeting {n}")
        n += 1
        if n < EVENTS:
            services.cases.step_down("sam", reference, on, f"Progress seen at visit {n}")
            n += 1
    yield signed_in(create_app(services), "sam", PASSWORD), services, reference
    services.close()


def entries(html: str) -> list[str]:
    """Each timeline entry's words, tags and spacing aside."""
    timeline = html.split('id="timeline-title"')[-1]
    found = re.findall(r'<li class="scc-timeline__item">(.*?)</li>', timeline, re.DOTALL)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in found]


def replayed(services: Any, reference: str) -> list[str]:
    history = services.cases.history("sam", reference)[::-1]
    return entries('id="timeline-title"' + templates.env.from_string(REPLAYED).render(
        history=history))


def test_the_latest_fifty_events_come_first_in_the_words_of_the_replay(long_case) -> None:
    browser, services, reference = long_case
    before = replayed(services, reference)
    assert len(before) == EVENTS
    page = browser.get(f"/cases/{reference}")
    assert page.status_code == 200
    shown = entries(page.text)
    assert shown == before[:50]
    assert f"(event {EVENTS})" in shown[0] and "(event 71)" in shown[-1]
    assert 'aria-label="Page 3"' in page.text and 'aria-label="Page 4"' not in page.text
    assert entries(browser.get(f"/cases/{reference}?page=2").text) == before[50:100]


def test_page_three_holds_the_oldest_twenty(long_case) -> None:
    browser, services, reference = long_case
    shown = entries(browser.get(f"/cases/{reference}?page=3").text)
    assert shown == replayed(services, reference)[100:]
    assert len(shown) == 20 and shown[-1].startswith("Opened (event 1)")


@pytest.mark.parametrize("page", ["0", "4", "two", "1e3"])
def test_a_page_that_does_not_exist_is_refused_naming_it(long_case, page: str) -> None:
    browser, _services, reference = long_case
    answer = browser.get(f"/cases/{reference}?page={page}")
    assert answer.status_code == 400
    assert "The page must be a whole number from 1 to 3" in answer.text


def test_the_case_events_table_equals_a_rebuild(long_case) -> None:
    _browser, services, reference = long_case
    services.cases.correct("sam", reference, 2, "Typing error", "Shared at the first meeting")
    projected = _case_events(services)
    assert [row[1] for row in projected if row[0] == reference] == list(range(1, EVENTS + 2))
    services.admin.rebuild_projections("ada")
    assert _case_events(services) == projected


def test_the_documents_issued_are_those_the_events_record(database_url: str) -> None:
    services = make_services(database_url)
    try:
        load(services)
        for reference in [c["id"] for c in services.cases.list("sam", include_closed=True)]:
            page = case_page(services.cases, "sam", reference)
            assert page.documents == services.notices.list("sam", reference)
        assert any(case_page(services.cases, "sam", c["id"]).documents
                   for c in services.cases.list("sam"))
    finally:
        services.close()


def _case_events(services: Any) -> list[tuple[Any, ...]]:
    e = t.case_events.c
    with services.ctx.engine.connect() as conn:
        return [tuple(row) for row in
                conn.execute(select(t.case_events).order_by(e.case_reference, e.version))]


def test_the_case_json_from_its_snapshot_equals_the_case_replayed_in_full(long_case) -> None:
    browser, services, reference = long_case
    case_id = services.ctx.store.repository.get(ids.case_id(reference)).id
    snapshots = services.ctx.store.snapshots
    assert snapshots is not None and list(snapshots.get(case_id))  # taken at event 100
    replayed_case = replay(None, services.ctx.store.events.get(case_id))
    answer = browser.get(f"/api/cases/{reference}")
    assert answer.status_code == 200
    assert answer.json() == services.cases.describe(replayed_case)
