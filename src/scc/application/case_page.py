"""Everything the case page shows, from one read of the case's events: the case as described,
its history, the documents issued on it and the steps the user may take now.

Reading the stream once matters: a case's events are its whole life (1,000 or more on a long
case), and the page used to read them four times (show, history, notices, steps)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scc.application.cases import CaseService, _event_json
from scc.application.documents import IssuedDocument, issued_documents
from scc.application.permissions import PERMISSIONS
from scc.application.scope import scope_of
from scc.application.steps import steps_for
from scc.application.store import replay
from scc.domain import ids
from scc.domain.case import ConcernCase
from scc.domain.errors import NotFound
from scc.domain.school import School
from scc.domain.values import Role


@dataclass(frozen=True)
class CasePage:
    case: dict[str, Any]  # as CaseService.describe
    history: list[dict[str, Any]]  # as CaseService.history, oldest first
    documents: list[IssuedDocument]
    steps: list[dict[str, Any]]  # as steps.next_steps


def case_page(cases: CaseService, user: str | None, reference: str) -> CasePage:
    """The same checks as CaseService.show (the role, an SEO's allocation), one read each of the
    user, the case's events and (when the role needs it) the school."""
    ctx = cases.ctx
    actor = ctx.actor(user, "case.read")
    missing = f"There is no case {reference}."
    events = list(ctx.store.events.get(ids.case_id(reference)))
    case = replay(None, events) if events else None
    if not isinstance(case, ConcernCase):
        raise NotFound(missing)
    scope_of(ctx, actor).case(case.urn, reference)
    school = None
    if actor.role is Role.SEO or actor.role in PERMISSIONS["case.escalate"]:
        school = ctx.get(ids.school_id(case.urn), School,
                         f"There is no school with URN {case.urn}.")
    return CasePage(
        case=cases.describe(case),
        history=[_event_json(e) for e in events],
        documents=issued_documents(events),
        steps=steps_for(cases, actor, case, school) if school else [],
    )
