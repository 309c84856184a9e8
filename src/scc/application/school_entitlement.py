"""A school's support entitlement as `scc support entitlement` shows it, by the rule of
scc.application.support_entitlement. Apart from the support service (bids, plans, letters,
clusters), so asking imports none of their aggregates, letters or notice templates, and the
school is checked in its read model, not replayed."""

from __future__ import annotations

from typing import Any

from scc.application.context import Context
from scc.application.record_lists import school_seen
from scc.application.scope import scope_of
from scc.application.support_entitlement import entitlements
from scc.domain.categorisation import academic_year


class SchoolEntitlement:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def entitlement(self, user: str | None, urn: str, year: str | None = None
                    ) -> dict[str, Any]:
        """What the school's category gives a year and what the academic year `year`
        ('2025/26'; default: this one) has used: visits (or SEP days) planned, and the hours of
        support logged on its support plans."""
        school_seen(self.ctx, scope_of(self.ctx, self.ctx.actor(user, "school.read")), urn)
        return entitlements(self.ctx, [urn], year or academic_year(self.ctx.clock.today()))[urn]
