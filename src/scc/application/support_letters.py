"""The support forms as letters (issue 14, item 4): a bid's Form A1, each of its Funding Impact
Reports (Form A2), a support plan, rendered through the notices pipeline (notices/support-bid,
funding-impact-report, support-plan; content rules under `support` in notices/content-rules.yaml),
as HTML and PDF, kept in the content-addressed document store and named by SHA-256 in the bid's
or plan's FormIssued event, like a notice on a case (framed, checked and kept as the visit record
is: scc.application.kept_documents). A cluster's Form A3 is in support_clusters.

What a form says is the record as its events make it on the day it is issued: issuing again
later gives a new version with what has been recorded since."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from scc.application.documents import document_store
from scc.application.kept_documents import context_for, keep
from scc.application.support_base import SupportBase
from scc.domain.errors import InvalidInput, NotFound
from scc.domain.money import SESSIONS, ZERO, pounds
from scc.domain.support import SupportBid
from scc.domain.support_funding import Funded
from scc.domain.support_plan import SupportPlan
from scc.domain.values import plain_json
from scc.policy import Policy

RULES = "support"  # the content-rules entry the forms are checked against
FORMS = {"A1": "support-bid", "A2": "funding-impact-report", "plan": "support-plan"}



def bid_fields(bid: SupportBid, titles: dict[str, str]) -> dict[str, Any]:
    decided = bid.decided_on is not None
    return {"bid": bid.reference, "recipient": bid.recipient, "case": bid.case_reference,
            "submitted_on": bid.submitted_on, "period": bid.period.replace("-", " "),
            "areas": [{"title": titles.get(area, area), "requested": pounds(amount),
                       "approved": pounds(bid.approved[area]) if area in bid.approved else None}
                      for area, amount in bid.requested.items()],
            "requested": pounds(bid.total_requested), "decided": decided,
            "approved": pounds(bid.total_approved) if bid.approved else None,
            "terms_agreed": bid.terms_agreed, "decided_on": bid.decided_on,
            "decision_reason": bid.decision_reason, **bid.texts}


def report_fields(bid: SupportBid, number: int) -> dict[str, Any]:
    if not 1 <= number <= len(bid.reports):
        raise InvalidInput(f"Bid {bid.reference} has {len(bid.reports)} impact report(s); "
                           f"there is no report {number}.")
    report = bid.reports[number - 1]
    spent = Decimal(report["spent"])
    return {"bid": bid.reference, "number": number, "report_date": report["on"],
            "focus": bid.texts["summary"], "approved": pounds(bid.total_approved),
            "period": f"{bid.terms_agreed} term{'' if bid.terms_agreed == 1 else 's'}",
            "strategies": report["strategies"], "spent": pounds(spent),
            "remaining": pounds(bid.total_approved - spent), "overspent": report["overspent"],
            "deviations": report["deviations"], "commentary": report["commentary"]}


def plan_fields(plan: SupportPlan, titles: dict[str, str], status: str) -> dict[str, Any]:
    def counted(number: str, word: str) -> str:
        return f"{number} {word}{'' if Decimal(number) == 1 else 's'}"

    def time(a: dict[str, Any]) -> str:
        parts = [counted(a["days"], "day")] if Decimal(a["days"]) else []
        return ", ".join(parts + [counted(n, SESSIONS[k])
                                  for k, n in (a.get("sessions") or {}).items()])

    return {"plan": plan.reference, "drafted_on": plan.drafted_on, "status": status,
            "supporting_school": plan.supporting_school, "priorities": plan.priorities,
            "activities": [{**a, "role_title": titles.get(a["role"], a["role"]),
                            "time": time(a), "cost": pounds(a["cost"])}
                           for a in plan.activities],
            "costed": pounds(plan.costed_total), "rates_source": plan.rates_source,
            "approved": pounds(plan.approved) if plan.approved else None,
            "spent": pounds(plan.spent),
            "remaining": pounds(plan.remaining if plan.remaining is not None else ZERO),
            "reviews": plan.reviews}


class LetterCommands(SupportBase):
    def issue_bid_form(self, user: str | None, reference: str, form: str, on: date,
                       number: int = 1) -> dict[str, Any]:
        """Issues the bid's Form A1, or its `number`th Funding Impact Report (A2), as kept
        documents; returns what the FormIssued event records."""
        if form not in ("A1", "A2"):
            raise InvalidInput(f"A bid's forms are A1 and A2, not '{form[:10]}'.")
        on = self.ctx.act_date(on)

        def fields(bid: SupportBid, policy: Policy) -> dict[str, Any]:
            if form == "A2":
                return report_fields(bid, number)
            return bid_fields(bid, policy.support.areas if policy.support else {})

        suffix = f"/{number}" if form == "A2" else ""
        return self._issue(user, SupportBid, reference, form, on, fields, suffix)

    def issue_plan_form(self, user: str | None, reference: str, on: date) -> dict[str, Any]:
        """Issues the support plan as a kept document."""
        on = self.ctx.act_date(on)

        def fields(plan: SupportPlan, policy: Policy) -> dict[str, Any]:
            rates = policy.support.rates if policy.support else {}
            return plan_fields(plan, {k: r.title for k, r in rates.items()},
                               self.plan_flow.states[plan.state])

        return self._issue(user, SupportPlan, reference, "plan", on, fields, "")

    def _issue(self, user: str | None, kind: Any, reference: str, form: str, on: date,
               fields: Any, suffix: str) -> dict[str, Any]:
        actor, record, school = self._load(user, "support.record", kind, reference)
        policy = self.ctx.policy_of(school)
        version = 1 + sum(1 for f in record.forms if f["form"] == form
                          and f["reference"].startswith(f"{reference}{suffix}/"))
        context = context_for(RULES, FORMS[form], f"{reference}{suffix}/{version}", school,
                              policy, on, plain_json(fields(record, policy)))
        notice = keep(document_store(self.ctx.engine), RULES, context)
        record.issue_form(actor, on, form, notice)
        self.ctx.save(record)
        return notice

    def form_document(self, user: str | None, reference: str, sha256: str
                      ) -> tuple[dict[str, Any], bytes]:
        """One part of an issued form of a bid or plan (by its reference), exactly as kept."""
        record: Funded = (self._load(user, "school.read", SupportBid, reference)[1]
                          if "-B" in reference else
                          self._load(user, "school.read", SupportPlan, reference)[1])
        return found_part(record.forms, sha256), document_store(self.ctx.engine).get(sha256)


def found_part(forms: list[dict[str, Any]], sha256: str) -> dict[str, Any]:
    """The media type and file name of the part of one of these issued forms with this
    SHA-256 (its PDF or HTML); a digest none of them has is not found."""
    for form in forms:
        for part, media_type, extension in (("pdf", "application/pdf", "pdf"),
                                            ("html", "text/html; charset=utf-8", "html")):
            if form[f"{part}_sha256"] == sha256:
                stem = form["reference"].replace("/", "-")
                return {"media_type": media_type, "filename": f"{stem}.{extension}"}
    raise NotFound("There is no such document of this record.")
