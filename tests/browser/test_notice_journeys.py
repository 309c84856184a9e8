"""A notice other than the warning notice, issued in the browser after its preview: the Service
Manager gives notice of intention to intervene once a warning notice has not been complied with."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import Site, fill_date, serve, sign_in
from tests.browser.test_journeys import expect_heading
from tests.web_helpers import demo_a_month_on


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    services, passwords = demo_a_month_on(
        f"sqlite:///{tmp_path_factory.mktemp('notice-site') / 'scc.sqlite3'}")
    yield from serve(services, passwords)


def test_service_manager_gives_notice_of_intention_after_previewing_it(page: Any,
                                                                       site: Site) -> None:
    sign_in(page, site, "sam")
    page.goto(f"{site.url}/cases/900001-1")
    page.get_by_role("button", name="Give notice of intention to intervene").click()
    expect_heading(page, "Give notice of intention to intervene")

    before = site.event_count()
    page.get_by_role("button", name="Continue").click()  # nothing filled in
    summary = page.get_by_role("alert").inner_text()
    assert "Select the intervention powers the authority proposes to exercise." in summary
    assert "Enter how the governing body failed to comply with the warning notice." in summary
    assert site.event_count() == before

    page.get_by_label(re.compile("s64: appoint additional governors")).check()
    page.get_by_label(re.compile("s65: replace the governing body")).check()
    page.get_by_label("How the governing body failed to comply").fill(
        "No safeguarding review was commissioned.\nNo improvement plan was presented.")
    fill_date(page, "The date from which the authority proposes", "2026-07-20")
    page.get_by_role("button", name="Continue").click()

    expect_heading(page, "Check your answers")
    preview = page.locator(".scc-preview").inner_text()
    assert "Calder Vale Primary School" in preview
    assert "No improvement plan was presented." in preview and "20 July 2026" in preview
    assert "Sent to" in preview
    assert site.event_count() == before  # a preview records nothing
    page.get_by_role("button", name="Give notice of intention").click()

    assert re.search(r"Notice of intention to exercise powers of intervention \S+ issued to "
                     r"\d+ recipients", page.get_by_role("status").first.inner_text())
    assert site.event_count() == before + 1
    assert "Intention to intervene given" in page.locator(".timeline").inner_text()
    notices = page.locator("section", has=page.get_by_role("heading", name="Notices"))
    assert "Notice of intention to exercise powers of intervention" in notices.inner_text()
