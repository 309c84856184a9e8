"""The forms of the progress meeting commands (MeetingService): scheduling from the school page,
then documents, holding and the outcome from the meeting page. The documents and attendees to
choose from are the meeting's own, so those forms are built for the meeting shown."""

from __future__ import annotations

from typing import Any

from scc.domain import inputs
from scc.domain.errors import InvalidInput
from scc.domain.meeting import MeetingOutcome
from scc.web.forms import Field, FormSpec, Values, lines, on_field, reason_field
from scc.web.state import Web


def _schedule(w: Web, user: str, urn: str, v: Values) -> str:
    done = w.services.meetings.schedule(user, urn, v["meets_on"], lines(v["attendees"]),
                                        starts_at=v["starts_at"], place=v["place"])
    return (f"Progress meeting {done['reference']} scheduled; the school's documents are due by "
            f"{done['documents_due']}.")


SCHEDULE_MEETING = FormSpec(
    "schedule-meeting", "Schedule a progress meeting",
    (Field("meets_on", "Date of the meeting", "date", hint="For example 2026-06-24."),
     Field("starts_at", "Time", required=False, hint="On the 24-hour clock, for example 16:00."),
     Field("place", "Place", required=False, hint="For example: the school's staff room."),
     Field("attendees", "Attendees", "textarea",
           hint="One per line, for example: Service Manager, School Effectiveness Officer. "
                "The school's contacts are invited from the meeting's page.")),
    "Schedule meeting", _schedule, permission="meeting.manage",
    intro="The school joins the progress meeting cycle; its documents are due a week before.")


def _documents(w: Web, user: str, reference: str, v: Values) -> str:
    outstanding = w.services.meetings.documents(user, reference, v["received"], v["on"])
    return "Documents recorded as received." + (
        f" Still outstanding: {', '.join(outstanding)}." if outstanding else " All received.")


def _missing(w: Web, user: str, reference: str, v: Values) -> str:
    missing = w.services.meetings.documents_missing(user, reference, v["on"])
    return f"Recorded as not received: {', '.join(missing) or 'none'}."


def _hold(w: Web, user: str, reference: str, v: Values) -> str:
    w.services.meetings.hold(user, reference, v["on"], v["present"], v["notes"] or "")
    return "Meeting recorded as held; record its outcome next."


def _outcome(w: Web, user: str, reference: str, v: Values) -> str:
    w.services.meetings.outcome(user, reference, v["outcome"], v["reason"], v["on"])
    return "Outcome of the meeting recorded."


def _arrange(w: Web, user: str, reference: str, v: Values) -> str:
    w.services.meetings.arrange(user, reference, v["starts_at"], v["place"], v["on"])
    return "Time and place of the meeting recorded."


def _invite(w: Web, user: str, reference: str, v: Values) -> str:
    w.services.meetings.invite(user, reference, v["contacts"], v["on"])
    return "Contacts added to the attendees."


def actions(text: str | None) -> list[dict[str, Any]]:
    """'ACTION | OWNER | YYYY-MM-DD' per line, as the minutes record them; a line that is not
    three parts with a date is refused, naming the line."""
    found = []
    for number, line in enumerate(lines(text), start=1):
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3:
            raise InvalidInput(f"Action line {number} must be ACTION | OWNER | DATE, for example "
                               "'Phonics training for all staff | Headteacher | 2026-04-01'.")
        found.append({"action": parts[0], "owner": parts[1],
                      "due": inputs.parse_day(f"Action line {number}'s date", parts[2])})
    return found


def _minutes(w: Web, user: str, reference: str, v: Values) -> str:
    w.services.meetings.minutes(user, reference, v["notes"] or "", lines(v["decisions"]),
                                actions(v["actions"]), v["on"])
    return "Notes, decisions and actions recorded."


def _send_letter(w: Web, user: str, reference: str, v: Values) -> str:
    sent = w.services.meetings.send_letter(user, reference, v["on"])
    return f"Outcome letter {sent['reference']} sent and kept."


def _preview_letter(w: Web, user: str, reference: str, v: Values) -> str:
    return w.services.meetings.preview_letter(user, reference, v["on"])


def meeting_forms(meeting: dict[str, Any]) -> dict[str, FormSpec]:
    documents = tuple((key, text) for key, text in meeting["documents"].items())
    attendees = tuple((name, name) for name in meeting["attendees"])
    contacts = tuple((c["number"], f"{c['name']} ({c['role'].replace('-', ' ')})")
                     for c in meeting["contacts"])
    return {spec.key: spec for spec in (
        FormSpec("arrange", "Set the time and place",
                 (Field("starts_at", "Time", hint="On the 24-hour clock, for example 16:00."),
                  Field("place", "Place"), on_field("Date recorded")),
                 "Save time and place", _arrange, permission="meeting.manage"),
        FormSpec("invite", "Invite the school's contacts",
                 (Field("contacts", "Contacts", "checkboxes", choices=contacts,
                        hint="The school's contacts in post, recorded on the school's page."),
                  on_field("Date invited")),
                 "Invite", _invite, permission="meeting.manage"),
        FormSpec("minutes", "Record notes, decisions and actions",
                 (Field("notes", "Notes", "textarea", required=False),
                  Field("decisions", "Decisions", "textarea", required=False,
                        hint="One per line."),
                  Field("actions", "Actions", "textarea", required=False,
                        hint="One per line: ACTION | OWNER | DATE, for example 'Phonics training "
                             "for all staff | Headteacher | 2026-04-01'."),
                  on_field("Date recorded")),
                 "Record", _minutes, permission="meeting.manage"),
        FormSpec("outcome-letter", "Send the outcome letter",
                 (on_field("Date of the letter"),), "Send letter", _send_letter,
                 permission="meeting.manage", check_first=True, preview=_preview_letter,
                 intro="The letter goes to the headteacher with a copy to the chair of "
                       "governors (their recorded contacts), as HTML and PDF, and is kept."),
        FormSpec("documents", "Record documents received",
                 (Field("received", "Documents received", "checkboxes", choices=documents),
                  on_field("Date received")),
                 "Record documents", _documents, permission="meeting.documents"),
        FormSpec("documents-missing", "Record documents not received",
                 (on_field("Date recorded"),), "Record not received", _missing,
                 permission="meeting.documents",
                 intro="Records every document still outstanding as not received."),
        FormSpec("hold", "Record the meeting as held",
                 (on_field("Date of the meeting"),
                  Field("present", "Who was present", "checkboxes", choices=attendees),
                  Field("notes", "Notes", "textarea", required=False)),
                 "Record meeting held", _hold, permission="meeting.manage"),
        FormSpec("outcome", "Record the outcome of the meeting",
                 (Field("outcome", "Outcome", "radios", choices=tuple(
                     (o.value, o.value.replace("-", " ").capitalize()) for o in MeetingOutcome)),
                  reason_field(required=True, label="Why"), on_field("Date of the decision")),
                 "Record outcome", _outcome, permission="meeting.manage"),
    )}


# The forms each meeting state offers (the meeting workflow in workflows/visits.yaml).
OFFERED = {"scheduled": ("arrange", "invite", "documents", "documents-missing", "hold"),
           "held": ("minutes", "outcome"), "concluded": ("minutes", "outcome-letter")}
