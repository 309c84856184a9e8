"""`scc support plan ...` and `scc support log ...`: support plans costed at the pack's day rates,
their commitments, termly reviews and school-to-school support logs (issue 14); and the parsing
of amounts and commitments that `scc support bid` shares."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from scc.cli.common import (
    DATE,
    LINE,
    NAME,
    REFERENCE,
    TEXT,
    URN,
    CountParam,
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
from scc.domain.money import pounds

PLAN_COLUMNS = ["reference", "urn", "school_name", "state", "drafted_on", "costed", "approved",
                "spent", "committed", "logs", "next_review_due"]
LOG_COLUMNS = ["number", "on", "support_person", "role", "hours", "focus", "next_visit", "cost"]
AMOUNT = LINE  # an amount is checked exactly by the service (scc.domain.money)


def pairs(given: tuple[str, ...]) -> dict[str, str]:
    """`AREA=AMOUNT` pairs as {area: amount}."""
    found: dict[str, str] = {}
    for pair in given:
        area, _, amount = pair.partition("=")
        if not area.strip() or not amount.strip():
            raise InvalidInput(f"--amount takes AREA=AMOUNT, e.g. governance=5000; not "
                               f"'{inputs.shown(pair)}'.")
        found[area.strip()] = amount.strip()
    return found


def parts(option: str, text: str, names: list[str]) -> dict[str, str]:
    """'A | B | C' as {names[0]: A, ...}."""
    found = [p.strip() for p in text.split("|")]
    if len(found) != len(names):
        raise InvalidInput(f"{option} takes '{' | '.join(n.upper() for n in names)}'; not "
                           f"'{inputs.shown(text)}'.")
    return dict(zip(names, found))


def commitment_options(func: Any) -> Any:
    """The options of a commitment of funds (bid commit, plan commit)."""
    for option in reversed((
            click.argument("reference", type=REFERENCE),
            click.option("--amount", type=AMOUNT, required=True),
            click.option("--description", type=TEXT, required=True, help="What is bought."),
            click.option("--supplier", type=NAME, required=True),
            click.option("--method", type=TEXT, default="", help="Why this procurement method."),
            click.option("--quotes", type=CountParam(0, 100), default=0,
                         help="Written quotes obtained."),
            click.option("--reason", type=TEXT, default="",
                         help="Why fewer quotes could be obtained."),
            on_option, acting)):
        func = option(func)
    return func


def commitment(amount: str, description: str, supplier: str, method: str, quotes: int,
                reason: str) -> dict[str, Any]:
    return {"amount": amount, "description": description, "supplier": supplier,
            "method": method, "quotes": quotes, "reason": reason}




@click.group("plan", help="Support plans costed at the pack's day rates.")
def plan() -> None:
    pass


@plan.command("draft", help="Record a support plan as drafted; prints its reference.")
@click.argument("urn", type=URN)
@click.option("--priority", "priorities", type=TEXT, multiple=True, required=True,
              help="A priority for support, numbered in the order given (repeatable).")
@click.option("--activity", "activities", type=TEXT, multiple=True, required=True,
              help="'ACTIVITY | PRIORITY NO. | INTENDED IMPACT | ROLE | WHO | WHEN | DAYS' "
                   "(repeatable), or with '| MORNINGS | AFTERNOONS' after DAYS where the pack "
                   "charges half days; costed at the pack's rates for ROLE.")
@click.option("--supporting-school", type=NAME, default="")
@click.option("--case", "case_reference", type=REFERENCE)
@click.option("--bid", "bid_reference", type=REFERENCE, help="The bid that funds it.")
@on_option
@acting
def draft_plan(urn: str, priorities: tuple[str, ...], activities: tuple[str, ...],
               supporting_school: str, case_reference: str | None, bid_reference: str | None,
               on: date, user: str | None) -> None:
    names = ["activity", "priority", "impact", "role", "who", "when", "days"]
    # Two more parts, where the pack charges half days apart: mornings and afternoons.
    given = [parts("--activity", a, names + (["am", "pm"] if a.count("|") == 8 else []))
             for a in activities]
    reference = services().support.draft_plan(
        user, urn, list(priorities), given, on,
        supporting_school, case_reference, bid_reference)
    click.echo(reference)
    say(f"Support plan {reference} drafted.")


@plan.command("submit", help="Submit a drafted plan for approval.")
@click.argument("reference", type=REFERENCE)
@on_option
@acting
def submit_plan(reference: str, on: date, user: str | None) -> None:
    services().support.submit_plan(user, reference, on)
    say(f"Support plan {reference} submitted.")


@plan.command("decide", help="Approve a plan with the amount of funding (default: its costed "
                             "total) or decline it with a reason (Service Manager).")
@click.argument("reference", type=REFERENCE)
@click.option("--approve/--decline", required=True)
@click.option("--amount", type=AMOUNT)
@click.option("--reason", type=TEXT, default="")
@on_option
@acting
def decide_plan(reference: str, approve: bool, amount: str | None, reason: str, on: date,
                user: str | None) -> None:
    services().support.decide_plan(user, reference, on, approve, reason, amount)
    say(f"Support plan {reference} {'approved' if approve else 'declined'}.")


@plan.command("commit", help="Record a commitment of the plan's funds; refused without the "
                             "record the pack's procurement threshold demands.")
@commitment_options
def commit(reference: str, on: date, user: str | None, **given: Any) -> None:
    services().support.commit(user, reference, on, commitment(**given))
    say(f"Commitment of {pounds(given['amount'])} on {reference} recorded.")


@plan.command("review", help="Record a termly review; --final (Service Manager) closes the plan.")
@click.argument("reference", type=REFERENCE)
@click.option("--personnel", type=LINE, required=True)
@click.option("--outcomes", type=TEXT, required=True)
@click.option("--points", type=TEXT, default="", help="Points to be addressed.")
@click.option("--final", is_flag=True)
@on_option
@acting
def review_plan(reference: str, personnel: str, outcomes: str, points: str, final: bool,
                on: date, user: str | None) -> None:
    due = services().support.review_plan(user, reference, on, personnel, outcomes, points, final)
    say(f"Review of {reference} recorded; " + (f"the next is due by {due}." if due
                                               else "the plan is closed."))


@plan.command("show")
@click.argument("reference", type=REFERENCE)
@json_flag
@acting
def show_plan(reference: str, as_json: bool, user: str | None) -> None:
    emit(services().support.show_plan(user, reference), as_json, _plan_text)


@plan.command("list", help="Support plans of one school, or of every school you may see.")
@click.option("--school", "urn", type=URN, metavar="URN")
@json_flag
@acting
def list_plans(urn: str | None, as_json: bool, user: str | None) -> None:
    emit(services().support.list_plans(user, urn), as_json,
         lambda rows: table(rows, PLAN_COLUMNS))


@click.group("log", help="School-to-school support logs: the support given, spent against "
                           "the plan's approved amount.")
def log() -> None:
    pass


@plan.command("letter", help="Issue the support plan as a letter (HTML and PDF, kept); prints "
                             "what was kept.")
@click.argument("reference", type=REFERENCE)
@on_option
@json_flag
@acting
def letter(reference: str, on: date, as_json: bool, user: str | None) -> None:
    emit(services().support.issue_plan_form(user, reference, on), as_json, kept_text)


def kept_text(notice: dict[str, Any]) -> str:
    """An issued form as kept: its reference and the SHA-256 of each part."""
    return (f"{notice['title']} {notice['reference']}\n  PDF  {notice['pdf_sha256']}\n"
            f"  HTML {notice['html_sha256']}")


@log.command("add", help="Log support given under a plan; prints what remains of its funding.")
@click.argument("reference", type=REFERENCE)
@click.option("--hours", type=LINE, required=True, help="Hours in total, e.g. 6 or 3.5.")
@click.option("--hours-in-school", type=LINE)
@click.option("--support-person", type=NAME, required=True)
@click.option("--role", type=NAME, help="The role undertaken (a role of the pack's rates).")
@click.option("--days", type=LINE, help="Days to cost at the role's day rate.")
@click.option("--mornings", "am", type=LINE, help="Mornings to cost at the role's morning rate, "
              "where the pack gives one (Calderdale's appendix F).")
@click.option("--afternoons", "pm", type=LINE, help="Afternoons, at the role's afternoon rate.")
@click.option("--preparation", "prep", type=LINE, help="Preparation sessions, at the role's rate.")
@click.option("--staff-meetings", "staff_meeting", type=LINE,
              help="Staff meetings, at the role's staff meeting rate.")
@click.option("--cost", type=AMOUNT, help="The cost, where not days x rate.")
@click.option("--contact", type=NAME, default="")
@click.option("--focus", type=TEXT, required=True)
@click.option("--action", "actions", type=TEXT, multiple=True, help="Agreed action (repeatable).")
@click.option("--next-visit", type=DATE)
@on_option
@acting
def add_log(reference: str, hours: str, hours_in_school: str | None, support_person: str,
            role: str | None, days: str | None, am: str | None, pm: str | None,
            prep: str | None, staff_meeting: str | None, cost: str | None, contact: str,
            focus: str, actions: tuple[str, ...], next_visit: date | None, on: date,
            user: str | None) -> None:
    left = services().support.log_support(user, reference, on, {
        "hours": hours, "hours_in_school": hours_in_school, "support_person": support_person,
        "role": role, "days": days, "am": am, "pm": pm, "prep": prep,
        "staff_meeting": staff_meeting, "cost": cost, "contact": contact, "focus": focus,
        "actions": list(actions), "next_visit": next_visit})
    click.echo(left)
    say(f"Support logged on {reference}; {pounds(left)} of the approved funding remains.")


@log.command("list", help="The support logged under a plan.")
@click.argument("reference", type=REFERENCE)
@json_flag
@acting
def list_logs(reference: str, as_json: bool, user: str | None) -> None:
    emit(services().support.show_plan(user, reference)["logs"], as_json,
         lambda rows: table(rows, LOG_COLUMNS))


def _plan_text(p: dict[str, Any]) -> str:
    lines = [f"Support plan {p['reference']}, {p['school']} (URN {p['urn']}): {p['state_title']}"]
    lines += [f"  Priority {n}. {text}" for n, text in enumerate(p["priorities"], start=1)]
    lines += [f"  {a['number']}. {a['activity']} (priority {a['priority']}; {a['who']}, "
              f"{a['role']}, {a['when']}): {a['days']} days x {pounds(a['rate'])} = "
              f"{pounds(a['cost'])}" for a in p["activities"]]
    lines.append(f"  Costed {pounds(p['costed'])}"
                 + (f"; approved {pounds(p['approved'])}; spent {pounds(p['spent'])}; "
                    f"remaining {pounds(p['remaining'])}; committed {pounds(p['committed'])}"
                    if p["approved"] else ""))
    lines += [f"  Log {entry['number']} {entry['on']}: {entry['support_person']}, "
              f"{entry['hours']} h, {pounds(entry['cost'])}: {entry['focus']}"
              for entry in p["logs"]]
    if p["next_review"]:
        lines.append(f"  Next review due by {p['next_review']['due']}")
    return "\n".join(lines)
