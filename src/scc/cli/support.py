"""`scc support ...`: bids for funding and their impact reports, support plans costed at the pack's
rates, support logs and commitments (issue 14). Amounts are typed as pounds and pence (12000 or
2450.50) and stay exact decimals throughout."""

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

BID_COLUMNS = ["reference", "urn", "school_name", "state", "submitted_on", "period", "requested",
               "approved", "spent", "impact_reports"]
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


def _commitment(amount: str, description: str, supplier: str, method: str, quotes: int,
                reason: str) -> dict[str, Any]:
    return {"amount": amount, "description": description, "supplier": supplier,
            "method": method, "quotes": quotes, "reason": reason}


@click.group("support", help="Support and funding: bids and impact reports, support plans, "
                             "support logs and commitments.")
def support() -> None:
    pass


@support.group("bid", help="Bids for school improvement funding (Form A1) and their Funding "
                           "Impact Reports (Form A2).")
def bid() -> None:
    pass


@bid.command("submit", help="Record a bid as submitted to the board; prints its reference.")
@click.argument("urn", type=URN)
@click.option("--amount", "amounts", type=LINE, multiple=True, required=True,
              help="AREA=AMOUNT requested, one per area (repeatable), e.g. governance=5000.")
@click.option("--period", type=NAME, required=True, help="e.g. one-term, two-terms, full-year.")
@click.option("--summary", type=TEXT, required=True)
@click.option("--reason", type=TEXT, required=True, help="e.g. an Ofsted key issue.")
@click.option("--budget-position", type=TEXT, required=True)
@click.option("--brokering", type=TEXT, required=True, help="Brokering or tendering process.")
@click.option("--impact", type=TEXT, required=True, help="Proposed impact and success criteria.")
@click.option("--monitoring", type=TEXT, required=True, help="How, when and by whom.")
@click.option("--cluster", is_flag=True, help="The bid is for the school's cluster.")
@click.option("--case", "case_reference", type=REFERENCE)
@click.option("--follows", type=REFERENCE, help="The approved bid this one asks to extend.")
@on_option
@acting
def submit_bid(urn: str, amounts: tuple[str, ...], period: str, summary: str, reason: str,
               budget_position: str, brokering: str, impact: str, monitoring: str, cluster: bool,
               case_reference: str | None, follows: str | None, on: date,
               user: str | None) -> None:
    texts = {"summary": summary, "reason": reason, "budget_position": budget_position,
             "brokering": brokering, "impact": impact, "monitoring": monitoring}
    reference = services().support.submit_bid(
        user, urn, pairs(amounts), period, texts, on, "cluster" if cluster else "school",
        case_reference, follows)
    click.echo(reference)
    say(f"Bid {reference} submitted.")


@bid.command("decide", help="Record the board's decision (Service Manager): approved with the "
                            "amounts per area and terms of funding, or declined with a reason.")
@click.argument("reference", type=REFERENCE)
@click.option("--approve/--decline", required=True)
@click.option("--reason", type=TEXT, default="", help="Required to decline.")
@click.option("--amount", "amounts", type=LINE, multiple=True,
              help="AREA=AMOUNT approved (default: as requested).")
@click.option("--terms", type=CountParam(1, 12), help="Terms of funding agreed.")
@on_option
@acting
def decide_bid(reference: str, approve: bool, reason: str, amounts: tuple[str, ...],
               terms: int | None, on: date, user: str | None) -> None:
    due = services().support.decide_bid(user, reference, on, approve, reason,
                                        pairs(amounts) or None, terms)
    say(f"Bid {reference} " + (f"approved; impact reports due by {', '.join(due)}." if approve
                               else "declined."))


@bid.command("board", help="Record the board meeting that will decide the bid: the decision "
                           "is due by that day, with reminders before it.")
@click.argument("reference", type=REFERENCE)
@click.option("--meets-on", type=DATE, required=True)
@on_option
@acting
def board(reference: str, meets_on: date, on: date, user: str | None) -> None:
    services().support.schedule_board(user, reference, on, meets_on)
    say(f"Bid {reference} goes to the board on {meets_on.isoformat()}.")


@bid.command("impact-report", help="Record a Funding Impact Report (Form A2).")
@click.argument("reference", type=REFERENCE)
@click.option("--strategy", "strategies", type=TEXT, multiple=True, required=True,
              help="'STRATEGY | TIMESCALE | IMPACT' (repeatable).")
@click.option("--spent", type=AMOUNT, required=True, help="Spent so far, e.g. 3120.50.")
@click.option("--deviations", type=TEXT, default="", help="Any change of provider and why.")
@click.option("--commentary", type=TEXT, default="")
@on_option
@acting
def impact_report(reference: str, strategies: tuple[str, ...], spent: str, deviations: str,
                  commentary: str, on: date, user: str | None) -> None:
    services().support.impact_report(
        user, reference, on,
        [parts("--strategy", s, ["strategy", "timescale", "impact"]) for s in strategies],
        spent, deviations, commentary)
    say(f"Impact report on {reference} recorded.")


@bid.command("commit", help="Record how the approved funding is committed; refused without "
                            "the record the pack's procurement threshold demands.")
