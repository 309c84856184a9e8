"""The forms of the progress meeting commands (MeetingService): scheduling from the school page,
then documents, holding and the outcome from the meeting page. The documents and attendees to
choose from are the meeting's own, so those forms are built for the meeting shown."""

from __future__ import annotations

from typing import Any

from scc.domain.meeting import MeetingOutcome
from scc.web.forms import Field, FormSpec, Values, lines, on_field, reason_field
from scc.web.state import Web


def _schedule(w: Web, user: str, urn: str, v: Values) -> str:
    done = w.services.meetings.schedule(user, urn, v["meets_on"], lines(v["attendees"]))
    return (f"Progress meeting {done['reference']} scheduled; the school's documents are due by "
            f"{done['documents_due']}.")


SCHEDULE_MEETING = FormSpec(
    "schedule-meeting", "Schedule a progress meeting",
    (Field("meets_on", "Date of the meeting", "date", hint="For example 2026-06-24."),
     Field("attendees", "Attendees", "textarea",
           hint="One per line, for example: headteacher, chair of governors.")),
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


def meeting_forms(meeting: dict[str, Any]) -> dict[str, FormSpec]:
    documents = tuple((key, text) for key, text in meeting["documents"].items())
    attendees = tuple((name, name) for name in meeting["attendees"])
    return {spec.key: spec for spec in (
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
OFFERED = {"scheduled": ("documents", "documents-missing", "hold"), "held": ("outcome",)}
