"""The legal officer's view: the case as it stood on any date, evidence bundles checked offline,
corrections as new events, and a role that reads and exports everything but changes nothing."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from scc.audit.log import export_log_id
from scc.domain.errors import NotFound, NotPermitted, RuleViolation
from tests.conftest import GIAS_SAMPLE, add_people, cli_against, event_count, make_services

D = date.fromisoformat
REF = "100001-1"


def escalate_to_warning_notice(svc) -> None:
    svc.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    svc.cases.open("sam", "100001", "Attainment falling for three years", D("2025-11-03"))
    svc.cases.notice_of_concern("sam", REF, D("2025-11-17"), plan_due=D("2025-12-05"),
                                reason="Governors have not challenged the results")
    svc.cases.warning_notice("sam", REF, "s60", ["standards"], D("2025-12-19"),
                             reason="Results far below floor standards")


@pytest.fixture
def prepared(sqlite_url):
    """A case escalated to a warning notice, and the CLI on the same SQLite database."""
    svc = make_services(sqlite_url)
    add_people(svc)
    escalate_to_warning_notice(svc)
    svc.close()
    return sqlite_url, cli_against(sqlite_url)


def test_the_case_as_it_stood_before_and_after_its_warning_notice(services, database_url):
    svc = services
    escalate_to_warning_notice(svc)
    notice = next(e for e in svc.cases.history("lee", REF) if e["type"] == "WarningNoticeIssued")
    recorded = datetime_of(notice["recorded_at"])

    before = svc.cases.known_at("lee", REF, recorded - timedelta(microseconds=1))
    after = svc.cases.known_at("lee", REF, recorded)

    assert (before["stage"], before["warning_notice"]) == (2, None)
    assert [d["kind"] for d in before["deadlines"]] == ["action-plan"]
    assert after["stage"] == 3 and after["warning_notice"]["grounds"] == ["standards"]
    compliance = next(d for d in after["deadlines"] if d["kind"] == "compliance-period")
    assert compliance["due"] == "2026-01-14"
    with pytest.raises(NotFound):
        svc.cases.known_at("lee", REF, datetime_of(svc.cases.history("lee", REF)[0][
            "recorded_at"]) - timedelta(seconds=1))

    shown = cli_against(database_url)("case", "show", REF, "--as-of",
                                      before["as_of"], user="lee")
    assert shown.code == 0, shown.err
    assert "as recorded at" in shown.out and "action-plan" in shown.out
    assert "compliance-period" not in shown.out


def test_as_of_a_moment_that_is_not_a_date_is_invalid_input(prepared):
    _, scc = prepared
    assert scc("case", "show", REF, "--as-of", "last Tuesday", user="lee").code == 2


def test_a_file_asked_for_in_a_missing_folder_is_refused_before_anything_is_done(prepared,
                                                                              tmp_path):
    """The export is not recorded, and no notice or report is rendered, for a -o path whose
    folder does not exist: the command line is refused as it is read."""
    url, scc = prepared
    before = event_count(url)
    missing = tmp_path / "no such folder"
    for args in (("audit", "export", REF, "-o", str(missing / "bundle.zip")),
                 ("notice", "get", "0123456789ab", "-o", str(missing / "n.pdf")),
                 ("evidence", "get", "case", REF, "0" * 64, "-o", str(missing / "f.pdf"))):
        refused = scc(*args, user="lee")
        assert refused.code == 2, (args, refused.err)
        assert f"there is no folder {missing} to write into" in refused.err
    assert event_count(url) == before


def test_a_bundle_verifies_offline_and_a_changed_byte_names_the_file(prepared, tmp_path):
    _, scc = prepared
    bundle = tmp_path / "bundle.zip"
    exported = scc("audit", "export", REF, "-o", str(bundle), user="lee")
    assert exported.code == 0, exported.err
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        events = archive.read("events.jsonl").decode().splitlines()
    assert {"events.jsonl", "timeline.html", "manifest.json"} <= names
    assert [json.loads(line)["type"] for line in events] == [
        "Opened", "NoticeOfConcernIssued", "WarningNoticeIssued"]

    # Offline: no database settings at all.
    offline = cli_against("sqlite:////nonexistent/never.sqlite3")
    checked = offline("audit", "verify-bundle", str(bundle))
    assert checked.code == 0, checked.out + checked.err
    assert exported.out.strip() in checked.out  # the manifest hash printed at export

    for name in ("timeline.html", "events.jsonl"):
        changed = tmp_path / f"changed-{name}.zip"
        flip_one_byte(bundle, changed, name)
        result = offline("audit", "verify-bundle", str(changed))
        assert result.code == 3
        assert f"{name}: its bytes changed" in result.out


def test_an_export_is_recorded_with_who_and_which_bundle(prepared, tmp_path):
    url, scc = prepared
    before = event_count(url)
    exported = scc("audit", "export", REF, "-o", str(tmp_path / "b.zip"), "--json", user="lee")
    assert exported.code == 0
    svc = make_services(url)
    try:
        log = svc.ctx.store.repository.get(export_log_id(REF))
        last = list(svc.ctx.store.events.get(log.id))[-1]
    finally:
        svc.close()
    assert (last.actor, last.role) == ("lee", "legal")
    assert last.manifest_sha256 == exported.json()["manifest_sha256"]
    assert event_count(url) == before + 2  # the case's export log is started, then the export
    assert scc("audit", "verify", user="lee").code == 0


def test_the_legal_role_reads_and_exports_but_every_write_is_refused(prepared, tmp_path):
    url, scc = prepared
    assert scc("case", "show", REF, user="lee").code == 0
    assert scc("case", "history", REF, user="lee").code == 0
    assert scc("audit", "verify", "--case", REF, user="lee").code == 0
    before = event_count(url)
    writes = [
        ("case", "open", "--urn", "100001", "--reason", "x", "--on", "2026-01-05"),
        ("case", "concerns-shared", REF, "--on", "2026-01-05"),
        ("case", "notice-of-concern", REF, "--on", "2026-01-05", "--plan-due", "2026-02-01"),
        ("case", "warning-notice", REF, "--kind", "s60", "--ground", "safety",
         "--on", "2026-01-05"),
        ("case", "compliance", REF, "--outcome", "complied", "--on", "2026-01-15"),
        ("case", "intention-to-intervene", REF, "--power", "s64", "--on", "2026-01-20"),
        ("case", "exercise-power", REF, "--power", "s64", "--on", "2026-01-20"),
        ("case", "step-down", REF, "--on", "2026-01-20", "--reason", "x"),
        ("case", "close", REF, "--on", "2026-01-20", "--reason", "x"),
        ("case", "correct", REF, "--event", "1", "--text", "x", "--reason", "x"),
        ("school", "add", "--urn", "100002", "--name", "Elm", "--type", "community",
         "--phase", "Primary"),
        ("school", "ofsted", "100001", "--on", "2026-01-05",
         "--grade", "achievement=expected-standard"),
        ("user", "add", "mal", "--role", "admin"),
        ("calendar", "add-closure", "2026-02-02", "--reason", "x"),
    ]
    for command in writes:
        result = scc(*command, user="lee")
        assert result.code == 6, (command, result.out, result.err)
    assert event_count(url) == before


def test_a_correction_is_a_new_event_naming_the_one_it_corrects(services):
    svc = services
    escalate_to_warning_notice(svc)
    svc.cases.correct("sam", REF, 1, "Typing error in the reason",
                      "Attainment falling for four years")

    history = svc.cases.history("lee", REF)
    assert history[0]["data"]["reason"] == "Attainment falling for three years"  # never edited
    correction = history[-1]
    assert (correction["type"], correction["actor"], correction["role"]) == (
        "Corrected", "sam", "service-manager")
    assert correction["data"]["corrects"] == 1
    assert correction["data"]["was"] == "Attainment falling for three years"
    assert correction["data"]["now"] == "Attainment falling for four years"
    assert svc.cases.show("lee", REF)["corrections"][0]["event"] == 1

    count = svc.ctx.store.event_count()
    with pytest.raises(NotPermitted):
        svc.cases.correct("lee", REF, 1, "x", "y")
    with pytest.raises(NotFound):
        svc.cases.correct("sam", REF, 9, "x", "y")
    with pytest.raises(RuleViolation):
        svc.cases.correct("sam", REF, len(history), "x", "y")  # a correction itself
    assert svc.ctx.store.event_count() == count


def test_only_the_audit_roles_may_verify(services):
    with pytest.raises(NotPermitted):
        services.ctx.actor("sue", "audit.read")
    for name in ("lee", "sam", "ada"):
        services.ctx.actor(name, "audit.export")


def datetime_of(text: str) -> datetime:
    return datetime.fromisoformat(text)


def flip_one_byte(source: Path, target: Path, name: str) -> None:
    """Copies the bundle, with one byte of one file changed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(buffer, "w") as copy:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == name:
                middle = len(data) // 2
                data = data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1:]
            copy.writestr(info, data)
    target.write_bytes(buffer.getvalue())


