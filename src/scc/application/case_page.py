"""Everything the case page shows: the case as described, one page of its timeline, the documents
issued on it and the steps the user may take now.

A case's events are its whole life (1,000 or more on a long case), so the page never decodes its
stream: the case loads from its latest snapshot (the header and the steps' guards need it), and
the timeline and the documents come from the case-events read model, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from scc.application.cases import CaseService
from scc.application.documents import IssuedDocument
from scc.application.permissions import PERMISSIONS
from scc.application.scope import scope_of
from scc.application.steps import steps_for
from scc.domain import ids, inputs
from scc.domain.case import ConcernCase
from scc.domain.school import School
from scc.domain.values import Role
from scc.projections import case_events

PAGE_SIZE = 50


@dataclass(frozen=True)
class Timeline:
    """One page of a case's events, newest first (the GOV.UK pagination macro's `listing`)."""
    rows: list[dict[str, Any]]  # as case_events.newest
    total: int
    page: int
    pages: int

    def link(self, page: int) -> str:
        return "?" + urlencode({"page": page}) + "#timeline-title"


@dataclass(frozen=True)
class CasePage:
    case: dict[str, Any]  # as CaseService.describe
    timeline: Timeline
    documents: list[IssuedDocument]
    steps: list[dict[str, Any]]  # as steps.next_steps


def case_page(cases: CaseService, user: str | None, reference: str,
              page: str | int = 1) -> CasePage:
    """The same checks as CaseService.show (the role, an SEO's allocation); `page` of the
    timeline, from 1 (the latest PAGE_SIZE events) to the last (the oldest)."""
    ctx = cases.ctx
    actor = ctx.actor(user, "case.read")
    case = ctx.get(ids.case_id(reference), ConcernCase, f"There is no case {reference}.")
    scope_of(ctx, actor).case(case.urn, reference)
    pages = max(1, -(-case.version // PAGE_SIZE))  # the version counts the case's events
    number = inputs.count("The page", page, 1, pages)
    school = None
    if actor.role is Role.SEO or actor.role in PERMISSIONS["case.escalate"]:
        school = ctx.get(ids.school_id(case.urn), School,
                         f"There is no school with URN {case.urn}.")
    rows = case_events.newest(ctx.engine, reference, (number - 1) * PAGE_SIZE, PAGE_SIZE)
    return CasePage(
        case=cases.describe(case),
        timeline=Timeline(rows, case.version, number, pages),
        documents=case_events.issued(ctx.engine, reference),
        steps=steps_for(cases, actor, case, school) if school else [],
    )
