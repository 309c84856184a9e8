"""What a deadline's status is today, derived from the case it belongs to: the one derivation every
view uses (case page, dashboard, `/api/deadlines`, `scc deadlines`, reminders). Nothing of it is
stored: the case's own record (what was decided, which powers were used, which notice is current)
and today's date decide it.

- met: the act the deadline waits for happened: the action plan arrived, compliance with the
  warning notice was decided (either way), the power whose window it is was exercised.
- superseded: a later act overtook it: a new warning notice (an earlier action plan no longer
  awaited), stepping down, closing, an academy order, an Ofsted category in place of the notice's
  compliance route, a complied decision (no power is then needed).
- not-started: an intervention window whose compliance period has not yet ended.
- open: running; `days_left` counts in the unit of the rule (working days for working-day rules).
- passed (a power's window: lapsed): its last day went by and it was neither met nor superseded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from scc.calendar import WorkingDayCalendar

WINDOW = "intervention-window-"
STATUTORY = frozenset({"compliance-period", "representations-period", "intervention-window"})
ENDED = frozenset({"stepped_down", "closed", "transferred"})
RUNNING = frozenset({"open", "passed", "lapsed"})  # still needs someone's attention
# A deadline as the case keeps it (and as its row of the read model holds it).
DEADLINE_KEYS = ("kind", "due", "rule", "met_on", "passed_on", "set_by")


@dataclass(frozen=True)
class CaseFacts:
    """What the derivation needs of a case (a ConcernCase has all of these attributes; the
    `cases` and `deadlines` read models, written from it in the same transaction, hold them
    too)."""

    state: str
    is_open: bool
    compliance_outcome: str | None
    exercised: dict[str, date]
    deadlines: dict[str, dict[str, Any]]

    @classmethod
    def of(cls, case: Any) -> CaseFacts:
        return cls(case.state, case.is_open, case.compliance_outcome, dict(case.exercised),
                   {k: dict(v) for k, v in case.deadlines.items()})

    @classmethod
    def read(cls, case: dict[str, Any], deadlines: list[dict[str, Any]]) -> CaseFacts:
        """From the case's row of the `cases` read model and its rows of `deadlines`."""
        return cls(case["state"], case["is_open"], case["compliance_outcome"],
                   {power: date.fromisoformat(on)
                    for power, on in json.loads(case["exercised"]).items()},
                   {d["kind"]: {k: d[k] for k in DEADLINE_KEYS} for d in deadlines})


def family(kind: str) -> str:
    return "intervention-window" if kind.startswith(WINDOW) else kind


def deadline_status(deadline: dict[str, Any], case: CaseFacts | None, today: date) -> str:
    """The status of `deadline` (a row of the case's deadlines) on `today`. `case` is None for a
    deadline of a visit or a meeting, whose own record says whether it was met."""
    kind, met_on = deadline["kind"], deadline.get("met_on")
    if case is None:
        return "met" if met_on else _by_date(deadline, today)
    if kind.startswith(WINDOW):
        if kind.removeprefix(WINDOW) in case.exercised:
            return "met"
        if met_on or case.state in ENDED or case.compliance_outcome == "complied":
            return "superseded"
        compliance = case.deadlines.get("compliance-period")
        if compliance and case.compliance_outcome is None and today <= compliance["due"]:
            return "not-started"
        return _by_date(deadline, today)
    if kind == "compliance-period":
        if case.compliance_outcome is not None:
            return "met"
        if met_on or case.state != "warning_notice":
            return "superseded"
        return _by_date(deadline, today)
    if met_on:
        return "met"
    if case.state in ENDED or _overtaken_by_notice(deadline, case):
        return "superseded"
    return _by_date(deadline, today)


def _overtaken_by_notice(deadline: dict[str, Any], case: CaseFacts) -> bool:
    """A deadline set before the current warning notice (an action plan under a notice of
    concern) is overtaken by that notice."""
    notice = case.deadlines.get("compliance-period")
    set_by, notice_set_by = deadline.get("set_by"), notice and notice.get("set_by")
    return bool(notice_set_by and set_by and set_by < notice_set_by
                and deadline["kind"] not in ("representations-period",))


def _by_date(deadline: dict[str, Any], today: date) -> str:
    if today <= deadline["due"] and not deadline.get("passed_on"):
        return "open"
    return "lapsed" if deadline["kind"].startswith(WINDOW) else "passed"


def unit_of(rule: str | None) -> str:
    """The unit the rule counts in: working days where the rule says so, else calendar days."""
    return "working days" if rule and "working day" in rule else "days"


def days_left(deadline: dict[str, Any], today: date, calendar: WorkingDayCalendar) -> int:
    """Days from today to the due date in the rule's unit; negative once it has passed."""
    due: date = deadline["due"]
    if unit_of(deadline.get("rule")) == "days":
        return (due - today).days
    if due >= today:
        return calendar.working_days_between(today, due)
    return -calendar.working_days_between(due, today)


def described(deadline: dict[str, Any], case: CaseFacts | None, today: date,
              calendar: WorkingDayCalendar) -> dict[str, Any]:
    """A deadline as every view shows it: its dates as ISO text, its status, the days left in the
    rule's unit and whether the statute sets it."""
    status = deadline_status(deadline, case, today)
    return {
        "kind": deadline["kind"], "due": deadline["due"].isoformat(), "rule": deadline.get("rule"),
        "status": status, "statutory": family(deadline["kind"]) in STATUTORY,
        "days_left": days_left(deadline, today, calendar) if status in RUNNING else None,
        "unit": unit_of(deadline.get("rule")),
        "met_on": _iso(deadline.get("met_on")), "passed_on": _iso(deadline.get("passed_on")),
        "set_by": deadline.get("set_by"),
    }


def next_statutory(deadlines: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The statutory deadline that comes next among `deadlines` (as `described` gives them):
    the earliest one still running."""
    running = [d for d in deadlines if d["statutory"] and d["status"] in RUNNING | {"not-started"}]
    return min(running, key=lambda d: (d["due"], d["kind"]), default=None)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
