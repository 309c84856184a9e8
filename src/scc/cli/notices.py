"""`scc notice ...`: preview, issue, list and fetch notices and letters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
import yaml

from scc.cli.common import (
    DATE,
    LINE,
    NAME,
    REFERENCE,
    TEXT,
    acting,
    emit,
    into_a_folder,
    json_flag,
    on_option,
    say,
    services,
    table,
)
from scc.domain import inputs
from scc.domain.errors import InvalidInput

F = TypeVar("F", bound=Callable[..., Any])

if TYPE_CHECKING:
    from scc.application.notices import NoticeService
    from scc.application.recipients import Recipient


def _copies(copies: tuple[str, ...]) -> list[Recipient]:
    from scc.application.recipients import additional  # jinja2 comes with it

    return [additional(c) for c in copies]


def _service() -> NoticeService:
    return services().notices


def _fields(fields_file: Path | None, pairs: tuple[str, ...]) -> dict[str, Any]:
    """--fields FILE (a YAML mapping) first, then each --set KEY=VALUE; a key given more than once
    becomes a list (e.g. several --set evidence=...). The names are checked here; the values, by
    the kind each field takes, by the notices service (whichever way they arrive)."""
    found: dict[str, Any] = {}
    if fields_file is not None:
        try:
            loaded = yaml.safe_load(fields_file.read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as problem:
            raise InvalidInput(f"--fields {fields_file} is not a YAML file of fields: "
                               f"{inputs.shown(problem, 200)}.") from None
        if not isinstance(loaded, dict):
            raise InvalidInput(f"{fields_file} must hold a mapping of field names to values.")
        for key in loaded:
            inputs.text(f"A field name in {fields_file}", str(key), inputs.NAME_MAX)
        found.update({str(key): value for key, value in loaded.items()})
    repeated: dict[str, list[str]] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InvalidInput(f"--set '{inputs.shown(pair)}' is not KEY=VALUE.")
        inputs.text("The KEY of --set", key, inputs.NAME_MAX)
        repeated.setdefault(key.strip(), []).append(value)
    for key, values in repeated.items():
        found[key] = values if len(values) > 1 else values[0]
    return found


def notice_options(func: F) -> F:
    for option in reversed([
        click.argument("ref", metavar="CASE", type=REFERENCE),
        click.option("--type", "notice_type", type=NAME, required=True, help="The notice type, e.g. s60."),
        click.option("--set", "pairs", multiple=True, type=TEXT, metavar="KEY=VALUE",
                     help="A field of the notice; repeat a key for a list."),
        click.option("--fields", "fields_file", type=click.Path(exists=True, path_type=Path),
                     help="A YAML file of fields."),
        click.option("--copy", "copies", multiple=True, type=LINE, metavar="'NAME | ADDRESS | ...'",
                     help="Add a copy recipient (derived recipients cannot be removed)."),
        on_option,
        acting,
    ]):
        func = option(func)
    return func


def _recipient_lines(recipients: list[Recipient]) -> str:
    lines = []
    for r in recipients:
        label = "To" if r["addressee"] else "Copy"
        where = ", ".join([r["organisation"]] if r["organisation"] else [])
        flag = " (statutory)" if r["statutory"] else ""
        lines.append(f"  {label:<5} {r['name']}{', ' + where if where else ''}{flag}")
    return "\n".join(lines)


@click.group(help="Notices and letters: previewed, issued with the case event, kept exactly.")
def notice() -> None:
    pass


def _languages(notice: dict[str, Any], context: dict[str, Any] | None = None) -> None:
    """Says in which languages the notice is given (an issued notice, or a draft's context)."""
    from scc.application import bilingual

    said = bilingual.describe(bilingual.record(context) if context is not None else notice)
    if said:
        say(said)


@notice.command("preview", help="Render a notice without issuing it; shows its recipients.")
@notice_options
@click.option("-o", "--output", type=click.Path(path_type=Path), callback=into_a_folder,
              help="Write the HTML (or, for a .pdf name, the PDF) here instead of stdout.")
def preview(ref: str, notice_type: str, pairs: tuple[str, ...], fields_file: Path | None,
            copies: tuple[str, ...], on: date, user: str | None, output: Path | None) -> None:
    svc = _service()
    draft = svc.preview(user, ref, notice_type, _fields(fields_file, pairs), on,
                        _copies(copies))
    say(f"{draft.title} {draft.reference} (not issued)\n{_recipient_lines(draft.recipients)}")
    _languages({}, draft.context)
    if output is None:
        click.echo(draft.html, nl=False)
    elif output.suffix.lower() == ".pdf":
        from scc.pdf import render_pdf

        output.write_bytes(render_pdf(draft.html))
    else:
        output.write_text(draft.html, encoding="utf-8")


@notice.command("issue", help="Issue a notice: the case event and the documents, together.")
@notice_options
@click.option("--reason", type=TEXT, help="The decision recorded with the event (defaults per notice).")
@json_flag
def issue(ref: str, notice_type: str, pairs: tuple[str, ...], fields_file: Path | None,
          copies: tuple[str, ...], on: date, user: str | None, reason: str | None,
          as_json: bool) -> None:
    issued = _service().issue(user, ref, notice_type, _fields(fields_file, pairs), on,
                              _copies(copies), reason)
    say(f"Issued {issued['title']} {issued['reference']} on case {ref}.\n"
        f"{_recipient_lines(issued['recipients'])}")
    _languages(issued)
    emit(issued, as_json, lambda n: "\n".join(
        f"{part:<8} {n[part + '_sha256']}" for part in ("html", "pdf", "context")))


@notice.command("list", help="The documents issued on a case.")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@json_flag
@acting
def list_notices(ref: str, as_json: bool, user: str | None) -> None:
    found = [d.as_dict() for d in _service().list(user, ref)]
    emit(found, as_json, lambda rows: table(
        [{**r, "sha256": r["sha256"][:16]} for r in rows],
        ["issued_on", "reference", "notice_type", "template_version", "filename", "sha256"]))


@notice.command("get", help="Write an issued document (by its SHA-256 or a prefix) to a file.")
@click.argument("document_id", metavar="DOCUMENT_ID", type=REFERENCE)
@click.option("-o", "--output", type=click.Path(path_type=Path),
              callback=into_a_folder, required=True)
@acting
def get(document_id: str, output: Path, user: str | None) -> None:
    digest, content = _service().get(user, document_id)
    output.write_bytes(content)
    say(f"Wrote document {digest} ({len(content)} bytes) to {output}.")


@notice.command("types", help="The notice types and the fields each takes.")
@click.option("--on", "on", type=DATE, help="Under the rule set in force on this date.")
@json_flag
def types(on: date | None, as_json: bool) -> None:
    emit(services().notice_types.types(on), as_json, lambda rows: "\n".join(
        f"{r['type']:<24} {r['title']}\n" + "\n".join(
            f"    {f['name']:<16} {'required' if f['required'] else 'optional':<9} {f['describes']}"
            for f in r["fields"]) for r in rows))
