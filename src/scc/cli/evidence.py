"""`scc evidence upload|list|get`: files uploaded to a case, visit, progress meeting or plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from scc.cli.common import (
    DATE,
    NAME,
    REFERENCE,
    TEXT,
    acting,
    emit,
    into_a_folder,
    json_flag,
    say,
    services,
    table,
)
from scc.domain import inputs
from scc.domain.evidence import RecordKind

KIND = click.Choice(RecordKind.values())


@click.group(help="Evidence files of a case, visit, progress meeting or improvement plan.")
def evidence() -> None:
    pass


@evidence.command("upload", help="Upload a PDF, Word (.docx), PNG or JPEG file to a record "
                                 "(--paper KEY: which of a meeting's papers it is).")
@click.argument("kind", type=KIND)
@click.argument("reference", type=REFERENCE)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--paper", type=NAME)
@click.option("--description", type=TEXT, default="")
@click.option("--on", "on", type=DATE, help="The date it was received (default: today).")
@json_flag
@acting
def upload(kind: str, reference: str, path: Path, paper: str | None, description: str,
           on: date | None, as_json: bool, user: str | None) -> None:
    svc = services()
    # One byte past the limit is enough to refuse a file as too large without reading it all.
    with path.open("rb") as given:
        content = given.read(svc.ctx.upload_limit_bytes + 1)
    done = svc.evidence.upload(user, kind, reference, inputs.text("PATH", path.name, 255),
                               content, description, paper, on)
    emit(done, as_json, lambda d: f"{d['sha256']}  {d['name']} ({d['size']:,} bytes)")


@evidence.command("list", help="The files uploaded to a record.")
@click.argument("kind", type=KIND)
@click.argument("reference", type=REFERENCE)
@json_flag
@acting
def list_files(kind: str, reference: str, as_json: bool, user: str | None) -> None:
    def text(rows: list[dict[str, Any]]) -> str:
        return table([dict(r, sha256=r["sha256"][:12]) for r in rows],
                     ["name", "file_type", "size", "paper", "uploaded_on", "uploaded_by",
                      "sha256"])

    emit(services().evidence_list.list(user, kind, reference), as_json, text)


@evidence.command("get", help="Write a file, checked against its SHA-256, to -o PATH.")
@click.argument("kind", type=KIND)
@click.argument("reference", type=REFERENCE)
@click.argument("sha256", type=REFERENCE)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              callback=into_a_folder, required=True)
@acting
def get(kind: str, reference: str, sha256: str, output: Path, user: str | None) -> None:
    file, content = services().evidence.download(user, kind, reference, sha256)
    output.write_bytes(content)
    say(f"Wrote {file['name']} ({len(content):,} bytes, SHA-256 checked) to {output}.")
