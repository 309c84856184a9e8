"""The forms of the improvement plan commands (PlanService): receiving a plan from the school page
(up to OBJECTIVE_SLOTS objectives at once), and from the plan page its termly review (a rating and
evidence for each of the plan's own objectives, so that form is built for the plan shown) and its
closing."""

from __future__ import annotations

from typing import Any

from scc.domain.plan import PlanKind, Rating
from scc.web.forms import Field, FormSpec, Values, lines, on_field
from scc.web.state import Web

OBJECTIVE_SLOTS = 3
KINDS = (("action-plan", "The governing body's action plan, required by a notice"),
         ("improvement-plan", "The school's own improvement plan"))
RATINGS = tuple((r.value, r.value.replace("-", " ").capitalize()) for r in Rating)


def _objective_fields(n: int) -> tuple[Field, ...]:
    first = n == 1  # the first objective is required; later slots may stay empty
    return (
        Field(f"objective_{n}", f"Objective {n}", "textarea", required=first,
              hint="What the school will achieve." if first else "Leave empty if none."),
        Field(f"criteria_{n}", f"Objective {n}: success criteria", "textarea", required=first,
              optional=False if not first else None, hint="One per line."),
        Field(f"owner_{n}", f"Objective {n}: owner", required=first, optional=False if not first
              else None, hint="Who is responsible, for example the chair of governors."),
        Field(f"due_{n}", f"Objective {n}: to be achieved by", "date", required=first,
              optional=False if not first else None),
    )


def _objectives(v: Values) -> list[dict[str, Any]]:
    return [{"objective": v[f"objective_{n}"], "success_criteria": lines(v[f"criteria_{n}"]),
             "owner": v[f"owner_{n}"], "due": v[f"due_{n}"]}
            for n in range(1, OBJECTIVE_SLOTS + 1) if v.get(f"objective_{n}")]


def _receive(w: Web, user: str, urn: str, v: Values) -> str:
    reference = w.services.plans.receive(user, urn, v["kind"], v["title"], _objectives(v),
                                         v["on"], v["case"] or None)
    return f"Plan {reference} recorded; its first review is due by the end of the term."


RECEIVE_PLAN = FormSpec(
    "receive-plan", "Record a plan received",
    (Field("kind", "Kind of plan", "radios", choices=KINDS),
     Field("title", "Title", hint="For example: Governing body action plan, spring 2026."),
     Field("case", "Case it answers", required=False,
           hint="An action plan answers the notice on a case, for example 900002-1."),
     on_field("Date the plan was received"),
     *(f for n in range(1, OBJECTIVE_SLOTS + 1) for f in _objective_fields(n))),
    "Record plan", _receive, permission="plan.record",
    intro="Reviewed each term. An action plan received while its notice's deadline is open is "
          "also recorded on the case.")
assert {k for k, _ in KINDS} == {k.value for k in PlanKind}


def review_form(objectives: list[dict[str, Any]]) -> FormSpec:
    """The termly review of a plan with these objectives: a rating and evidence for each."""
    numbers = [o["number"] for o in objectives]

    def run(w: Web, user: str, reference: str, v: Values) -> str:
        ratings = {n: {"rating": v[f"rating_{n}"], "evidence": v[f"evidence_{n}"]}
                   for n in numbers}
        due = w.services.plans.review(user, reference, v["on"], v["term"], ratings)
        return f"Review recorded; the next is due by {due}."

    fields = [Field("term", "Term reviewed", hint="For example: Spring 2026."),
              on_field("Date of the review")]
    for o in objectives:
        n = o["number"]
        fields += [Field(f"rating_{n}", f"Objective {n}: {o['objective']}", "radios",
                         choices=RATINGS),
                   Field(f"evidence_{n}", f"Objective {n}: evidence for the rating", "textarea")]
    return FormSpec("review", "Record a termly review", tuple(fields), "Record review", run,
                    permission="plan.record")


def _close(w: Web, user: str, reference: str, v: Values) -> str:
    w.services.plans.close(user, reference, v["on"], v["reason"])
    return f"Plan {reference} closed."


CLOSE_PLAN = FormSpec(
    "close", "Close the plan",
    (on_field("Date the plan is closed"),
     Field("reason", "Why the plan is closed", "textarea",
           hint="For example: every objective met; or superseded by a new plan.")),
    "Close plan", _close, permission="plan.close", check_first=True)
