"""The pages of user administration that no link reaches (so the crawl of
test_accessibility.py does not): choosing one's own password after a temporary one, and the
deactivation check page with its error. No axe violation, one primary button, and at 375 px
wide no sideways scrolling."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from scc.web.credentials import Credentials
from tests.browser.conftest import TODAY, Site, serve, sign_in
from tests.browser.test_accessibility import NARROW, axe_source, violations  # noqa: F401
from tests.conftest import add_people, make_services

PASSWORDS = {"ada": "ada's own long password", "sue": "temporary password 42"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    services = make_services(f"sqlite:///{tmp_path_factory.mktemp('admin') / 'scc.sqlite3'}",
                             now=TODAY)
    add_people(services)
    credentials = Credentials(services.ctx.engine)
    credentials.set_password("ada", PASSWORDS["ada"])
    credentials.set_password("sue", PASSWORDS["sue"], must_change=True)
    yield from serve(services, PASSWORDS)


def _primary_buttons(page: Any) -> int:
    return int(page.evaluate("""document.querySelectorAll(
        '.govuk-button:not(.govuk-button--secondary):not(.govuk-button--warning)').length"""))


def test_the_change_password_page_and_its_error(browser: Any, site: Site,
                                                 axe_source: str) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": NARROW, "height": 800})
    page = context.new_page()
    try:
        sign_in(page, site, "sue")
        assert page.url.endswith("/change-password")
        assert violations(page, axe_source) == []
        assert _primary_buttons(page) == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= NARROW
        page.get_by_role("button", name="Set password").click()
        page.wait_for_load_state()
        assert "There is a problem" in page.content()
        assert violations(page, axe_source) == []
    finally:
        context.close()


def test_the_deactivation_check_page_and_its_error(browser: Any, site: Site,
                                                    axe_source: str) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": NARROW, "height": 800})
    page = context.new_page()
    try:
        sign_in(page, site, "ada")
        page.goto(f"{site.url}/admin/users/sam/deactivate")
        assert violations(page, axe_source) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= NARROW
        page.get_by_label("Reason (optional)").fill("\x01")
        page.get_by_role("button", name="Deactivate sam").click()
        page.wait_for_load_state()
        assert "There is a problem" in page.content()
        assert violations(page, axe_source) == []
    finally:
        context.close()
