""""My work" (issue 16, item 2): what each role acts on next, for the dashboard.

The Service Manager: statutory deadlines overdue or due soon, and the decisions waiting on them
(visit reports to quality-assure; warning notices whose compliance period ended undecided). An
SEO: their visits and reports by what each needs. A legal officer: the notices issued and the
evidence bundles exported most recently. A regional officer: each authority's counts. An
administrator: the users who need something done. All derived from the read models and the
events through the services' own lists, so through the one scope rule; nothing is stored apart.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from scc.application.case_list import CaseList
from scc.application.caseload import VISIT_GROUPS, CaseloadService, Filters, officer_names
from scc.application.context import Context
from scc.application.record_lists import RecordLists
from scc.application.scope import scope_of
from scc.application.stored_events import events_of
from scc.audit.log import export_log_id
from scc.domain.values import Role
from scc.projections import case_events
from scc.projections.queries import list_users

RECENT = 10


class MyWorkService:
    def __init__(self, ctx: Context, cases: CaseList, caseload: CaseloadService,
                 records: RecordLists) -> None:
        self.ctx = ctx
        self._cases = cases
        self._caseload = caseload
        self._records = records

    def of(self, user: str | None,
           deadlines: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """The user's own panels: `role` says which, the rest holds their rows. `deadlines`: the
        user's deadlines as `CaseloadService.deadlines` lists them unfiltered, when the caller
        (the dashboard, for its own panels) has read them already; else they are read here."""
        actor = self.ctx.actor(user, "case.read")
        role = actor.role

        def running() -> list[dict[str, Any]]:
            return self._caseload.deadlines(user, Filters()) if deadlines is None else deadlines

        if role is Role.SERVICE_MANAGER:
            return {"role": role.value, **self._service_manager(user, running())}
        if role is Role.SEO:
            return {"role": role.value, **self._seo(user, running())}
        if role is Role.LEGAL:
            return {"role": role.value, **self._legal(user)}
        if role is Role.REGIONAL:
            return {"role": role.value, "authorities": self._per_authority(user, running())}
        if role is Role.ADMIN:
            return {"role": role.value, "user_tasks": self._user_tasks(user)}
        return {"role": role.value}

    def _service_manager(self, user: str | None,
                         deadlines: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "statutory": [d for d in deadlines if d["statutory"]
                          and d["window"] in ("overdue", "soon")],
            # EIA 2006 s60(1): once the compliance period ends the authority decides whether the
            # governing body complied; only a decision that it did not opens the two-month
            # window of the powers (s64(2) and the matching subsections of ss63, 65, 66).
            "undecided": [d for d in deadlines if d["kind"] == "compliance-period"
                          and d["window"] == "overdue"],
            "to_quality_assure": [v for v in self._records.visits(user)
                                  if v["state"] == "with_service_manager"],
        }

    def _seo(self, user: str | None, deadlines: list[dict[str, Any]]) -> dict[str, Any]:
        visits = self._caseload.visits(user, Filters())
        return {"visit_groups": [(key, title, [v for v in visits if v["group"] == key])
                                 for key, title in VISIT_GROUPS.items()],
                "deadlines": [d for d in deadlines if d["window"] in ("overdue", "soon")]}

    def _legal(self, user: str | None) -> dict[str, Any]:
        # The cases alone: their officers, categories and next deadlines are not shown here.
        cases = {case["id"]: case["school"]
                 for case in self._cases.list(user, include_closed=True)}
        # Both for all the cases at once: the notices from the case-events read model (a long
        # case's stream is never decoded here), the exports from the cases' export logs.
        notices = [{"case": reference, "school": cases[reference], "title": d.title,
                    "reference": d.reference, "issued_on": d.issued_on,
                    "href": f"/cases/{reference}/documents/{d.sha256}"}
                   for reference, issued in case_events.issued_on(self.ctx.engine, cases).items()
                   for d in issued if d.part == "html"]
        logs = {export_log_id(reference): reference for reference in cases}
        exports = [{"case": logs[e.originator_id], "school": cases[logs[e.originator_id]],
                    "by": e.actor, "at": e.timestamp.isoformat()}
                   for e in events_of(self.ctx, logs, "BundleExported")]
        names = officer_names(self.ctx, (e["by"] for e in exports))
        return {"notices": sorted(notices, key=lambda n: (n["issued_on"], n["reference"]),
                                  reverse=True)[:RECENT],
                "exports": [{**e, "by": names[e["by"]]} for e in
                            sorted(exports, key=lambda e: e["at"], reverse=True)[:RECENT]]}

    def _per_authority(self, user: str | None,
                       deadlines: list[dict[str, Any]]) -> list[dict[str, Any]]:
        cases = Counter(c["authority"] for c in self._cases.list(user))
        windows = Counter((d["authority"], d["window"]) for d in deadlines)
        codes = sorted(set(cases) | {code for code, _window in windows})
        return [{"authority": code, "name": self.ctx.authority(code).name,
                 "open_cases": cases[code], "overdue": windows[(code, "overdue")],
                 "soon": windows[(code, "soon")]} for code in codes]

    def _user_tasks(self, user: str | None) -> list[dict[str, Any]]:
        """Users of the administrator's authorities who need something: deactivated (reactivate
        or leave), no e-mail address (reminders cannot reach them), a headteacher bound to no
        school (they see nothing)."""
        codes = scope_of(self.ctx, self.ctx.actor(user, "user.manage")).authorities
        tasks = []
        for row in list_users(self.ctx.engine, codes):
            person = self.ctx.user(row["name"])
            task = ("Deactivated" if not person.active
                    else "A headteacher bound to no school"
                    if row["role"] == Role.HEADTEACHER.value and not person.school_urn
                    else "No e-mail address for reminders"
                    if not person.email and row["role"] != Role.HEADTEACHER.value else None)
            if task:
                tasks.append({"name": row["name"], "shown": person.display_name or row["name"],
                              "role": row["role"], "task": task})
        return tasks
