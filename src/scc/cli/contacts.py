"""`scc school contact ...`: a school's contacts, who notices are addressed and copied to."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from scc.cli.common import (
    DATE,
    LINE,
    NAME,
    TEXT,
    URN,
    acting,
    emit,
    json_flag,
    say,
    services,
    table,
)
from scc.domain.contact import ContactRole


@click.group(help="A school's contacts: headteacher, chair of governors, clerk, diocese, trust.")
def contact() -> None:
    pass


@contact.command("add", help="Record a contact from today (or --on); prints its number.")
@click.argument("urn", type=URN)
@click.option("--role", type=click.Choice(ContactRole.values()), required=True)
@click.option("--name", type=NAME, required=True, help="The person or body, e.g. 'Mrs A Patel'.")
@click.option("--address", "address", type=LINE, multiple=True,
              help="One line of the postal address; repeat for each line.")
@click.option("--email", type=NAME)
@click.option("--on", "on", type=DATE, help="The date they took up the role (default: today).")
@acting
def add(urn: str, role: str, name: str, address: tuple[str, ...], email: str | None,
        on: date | None, user: str | None) -> None:
    number = services().contacts.add(user, urn, role, name, list(address), email, on)
    click.echo(number)
    say(f"Recorded {name} as {role.replace('-', ' ')} of URN {urn} (contact {number}).")


@contact.command("end", help="Record that a contact is no longer in post (kept in the record).")
@click.argument("urn", type=URN)
@click.argument("number", type=NAME)
@click.option("--reason", type=TEXT, required=True)
@click.option("--on", "on", type=DATE, help="The date they left the role (default: today).")
@acting
def end(urn: str, number: str, reason: str, on: date | None, user: str | None) -> None:
    services().contacts.end(user, urn, number, reason, on)
    say(f"Contact {number} of URN {urn} recorded as ended.")


@contact.command("list", help="The school's contacts in post (--all: with those ended).")
@click.argument("urn", type=URN)
@click.option("--all", "include_ended", is_flag=True)
@json_flag
@acting
def list_contacts(urn: str, include_ended: bool, as_json: bool, user: str | None) -> None:
    rows = services().contacts.list(user, urn, include_ended)

    def text(found: list[dict[str, Any]]) -> str:
        return table([dict(r, address=", ".join(r["address"])) for r in found],
                     ["number", "role", "name", "address", "email", "from", "ended_on"])

    emit(rows, as_json, text)
