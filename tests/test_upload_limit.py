"""The server's cap on upload size (issue 15), through the app on SQLite and PostgreSQL: a
multipart POST whose body is larger than SCC_UPLOAD_LIMIT_MB (plus the form's allowance) is
refused with 413 and the error page, whether it declares its length or streams in chunks, and no
file is kept; an upload within the limit is taken as before."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from scc.web import create_app
from scc.web.upload_limit import FORM_ALLOWANCE
from tests.web_helpers import Browser, csrf_of, signed_in

PASSWORD = "correct horse battery staple"
LIMIT = 1_048_576
BOUNDARY = "scc-upload-limit-test"


@pytest.fixture
def sue(services, tmp_path: Path) -> Iterator[tuple[Browser, Any]]:
    """sue signed in, allowed to upload to her school's progress meeting 100001-M1; uploads at
    most 1 MB, kept in this test's own folder."""
    services.ctx.files = tmp_path / "files"
    services.ctx.upload_limit_bytes = LIMIT
    services.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    services.categorisation.allocate("sam", "100001", "sue", date(2026, 5, 1))
    services.meetings.schedule("sam", "100001", date(2026, 6, 24), ["headteacher"])
    app = create_app(services)
    app.state.web.credentials.set_password("sue", PASSWORD)
    yield signed_in(app, "sue", PASSWORD), services


def multipart(csrf: str, content: bytes) -> bytes:
    return b"".join([
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{csrf}\r\n'
        .encode(),
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode(),
        content, f"\r\n--{BOUNDARY}--\r\n".encode()])


def post(browser: Browser, body: bytes, chunked: bool = False) -> Any:
    """The form posted with its length declared, or (chunked) streamed in 64 KB pieces with none."""
    content: Any = (iter([body[i:i + 65536] for i in range(0, len(body), 65536)]) if chunked
                    else body)
    return browser.client.post(
        "/evidence/meeting/100001-M1/upload", content=content, follow_redirects=False,
        headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_an_upload_over_the_limit_is_refused_with_413_and_nothing_kept(sue, chunked):
    browser, services = sue
    csrf = csrf_of(browser.get("/evidence/meeting/100001-M1/upload").text)
    body = multipart(csrf, b"%PDF-1.4 " + bytes(LIMIT + FORM_ALLOWANCE))
    refused = post(browser, body, chunked)
    assert refused.status_code == 413
    assert "The file is too large" in refused.text and "govuk-heading-l" in refused.text
    assert "larger than 1 MB, so it was not taken" in refused.text
    assert services.evidence.list("sam", "meeting", "100001-M1") == []
    assert not services.ctx.files.exists() or not any(services.ctx.files.rglob("*"))


def test_an_upload_within_the_limit_is_taken(sue):
    browser, services = sue
    csrf = csrf_of(browser.get("/evidence/meeting/100001-M1/upload").text)
    done = post(browser, multipart(csrf, b"%PDF-1.4 " + bytes(LIMIT - 100)), chunked=True)
    assert done.status_code == 303, done.text[:800]
    assert [f["name"] for f in services.evidence.list("sam", "meeting", "100001-M1")] == [
        "big.pdf"]
