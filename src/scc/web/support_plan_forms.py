"""The forms of the support plan workflow (SupportService; issue 14): drafting a plan from the school
page (up to ACTIVITY_SLOTS activities, each costed at the pack's rate for its role: days, or
mornings, afternoons, preparation and staff meetings where the pack charges them apart), and from the plan's page submitting
it, the decision, a support log, a commitment, a termly review and the final review that closes
it."""

from __future__ import annotations

from typing import Any

from scc.domain.money import SESSIONS, pounds
from scc.web.forms import Field, FormSpec, Values, lines, on_field, reason_field
from scc.web.state import Web
from scc.web.support_forms import (
    amount_field,
    amounts_checked,
    commitment_fields,
    given_commitment,
)

ACTIVITY_SLOTS = 3


def role_choices(rates: list[dict[str, Any]]) -> tuple[tuple[str, str], ...]:
    return tuple((r["role"], f"{r['title']} (£{r['day']} a day)") for r in rates)


def _costing_fields(prefix: str, label: str, rates: list[dict[str, Any]],
                    required: bool) -> tuple[Field, ...]:
    """Days, and the sessions (mornings, afternoons, preparation, staff meetings) any role of
    the pack has a rate for."""
    halves = [key for key in SESSIONS if any(key in r["sessions"] for r in rates)]
    hint = "For example 2 or 1.5." + (" Or give sessions below." if halves else "")
    return (Field(f"{prefix}days", f"{label}days", required=required and not halves, hint=hint,
                  optional=False if required and halves else None),
            *(Field(f"{prefix}{key}", f"{label}{SESSIONS[key]}s", required=False,
                    hint=f"Costed at the role's {SESSIONS[key]} rate, where the pack gives one.")
              for key in halves))


def _activity_fields(n: int, rates: list[dict[str, Any]]) -> tuple[Field, ...]:
    first = n == 1
    needed: dict[str, Any] = {"required": first, "optional": None if first else False}
    return (Field(f"activity_{n}", f"Activity {n}", "textarea", required=first,
                  hint=None if first else "Leave empty if none."),
            Field(f"priority_{n}", f"Activity {n}: priority it serves", "number", maximum=20,
                  hint="The number of the priority in the list above.", **needed),
            Field(f"impact_{n}", f"Activity {n}: intended impact", "textarea", **needed),
            Field(f"role_{n}", f"Activity {n}: role of who gives it", "radios",
                  choices=role_choices(rates), **needed),
            Field(f"who_{n}", f"Activity {n}: who", **needed),
            Field(f"when_{n}", f"Activity {n}: when", hint="For example: spring term.", **needed),
            *_costing_fields(f"activity_{n}_", f"Activity {n}: ", rates, first))


def _costing(v: Values, prefix: str) -> dict[str, Any]:
    return {key: v.get(f"{prefix}{key}") for key in ("days", *SESSIONS)
            if v.get(f"{prefix}{key}")}


def draft_plan_form(rates: list[dict[str, Any]]) -> FormSpec:
    def run(w: Web, user: str, urn: str, v: Values) -> str:
        activities = [{"activity": v[f"activity_{n}"], "priority": v[f"priority_{n}"],
                       "impact": v[f"impact_{n}"], "role": v[f"role_{n}"],
                       "who": v[f"who_{n}"], "when": v[f"when_{n}"],
                       **_costing(v, f"activity_{n}_")}
                      for n in range(1, ACTIVITY_SLOTS + 1) if v.get(f"activity_{n}")]
        reference = w.services.support.draft_plan(
            user, urn, lines(v["priorities"]), activities, v["on"], v["supporting"] or "",
            v["case"] or None, v["bid"] or None)
        return f"Support plan {reference} drafted."

    fields = (Field("priorities", "Priorities for support", "textarea",
                    hint="One per line, from the school improvement plan."),
              Field("supporting", "Supporting school", required=False),
              Field("case", "Case it supports", required=False, hint="For example 900002-1."),
              Field("bid", "Bid that funds it", required=False, hint="For example 900004-B1."),
              *(f for n in range(1, ACTIVITY_SLOTS + 1) for f in _activity_fields(n, rates)),
              on_field("Date drafted"))
    return FormSpec("plan", "Draft a support plan", fields, "Draft plan", run,
                    permission="support.record",
                    intro="Each activity is costed at the pack's charge rate for its role.")


def _submit(w: Web, user: str, reference: str, v: Values) -> str:
    w.services.support.submit_plan(user, reference, v["on"])
    return f"Support plan {reference} submitted for approval."


SUBMIT_PLAN = FormSpec("submit", "Submit the plan for approval",
                       (on_field("Date submitted"),), "Submit plan", _submit,
                       permission="support.record")


