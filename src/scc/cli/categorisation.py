"""`scc school categorise|categories|allocate|review-due` and `scc register`."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from scc.cli.common import (
    DATE,
    NAME,
    TEXT,
    URN,
    acting,
    authority_option,
    emit,
    json_flag,
    on_option,
    say,
    services,
    table,
)

BASES = ["ofsted", "authority-concern", "self-assessment", "safeguarding"]


@click.group("categorise", help="Categorise a school: self-assessment, proposal, discussion, "
                                "confirmation by the Service Manager, notification.")
def categorise() -> None:
    pass


@categorise.command("self-assessment", help="Record the school's own assessment of its category.")
@click.argument("urn", type=URN)
@click.option("--category", type=NAME, required=True)
@on_option
@click.option("--reason", type=TEXT)
@acting
def self_assessment(urn: str, category: str, on: date, reason: str | None, user: str | None) -> None:
    services().categorisation.self_assessment(user, urn, category, on, reason)
    say(f"Recorded the school's self-assessment {category} for URN {urn}.")


@categorise.command("propose", help="Propose a category with the criteria that apply (by key, "
                                    "see `scc policy show`) and the evidence.")
@click.argument("urn", type=URN)
@click.option("--category", type=NAME, required=True)
@click.option("--criterion", "criteria", multiple=True, type=NAME, required=True)
@click.option("--evidence", type=TEXT, required=True)
@on_option
@acting
def propose(urn: str, category: str, criteria: tuple[str, ...], evidence: str, on: date,
            user: str | None) -> None:
    services().categorisation.propose(user, urn, category, list(criteria), evidence, on)
    say(f"Proposed category {category} for URN {urn}.")


@categorise.command("discuss", help="Record the discussion with the headteacher where the "
                                    "school's assessment and the proposal differ.")
@click.argument("urn", type=URN)
@click.option("--notes", type=TEXT, required=True)
@on_option
@acting
def discuss(urn: str, notes: str, on: date, user: str | None) -> None:
    services().categorisation.discuss(user, urn, notes, on)
    say(f"Recorded the discussion for URN {urn}.")


@categorise.command("confirm", help="Confirm the category (Service Manager). A category on the "
                                    "register places the school there.")
@click.argument("urn", type=URN)
@click.option("--category", type=NAME, required=True)
@click.option("--reason", type=TEXT, required=True)
@click.option("--basis", type=click.Choice(BASES),
              help="Why the school is on the register (default: its Ofsted judgement if that is a "
                   "concern, otherwise authority-concern, which is confidential).")
@on_option
@acting
def confirm(urn: str, category: str, reason: str, basis: str | None, on: date,
            user: str | None) -> None:
    services().categorisation.confirm(user, urn, category, reason, on, basis)
    say(f"Confirmed category {category} for URN {urn}.")


@categorise.command("notify", help="Record the written notification of the category.")
@click.argument("urn", type=URN)
@on_option
@acting
def notify(urn: str, on: date, user: str | None) -> None:
    recipients = services().categorisation.notify(user, urn, on)
    say(f"Recorded the notification to: {', '.join(recipients)}.")


@click.command("categories", help="A school's category, register entry, officer, visit "
                                  "entitlement and category history.")
@click.argument("urn", type=URN)
@json_flag
@acting
def categories(urn: str, as_json: bool, user: str | None) -> None:
    emit(services().categorisation.categories(user, urn), as_json, _categories_text)


@click.command("allocate", help="Allocate a School Effectiveness Officer to a school.")
@click.argument("urn", type=URN)
@click.option("--officer", type=NAME, required=True, metavar="NAME")
@click.option("--on", "on", type=DATE, help="Date of the allocation (default: today).")
@click.option("--reason", type=TEXT)
@acting
def allocate(urn: str, officer: str, on: date | None, reason: str | None, user: str | None) -> None:
    svc = services()
    svc.categorisation.allocate(user, urn, officer, on or svc.ctx.clock.today(), reason)
    say(f"Allocated {officer} to URN {urn}.")


@click.command("review-due", help="Schools whose category has not been reviewed this term "
                                  "(or this year, as the policy pack says).")
@click.option("--on", "on", type=DATE, help="Day to check (default: today).")
@authority_option
@json_flag
@acting
def review_due(on: date | None, authority: str | None, as_json: bool, user: str | None) -> None:
    emit(services().categorisation.review_due(user, on, authority), as_json, lambda d: (
        f"Not reviewed since {d['since']} ({d['period']}):\n"
        + table(d["schools"], ["urn", "school", "last_reviewed_on"])))


@click.command("register", help="The register of schools causing concern. Confidential entries "
                                "are withheld from those who may not see them, with a count.")
@click.option("--as-of", "as_of", type=DATE, help="The register as it stood on DATE.")
@json_flag
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")
@authority_option
@acting
def register(as_of: date | None, as_json: bool, as_csv: bool, authority: str | None,
             user: str | None) -> None:
    data = services().register.register(user, as_of, authority)
    if data["withheld_note"]:
        say(data["withheld_note"])
    if as_csv:
        from scc.application.register import register_csv

        click.echo(register_csv(data), nl=False)
    else:
        emit(data, as_json, lambda d: f"Register of schools causing concern, {d['as_of']}\n"
             + table(d["entries"], _columns()))


def _categories_text(d: dict[str, Any]) -> str:
    lines = [f"{d['school']} (URN {d['urn']}): {d['category'] or 'not categorised'}"
             + (f", {d['category_title']}" if d["category_title"] else "")]
    if d["register"]:
        lines.append(f"  On the register since {d['register']['placed_on']} "
                     f"(basis: {d['register']['basis']})")
    if d["officer"]:
        lines.append(f"  Officer: {d['officer']}")
    if d["entitlement"]:
        e = d["entitlement"]
        lines.append(f"  Entitled to {e['entitled']}; {e['used']} used in {e['academic_year']}")
    for h in d["history"]:
        lines.append(f"  {h['effective_on']}  {h['step']:<20} {h['category'] or '':<6} "
                     f"{h['actor']}: {h['reason'] or ''}")
    return "\n".join(lines)


def policy_text(scheme: dict[str, Any]) -> str:
    """The active pack's categories, for `scc policy show`."""
    lines = [f"{scheme['authority']}: {scheme['scheme']} (reviewed each {scheme['review']})"]
    for c in scheme["categories"]:
        register = ", on the register" if c["on_register"] else ""
        lines.append(f"  {c['code']:<6} {c['title']} ({c['visits']}{register})")
        lines.extend(f"           {key}: {text}" for key, text in c["criteria"].items())
    lines.append("Automatic rules:")
    lines.extend(f"  {name}" for name in scheme["automatic"])
    return "\n".join(lines)


def _columns() -> list[str]:
    from scc.application.register import COLUMNS

    return list(COLUMNS)
