"""`scc visit ...` (progress-and-impact visits) and `scc meeting ...` (termly progress meetings)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from scc.cli.common import (
    DATE,
    NAME,
    REFERENCE,
    TEXT,
    URN,
    acting,
    emit,
    into_a_folder,
    json_flag,
    on_option,
    say,
    services,
    table,
)

F = TypeVar("F", bound=Callable[..., Any])
JUDGEMENTS = ["good", "secure", "limited", "little-or-none"]
MY_GROUPS = {"overdue": "Overdue", "report_due": "Report due", "awaiting_school":
             "Awaiting the school", "planned": "Planned"}
MY_COLUMNS = ["reference", "school_name", "state", "visit_on", "due", "officer"]
# The record's parts as options: (option, keyword, help); each may be given more than once.
RECORD_OPTIONS = (
    ("--met", "met_with", "Someone the officer met (repeatable)."),
    ("--strength", "strengths", "A strength seen (repeatable)."),
    ("--development", "development", "An area for development (repeatable)."),
    ("--area-judgement", "judgements",
     "An area and its judgement, 'AREA: good|secure|limited|little-or-none' (repeatable)."),
    ("--action", "actions", "An agreed action, 'ACTION | OWNER | YYYY-MM-DD' (repeatable)."),
)
OUTCOMES = ["continue", "leave-the-cycle", "recommend-escalation"]
VISIT_COLUMNS = ["reference", "urn", "school_name", "state", "visit_on", "officer", "held_on",
                 "report_sent_on", "report_late", "returned_on", "return_late"]
MEETING_COLUMNS = ["reference", "urn", "school_name", "state", "meets_on", "documents_due",
                   "documents_complete_on", "held_on", "outcome"]


@click.group(help="Progress-and-impact visits: plan, hold, the report's round trip, QA.")
def visit() -> None:
    pass


@visit.command("plan", help="Plan a visit within the category's entitlement for the academic "
                            "year. Beyond a capped entitlement (e.g. Leeds category 4: up to 6 "
                            "half-day visits) it is refused, unless the Service Manager records "
                            "an override with --override-reason.")
@click.argument("urn", type=URN)
@click.option("--date", "visit_on", type=DATE, required=True, help="The date of the visit.")
@click.option("--officer", type=NAME, metavar="NAME", help="Default: the officer allocated to the school.")
@click.option("--override-reason", type=TEXT, help="Service Manager only: plan beyond the entitlement.")
@click.option("--on", "on", type=DATE, help="Date the visit is planned (default: today).")
@acting
def plan(urn: str, visit_on: date, officer: str | None, override_reason: str | None,
         on: date | None, user: str | None) -> None:
    reference = services().visits.plan(user, urn, visit_on, on, officer, override_reason)
    say(f"Planned visit {reference} for {visit_on.isoformat()}.")
    click.echo(reference)


def record_options(func: F) -> F:
    """The parts of the visit record, for `hold` and `record`."""
    for option, keyword, text in reversed(RECORD_OPTIONS):
        func = click.option(option, keyword, type=TEXT, multiple=True, help=text)(func)
    return click.option("--next-visit", type=DATE, help="The date of the next visit.")(func)


def _record(given: dict[str, Any]) -> dict[str, Any]:
    """The record parts given on the command line, parsed at the boundary (exit 2 if wrong)."""
    from scc.domain.visit import parse_action, parse_judgement

    parsed: dict[str, Any] = {k: list(v) for k, v in given.items()
                              if k not in ("judgements", "actions", "next_visit") and v}
    if given.get("judgements"):
        parsed["judgements"] = [parse_judgement(line) for line in given["judgements"]]
    if given.get("actions"):
        parsed["actions"] = [parse_action(line) for line in given["actions"]]
    if given.get("next_visit"):
        parsed["next_visit"] = given["next_visit"]
    return parsed


@visit.command("hold", help="Record the visit as held with its record; the report is then due to "
                            "the headteacher within 10 working days.")
@click.argument("reference", type=REFERENCE)
@on_option
@click.option("--focus", type=TEXT, required=True, multiple=True,
              help="What the visit looked at (repeatable).")
@click.option("--evidence", type=TEXT, multiple=True, help="Evidence seen (repeatable).")
@click.option("--judgement", type=click.Choice(JUDGEMENTS), required=True,
              help="The overall progress judgement.")
@click.option("--next-steps", type=TEXT, help="Default: the agreed actions.")
@record_options
@acting
def hold(reference: str, on: date, focus: tuple[str, ...], evidence: tuple[str, ...],
         judgement: str, next_steps: str | None, user: str | None, **parts: Any) -> None:
    record = _record(parts)
    if record or len(focus) > 1 or len(evidence) > 1:
        record = {"focus": list(focus), "evidence": list(evidence), **record}
        record.setdefault("judgements", [{"area": "Overall progress since the last visit",
                                          "judgement": judgement}])
        record.setdefault("actions", [{"action": next_steps, "owner": None, "due": None}]
                          if next_steps else [])
    steps = next_steps or "; ".join(a["action"] for a in record.get("actions", []))
    due = services().visits.hold(user, reference, on, "; ".join(focus), "; ".join(evidence),
                                 judgement, steps, record or None)
    say(f"Visit {reference} held on {on.isoformat()}; the report is due by {due}.")


@visit.command("record", help="Write or amend the visit record: the parts given replace those of "
                              "the last draft, the rest are kept. Only until the report is sent, "
                              "and again once the headteacher returns comments.")
@click.argument("reference", type=REFERENCE)
@on_option
@click.option("--focus", type=TEXT, multiple=True, help="What the visit looked at (repeatable).")
@click.option("--evidence", type=TEXT, multiple=True, help="Evidence seen (repeatable).")
@record_options
@acting
def record(reference: str, on: date, user: str | None, **parts: Any) -> None:
    given = _record(parts)
    if not given:
        raise click.UsageError("Give at least one part of the record to write.")
    draft = services().visits.record(user, reference, on, given, partial=True)
    say(f"Visit {reference}: draft {draft} of the record written.")


@visit.command("report", help="Write the visit report to a file (-o report.pdf, or .html): the "
                              "latest version sent, or --version N, or the current --draft. "
                              "Given a case (URN-n), the latest visit to its school.")
@click.argument("reference", type=REFERENCE)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              callback=into_a_folder, required=True)
@click.option("--version", "version", type=click.IntRange(1, 1000), help="A sent version.")
@click.option("--draft", is_flag=True, help="The current draft, rendered now and kept nowhere.")
@acting
def report(reference: str, output: Path, version: int | None, draft: bool,
           user: str | None) -> None:
    svc = services().visits
    reference = svc.visit_of(user, reference)
    part = "html" if output.suffix.lower() in (".html", ".htm") else "pdf"
    if draft:
        html = svc.preview_report(user, reference)
        if part == "pdf":
            from scc.pdf import render_pdf
            output.write_bytes(render_pdf(html))
        else:
            output.write_text(html, encoding="utf-8")
        say(f"Draft report of visit {reference} written to {output} (not sent, not kept).")
        return
    found = svc.report(user, reference, part, version)
    output.write_bytes(found["content"])
    say(f"Report {found['reference']} (version {found['version']}, as sent) written to {output}.")


@visit.command("mine", help="Your visits that need something, across your schools: overdue, "
                            "report due, awaiting the school, planned.")
@json_flag
@acting
def mine(as_json: bool, user: str | None) -> None:
    emit(services().record_lists.visits_needing(user), as_json, lambda groups: "\n\n".join(
        f"{title}\n{table(groups[key], MY_COLUMNS)}" for key, title in MY_GROUPS.items()))


@visit.command("send-report", help="Record the report as sent to the headteacher (late if after "
                                   "its due date); the agreed report is due back in 5 working days.")
@click.argument("reference", type=REFERENCE)
@on_option
@acting
def send_report(reference: str, on: date, user: str | None) -> None:
    result = services().visits.send_report(user, reference, on)
    late = " (sent late)" if result["late"] else ""
    say(f"Report of {reference} sent on {on.isoformat()}{late}; the agreed report is due back by "
        f"{result['return_due']}.")


@visit.command("report-agreed", help="Record the headteacher's agreed report as returned.")
@click.argument("reference", type=REFERENCE)
@on_option
@acting
def report_agreed(reference: str, on: date, user: str | None) -> None:
    late = services().visits.report_agreed(user, reference, on)
    say(f"Agreed report of {reference} returned on {on.isoformat()}{' (late)' if late else ''}.")


@visit.command("to-manager", help="Record the agreed report as sent to the Service Manager.")
@click.argument("reference", type=REFERENCE)
@on_option
@acting
def to_manager(reference: str, on: date, user: str | None) -> None:
    services().visits.to_service_manager(user, reference, on)
    say(f"Report of {reference} is with the Service Manager.")


@visit.command("qa", help="Quality-assure the report (Service Manager); --final also records it "
                          "as final, kept on the school's file.")
@click.argument("reference", type=REFERENCE)
@on_option
@click.option("--notes", type=TEXT, default="")
@click.option("--final", is_flag=True)
@acting
def quality_assure(reference: str, on: date, notes: str, final: bool, user: str | None) -> None:
    svc = services().visits
    svc.quality_assure(user, reference, on, notes)
    if final:
        svc.finalise(user, reference, on)
    say(f"Report of {reference} quality-assured{' and final' if final else ''}.")


@visit.command("finalise", help="Record the quality-assured report as final.")
@click.argument("reference", type=REFERENCE)
@on_option
@acting
def finalise(reference: str, on: date, user: str | None) -> None:
    services().visits.finalise(user, reference, on)
    say(f"Report of {reference} is final.")


@visit.command("cancel", help="Cancel a planned visit (it no longer counts against the entitlement).")
@click.argument("reference", type=REFERENCE)
@on_option
@click.option("--reason", type=TEXT, required=True)
@acting
def cancel(reference: str, on: date, reason: str, user: str | None) -> None:
    services().visits.cancel(user, reference, on, reason)
    say(f"Visit {reference} cancelled.")


@visit.command("show")
@click.argument("reference", type=REFERENCE)
@json_flag
@acting
def show(reference: str, as_json: bool, user: str | None) -> None:
    emit(services().visits.show(user, reference), as_json, _visit_text)


@visit.command("list", help="Visits of one school, or of every school you may see.")
@click.option("--school", "urn", type=URN, metavar="URN")
@json_flag
@acting
def list_visits(urn: str | None, as_json: bool, user: str | None) -> None:
    emit(services().record_lists.visits(user, urn), as_json,
         lambda rows: table(rows, VISIT_COLUMNS))


def _visit_text(v: dict[str, Any]) -> str:
    lines = [f"Visit {v['reference']}: {v['school']} (URN {v['urn']}), {v['state_title']}",
             (f"  Date {v['visit_on']}, officer {v['officer']}, category {v['category']} "
              f"({v['academic_year']})")]
    if v["override"]:
        lines.append(f"  Planned beyond the entitlement: {v['override']}")
    record = v.get("record") or {}
    for key, title in (("focus", "Focus"), ("met_with", "Met"), ("evidence", "Evidence"),
                       ("strengths", "Strengths"), ("development", "Areas for development")):
        lines.extend(f"  {title}: {item}" for item in record.get(key, []))
    lines.extend(f"  Judgement: {j['area']}: {j['judgement']}" for j in record.get("judgements", []))
    lines.extend(f"  Action: {a['action']} ({a['owner'] or '-'}, by {a['due'] or '-'})"
                 for a in record.get("actions", []))
    if record.get("next_visit"):
        lines.append(f"  Next visit: {record['next_visit']}")
    lines.extend(f"  Report version {r['version']} sent {r['issued_on']}: {r['reference']}"
                 for r in v.get("reports", []))
    for d in v["deadlines"]:
        met = f"met {d['met_on']}" if d["met_on"] else "open"
        lines.append(f"  {d['kind']}: due {d['due']} ({met}); {d['rule']}")
    lines.extend(f"  {step} late" for step, late in v["late"].items() if late)
    return "\n".join(lines)


@click.group(help="Termly progress meetings: schedule, documents, hold, outcome.")
def meeting() -> None:
    pass


@meeting.command("schedule", help="Schedule a progress meeting; the school's documents (SDP, "
                                  "SEF, last two sets of governing body minutes) are due a week before.")
@click.argument("urn", type=URN)
@click.option("--date", "meets_on", type=DATE, required=True)
@click.option("--attendee", "attendees", multiple=True, type=NAME, required=True)
@click.option("--on", "on", type=DATE, help="Date it is arranged (default: today).")
@acting
def schedule(urn: str, meets_on: date, attendees: tuple[str, ...], on: date | None,
             user: str | None) -> None:
    result = services().meetings.schedule(user, urn, meets_on, list(attendees), on)
    say(f"Meeting {result['reference']} on {meets_on.isoformat()}; documents due by "
        f"{result['documents_due']}.")
    click.echo(result["reference"])


@meeting.command("documents", help="Record documents received (--received KEY, repeatable), or "
                                   "that those outstanding were not received (--not-received).")
@click.argument("reference", type=REFERENCE)
@click.option("--received", multiple=True, type=NAME)
@click.option("--not-received", is_flag=True)
@on_option
@acting
def documents(reference: str, received: tuple[str, ...], not_received: bool, on: date,
              user: str | None) -> None:
    svc = services().meetings
    if not_received:
        say(f"Recorded as not received: {', '.join(svc.documents_missing(user, reference, on))}.")
        return
    outstanding = svc.documents(user, reference, list(received), on)
    say(f"Outstanding: {', '.join(outstanding)}." if outstanding else "Every document received.")


@meeting.command("hold", help="Record the meeting as held.")
@click.argument("reference", type=REFERENCE)
@on_option
@click.option("--present", multiple=True, type=NAME, help="Who attended (default: those invited).")
@click.option("--notes", type=TEXT, default="")
@acting
def hold_meeting(reference: str, on: date, present: tuple[str, ...], notes: str,
                 user: str | None) -> None:
    services().meetings.hold(user, reference, on, list(present), notes)
    say(f"Meeting {reference} held on {on.isoformat()}.")


@meeting.command("outcome", help="Record the outcome: continue, leave-the-cycle or "
                                 "recommend-escalation.")
@click.argument("reference", type=REFERENCE)
@click.option("--outcome", type=click.Choice(OUTCOMES), required=True)
@click.option("--reason", type=TEXT, required=True)
@on_option
@acting
def outcome(reference: str, outcome: str, reason: str, on: date, user: str | None) -> None:
    services().meetings.outcome(user, reference, outcome, reason, on)
    say(f"Meeting {reference}: {outcome}.")


@meeting.command("show")
@click.argument("reference", type=REFERENCE)
@json_flag
@acting
def show_meeting(reference: str, as_json: bool, user: str | None) -> None:
    emit(services().meetings.show(user, reference), as_json, lambda m: "\n".join([
        f"Meeting {m['reference']}: {m['school']} (URN {m['urn']}), {m['state_title']}",
        f"  On {m['meets_on']} with {', '.join(m['attendees'])}",
        f"  Documents due {m['documents_due']}; outstanding: {', '.join(m['outstanding']) or 'none'}",
        f"  Outcome: {m['outcome'] or '-'}"]))


@meeting.command("list")
@click.option("--school", "urn", type=URN, metavar="URN")
@json_flag
@acting
def list_meetings(urn: str | None, as_json: bool, user: str | None) -> None:
    emit(services().record_lists.meetings(user, urn), as_json,
         lambda rows: table(rows, MEETING_COLUMNS))
