"""A school as shown (`scc school show`, the school's page): its details, inspections, links,
cases and, in Wales, its number and categories, read from its record. Apart from the school
commands (application/schools.py), so showing a school imports no case aggregate, GIAS reader
or case service: a short command's time is mostly its imports."""

from __future__ import annotations

from typing import Any

from scc.application.categorisation import school_for
from scc.application.context import Context
from scc.application.scope import Scope, scope_of
from scc.domain import ids, ofsted
from scc.domain.school import DETAIL_FIELDS, School
from scc.domain.values import Actor
from scc.projections.queries import school_row


class SchoolPage:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def _linked(self, school: School, scope: Scope) -> dict[str, list[dict[str, Any]]]:
        """The school's successors and predecessors, each with its name and cases where it is
        held in the user's scope: the case history follows the school to its new URN."""
        shown: dict[str, list[dict[str, Any]]] = {"successors": [], "predecessors": []}
        for link in school.links:
            other = self.ctx.get(ids.school_id(link["urn"]), School, "") \
                if scope.covers(link["urn"]) and self.ctx.exists(ids.school_id(link["urn"])) \
                else None
            shown[f"{link['kind']}s"].append({
                "urn": link["urn"], "name": other.name if other else None,
                "link_type": link["link_type"],
                "linked_on": link["linked_on"].isoformat() if link["linked_on"] else None,
                "cases": [f"{other.urn}-{n}" for n in range(1, other.cases_opened + 1)]
                if other else [],
            })
        return shown

    def show(self, user: str | None, urn: str) -> dict[str, Any]:
        actor, school = school_for(self.ctx, user, "school.read", urn)
        row = school_row(self.ctx.engine, urn) or {}
        authority = self.ctx.authority_of(school)  # each look-up reads its version again
        return {
            "urn": school.urn, **{k: school.details.get(k) for k in DETAIL_FIELDS},
            "ofsted": [
                {"inspected_on": j["inspected_on"].isoformat(), "outcome": j["outcome"],
                 "era": j.get("era") or ofsted.OVERALL, "grades": dict(j.get("grades") or {}),
                 "category": j.get("category"), "summary": ofsted.describe(j)}
                for j in sorted(school.judgements, key=lambda j: j["inspected_on"])
            ],
            "estyn": [
                {"inspected_on": i["inspected_on"].isoformat(), "outcome": i["outcome"],
                 "summary": ofsted.estyn_words(i["outcome"]),
                 "follow_ups": [{"on": f["on"].isoformat(), "kind": f["kind"],
                                 "outcome": f["outcome"]} for f in i["follow_ups"]]}
                for i in school.estyn
            ],
            "estyn_category": school.estyn_category(),
            "open_case": school.open_case,
            "cases_opened": school.cases_opened,
            "authority": authority.code,
            **self._linked(school, scope_of(self.ctx, actor)),
            "in_read_model": bool(row),
            # A Welsh school's number, letters' language and national support categories.
            **({"wales": _welsh(school)}
               if authority.jurisdiction == "wales" else {}),
            **({"partnership": _partnership(self.ctx, actor, school)}
               if school.partnership else {}),
        }


# Imported only for the schools that have them: most schools are English and in no partnership.

def _welsh(school: School) -> dict[str, Any]:
    from scc.application.welsh_schools import welsh_details
    return welsh_details(school)


def _partnership(ctx: Context, actor: Actor, school: School) -> dict[str, Any] | None:
    from scc.application.partnerships import of_school
    return of_school(ctx, actor, school)
