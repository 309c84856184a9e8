"""The headteachers' portal: their one school's visit reports and letters (agreeing a report or
returning comments on it goes through VisitService, which checks the same binding).

Every query starts from the headteacher's binding (AccountService.own_school), so no URN or
reference typed into a URL reaches another school."""

from __future__ import annotations

from typing import Any

from scc.application.accounts import AccountService
from scc.application.context import Context
from scc.application.documents import IssuedDocument, document_store, issued_documents
from scc.domain import ids
from scc.domain.errors import NotFound, NotPermitted
from scc.domain.school import School
from scc.projections import register as read
from scc.projections.tables import visits

# A visit's report reaches the headteacher when it is sent for factual accuracy.
SHARED_STATES = ("report_sent", "report_agreed", "comments_returned", "with_service_manager", "quality_assured",
                 "final")


class PortalService:
    def __init__(self, ctx: Context, accounts: AccountService) -> None:
        self.ctx = ctx
        self.accounts = accounts
        self.documents = document_store(ctx.engine)

    def _own(self, user: str | None, urn: str) -> School:
        own = self.accounts.own_school(user)
        if urn != own:
            raise NotPermitted(f"{user} may see only their own school (URN {own}).")
        return self.ctx.get(ids.school_id(urn), School, f"There is no school with URN {urn}.")

    def school(self, user: str | None, urn: str) -> dict[str, Any]:
        school = self._own(user, urn)
        return {"urn": school.urn, "name": school.name, "type": school.details.get("type"),
                "phase": school.details.get("phase")}

    def visits(self, user: str | None, urn: str) -> list[dict[str, Any]]:
        self._own(user, urn)
        rows = read.list_rows(self.ctx.engine, visits, urn, None)
        return [row for row in rows if row["state"] in SHARED_STATES]

    def letters(self, user: str | None, urn: str) -> list[IssuedDocument]:
        """The documents issued on the school's cases that were sent to its headteacher."""
        school = self._own(user, urn)
        found = []
        for number in range(1, school.cases_opened + 1):
            case_id = ids.case_id(f"{urn}-{number}")
            found += [d for d in issued_documents(self.ctx.store.events.get(case_id))
                      if d.part != "context"
                      and any(r.get("role") == "headteacher" for r in d.recipients)]
        return found

    def letter(self, user: str | None, urn: str, sha256: str) -> tuple[IssuedDocument, bytes]:
        for document in self.letters(user, urn):
            if document.sha256 == sha256:
                return document, self.documents.get(sha256)
        raise NotFound("There is no such letter for your school.")
