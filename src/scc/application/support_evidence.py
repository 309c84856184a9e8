"""The support a school received, for the evidence bundle of its case (issue 14, item 5): a warning
notice's evidence often rests on support given and not taken up. support.json holds every bid and
support plan of the school as its events make it at the export: the amounts requested, approved
and spent, the impact reports, the support logs, commitments and reviews, with the totals. No scope
check here: the export itself is refused to anyone who may not see the case."""

from __future__ import annotations

import json
from decimal import Decimal

from scc.domain.money import ZERO, text_of
from scc.domain.support import SupportBid
from scc.domain.support_plan import SupportPlan
from scc.domain.values import plain_json

SUPPORT = "support.json"


def support_received(urn: str, bids: list[SupportBid], plans: list[SupportPlan]
                     ) -> dict[str, bytes]:
    """The bundle's support.json for the school `urn` from its bids and plans, as the export
    read them for its records (with nothing recorded, empty lists)."""
    approved = sum((b.total_approved for b in bids), ZERO) + \
        sum((Decimal(p.approved) for p in plans if p.approved), ZERO)
    spent = sum((b.spent for b in bids), ZERO) + sum((p.spent for p in plans), ZERO)
    content = {
        "urn": urn,
        "totals": {"approved": text_of(approved), "spent": text_of(spent),
                   "remaining": text_of(approved - spent)},
        "bids": [plain_json({
            "reference": b.reference, "state": b.state, "case": b.case_reference,
            "submitted_on": b.submitted_on, "period": b.period, "texts": b.texts,
            "requested": b.requested, "approved": b.approved, "terms_agreed": b.terms_agreed,
            "decided_on": b.decided_on, "decision_reason": b.decision_reason,
            "spent": text_of(b.spent), "impact_reports": b.reports,
            "commitments": b.commitments, "deadlines": list(b.deadlines.values())})
            for b in bids],
        "plans": [plain_json({
            "reference": p.reference, "state": p.state, "case": p.case_reference,
            "bid": p.bid_reference, "drafted_on": p.drafted_on, "priorities": p.priorities,
            "activities": p.activities, "costed": p.costed_total, "approved": p.approved,
            "decided_on": p.decided_on, "spent": text_of(p.spent), "logs": p.logs,
            "commitments": p.commitments, "reviews": p.reviews,
            "deadlines": list(p.deadlines.values())}) for p in plans],
    }
    return {SUPPORT: json.dumps(content, indent=2, ensure_ascii=False).encode()}
