"""Support and funding (issue 14): bids for school improvement funding (URN-Bn; Calderdale's Form A1,
decided by the board, Funding Impact Reports due each term funded) and support plans (URN-Sn;
Bury's school-led system support plan, costed at the pack's day rates, with support logs spent
against the amount approved and procurement checks on commitments). Their deadlines join the
deadline read model, so the scheduler and the reminders treat them like a visit's.

Every amount is a `decimal.Decimal` (scc.domain.money), kept in events and read models as text.
The commands live in one module per record (support_bids, support_plans); the board's view and
the entitlements in support_board; the forms as letters in support_letters and support_clusters
(Form A3) and, for the board, consortium funding by category in support_consortium; this class
is the one service the CLI and the web call.
"""

from __future__ import annotations

from typing import Any

from scc.application.support_bids import BidCommands
from scc.application.support_clusters import ClusterCommands
from scc.application.support_letters import LetterCommands
from scc.application.support_plans import PlanCommands
from scc.domain.errors import RuleViolation


class SupportService(BidCommands, PlanCommands, LetterCommands, ClusterCommands):
    def panel(self, user: str | None, urn: str) -> dict[str, Any]:
        """The school page's support and funding panel: its bids and plans, this year's
        entitlement (none where the pack has no categories) and which forms its pack offers."""
        choices = self.choices(user, urn)
        try:
            entitled: dict[str, Any] | None = self.entitlement(user, urn)
        except RuleViolation:  # a pack without categories (the Welsh one): nothing to show
            entitled = None
        return {"bids": self.list_bids(user, urn), "plans": self.list_plans(user, urn),
                "entitlement": entitled, "can_bid": bool(choices["areas"]),
                "can_plan": bool(choices["rates"])}
