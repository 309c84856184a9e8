"""`scc case ...`: open, escalate and read concern cases."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import click

from scc.application.list_filters import NEXT_DEADLINE, Filters
from scc.cli.common import (
    DATE,
    MOMENT,
    NAME,
    REFERENCE,
    TEXT,
    URN,
    CountParam,
    acting,
    authority_option,
    emit,
    json_flag,
    on_option,
    say,
    services,
    table,
)
from scc.domain import inputs

# The authority's powers in both jurisdictions (EIA 2006 ss63-66; SSO(W)A 2013 ss5-9): the rule
# set of the school's authority refuses the other jurisdiction's (exit 3, nothing written).
POWERS = click.Choice(["s63", "s64", "s65", "s66", "s5", "s6", "s7", "s8", "s9"])
# Grounds of a warning notice: EIA 2006 s60(2) and SSO(W)A 2013 s2 (grounds 7 and 8 are accepted
# here so that the rule set can say why no notice rests on them).
GROUNDS = click.Choice(["standards", "governance", "behaviour", "safety", "duty", "unreasonable",
                        "significant-improvement", "special-measures"])


@click.group(help="Concern cases: one per school at a time.")
def case() -> None:
    pass


@case.command("open", help="Open a concern case for a school.")
@click.option("--urn", type=URN, required=True, help="The school's URN.")
@click.option("--reason", type=TEXT, required=True, help="Why the case is opened.")
@on_option
@acting
def open_case(urn: str, reason: str, on: date, user: str | None) -> None:
    reference = services().cases.open(user, urn, reason, on)
    say(f"Opened case {reference} for URN {urn}.")
    click.echo(reference)


@case.command("concerns-shared", help="Record that concerns were shared with the school.")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@on_option
@click.option("--reason", type=TEXT, help="What was shared.")
@acting
def concerns_shared(ref: str, on: date, reason: str | None, user: str | None) -> None:
    services().cases.share_concerns(user, ref, on, reason)
    say(f"Recorded concerns shared on case {ref}.")


@case.command("notice-of-concern", help="Issue a notice of concern with its action plan date.")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@on_option
@click.option("--plan-due", type=DATE, required=True, help="When the action plan is due.")
@click.option("--reason", type=TEXT, help="The concerns the notice sets out.")
@acting
def notice_of_concern(ref: str, on: date, plan_due: date, reason: str | None,
                      user: str | None) -> None:
    services().cases.notice_of_concern(user, ref, on, plan_due, reason)
    say(f"Notice of concern recorded on case {ref}; action plan due {plan_due.isoformat()}.")


@case.command("action-plan-received", help="Record that the governing body sent its action plan.")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@on_option
@acting
def action_plan_received(ref: str, on: date, user: str | None) -> None:
    services().cases.action_plan_received(user, ref, on)
    say(f"Action plan recorded as received on case {ref}.")


@case.command("warning-notice", help="Give a warning notice (maintained schools only).")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@click.option("--kind", type=click.Choice(["s60", "s60a", "s3"]), required=True,
              help="s60 or s60a (England), s3 (Wales): the law of the school's authority.")
@click.option("--ground", "grounds", multiple=True, type=GROUNDS,
              help="A ground (s60(2) in England; s2 grounds 1-6 in Wales); repeat for several.")
@on_option
@click.option("--compliance-days", type=CountParam(1, inputs.COMPLIANCE_DAYS_MAX), help="Working days to comply.")
@click.option("--compliance-end", type=DATE, help="The last day of the compliance period.")
@click.option("--reason", type=TEXT, help="The matters the authority's conclusion rests on.")
@acting
def warning_notice(ref: str, kind: str, grounds: tuple[str, ...], on: date,
                   compliance_days: int | None, compliance_end: date | None,
                   reason: str | None, user: str | None) -> None:
    svc = services().cases
    svc.warning_notice(user, ref, kind, list(grounds), on, compliance_days, compliance_end, reason)
    period = next(d for d in svc.show(user, ref)["deadlines"] if d["kind"] == "compliance-period")
    say(f"Warning notice ({kind}) recorded on case {ref}; the compliance period ends on "
        f"{period['due']}.")


@case.command("compliance", help="Record whether the governing body complied.")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@click.option("--outcome", type=click.Choice(["complied", "not-complied"]), required=True)
@on_option
@click.option("--reason", type=TEXT)
@acting
def compliance(ref: str, outcome: str, on: date, reason: str | None, user: str | None) -> None:
    services().cases.compliance(user, ref, outcome, on, reason)
    say(f"Compliance outcome '{outcome}' recorded on case {ref}.")


@case.command("representations", help="(2007 rule set) Record representations made to Ofsted.")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@on_option
@acting
def representations(ref: str, on: date, user: str | None) -> None:
    services().cases.representations(user, ref, on)
    say(f"Representations to Ofsted recorded on case {ref}.")


@case.command("ofsted-decision", help="(2007 rule set) Record Ofsted's decision on the notice.")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@click.option("--outcome", type=click.Choice(["confirmed", "not-confirmed"]), required=True)
@on_option
@acting
def ofsted_decision(ref: str, outcome: str, on: date, user: str | None) -> None:
    services().cases.ofsted_decision(user, ref, outcome, on)
    say(f"Ofsted's decision '{outcome}' recorded on case {ref}.")


@case.command("authority-representations",
              help="(2007 rule set, s60A notice) Record representations made to the authority "
                   "(old s60A(7)).")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@on_option
@click.option("--reason", type=TEXT, help="What the governing body said.")
@acting
def authority_representations(ref: str, on: date, reason: str | None, user: str | None) -> None:
    services().cases.authority_representations(user, ref, on, reason)
    say(f"Representations to the authority recorded on case {ref}.")


@case.command("authority-decision",
              help="(2007 rule set, s60A notice) Record whether the authority confirmed its notice "
                   "(old s60A(8)); --on is the day it told the governing body.")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@click.option("--outcome", type=click.Choice(["confirmed", "not-confirmed"]), required=True)
@on_option
@click.option("--reason", type=TEXT, help="Why the authority decided so.")
@acting
def authority_decision(ref: str, outcome: str, on: date, reason: str | None,
                       user: str | None) -> None:
    svc = services().cases
    svc.authority_decision(user, ref, outcome, on, reason)
    period = next((d["due"] for d in svc.show(user, ref)["deadlines"]
                   if d["kind"] == "compliance-period"), None)
    say(f"The authority's decision '{outcome}' recorded on case {ref}"
        + (f"; the compliance period ends on {period}." if outcome == "confirmed" else "."))


@case.command("rd-notification",
              help="Record that the Regional Director was notified of the powers the authority "
                   "intends to use.")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@click.option("--power", "powers", multiple=True, type=POWERS, required=True)
@on_option
@click.option("--reason", type=TEXT)
@acting
def rd_notification(ref: str, powers: tuple[str, ...], on: date, reason: str | None,
                    user: str | None) -> None:
    services().cases.rd_notification(user, ref, list(powers), on, reason)
    say(f"Notification to the Regional Director ({', '.join(powers)}) recorded on case {ref}.")


@case.command("rd-warning-notice",
              help="Record the Secretary of State's (Regional Director's) own s60 warning notice "
                   "(s60(4A), (4B)); in Wales, the Welsh Ministers' s10 warning notice.")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@click.option("--ground", "grounds", multiple=True, required=True,
              type=GROUNDS)
@on_option
@click.option("--compliance-end", type=DATE, required=True,
              help="The last day of the compliance period the notice specifies.")
@click.option("--reason", type=TEXT)
@acting
def rd_warning_notice(ref: str, grounds: tuple[str, ...], on: date, compliance_end: date,
                      reason: str | None, user: str | None) -> None:
    svc = services().cases
    svc.rd_warning_notice(user, ref, list(grounds), on, compliance_end, reason)
    if svc.show(user, ref)["rule_set"].startswith("wales-"):
        say(f"The Welsh Ministers' warning notice (SSO(W)A 2013 s10) recorded on case {ref}.")
        return
    say(f"The Regional Director's warning notice recorded on case {ref}; the authority may not "
        "give one until the Regional Director says it may (s60(4A)).")


@case.command("rd-allows-warning-notice",
              help="Record that the Regional Director told the authority it may give a warning "
                   "notice (s60(4A)).")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@on_option
@click.option("--reason", type=TEXT)
@acting
def rd_allows_warning_notice(ref: str, on: date, reason: str | None, user: str | None) -> None:
    services().cases.rd_allows_warning_notice(user, ref, on, reason)
    say(f"Recorded on case {ref}: the authority may give a warning notice again.")


@case.command("intention-to-intervene", help="Give notice of intention to intervene (s60(1)(d)).")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@click.option("--power", "powers", multiple=True, type=POWERS, required=True)
@on_option
@click.option("--reason", type=TEXT)
@acting
def intention(ref: str, powers: tuple[str, ...], on: date, reason: str | None,
              user: str | None) -> None:
    services().cases.intention_to_intervene(user, ref, list(powers), on, reason)
    say(f"Notice of intention to intervene ({', '.join(powers)}) recorded on case {ref}.")


@case.command("rd-consent", help="Record the Regional Director's consent to a power (s65); in "
                                  "Wales, the Welsh Ministers' consent to s7.")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@click.option("--power", type=POWERS, required=True)
@on_option
@acting
def rd_consent(ref: str, power: str, on: date, user: str | None) -> None:
    svc = services().cases
    svc.rd_consent(user, ref, power, on)
    who = "The Welsh Ministers'" if svc.show(user, ref)["rule_set"].startswith("wales-") \
        else "Regional Director's"
    say(f"{who} consent to {power} recorded on case {ref}.")


@case.command("exercise-power",
              help="Exercise an intervention power (ss63-66 in England; ss5-9 in Wales).")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@click.option("--power", type=POWERS, required=True)
@on_option
@click.option("--reason", type=TEXT)
@acting
def exercise_power(ref: str, power: str, on: date, reason: str | None, user: str | None) -> None:
    services().cases.exercise_power(user, ref, power, on, reason)
    say(f"Power {power} exercised on case {ref}.")


@case.command("coasting-notified", help="Record the Secretary of State's notification that the "
                                         "school is coasting: it is eligible (EIA 2006 s60B).")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@on_option
@click.option("--reason", type=TEXT)
@acting
def coasting_notified(ref: str, on: date, reason: str | None, user: str | None) -> None:
    services().cases.coasting_notified(user, ref, on, reason)
    say(f"Case {ref}: the school is coasting and eligible for intervention (s60B).")


@case.command("coasting-ended", help="Record the Secretary of State's notification that the "
                                      "school is no longer coasting (EIA 2006 s60B).")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@on_option
@click.option("--reason", type=TEXT)
@acting
def coasting_ended(ref: str, on: date, reason: str | None, user: str | None) -> None:
    services().cases.coasting_ended(user, ref, on, reason)
    say(f"Case {ref}: the school is no longer coasting.")


@case.command("rd-power", help="Record the Secretary of State's (Regional Director's) own power: "
                                "s67 additional governors, s68 closure, s69 interim executive board.")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@click.option("--power", type=click.Choice(["s67", "s68", "s69", "s12", "s13", "s14", "s15",
                                           "s16", "s17"]), required=True,
              help="ss67-69 (the Secretary of State, England); ss12-17 (the Welsh Ministers).")
@on_option
@click.option("--discontinue-on", type=DATE, help="(s68) The date the direction names for closure.")
@click.option("--reason", type=TEXT)
@acting
def rd_power(ref: str, power: str, on: date, discontinue_on: date | None, reason: str | None,
             user: str | None) -> None:
    svc = services().cases
    svc.rd_power(user, ref, power, on, reason, discontinue_on)
    who = "The Welsh Ministers'" if svc.show(user, ref)["rule_set"].startswith("wales-") \
        else "The Secretary of State's"
    say(f"{who} power {power} recorded on case {ref}.")


@case.command("academy-order", help="Record the academy order: the case ends in transfer.")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@on_option
@acting
def academy_order(ref: str, on: date, user: str | None) -> None:
    services().cases.academy_order(user, ref, on)
    say(f"Academy order recorded; case {ref} is transferred.")


@case.command("step-down", help="Step the case down to monitoring and support.")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@on_option
@click.option("--reason", type=TEXT, required=True)
@acting
def step_down(ref: str, on: date, reason: str, user: str | None) -> None:
    services().cases.step_down(user, ref, on, reason)
    say(f"Case {ref} stepped down.")


@case.command("close", help="Close the case.")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@on_option
@click.option("--reason", type=TEXT, required=True)
@acting
def close(ref: str, on: date, reason: str, user: str | None) -> None:
    services().cases.close(user, ref, on, reason)
    say(f"Case {ref} closed.")


@case.command("show", help="The case now; or what the authority had recorded by a moment "
                            "(--known-at), or its position on a date by the dates of the acts "
                            "(--position-on), with the events that make up the answer.")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@click.option("--known-at", "--as-of", "known_at", type=MOMENT, metavar="DATETIME",
              help="What the authority had recorded by this moment (ISO; without an offset, UK "
                   "time). --as-of is another name for it.")
@click.option("--position-on", "position_on", type=DATE,
              help="The case's position on this date, by the dates of the acts, including acts "
                   "recorded later.")
@json_flag
@acting
def show(ref: str, known_at: datetime | None, position_on: date | None, as_json: bool,
         user: str | None) -> None:
    svc = services().cases
    if known_at is None and position_on is None:
        emit(svc.show(user, ref), as_json, _case_text)
        return
    answers = ([svc.known_at(user, ref, known_at)] if known_at else []) \
        + ([svc.position_on(user, ref, position_on)] if position_on else [])
    emit(answers[0] if len(answers) == 1 else answers, as_json,
         lambda found: "\n\n".join(_answer_text(a) for a in answers))


@case.command("correct", help="Correct the reason recorded on an event, by a new event.")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@click.option("--event", "version", type=CountParam(1, inputs.EVENT_NUMBER_MAX), required=True,
              help="The number of the event to correct (see `case history`).")
@click.option("--text", type=TEXT, required=True, help="The corrected wording of the event's reason.")
@click.option("--reason", type=TEXT, required=True, help="Why the correction is made.")
@acting
def correct(ref: str, version: int, text: str, reason: str, user: str | None) -> None:
    services().cases.correct(user, ref, version, reason, text)
    say(f"Correction of event {version} recorded on case {ref}.")


@case.command("history", help="Every event on the case, in order.")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@json_flag
@acting
def history(ref: str, as_json: bool, user: str | None) -> None:
    emit(services().cases.history(user, ref), as_json,
         lambda events: table(events, ["version", "type", "effective_on", "actor", "role",
                                       "recorded_at"]))


@case.command("list", help="Open cases (and closed ones with --all), each with its school's "
                           "officer and category and its next deadline; filters narrow the list.")
@click.option("--all", "include_closed", is_flag=True)
@authority_option
@click.option("--officer", type=NAME, help="Only the schools allocated to this officer.")
@click.option("--stage", type=REFERENCE, metavar="N|none",
              help="Only cases at this stage (none: no stage).")
@click.option("--category", type=NAME, metavar="CODE", help="Only schools in this category.")
@click.option("--deadline", type=click.Choice(list(NEXT_DEADLINE)),
              help="Only cases whose next deadline is overdue, due within 10 working days, or "
                   "none running.")
@json_flag
@acting
def list_cases(include_closed: bool, authority: str | None, officer: str | None,
               stage: str | None, category: str | None, deadline: str | None, as_json: bool,
               user: str | None) -> None:
    filters = Filters.of({"authority": authority, "officer": officer, "stage": stage,
                          "category": category, "deadline": deadline})
    emit(services().caseload.cases(user, filters, include_closed), as_json,
         lambda rows: table(rows, ["id", "urn", "school", "authority", "state", "stage",
                                   "opened_on", "officer_name", "category", "next_deadline"]))


def _case_text(case: dict[str, Any]) -> str:
    lines = [
        f"Case {case['id']}: {case['school']} (URN {case['urn']})"
        + (f", as recorded at {case['as_of_uk']}" if case.get("as_of_uk") else "")
        + (f"\n  {case['label']}:" if case.get("label") else ""),
        f"  {case['state_title']} (stage {case['stage'] or '-'}, rule set {case['rule_set']})",
        f"  Eligible for intervention: {'yes' if case['eligible_for_intervention'] else 'no'}",
    ]
    if case["academy_order_due"]:
        lines.append("  An academy order is due.")
    if case["deadlines"]:
        lines.append("  Deadlines:")
        lines += [f"    {d['due']}  {d['kind']:<28} {d['status']:<7} {d['rule']}"
                  for d in case["deadlines"]]
    return "\n".join(lines)


def _answer_text(answer: dict[str, Any]) -> str:
    events = [f"    {e['version']:>3}  {e['type']:<28} act on {e['effective_on']}, recorded "
              f"{e['recorded_at_uk']} ({e['note']})" for e in answer["events"]]
    return _case_text(answer) + "\n  The events that make up this answer:\n" + "\n".join(events)
