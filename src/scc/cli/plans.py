"""`scc improvement-plan ...`: action plans and schools' improvement plans, reviewed each term."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from scc.cli.common import (
    LINE,
    REFERENCE,
    TEXT,
    URN,
    acting,
    emit,
    json_flag,
    on_option,
    say,
    services,
    table,
)
from scc.domain import inputs
from scc.domain.errors import InvalidInput

KINDS = ["action-plan", "improvement-plan"]
RATINGS = ["on-track", "at-risk", "off-track"]
COLUMNS = ["reference", "urn", "school_name", "kind", "title", "case_reference", "state",
           "received_on", "objectives", "last_review_on", "next_review_due"]


def objective(text: str) -> dict[str, Any]:
    """'OBJECTIVE | CRITERION; CRITERION | OWNER | YYYY-MM-DD' as an objective."""
    parts = [p.strip() for p in text.split("|")]
    if len(parts) != 4:
        raise InvalidInput(f"--objective takes 'OBJECTIVE | CRITERION; CRITERION | OWNER | "
                           f"YYYY-MM-DD'; not '{inputs.shown(text)}'.")
    return {"objective": parts[0], "success_criteria": parts[1].split(";"), "owner": parts[2],
            "due": inputs.parse_day("--objective's date", parts[3])}


def ratings(rated: tuple[str, ...], evidence: tuple[str, ...]) -> dict[int, dict[str, str]]:
    """`N=RATING` and `N=EVIDENCE` pairs as {N: {rating, evidence}}."""
    found: dict[int, dict[str, str]] = {}
    for field, pairs in (("rating", rated), ("evidence", evidence)):
        for pair in pairs:
            number, _, value = pair.partition("=")
            if not (number.strip().isascii() and number.strip().isdigit()) or not value.strip():
                raise InvalidInput(f"--{field} takes OBJECTIVE=TEXT, e.g. 1=on-track; not "
                                   f"'{inputs.shown(pair)}'.")
            entry = found.setdefault(int(number), {"rating": "", "evidence": ""})
            entry[field] = value.strip()
    return found


@click.group("improvement-plan", help="Action plans that notices require and schools' own "
                                      "improvement plans: objectives, termly reviews.")
def improvement_plan() -> None:
    pass


@improvement_plan.command("receive", help="Record a plan as received, with its objectives. An "
                                          "action plan names its case (--case): while the "
                                          "notice's action-plan deadline is open, this also "
                                          "records the action plan as received on the case.")
@click.argument("urn", type=URN)
@click.option("--kind", type=click.Choice(KINDS), required=True)
@click.option("--title", type=LINE, required=True)
@click.option("--objective", "objectives", type=TEXT, multiple=True, required=True,
              help="'OBJECTIVE | CRITERION; CRITERION | OWNER | YYYY-MM-DD' (repeatable).")
@click.option("--case", "case_reference", type=REFERENCE, help="The case whose notice required it.")
@on_option
@acting
def receive(urn: str, kind: str, title: str, objectives: tuple[str, ...],
            case_reference: str | None, on: date | None, user: str | None) -> None:
    svc = services()
    reference = svc.plans.receive(user, urn, kind, title, [objective(o) for o in objectives],
                                  on or svc.ctx.clock.today(), case_reference)
    click.echo(reference)
    say(f"Plan {reference} received; its first review is due by the end of the term.")


@improvement_plan.command("review", help="Record a termly review rating every objective.")
@click.argument("reference", type=REFERENCE)
@click.option("--term", type=LINE, required=True, help="e.g. 'Autumn 2026'.")
@click.option("--rating", "rated", type=LINE, multiple=True, required=True,
              help=f"OBJECTIVE=RATING ({', '.join(RATINGS)}), for each objective.")
@click.option("--evidence", type=TEXT, multiple=True, required=True,
              help="OBJECTIVE=EVIDENCE, for each objective.")
@on_option
@acting
def review(reference: str, term: str, rated: tuple[str, ...], evidence: tuple[str, ...],
           on: date | None, user: str | None) -> None:
    svc = services()
    due = svc.plans.review(user, reference, on or svc.ctx.clock.today(), term,
                           ratings(rated, evidence))
    say(f"Review of {reference} recorded; the next is due by {due}.")


@improvement_plan.command("close", help="Close a plan (Service Manager).")
@click.argument("reference", type=REFERENCE)
@click.option("--reason", type=TEXT, required=True)
@on_option
@acting
def close(reference: str, reason: str, on: date | None, user: str | None) -> None:
    svc = services()
    svc.plans.close(user, reference, on or svc.ctx.clock.today(), reason)
    say(f"Plan {reference} closed.")


@improvement_plan.command("show")
@click.argument("reference", type=REFERENCE)
@json_flag
@acting
def show(reference: str, as_json: bool, user: str | None) -> None:
    emit(services().plans.show(user, reference), as_json, _plan_text)


@improvement_plan.command("list", help="Plans of one school, or of every school you may see.")
@click.option("--school", "urn", type=URN, metavar="URN")
@json_flag
@acting
def list_plans(urn: str | None, as_json: bool, user: str | None) -> None:
    emit(services().record_lists.plans(user, urn), as_json, lambda rows: table(rows, COLUMNS))


def _plan_text(p: dict[str, Any]) -> str:
    lines = [f"Plan {p['reference']}: {p['title']} ({p['kind']}), {p['school']} (URN {p['urn']})",
             f"  {p['state_title']}; received {p['received_on']}"
             + (f" for case {p['case']}" if p["case"] else "")]
    lines += [f"  {o['number']}. {o['objective']} (owner {o['owner']}, by {o['due']}); "
              f"success: {'; '.join(o['success_criteria'])}" for o in p["objectives"]]
    for r in p["reviews"]:
        lines.append(f"  Review {r['term']} on {r['on']}: " + ", ".join(
            f"{n} {v['rating']}" for n, v in sorted(r["ratings"].items())))
    if p["next_review"]:
        lines.append(f"  Next review due by {p['next_review']['due']}")
    return "\n".join(lines)
