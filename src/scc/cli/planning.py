"""`scc plan ...`: what would follow an act before it is recorded (the statutory planner)."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from scc.cli.cases import GROUNDS
from scc.cli.common import DATE, URN, CountParam, acting, emit, json_flag, services
from scc.domain import inputs


@click.group("plan", help="Plan an act before it is recorded: every date that would follow.")
def plan() -> None:
    pass


@plan.command("warning-notice",
              help="If a warning notice were given to the school on DATE: the compliance period, "
                   "the first day a power may be used, each power's window, the reminders and "
                   "what else falls due at the school, with the rule for each. Records nothing.")
@click.argument("urn", type=URN)
@click.option("--on", "on", type=DATE, required=True,
              help="The day the notice would be given (YYYY-MM-DD); it may lie ahead.")
@click.option("--kind", type=click.Choice(["s60", "s60a", "s3"]),
              help="s60 or s60a (England), s3 (Wales); default: s60 in England, s3 in Wales.")
@click.option("--ground", "grounds", multiple=True, type=GROUNDS,
              help="A ground the notice would rest on (changes no date); repeat for several.")
@click.option("--compliance-days", type=CountParam(1, inputs.COMPLIANCE_DAYS_MAX),
              help="Working days to comply (default: the rule set's).")
@click.option("--compliance-end", type=DATE, help="The last day of the compliance period.")
@json_flag
@acting
def warning_notice(urn: str, on: date, kind: str | None, grounds: tuple[str, ...],
                   compliance_days: int | None, compliance_end: date | None, as_json: bool,
                   user: str | None) -> None:
    from scc.application.planner import planner_of

    found = planner_of(services()).warning_notice(
        user, urn, on, kind, compliance_days, compliance_end, list(grounds) or None)
    emit(found, as_json, text)


def text(plan: dict[str, Any]) -> str:
    case = (f"a case opened that day ({plan['case']})" if plan["case_is_new"]
            else f"case {plan['case']}")
    lines = [(f"If the {plan['notice_title']} is given to {plan['school']} "
              f"(URN {plan['urn']}) on {plan['on']}, on {case}:"),
             (f"  law: {plan['rule_set_title']} ({plan['rule_set']}); calendar: "
              f"{plan['calendar']} of {plan['authority']}")]
    if plan["refusal"]:
        lines.append(f"  it could not be given: {plan['refusal']}")
    for row in plan["dates"]:
        lines.append(f"  {row['due']}  {row['title']}"
                     f"{'' if row['working_day'] else ' (not a working day)'}")
        lines.append(f"              {row['rule']}")
        lines += [f"              reminder ({r['days_before']} working day(s) before) from {r['on']}"
                  for r in row["reminders"]]
    if plan["intervention_refusal"]:
        lines.append(f"  no power could follow: {plan['intervention_refusal']}")
    if plan["school_dates"]:
        lines.append("  also at the school in that time:")
        lines += [f"  {r['due']}  {r['title']} ({r['reference']})" for r in plan["school_dates"]]
    lines += [f"  note: {n}" for n in plan["notes"]]
    return "\n".join(lines)