def _decide(w: Web, user: str, reference: str, v: Values) -> str:
    approve = v["decision"] == "approve"
    w.services.support.decide_plan(user, reference, v["on"], approve, v["reason"] or "",
                                   v["amount"] or None)
    return f"Support plan {reference} {'approved' if approve else 'declined'}."


def _decision_check(v: Values) -> dict[str, str]:
    errors = amounts_checked("amount")(v)
    if v.get("decision") == "decline" and not v.get("reason"):
        errors["reason"] = "Enter the reason the plan is declined."
    return errors


DECIDE_PLAN = FormSpec(
    "decide", "Record the decision on the plan",
    (Field("decision", "Decision", "radios", choices=(("approve", "Approve"),
                                                    ("decline", "Decline"))),
     amount_field("amount", "Amount of funding approved", required=False,
                  hint="Leave empty to approve the plan's costed total."),
     reason_field(label="Reason or conditions"), on_field("Date of the decision")),
    "Record decision", _decide, permission="support.decide", check_first=True,
    cross_check=_decision_check)


def log_form(rates: list[dict[str, Any]]) -> FormSpec:
    def run(w: Web, user: str, reference: str, v: Values) -> str:
        given = {"hours": v["hours"], "hours_in_school": v["hours_in_school"],
                 "support_person": v["support_person"], "role": v["role"],
                 "contact": v["contact"] or "", "focus": v["focus"],
                 "actions": lines(v["actions"]), "next_visit": v["next_visit"],
                 "cost": v["cost"], **_costing(v, "")}
        left = w.services.support.log_support(user, reference, v["on"], given)
        return f"Support logged on {reference}; {pounds(left)} of the amount approved remains."

    return FormSpec(
        "log", "Log school-to-school support",
        (Field("hours", "Hours in total", hint="For example 6 or 3.5."),
         Field("hours_in_school", "Hours in school", required=False),
         Field("support_person", "Support person"),
         Field("role", "Their role", "radios", choices=role_choices(rates)),
         Field("contact", "Contact at the school", required=False),
         Field("focus", "Focus of the support", "textarea"),
         Field("actions", "Agreed actions", "textarea", required=False, hint="One per line."),
         Field("next_visit", "Date of the next visit", "date", required=False),
         *_costing_fields("", "Support: ", rates, False),
         amount_field("cost", "Cost", required=False,
                      hint="Leave empty to cost the days (or sessions) at the role's rate."),
         on_field("Date of the support")),
        "Log support", run, permission="support.record", cross_check=amounts_checked("cost"),
        intro="Releases payment: the cost is spent against the amount approved.")


def _commit(w: Web, user: str, reference: str, v: Values) -> str:
    w.services.support.commit(user, reference, v["on"], given_commitment(v))
    return f"Commitment recorded on {reference}."


COMMIT_PLAN = FormSpec("commit", "Record a commitment of funds", commitment_fields(),
                       "Record commitment", _commit, permission="support.record",
                       cross_check=amounts_checked("amount"), check_first=True)


def _review(final: bool) -> Any:
    def run(w: Web, user: str, reference: str, v: Values) -> str:
        due = w.services.support.review_plan(user, reference, v["on"], v["personnel"],
                                             v["outcomes"], v["points"] or "", final)
        return f"Support plan {reference} closed." if final else \
            f"Review recorded; the next is due by {due}."
    return run


def _review_fields() -> tuple[Field, ...]:
    return (Field("personnel", "Who took part"),
            Field("outcomes", "Outcomes", "textarea"),
            Field("points", "Points to be addressed", "textarea", required=False),
            on_field("Date of the review"))


REVIEW_PLAN = FormSpec("review", "Record a termly review", _review_fields(), "Record review",
                       _review(False), permission="support.record")
CLOSE_PLAN = FormSpec("close", "Record the final review and close", _review_fields(),
                      "Close plan", _review(True), permission="support.decide",
                      check_first=True)


def plan_forms(state: str, rates: list[dict[str, Any]]) -> tuple[FormSpec, ...]:
    """The forms a plan in `state` offers."""
    return {"draft": (SUBMIT_PLAN,), "submitted": (DECIDE_PLAN,),
            "approved": (log_form(rates), COMMIT_PLAN, REVIEW_PLAN, CLOSE_PLAN),
            "active": (log_form(rates), COMMIT_PLAN, REVIEW_PLAN, CLOSE_PLAN)}.get(state, ())


def _letter(w: Web, user: str, reference: str, v: Values) -> str:
    notice = w.services.support.issue_plan_form(user, reference, v["on"])
    return f"Support plan issued as {notice['reference']}."


PLAN_LETTER = FormSpec("letter", "Issue the plan as a letter", (on_field("Date of issue"),),
                       "Issue plan", _letter, permission="support.record",
                       intro="Rendered as HTML and PDF and kept; the plan's page lists every "
                             "version.")
