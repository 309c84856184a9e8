"""Evidence files (issue 15, item 4) through the service layer, on SQLite and PostgreSQL: a file
is kept by its SHA-256 with its size, type and name in the event; a bad upload (too large, the
wrong type by content, empty, a folder in its name) is refused with a sentence and nothing kept;
a file whose bytes change on disk is refused on download and reported by the bundle check; an
SEO uploads only to her schools' records."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from scc.application.files import FileChanged
from scc.audit.bundle import check_bundle
from scc.bootstrap import Services, Settings, build
from scc.clock import parse_moment
from scc.domain.errors import InvalidInput, NotFound
from tests.conftest import TODAY, add_people

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(40)


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def svc(database_url: str, tmp_path: Path) -> Iterator[Services]:
    """The services with their files in this test's own folder and a 1 MB upload limit."""
    services = build(Settings(database_url=database_url, policy="calderdale",
                              now=parse_moment(TODAY), user=None,
                              files_dir=str(tmp_path / "files"), upload_limit_mb=1))
    add_people(services)
    services.admin.add_user("ada", "tim", "seo")
    services.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    services.categorisation.allocate("sam", "100001", "sue", date(2026, 5, 1))
    services.meetings.schedule("sam", "100001", date(2026, 6, 24), ["headteacher"])
    yield services
    services.close()


def kept_files(services: Services) -> list[Path]:
    return [p for p in services.ctx.files.rglob("*") if p.is_file()]


def test_an_uploaded_file_is_kept_by_its_sha256_with_its_size_type_and_name(svc):
    word = docx()
    done = svc.evidence.upload("sue", "meeting", "100001-M1", "plan.docx", word,
                               "School development plan", paper="sdp")
    assert done["file_type"] == "docx" and done["size"] == len(word)
    assert done["name"] == "plan.docx" and done["uploaded_by"] == "sue"
    assert kept_files(svc) == [svc.ctx.files / done["sha256"][:2] / done["sha256"]]
    shown, content = svc.evidence.download("sam", "meeting", "100001-M1", done["sha256"])
    assert content == word and shown["paper"] == "sdp"


@pytest.mark.parametrize(("name", "content", "says"), [
    ("big.pdf", PDF + bytes(1_048_576), "files may be at most 1 MB"),
    ("report.pdf", b"MZ\x90\x00 an executable renamed", "not a PDF, Word document"),
    ("fake.docx", b"PK\x03\x04 not really a zip", "not a PDF, Word document"),
    ("empty.pdf", b"", "The file is empty"),
    ("../../etc/minutes.pdf", PDF, "includes a folder"),
    ("C:\\Users\\head\\minutes.pdf", PDF, "includes a folder"),
    ("min\x07utes.pdf", PDF, "control character"),
])
def test_a_bad_upload_is_refused_with_a_clear_message_and_nothing_kept(svc, name, content, says):
    before = svc.ctx.store.event_count()
    with pytest.raises(InvalidInput, match=says):
        svc.evidence.upload("sue", "meeting", "100001-M1", name, content)
    assert svc.ctx.store.event_count() == before
    assert kept_files(svc) == []


def test_an_seo_uploads_only_to_her_schools_records(svc):
    with pytest.raises(NotFound, match="There is no progress meeting 100001-M1"):
        svc.evidence.upload("tim", "meeting", "100001-M1", "sdp.pdf", PDF)
    assert kept_files(svc) == []


def test_a_file_changed_on_disk_is_refused_on_download_and_reported_by_the_bundle_check(svc, tmp_path):
    reference = svc.cases.open("sam", "100001", "Falling standards", date(2026, 5, 20))
    done = svc.evidence.upload("sue", "case", reference, "scan.png", PNG, "Photograph of the log")
    path = svc.ctx.files / done["sha256"][:2] / done["sha256"]
    bundle = tmp_path / "before.zip"
    bundle.write_bytes(svc.audit.export("lee", reference)[0])
    assert check_bundle(bundle).ok, check_bundle(bundle).problems

    path.write_bytes(PNG + b"altered")
    with pytest.raises(FileChanged, match="has changed on disk"):
        svc.evidence.download("sam", "case", reference, done["sha256"])
    bundle.write_bytes(svc.audit.export("lee", reference)[0])
    problems = check_bundle(bundle).problems
    assert problems == [(f"files/{done['sha256']}-scan.png: its bytes do not match the "
                         "SHA-256 recorded when it was uploaded")]


def test_where_files_live_and_how_large_they_may_be_are_settings(tmp_path):
    from scc.bootstrap import files_folder

    sqlite = Settings.from_env({"SCC_DATABASE_URL": f"sqlite:///{tmp_path / 'scc.sqlite3'}"})
    assert files_folder(sqlite) == tmp_path / "files" and sqlite.upload_limit_mb == 10
    postgres = Settings.from_env({"SCC_DATABASE_URL": "postgresql://u@db.example/scc",
                                  "SCC_FILES_DIR": "/srv/scc/files", "SCC_UPLOAD_LIMIT_MB": "25"})
    assert files_folder(postgres) == Path("/srv/scc/files") and postgres.upload_limit_mb == 25
    assert files_folder(Settings.from_env({"SCC_DATABASE_URL": "postgresql://u@db/scc"})) == \
        Path("var") / "files"
    with pytest.raises(InvalidInput, match="SCC_UPLOAD_LIMIT_MB must be a whole number"):
        Settings.from_env({"SCC_UPLOAD_LIMIT_MB": "0"})
