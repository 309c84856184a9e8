"""`scc audit ...`: verify the tamper-evident history, print its head, export and check bundles.

A failed verification exits with 3 (RuleViolation): the report goes to stdout, the verdict to stderr.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scc.cli.common import REFERENCE, acting, emit, into_a_folder, json_flag, say, services
from scc.domain.errors import InvalidInput, RuleViolation

if TYPE_CHECKING:
    from scc.application.audit import AuditService


@click.group(help="Legal audit: verify the history, print its head, export evidence bundles.")
def audit() -> None:
    pass


def _service() -> AuditService:  # made (and its modules imported) only when a command runs
    return services().audit


def _fail_unless(ok: bool, failure: str) -> None:
    if not ok:
        raise RuleViolation(failure)


@audit.command("verify", help="Recompute the hash chains and name the first broken link.")
@click.option("--case", "ref", type=REFERENCE, metavar="CASE", help="Only this case's chain.")
@click.option("--anchor", type=REFERENCE, metavar="HEAD",
              help="A head recorded earlier (`scc audit head`) that the chain must pass through.")
@json_flag
@acting
def verify(ref: str | None, anchor: str | None, as_json: bool, user: str | None) -> None:
    report = _service().verify(user, ref, anchor)
    emit(report, as_json, _verify_text)
    _fail_unless(report["ok"], f"the {report['scope']}'s history does not verify.")


@audit.command("head", help="The current head of the store's chain, to record outside the system.")
@json_flag
@acting
def head(as_json: bool, user: str | None) -> None:
    found = services().chain_head.head(user)
    emit(found, as_json, lambda h: f"{h['head'] or '(nothing recorded yet)'}  "
                                   f"(notification {h['notification_id']})")


@audit.command("export", help="Export a case's evidence bundle (zip).")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              callback=into_a_folder, required=True,
              help="Where to write the bundle, e.g. bundle.zip.")
@json_flag
@acting
def export(ref: str, output: Path, as_json: bool, user: str | None) -> None:
    bundle, summary = _service().export(user, ref)
    output.write_bytes(bundle)
    for note in summary["notes"]:
        say(f"note: {note}")
    say(f"Bundle for case {ref} written to {output}; its export is recorded. Manifest SHA-256 "
        f"{summary['manifest_sha256']}.")
    emit(summary, as_json, lambda s: str(s["manifest_sha256"]))


@audit.command("verify-bundle", help="Check a bundle offline: every file and the case's chain.")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_flag
def verify_bundle(path: Path, as_json: bool) -> None:
    try:
        from scc.audit.bundle import check_bundle

        check = check_bundle(path)
    except ValueError as problem:
        raise InvalidInput(str(problem)) from None
    emit(check.as_dict(), as_json, _bundle_text)
    _fail_unless(check.ok, f"the bundle {path} does not verify.")


def _verify_text(report: dict[str, Any]) -> str:
    if report["ok"]:
        anchored = " and passes through the recorded head" if report["anchor_found"] else ""
        head = f"; head {report['head']} at notification {report['head_notification_id']}" \
            if report["head"] else ""
        return (f"OK: {report['events']} events in {report['chains']} chain(s) of the "
                f"{report['scope']} verify{anchored}{head}.")
    lines = [f"TAMPERED: the {report['scope']}'s history is not as it was recorded."]
    for p in report["problems"]:
        where = f"notification {p['notification_id']}" if p["notification_id"] else "chain"
        what = " ".join(str(x) for x in (p["subject"], p["version"] and f"version {p['version']}",
                                         p["event"] and f"({p['event']})") if x)
        lines.append(f"  {p['kind'].upper()} at {where}: {what}: {p['detail']}")
    return "\n".join(lines)


def _bundle_text(check: dict[str, Any]) -> str:
    verdict = "OK" if check["ok"] else "FAILED"
    lines = [(f"{verdict}: bundle of case {check['case']}, {check['files']} files, "
              f"{check['events']} events; manifest SHA-256 {check['manifest_sha256']} (compare "
              "it with the export record).")]
    lines += [f"  {problem}" for problem in check["problems"]]
    return "\n".join(lines)
