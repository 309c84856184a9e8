"""The steps a user may take next on a case: what the case page offers, and nothing more."""

from __future__ import annotations

from typing import Any

from scc.application.cases import CaseService
from scc.application.permissions import PERMISSIONS
from scc.domain import ids
from scc.domain.case import ConcernCase
from scc.domain.guards import GUARDS, Act
from scc.domain.school import School
from scc.domain.values import Actor


def next_steps(cases: CaseService, user: str | None, reference: str) -> list[dict[str, Any]]:
    """Each workflow step from the case's state today, with `refusal` the sentence of the first
    guard that stops it now (None when it may be taken). Empty for roles that may not escalate,
    so a page built from this never offers a legal officer or an SEO a button."""
    ctx = cases.ctx
    actor = ctx.actor(user, "case.read")
    if actor.role not in PERMISSIONS["case.escalate"]:
        return []
    case = ctx.get(ids.case_id(reference), ConcernCase, f"There is no case {reference}.")
    school = ctx.get(ids.school_id(case.urn), School, f"There is no school with URN {case.urn}.")
    return steps_for(cases, actor, case, school)


def steps_for(cases: CaseService, actor: Actor, case: ConcernCase,
              school: School) -> list[dict[str, Any]]:
    """next_steps for a case and school already loaded (the case page reads each once)."""
    if actor.role not in PERMISSIONS["case.escalate"]:
        return []
    today = cases.ctx.clock.today()
    # The same choice of rule set as a command dated today makes (a notice's own regime).
    workflow = cases._workflow(case, today, cases.ctx.authority_of(school).jurisdiction)
    act = Act(actor, today, workflow, school.facts())
    found = []
    for trigger in workflow.machine.get_triggers(case.state):
        step = workflow.step(case.state, trigger)
        refusals = (GUARDS[name](case, act) for name in step.guards)
        found.append({"trigger": trigger, "title": workflow.triggers[trigger],
                      "refusal": next((r for r in refusals if r), None)})
    return found
