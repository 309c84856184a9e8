"""The forms of the bid workflow (SupportService; issue 14): submitting a bid (Form A1) from the
school page, with an amount per area of the school's pack, and from the bid's page scheduling the
board, the board's decision, a Funding Impact Report (Form A2), a commitment and closing.

Amounts are typed as pounds and pence and checked where they enter (scc.domain.money: text, never
a float), each named in the error summary; the rules (no more approved than asked, procurement
thresholds) are the service's, its refusals shown in the same summary."""

from __future__ import annotations

from typing import Any

from scc.domain.errors import InvalidInput
from scc.domain.money import money
from scc.domain.support import BID_TEXTS
from scc.web.forms import CrossCheck, Field, FormSpec, Values, on_field, reason_field
from scc.web.state import Web

STRATEGY_SLOTS = 3
AMOUNT_HINT = "In pounds and pence, for example 5000 or 2450.50."


def amount_field(name: str, label: str, required: bool = True, hint: str | None = AMOUNT_HINT
                 ) -> Field:
    return Field(name, label, required=required, hint=hint)


def amounts_checked(*names: str, one_of: tuple[str, ...] = (), what: str = "") -> CrossCheck:
    """A check that each named answer given is an amount of money, and (with `one_of`) that at
    least one of those is given."""

    def check(v: Values) -> dict[str, str]:
        errors: dict[str, str] = {}
        for name in (*names, *one_of):
            if v.get(name):
                try:
                    money("The amount", v[name])
                except InvalidInput as problem:
                    errors[name] = str(problem)
        if one_of and not any(v.get(n) for n in one_of):
            errors[one_of[0]] = f"Enter {what}."
        return errors

    return check


def given_amounts(v: Values, areas: dict[str, str]) -> dict[str, Any]:
    return {area: v[f"amount_{area}"] for area in areas if v.get(f"amount_{area}")}


def submit_bid_form(areas: dict[str, str], periods: dict[str, int]) -> FormSpec:
    """Form A1 for a school whose pack's bid form has these areas and periods."""

    def run(w: Web, user: str, urn: str, v: Values) -> str:
        reference = w.services.support.submit_bid(
            user, urn, given_amounts(v, areas), v["period"],
            {key: v[key] for key, _ in BID_TEXTS}, v["on"], v["recipient"], v["case"] or None)
        return f"Bid {reference} recorded as submitted to the board."

    amount_names = tuple(f"amount_{a}" for a in areas)
    fields = (
        Field("recipient", "Who the bid is for", "radios",
              choices=(("school", "The school"), ("cluster", "The school's cluster"))),
        *(amount_field(f"amount_{area}", f"Amount requested: {title}", required=False,
                       hint=None if n else AMOUNT_HINT + " Leave empty an area not bid for.")
          for n, (area, title) in enumerate(areas.items())),
        Field("period", "Proposed period of funding", "radios",
              choices=tuple((p, p.replace("-", " ").capitalize()) for p in periods)),
        *(Field(key, label[0].upper() + label[1:], "textarea") for key, label in BID_TEXTS),
        Field("case", "Case it supports", required=False,
              hint="Where the school has a case, for example 900002-1."),
        on_field("Date the bid was submitted"))
    return FormSpec("bid", "Bid for school improvement funding (Form A1)", fields,
                    "Submit bid", run, permission="support.record", check_first=True,
                    cross_check=amounts_checked(one_of=amount_names,
                                                what="an amount requested for at least one area"),
                    intro="The board decides the bid at its meeting; an impact report (Form A2) "
                          "is then due by the end of each term funded.")


def decide_bid_form(areas: list[dict[str, Any]]) -> FormSpec:
    """The board's decision on a bid asking for these areas (each {area, title, requested})."""
    names = tuple(f"amount_{a['area']}" for a in areas)

    def run(w: Web, user: str, reference: str, v: Values) -> str:
        if v["decision"] == "decline":
            w.services.support.decide_bid(user, reference, v["on"], False, v["reason"] or "")
            return f"Bid {reference} declined."
        approved = {a["area"]: v[f"amount_{a['area']}"] for a in areas
                    if v.get(f"amount_{a['area']}")} or None
        due = w.services.support.decide_bid(user, reference, v["on"], True, v["reason"] or "",
                                            approved, v["terms"])
        return f"Bid {reference} approved; impact reports due by {', '.join(due)}."

    def check(v: Values) -> dict[str, str]:
        errors = amounts_checked(*names)(v)
        if v.get("decision") == "decline" and not v.get("reason"):
            errors["reason"] = "Enter the reason the bid is declined."
        return errors

    fields = (
        Field("decision", "The board's decision", "radios",
              choices=(("approve", "Approve"), ("decline", "Decline"))),
        *(amount_field(f"amount_{a['area']}", f"Amount approved: {a['title']}", required=False,
                       hint=f"Requested £{a['requested']}. Leave empty to approve it as "
                            "requested; enter 0 to approve nothing for this area.")
          for a in areas),
        Field("terms", "Terms of funding agreed", "number", required=False, maximum=12,
              hint="Leave empty for the period bid for. An impact report is due by the end of "
                   "each term."),
        reason_field(label="Reason or conditions"),
        on_field("Date of the board's decision"))
    return FormSpec("decide", "Record the board's decision", fields, "Record decision", run,
                    permission="support.decide", check_first=True, cross_check=check)