@commitment_options
def commit_bid(reference: str, on: date, user: str | None, **given: Any) -> None:
    services().support.commit_bid(user, reference, on, _commitment(**given))
    say(f"Commitment of {pounds(given['amount'])} on {reference} recorded.")


@bid.command("close", help="Close an approved bid (Service Manager).")
@click.argument("reference", type=REFERENCE)
@click.option("--reason", type=TEXT, required=True)
@on_option
@acting
def close_bid(reference: str, reason: str, on: date, user: str | None) -> None:
    services().support.close_bid(user, reference, on, reason)
    say(f"Bid {reference} closed.")


@bid.command("show")
@click.argument("reference", type=REFERENCE)
@json_flag
@acting
def show_bid(reference: str, as_json: bool, user: str | None) -> None:
    emit(services().support.show_bid(user, reference), as_json, _bid_text)


@bid.command("list", help="Bids of one school, or of every school you may see.")
@click.option("--school", "urn", type=URN, metavar="URN")
@json_flag
@acting
def list_bids(urn: str | None, as_json: bool, user: str | None) -> None:
    emit(services().support.list_bids(user, urn), as_json,
         lambda rows: table(rows, BID_COLUMNS))


@support.group("plan", help="Support plans costed at the pack's day rates.")
def plan() -> None:
    pass


@plan.command("draft", help="Record a support plan as drafted; prints its reference.")
@click.argument("urn", type=URN)
@click.option("--priority", "priorities", type=TEXT, multiple=True, required=True,
              help="A priority for support, numbered in the order given (repeatable).")
@click.option("--activity", "activities", type=TEXT, multiple=True, required=True,
              help="'ACTIVITY | PRIORITY NO. | INTENDED IMPACT | ROLE | WHO | WHEN | DAYS' "
                   "(repeatable); costed at the pack's day rate for ROLE.")
@click.option("--supporting-school", type=NAME, default="")
@click.option("--case", "case_reference", type=REFERENCE)
@click.option("--bid", "bid_reference", type=REFERENCE, help="The bid that funds it.")
@on_option
@acting
def draft_plan(urn: str, priorities: tuple[str, ...], activities: tuple[str, ...],
               supporting_school: str, case_reference: str | None, bid_reference: str | None,
               on: date, user: str | None) -> None:
    names = ["activity", "priority", "impact", "role", "who", "when", "days"]
    reference = services().support.draft_plan(
        user, urn, list(priorities), [parts("--activity", a, names) for a in activities], on,
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
    services().support.commit(user, reference, on, _commitment(**given))
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


@support.group("log", help="School-to-school support logs: the support given, spent against "
                           "the plan's approved amount.")
def log() -> None:
    pass


@log.command("add", help="Log support given under a plan; prints what remains of its funding.")
@click.argument("reference", type=REFERENCE)
@click.option("--hours", type=LINE, required=True, help="Hours in total, e.g. 6 or 3.5.")
@click.option("--hours-in-school", type=LINE)
@click.option("--support-person", type=NAME, required=True)
@click.option("--role", type=NAME, help="The role undertaken (a role of the pack's rates).")
@click.option("--days", type=LINE, help="Days to cost at the role's day rate.")
@click.option("--cost", type=AMOUNT, help="The cost, where not days x rate.")
@click.option("--contact", type=NAME, default="")
@click.option("--focus", type=TEXT, required=True)
@click.option("--action", "actions", type=TEXT, multiple=True, help="Agreed action (repeatable).")
@click.option("--next-visit", type=DATE)
@on_option
@acting
def add_log(reference: str, hours: str, hours_in_school: str | None, support_person: str,
            role: str | None, days: str | None, cost: str | None, contact: str, focus: str,
            actions: tuple[str, ...], next_visit: date | None, on: date,
            user: str | None) -> None:
    left = services().support.log_support(user, reference, on, {
        "hours": hours, "hours_in_school": hours_in_school, "support_person": support_person,
        "role": role, "days": days, "cost": cost, "contact": contact, "focus": focus,
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


def _bid_text(b: dict[str, Any]) -> str:
    lines = [f"Bid {b['reference']}: {b['summary']}, {b['school']} (URN {b['urn']})",
             f"  {b['state_title']}; submitted {b['submitted_on']} for {b['period']}"
             + (f"; to the board on {b['board_on']}" if b["board_on"] else "")]
    lines += [f"  {a['title']}: requested {pounds(a['requested'])}"
              + (f", approved {pounds(a['approved'])}" if a["approved"] else "")
              for a in b["areas"]]
    lines.append(f"  Total requested {pounds(b['requested'])}"
                 + (f"; approved {pounds(b['approved'])} for {b['terms_agreed']} term(s); spent "
                    f"{pounds(b['spent'])}; remaining {pounds(b['remaining'])}"
                    if b["approved"] else ""))
    if b["state"] == "declined":
        lines.append(f"  Declined on {b['decided_on']}: {b['decision_reason']}")
    lines += [f"  Impact report {r['on']}: spent {pounds(r['spent'])}"
              for r in b["impact_reports"]]
    lines += [f"  {d['kind']} due by {d['due']}" + (f" (met {d['met_on']})" if d["met_on"]
                                                    else "") for d in b["deadlines"]]
    return "\n".join(lines)


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
