"""Bids for school improvement funding (URN-Bn; Calderdale's Form A1): submitted, scheduled for the
board, decided, committed with procurement checks, reported on by Funding Impact Reports (Form A2)
due by the end of each term funded, and closed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from scc.application.categorisation import school_for
from scc.application.record_lists import listing
from scc.application.support_base import SupportBase
from scc.domain.errors import InvalidInput, RuleViolation
from scc.domain.money import text_of
from scc.domain.school import School
from scc.domain.support import SupportBid, impact_kind
from scc.domain.values import Actor, plain_json
from scc.domain.workflow import Deadline
from scc.projections import register as read
from scc.projections.tables import support_bids, support_plans


class BidCommands(SupportBase):
    def submit_bid(self, user: str | None, urn: str, requested: dict[str, Any], period: str,
                   texts: dict[str, str], on: date, recipient: str = "school",
                   case_reference: str | None = None, follows: str | None = None) -> str:
        """Records a bid (Form A1) as submitted on `on`; returns its reference (URN-Bn)."""
        actor, school = school_for(self.ctx, user, "support.record", urn)
        on = self.ctx.act_date(on)
        rules, _terms = self._rules(school, bids=True)
        self._linked_case(user, school, case_reference)
        if follows is not None:
            earlier = self._load(user, "support.record", SupportBid, follows)[1]
            if earlier.urn != urn or earlier.state not in ("approved", "closed"):
                raise RuleViolation(f"Bid {follows} is not an approved bid of {school.name}'s "
                                    "that this one could follow.")
        reference = f"{urn}-B{read.count_for_school(self.ctx.engine, support_bids, urn) + 1}"
        bid = SupportBid.submit(self.bid_flow, reference, urn, school.name, case_reference,
                                follows, recipient, requested, rules.areas, period,
                                rules.periods, texts, actor, on)
        self.ctx.save(bid)
        return reference

    def decide_bid(self, user: str | None, reference: str, on: date, approve: bool,
                   reason: str, approved: dict[str, Any] | None = None,
                   terms: int | None = None) -> list[str]:
        """The board's decision: approved with the amount per area (default: as requested) and
        the terms agreed (default: the period bid for), an impact report due by the end of each
        term; or declined with the reason. Returns the impact reports' due dates."""
        on = self.ctx.act_date(on)
        due: list[Deadline] = []

        def decide(actor: Actor, bid: SupportBid, school: School) -> None:
            if not approve:
                bid.decline(self.bid_flow, actor, on, reason)
                return
            rules, term_dates = self._rules(school, bids=True)
            agreed = terms if terms is not None else bid.terms
            if not 1 <= agreed <= 12:
                raise InvalidInput("The terms of funding agreed must be from 1 to 12.")
            end = on - timedelta(days=1)
            for number in range(1, agreed + 1):
                end = term_dates.term_end(end + timedelta(days=1))
                due.append(Deadline(impact_kind(reference, number), end,
                                    rules.impact_report_rule))
            bid.approve(self.bid_flow, actor, on, approved or dict(bid.requested), agreed,
                        rules.initial_terms_max, due, reason)

        self._command(user, "support.decide", SupportBid, reference, decide)
        return [d.due.isoformat() for d in due]

    def schedule_board(self, user: str | None, reference: str, on: date,
                       meets_on: date) -> None:
        """The board meeting that will decide the bid: its decision is due by that day (in the
        deadline read model, so the reminders before it prompt the papers)."""
        on = self.ctx.act_date(on)

        def schedule(actor: Actor, bid: SupportBid, school: School) -> None:
            rules = self._rules(school, bids=True)[0]
            bid.schedule_board(self.bid_flow, actor, on, meets_on, rules.board_rule)

        self._command(user, "support.record", SupportBid, reference, schedule)

    def impact_report(self, user: str | None, reference: str, on: date,
                      strategies: list[dict[str, Any]], spent: Any, deviations: str = "",
                      commentary: str = "") -> None:
        """A Funding Impact Report (Form A2) on an approved bid."""
        on = self.ctx.act_date(on)
        self._command(user, "support.record", SupportBid, reference,
                      lambda actor, bid, _school: bid.record_impact_report(
                          self.bid_flow, actor, on, strategies, spent, deviations, commentary))

    def commit_bid(self, user: str | None, reference: str, on: date,
                   given: dict[str, Any]) -> None:
        """How the approved funding is committed, checked against the pack's procurement
        thresholds."""
        self._commit(user, SupportBid, self.bid_flow, reference, on, given)

    def close_bid(self, user: str | None, reference: str, on: date, reason: str) -> None:
        on = self.ctx.act_date(on)
        self._command(user, "support.decide", SupportBid, reference,
                      lambda actor, bid, _school: bid.close(self.bid_flow, actor, on, reason))

    def show_bid(self, user: str | None, reference: str) -> dict[str, Any]:
        _actor, bid, school = self._load(user, "school.read", SupportBid, reference)
        areas = self.ctx.policy_of(school).support
        titles = areas.areas if areas else {}
        return {"reference": bid.reference, "urn": bid.urn, "school": bid.school_name,
                "case": bid.case_reference, "follows": bid.follows, "recipient": bid.recipient,
                "state": bid.state, "state_title": self.bid_flow.states[bid.state],
                "submitted_on": bid.submitted_on.isoformat(), "period": bid.period,
                "board_on": plain_json(bid.board_on),
                "terms": bid.terms, **bid.texts,
                "areas": [{"area": area, "title": titles.get(area, area), "requested": amount,
                           "approved": bid.approved.get(area)}
                          for area, amount in bid.requested.items()],
                "requested": text_of(bid.total_requested),
                "approved": text_of(bid.total_approved) if bid.decided_on and bid.approved
                else None,
                "terms_agreed": bid.terms_agreed or None,
                "decided_on": plain_json(bid.decided_on), "decision_reason": bid.decision_reason,
                "spent": text_of(bid.spent), "committed": text_of(bid.committed),
                "commitments": plain_json(bid.commitments),
                "remaining": text_of(bid.total_approved - bid.spent) if bid.approved else None,
                "impact_reports": plain_json(bid.reports), "forms": plain_json(bid.forms),
                "plans": [{k: row[k] for k in ("reference", "state", "approved", "spent")}
                          for row in read.list_rows(self.ctx.engine, support_plans, bid.urn, None)
                          if row["bid_reference"] == bid.reference],
                "deadlines": plain_json(sorted(bid.deadlines.values(), key=lambda d: d["due"]))}

    def list_bids(self, user: str | None, urn: str | None = None) -> list[dict[str, Any]]:
        return listing(self.ctx, user, support_bids, urn)
