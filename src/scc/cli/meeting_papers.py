"""`scc meeting arrange|invite|minutes|letter`: a progress meeting's time and place, its
attendees from the school's contacts, its notes, decisions and actions, and its outcome letter
(its papers are uploaded with `scc evidence upload meeting`)."""

from __future__ import annotations

from datetime import date

import click

from scc.cli.common import (
    LINE,
    NAME,
    REFERENCE,
    TEXT,
    acting,
    emit,
    json_flag,
    on_option,
    say,
    services,
)


@click.command("arrange", help="Set the meeting's time (HH:MM) and place.")
@click.argument("reference", type=REFERENCE)
@click.option("--time", "starts_at", type=NAME, required=True)
@click.option("--place", type=LINE, required=True)
@on_option
@acting
def arrange(reference: str, starts_at: str, place: str, on: date, user: str | None) -> None:
    services().meetings.arrange(user, reference, starts_at, place, on)
    say(f"Meeting {reference}: {starts_at}, {place}.")


@click.command("invite", help="Invite the school's contacts (--contact C1, repeatable).")
@click.argument("reference", type=REFERENCE)
@click.option("--contact", "numbers", multiple=True, type=NAME, required=True)
@on_option
@acting
def invite(reference: str, numbers: tuple[str, ...], on: date, user: str | None) -> None:
    attendees = services().meetings.invite(user, reference, list(numbers), on)
    say(f"Attendees: {', '.join(attendees)}.")


@click.command("minutes", help="Record the notes, decisions and actions of a held meeting.")
@click.argument("reference", type=REFERENCE)
@click.option("--notes", type=TEXT, default="")
@click.option("--decision", "decisions", multiple=True, type=LINE)
@click.option("--action", "actions", multiple=True, type=LINE,
              help="ACTION | OWNER | YYYY-MM-DD (repeatable).")
@on_option
@acting
def minutes(reference: str, notes: str, decisions: tuple[str, ...], actions: tuple[str, ...],
            on: date, user: str | None) -> None:
    from scc.web.meeting_forms import actions as parsed  # the one parser of action lines

    services().meetings.minutes(user, reference, notes, list(decisions),
                                parsed("\n".join(actions)), on)
    say(f"Meeting {reference}: notes, decisions and actions recorded.")


@click.command("letter", help="Send the outcome letter (HTML and PDF, kept by SHA-256).")
@click.argument("reference", type=REFERENCE)
@on_option
@json_flag
@acting
def letter(reference: str, on: date, as_json: bool, user: str | None) -> None:
    sent = services().meetings.send_letter(user, reference, on)
    emit(sent, as_json, lambda s: f"{s['reference']}\nhtml {s['html_sha256']}\n"
                                  f"pdf  {s['pdf_sha256']}")


COMMANDS = (arrange, invite, minutes, letter)