def _board(w: Web, user: str, reference: str, v: Values) -> str:
    w.services.support.schedule_board(user, reference, v["on"], v["meets_on"])
    return f"Board meeting recorded for bid {reference}."


SCHEDULE_BOARD = FormSpec(
    "board", "Record the board meeting that decides the bid",
    (Field("meets_on", "Date of the board meeting", "date"), on_field("Date recorded")),
    "Record meeting", _board, permission="support.record",
    intro="The board's decision is due by that day; the reminders before it prompt the papers.")


def _strategy_fields(n: int) -> tuple[Field, ...]:
    first = n == 1
    return (Field(f"strategy_{n}", f"Strategy {n}", "textarea", required=first,
                  hint=None if first else "Leave empty if none."),
            Field(f"timescale_{n}", f"Strategy {n}: timescale", required=first,
                  optional=False if not first else None),
            Field(f"impact_{n}", f"Strategy {n}: impact so far", "textarea", required=first,
                  optional=False if not first else None))


def _impact_report(w: Web, user: str, reference: str, v: Values) -> str:
    strategies = [{"strategy": v[f"strategy_{n}"], "timescale": v[f"timescale_{n}"],
                   "impact": v[f"impact_{n}"]}
                  for n in range(1, STRATEGY_SLOTS + 1) if v.get(f"strategy_{n}")]
    w.services.support.impact_report(user, reference, v["on"], strategies, v["spent"],
                                     v["deviations"] or "", v["commentary"] or "")
    return f"Funding Impact Report recorded on bid {reference}."


IMPACT_REPORT = FormSpec(
    "impact-report", "Record a Funding Impact Report (Form A2)",
    (*(f for n in range(1, STRATEGY_SLOTS + 1) for f in _strategy_fields(n)),
     amount_field("spent", "Amount spent so far", hint="In total since the bid was approved, "
                  "for example 2450.25."),
     Field("deviations", "Any deviation from the brokering agreed", "textarea", required=False),
     Field("commentary", "Comment, including effective practice to share", "textarea",
           required=False),
     on_field("Date of the report")),
    "Record report", _impact_report, permission="support.record",
    cross_check=amounts_checked("spent"),
    intro="Meets the earliest impact report still due.")


def commitment_fields() -> tuple[Field, ...]:
    return (Field("description", "What is bought", "textarea"),
            Field("supplier", "Supplier"),
            amount_field("amount", "Amount committed"),
            Field("method", "Why this procurement method was chosen", "textarea",
                  required=False, hint="Needed under the lower threshold (for example £10,000)."),
            Field("quotes", "Written quotes obtained", "number", required=False, maximum=100,
                  hint="Leave empty if none."),
            Field("reason", "Why the quotes needed could not be obtained", "textarea",
                  required=False, hint="Needed above the lower threshold with fewer quotes than "
                  "the pack demands (for example four between £10,000 and £60,000)."),
            on_field("Date of the commitment"))


def given_commitment(v: Values) -> dict[str, Any]:
    return {"description": v["description"], "supplier": v["supplier"], "amount": v["amount"],
            "method": v["method"] or "", "quotes": v["quotes"] or 0, "reason": v["reason"] or ""}


def _commit_bid(w: Web, user: str, reference: str, v: Values) -> str:
    w.services.support.commit_bid(user, reference, v["on"], given_commitment(v))
    return f"Commitment recorded on bid {reference}."


COMMIT_BID = FormSpec(
    "commit", "Record a commitment of the funding", commitment_fields(), "Record commitment",
    _commit_bid, permission="support.record", cross_check=amounts_checked("amount"),
    check_first=True)


def _close_bid(w: Web, user: str, reference: str, v: Values) -> str:
    w.services.support.close_bid(user, reference, v["on"], v["reason"])
    return f"Bid {reference} closed."


CLOSE_BID = FormSpec(
    "close", "Close the bid",
    (Field("reason", "Why the bid is closed", "textarea",
           hint="For example: every impact report received; funding spent."),
     on_field("Date the bid is closed")),
    "Close bid", _close_bid, permission="support.decide", check_first=True)

# The bid forms each state offers (besides the decision, built for the bid's own areas).
BID_FORMS = {"submitted": (SCHEDULE_BOARD,), "approved": (IMPACT_REPORT, COMMIT_BID, CLOSE_BID)}


def letter_form(reports: int) -> FormSpec:
    """Issuing the bid's Form A1, or one of its `reports` Funding Impact Reports (A2), as a kept
    letter."""
    def run(w: Web, user: str, reference: str, v: Values) -> str:
        form, _, number = v["form"].partition("-")
        notice = w.services.support.issue_bid_form(user, reference, form, v["on"],
                                                   int(number or 1))
        return f"{notice['title']} issued as {notice['reference']}."

    choices = (("A1", "Form A1: the bid and the board's decision"),
               *((f"A2-{n}", f"Form A2: Funding Impact Report {n}")
                 for n in range(1, reports + 1)))
    return FormSpec("letter", "Issue a form as a letter",
                    (Field("form", "Form", "radios", choices=choices),
                     on_field("Date of issue")),
                    "Issue form", run, permission="support.record",
                    intro="Rendered as HTML and PDF and kept; the bid's page lists every version.")
