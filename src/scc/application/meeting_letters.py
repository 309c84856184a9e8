"""The outcome letter of a progress meeting: the meeting's record rendered through the notices
pipeline (notices/meeting-outcome, its content rules in notices/content-rules.yaml under
`meetings`), as HTML and PDF, addressed to the school's recorded headteacher and copied to its
chair of governors (scc.application.recipients). Sent once the outcome is recorded and kept
(scc.application.kept_documents), named by SHA-256 in the meeting's OutcomeLetterIssued event."""

from __future__ import annotations

from datetime import date
from typing import Any

from scc.application.kept_documents import context_for
from scc.domain.meeting import ProgressMeeting
from scc.domain.school import School
from scc.domain.values import plain_json
from scc.policy import Policy

NOTICE_TYPE = "meeting-outcome"
RULES = "meetings"  # the content-rules entry the letter is checked against


def letter_fields(meeting: ProgressMeeting) -> dict[str, Any]:
    """What the letter says, from the meeting as recorded."""
    due = meeting.deadlines[meeting.kind]["due"]
    minutes = meeting.minutes or {"notes": meeting.held_notes, "decisions": [], "actions": []}
    papers = [{"title": title, "received_on": meeting.received.get(key),
               "late": key in meeting.received and meeting.received[key] > due}
              for key, title in meeting.documents.items()]
    return plain_json({
        "meeting_date": meeting.held_on, "starts_at": meeting.starts_at, "place": meeting.place,
        "present": list(meeting.present), "papers": papers, "papers_due": due,
        "notes": minutes["notes"], "decisions": minutes["decisions"],
        "actions": minutes["actions"], "outcome": meeting.outcome,
        "outcome_reason": meeting.outcome_reason})


def letter_context(meeting: ProgressMeeting, school: School, policy: Policy, on: date,
                   contacts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """What the letter is rendered from, addressed to the recorded contacts in post on `on`."""
    return context_for(RULES, NOTICE_TYPE, f"{meeting.reference}/{len(meeting.letters) + 1}",
                       school, policy, on, letter_fields(meeting), contacts)
