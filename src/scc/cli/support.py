"""`scc support ...`: bids for funding and their impact reports, support plans costed at the pack's
rates, support logs and commitments (issue 14). Amounts are typed as pounds and pence (12000 or
2450.50) and stay exact decimals throughout."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from scc.cli import support_board, support_consortium, support_plans
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
from scc.cli.support_plans import AMOUNT, commitment_options, pairs, parts
from scc.domain.money import pounds

BID_COLUMNS = ["reference", "urn", "school_name", "state", "submitted_on", "period", "requested",
               "approved", "spent", "impact_reports"]


@click.group("support", help="Support and funding: bids and impact reports, support plans, "
                             "support logs and commitments.")
def support() -> None:
    pass


support.add_command(support_plans.plan)
support.add_command(support_plans.log)
support.add_command(support_board.entitlement)
support.add_command(support_board.board)
support.add_command(support_board.cluster_report)
support.add_command(support_consortium.roll)
support.add_command(support_consortium.consortium_funding)


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
    services().support.commit_bid(user, reference, on, support_plans.commitment(**given))
    say(f"Commitment of {pounds(given['amount'])} on {reference} recorded.")


@bid.command("close", help="Close an approved bid (Service Manager).")
@click.argument("reference", type=REFERENCE)
@click.option("--reason", type=TEXT, required=True)
@on_option
@acting
def close_bid(reference: str, reason: str, on: date, user: str | None) -> None:
    services().support.close_bid(user, reference, on, reason)
    say(f"Bid {reference} closed.")


@bid.command("letter", help="Issue the bid's Form A1, or a Funding Impact Report (A2), as a "
                            "letter (HTML and PDF, kept); prints what was kept.")
@click.argument("reference", type=REFERENCE)
@click.option("--form", type=click.Choice(["A1", "A2"]), required=True)
@click.option("--report", type=CountParam(1, 36), default=1, help="Which impact report (A2).")
@on_option
@json_flag
@acting
def letter(reference: str, form: str, report: int, on: date, as_json: bool,
           user: str | None) -> None:
    emit(services().support.issue_bid_form(user, reference, form, on, report), as_json,
         support_plans.kept_text)


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
    lines += [f"  Funds support plan {p['reference']} ({p['state']}): spent {pounds(p['spent'])}"
              for p in b["plans"]]
    lines += [f"  {d['kind']} due by {d['due']}" + (f" (met {d['met_on']})" if d["met_on"]
                                                    else "") for d in b["deadlines"]]
    return "\n".join(lines)