def test_the_bundle_holds_each_issued_notice_as_sent_and_a_changed_byte_names_it(
        scc, sqlite_url, tmp_path):
    from tests.test_notices_cli import S60_ARGS
    now = "2026-01-15"
    assert scc("user", "add", "ada", "--role", "admin").code == 0
    for name, role in (("sam", "service-manager"), ("lee", "legal")):
        assert scc("user", "add", name, "--role", role, user="ada").code == 0
    assert scc("school", "import-gias", str(GIAS_SAMPLE), user="sam").code == 0
    ref = scc("case", "open", "--urn", "100000", "--reason", "Falling standards",
              "--on", "2026-01-05", user="sam", now=now).out.strip()
    issued = scc("notice", "issue", ref, "--type", "s60", "--on", "2026-01-14", *S60_ARGS,
                 user="sam", now=now)
    assert issued.code == 0, issued.err
    sent = scc("notice", "list", ref, "--json", user="sam", now=now).json()

    bundle = tmp_path / "bundle.zip"
    assert scc("audit", "export", ref, "-o", str(bundle), user="lee", now=now).code == 0
    with zipfile.ZipFile(bundle) as archive:
        documents = {n: archive.read(n) for n in archive.namelist() if n.startswith("documents/")}
    assert {hashlib.sha256(data).hexdigest() for data in documents.values()} == {
        d["sha256"] for d in sent}
    assert scc("audit", "verify-bundle", str(bundle)).code == 0

    pdf = next(name for name in documents if name.endswith(".pdf"))
    changed = tmp_path / "changed.zip"
    flip_one_byte(bundle, changed, pdf)
    result = scc("audit", "verify-bundle", str(changed))
    assert result.code == 3
    assert f"{pdf}: its bytes changed" in result.out
