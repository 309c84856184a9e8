"""Contacts and evidence files in the web (issue 15, items 3 and 4): the Service Manager records a
contact from the school page; an SEO uploads the meeting's papers, shown against what is due; a
bad upload is refused on the form with its reason and nothing kept; a file changed on disk is
refused with a clear page (409), never served."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from scc.demo import load
from scc.web import create_app
from tests.conftest import make_services
from tests.web_helpers import Browser, signed_in

PDF = b"%PDF-1.4\n% minutes\n%%EOF\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any, dict[str, str]]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('evidence') / 'scc.sqlite3'}"
    services = make_services(url)
    demo = load(services)
    yield create_app(services), services, demo.passwords
    services.close()


def upload(browser: Browser, path: str, name: str, content: bytes, **fields: str) -> Any:
    return browser.client.post(path, data={"csrf_token": browser.csrf, **fields},
                               files={"file": (name, content, "application/octet-stream")},
                               follow_redirects=False)


def test_a_contact_added_on_the_web_is_shown_on_the_school_page(site) -> None:
    app, _services, passwords = site
    sam = signed_in(app, "sam", passwords["sam"])
    done = sam.post("/schools/900002/contacts/add", {
        "role": "chair-of-governors", "name": "Mr Daniel Okafor",
        "address": "Hill Top Primary\nHalifax HX2 0AA", "email": "chair@hilltop.sch.uk",
        "on": "2026-05-01"})
    assert done.status_code == 303, done.text[:800]
    page = sam.get("/schools/900002").text
    assert "Mr Daniel Okafor" in page and "chair@hilltop.sch.uk" in page
    sue = signed_in(app, "sue", passwords["sue"])
    assert sue.get("/schools/900002/contacts/add").status_code == 403


def test_meeting_papers_uploaded_are_shown_against_what_is_due(site) -> None:
    app, services, passwords = site
    sue = signed_in(app, "sue", passwords["sue"])
    form = sue.get("/evidence/meeting/900004-M1/upload?paper=sef").text
    assert 'enctype="multipart/form-data"' in form
    done = upload(sue, "/evidence/meeting/900004-M1/upload", "sef-2026.pdf", PDF, paper="sef",
                  description="Self-evaluation, spring term")
    assert done.status_code == 303, done.text[:800]
    page = sue.get("/meetings/900004-M1").text
    assert "sef-2026.pdf" in page
    assert "sef" in services.meetings.show("sam", "900004-M1")["received"]


def test_a_bad_upload_is_refused_on_the_form_and_nothing_is_kept(site) -> None:
    app, services, passwords = site
    sue = signed_in(app, "sue", passwords["sue"])
    before = services.evidence.list("sam", "meeting", "900004-M1")
    for name, content, says in [
            ("minutes.pdf", b"<html>not a pdf</html>", "not a PDF, Word document"),
            ("minutes.pdf", b"", "The file is empty"),
            ("../minutes.pdf", PDF, "includes a folder")]:
        refused = upload(sue, "/evidence/meeting/900004-M1/upload", name, content)
        assert refused.status_code == 400 and says in refused.text, refused.text[:800]
        assert "There is a problem" in refused.text
    assert services.evidence.list("sam", "meeting", "900004-M1") == before


def test_a_file_changed_on_disk_is_refused_with_a_clear_page(site) -> None:
    app, services, passwords = site
    sam = signed_in(app, "sam", passwords["sam"])
    done = services.evidence.upload("sam", "case", "900001-1", "letter.pdf", PDF + b"% one")
    path = f"/evidence/case/900001-1/files/{done['sha256']}"
    assert sam.get(path).content == PDF + b"% one"
    (services.ctx.files / done["sha256"][:2] / done["sha256"]).write_bytes(PDF + b"% two")
    refused = sam.get(path)
    assert refused.status_code == 409
    assert "has changed on disk since it was uploaded" in refused.text
