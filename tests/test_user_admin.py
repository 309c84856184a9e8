"""Administration of users (issue 16, item 5): deactivating and reactivating a user, changing a
role, resetting a password to a temporary one the user must change at their next sign-in, and
binding a headteacher to a school, in the service layer, the CLI and the web."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from scc.bootstrap import Services
from scc.domain import ids
from scc.domain.errors import NotFound, NotPermitted, RuleViolation
from scc.web import create_app
from tests.conftest import add_people, cli_against, make_services
from tests.web_helpers import Browser, csrf_of, signed_in

PASSWORD = "a long password of sue's"
ADA = "ada's own long password"
TEMPORARY = "temporary password 42"


def test_a_deactivated_user_cannot_act_until_reactivated(services: Services) -> None:
    admin = services.admin
    services.cases.list("sue")  # sue acts
    admin.deactivate("ada", "sue", "Left the authority.")
    with pytest.raises(NotPermitted, match="sue has been deactivated"):
        services.cases.list("sue")
    with pytest.raises(RuleViolation, match="already deactivated"):
        admin.deactivate("ada", "sue")
    assert {u["name"]: u["active"] for u in admin.users("ada")}["sue"] is False
    assert admin.user("ada", "sue")["active"] is False
    admin.reactivate("ada", "sue")
    services.cases.list("sue")
    with pytest.raises(RuleViolation, match="active already"):
        admin.reactivate("ada", "sue")
    user: Any = services.ctx.store.repository.get(ids.user_id("sue"))
    assert user.active and user.version == 3  # added, deactivated, reactivated


def test_no_one_deactivates_themselves_and_only_an_administrator_deactivates(
        services: Services) -> None:
    with pytest.raises(RuleViolation, match="cannot deactivate yourself"):
        services.admin.deactivate("ada", "ada")
    with pytest.raises(NotPermitted):
        services.admin.deactivate("sam", "sue")
    with pytest.raises(NotFound):
        services.admin.deactivate("ada", "nobody")
    assert services.admin.user("ada", "sue")["active"] is True


def test_the_cli_deactivates_and_reactivates(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'scc.sqlite3'}"
    svc = make_services(url)
    add_people(svc)
    svc.close()
    scc = cli_against(url)
    assert scc("user", "deactivate", "sue", "--reason", "Left.", user="ada").code == 0
    refused = scc("case", "list", "--json", user="sue")
    assert refused.code == 6 and "sue has been deactivated" in refused.err
    assert scc("user", "deactivate", "ada", user="ada").code != 0
    assert scc("user", "reactivate", "sue", user="sam").code == 6
    assert scc("user", "reactivate", "sue", user="ada").code == 0
    assert scc("case", "list", "--json", user="sue").code == 0


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[FastAPI, Services]]:
    services = make_services(f"sqlite:///{tmp_path / 'scc.sqlite3'}")
    add_people(services)
    app = create_app(services)
    app.state.web.credentials.set_password("ada", ADA)
    app.state.web.credentials.set_password("sue", PASSWORD)
    yield app, services
    services.close()


def _basic(app: FastAPI, name: str, password: str) -> int:
    token = base64.b64encode(f"{name}:{password}".encode()).decode()
    answer = TestClient(app).get("/api/cases", headers={"Authorization": f"Basic {token}"})
    return int(answer.status_code)


def _sign_in(app: FastAPI, name: str, password: str) -> tuple[TestClient, Any]:
    client = TestClient(app)
    token = csrf_of(client.get("/sign-in").text)
    return client, client.post("/sign-in", data={"csrf_token": token, "name": name,
                                                  "password": password}, follow_redirects=False)


def test_deactivating_in_the_web_ends_the_sessions_and_refuses_sign_in(site) -> None:
    app, services = site
    ada = signed_in(app, "ada", ADA)
    sue = signed_in(app, "sue", PASSWORD)
    assert sue.get("/dashboard").status_code == 200
    page = ada.get("/admin/users/sue")
    assert page.status_code == 200 and "/admin/users/sue/deactivate" in page.text
    check = ada.get("/admin/users/sue/deactivate")
    assert check.status_code == 200 and "govuk-button--warning" in check.text
    done = ada.post("/admin/users/sue/deactivate", {"reason": "Left the authority."})
    assert done.status_code == 303 and done.headers["location"] == "/admin/users/sue"
    assert "deactivated" in ada.get("/admin/users/sue").text
    assert sue.get("/dashboard").status_code == 303  # signed out: to the sign-in page
    assert _sign_in(app, "sue", PASSWORD)[1].status_code == 401
    assert _basic(app, "sue", PASSWORD) == 401
    own = ada.post("/admin/users/ada/deactivate")
    assert own.status_code >= 400 and "cannot deactivate yourself" in own.text
    assert "govuk-error-summary" in own.text
    assert ada.post("/admin/users/sue/reactivate").status_code == 303
    assert services.admin.user("ada", "sue")["active"] is True
    assert signed_in(app, "sue", PASSWORD).get("/dashboard").status_code == 200


def test_only_an_administrator_reaches_a_users_page(site) -> None:
    app, _services = site
    sue = signed_in(app, "sue", PASSWORD)
    assert sue.get("/admin/users/ada").status_code == 403
    assert sue.post("/admin/users/ada/deactivate").status_code == 403
    ada = signed_in(app, "ada", ADA)
    assert ada.get("/admin/users/nobody").status_code == 404
    assert ada.get("/admin/users/sue/no-such-form").status_code == 404
    assert ada.post("/admin/users/sue/reactivate", csrf=False).status_code == 403


def test_a_reset_password_must_be_changed_at_the_next_sign_in(site) -> None:
    app, _services = site
    ada = signed_in(app, "ada", ADA)
    sue = signed_in(app, "sue", PASSWORD)
    assert ada.get("/admin/users/sue/password").status_code == 200
    short = ada.post("/admin/users/sue/password", {"password": "short"})
    assert short.status_code == 400
    assert ada.post("/admin/users/sue/password", {"password": TEMPORARY}).status_code == 303
    assert app.state.web.credentials.must_change("sue")
    assert "temporary" in ada.get("/admin/users/sue").text
    assert sue.get("/dashboard").status_code == 303  # her session ended
    assert _basic(app, "sue", TEMPORARY) == 401  # the API takes no temporary password
    client, answer = _sign_in(app, "sue", TEMPORARY)
    assert answer.status_code == 303 and answer.headers["location"] == "/change-password"
    # Signed in with it, she reaches nothing but the change of password.
    assert client.get("/dashboard", follow_redirects=False).status_code == 303
    page = client.get("/change-password")
    assert page.status_code == 200 and "Choose a new password" in page.text
    changing = Browser(client, csrf_of(page.text))
    new = "sue's very own new password"
    mismatch = changing.post("/change-password", {"password": new, "confirm": "other"})
    assert mismatch.status_code == 400 and "not the same" in mismatch.text
    assert changing.post("/change-password", {"password": TEMPORARY, "confirm": TEMPORARY}
                         ).status_code == 400
    assert changing.post("/change-password", {"password": new, "confirm": new},
                         csrf=False).status_code == 403
    done = changing.post("/change-password", {"password": new, "confirm": new})
    assert done.status_code == 303 and done.headers["location"] == "/dashboard"
    assert client.get("/dashboard").status_code == 200
    assert not app.state.web.credentials.must_change("sue")
    assert _sign_in(app, "sue", TEMPORARY)[1].status_code == 401
    again = _sign_in(app, "sue", new)[1]
    assert again.status_code == 303 and again.headers["location"] == "/dashboard"
    assert _basic(app, "sue", new) == 200


def test_the_change_password_page_needs_a_temporary_sign_in(site) -> None:
    app, _services = site
    assert TestClient(app).get("/change-password", follow_redirects=False).headers[
        "location"] == "/sign-in"
    ada = signed_in(app, "ada", ADA)
    assert ada.get("/change-password").headers["location"] == "/sign-in"


def test_changing_a_role_and_binding_a_headteacher_in_the_web(site) -> None:
    app, services = site
    services.schools.add("ada", "900101", "Hill Primary", "community", "Primary")
    services.admin.add_user("ada", "hal", "headteacher")
    ada = signed_in(app, "ada", ADA)
    assert ada.get("/admin/users/sue/role").status_code == 200
    assert ada.post("/admin/users/sue/role", {"role": "legal"}).status_code == 303
    assert services.admin.user("ada", "sue")["role"] == "legal"
    same = ada.post("/admin/users/sue/role", {"role": "legal"})
    assert same.status_code != 303 and "already acts as legal" in same.text
    own = ada.post("/admin/users/ada/role", {"role": "seo"})
    assert own.status_code != 303 and "your own role" in own.text
    assert "/admin/users/hal/school" in ada.get("/admin/users/hal").text
    assert ada.post("/admin/users/hal/school", {"urn": "900101"}).status_code == 303
    assert services.admin.user("ada", "hal")["school"] == "900101"
    wrong = ada.post("/admin/users/sue/school", {"urn": "900101"})
    assert wrong.status_code != 303 and "not in the headteacher role" in wrong.text
    assert 'href="/admin/users/hal"' in ada.get("/admin").text


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, Services]]:
    from scc.demo import load

    folder = tmp_path_factory.mktemp("admin-two")
    services = make_services(f"sqlite:///{folder / 'scc.sqlite3'}")
    load(services)
    services.admin.add_user("ada", "cleo", "admin", authority="381")
    app = create_app(services)
    app.state.web.credentials.set_password("cleo", ADA)
    yield app, services
    services.close()


def test_an_administrator_of_one_authority_finds_no_user_of_another(two) -> None:
    app, services = two
    assert services.admin.user("ada", "lou")["authority"] == "383"
    with pytest.raises(NotFound):
        services.admin.deactivate("cleo", "lou")
    with pytest.raises(NotFound):
        services.admin.user("cleo", "lou")
    cleo = signed_in(app, "cleo", ADA)
    for path in ("/admin/users/lou", "/admin/users/lou/deactivate", "/admin/users/lou/role",
                 "/admin/users/lou/password"):
        assert cleo.get(path).status_code == 404, path
    for path in ("/admin/users/lou/deactivate", "/admin/users/lou/reactivate",
                 "/admin/users/lou/password"):
        assert cleo.post(path, {"password": TEMPORARY}).status_code == 404, path
    assert services.admin.user("ada", "lou")["active"] is True
    assert not app.state.web.credentials.must_change("lou")
    assert cleo.get("/admin/users/sue").status_code == 200
