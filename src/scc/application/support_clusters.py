"""A cluster's Cumulative Progress and Impact Report (Form A3; seed 000, 'Monitoring Process' 4:
the Cluster Officer completes it for the board's March/April and July/September meetings): the
outcomes the cluster reports, with the Funding Impact Reports of its schools' bids and the finance
update drawn from them, rendered through the notices pipeline (notices/cluster-report) and kept,
named by SHA-256 on the authority's ClusterReports record."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from scc import notice_rules, notices
from scc.application.context import SYSTEM, Context
from scc.application.documents import document_store
from scc.application.kept_documents import keep
from scc.application.notices import LAYOUT
from scc.application.permissions import authorise
from scc.application.record_lists import listing
from scc.application.scope import scope_of
from scc.application.support_board import FUNDED, PLANS_FUNDED, BoardQueries
from scc.application.support_consortium import ConsortiumCommands
from scc.application.support_entitlement import entitlements
from scc.application.support_letters import RULES, found_part
from scc.domain.categorisation import academic_year
from scc.domain.errors import InvalidInput, RuleViolation
from scc.domain.money import ZERO, pounds
from scc.domain.support_cluster import NO_CLUSTER, ClusterReports, cluster_of
from scc.domain.support_forms import A3_KINDS, A3_OUTCOMES
from scc.domain.values import plain_json
from scc.policy import Policy
from scc.projections.queries import list_authorities
from scc.projections.tables import deadlines, support_bids, support_plans


def board_context(reference: str, cluster: str, policy: Policy, on: date,
                  fields: dict[str, Any]) -> dict[str, Any]:
    """What a cluster's report is rendered from. It is of no one school, so not framed by
    kept_documents.context_for (which addresses a school's people): it goes to the board, and
    the letter's particulars name the cluster where a notice names the school."""
    rules = notice_rules.content_rules(RULES, "cluster-report")
    template = notices.template(rules.template)
    board = {"role": "board", "name": "The Partnership School Improvement Board",
             "organisation": policy.authority, "address": list(policy.address),
             "salutation": "Dear members of the board", "addressee": True, "statutory": False}
    return {"notice": {"type": "cluster-report", "title": rules.title,
                       "reference": f"{reference}/{template.code}", "date": on.isoformat(),
                       "statute": None, "kind_of_document": template.kind_of_document},
            "authority": {"name": policy.authority, "address": list(policy.address),
                          "signatory": dict(policy.signatory)},
            "school": {"name": cluster, "urn": "none: a cluster's report"},
            "addressee": board, "copies": [], "salutation": board["salutation"], "f": fields,
            "versions": {"template": template.version,
                         "layout": notices.front_matter(LAYOUT)["version"],
                         "content_rules": RULES}}


class ClusterCommands(BoardQueries, ConsortiumCommands):
    def issue_cluster_report(self, user: str | None, cluster: str, kind: str, lead: str,
                             officer: str, outcomes: dict[str, dict[str, str]], comment: str,
                             on: date, authority: str | None = None) -> dict[str, Any]:
        """Issues the cluster's Form A3 (`kind`: progress or impact) for one of the user's
        authorities (their own unless named); `outcomes` by key of A3_OUTCOMES, each with its
        impact and the action if not on track. Returns what the record keeps."""
        actor = self.ctx.actor(user, "support.record")
        scope = scope_of(self.ctx, actor)
        chosen = self.ctx.authority(authority or self.ctx.user(actor.name).authority)
        scope.acts_for(chosen.code)
        policy = self.ctx.policy(chosen)
        titles = [c.title for c in (policy.support.clusters if policy.support else ())]
        if cluster not in titles:
            raise RuleViolation(f"'{cluster[:60]}' is not a cluster of {chosen.name}; its "
                                f"clusters are: {', '.join(titles) or 'none'}.")
        if kind not in A3_KINDS:
            raise InvalidInput(f"A cluster report is one of: {', '.join(A3_KINDS)}.")
        unknown = sorted(set(outcomes) - set(A3_OUTCOMES))
        if unknown:
            raise InvalidInput(f"No outcome '{unknown[0][:20]}' on Form A3; its outcomes are: "
                               f"{', '.join(A3_OUTCOMES)}.")
        on = self.ctx.act_date(on)
        bids = [bid for bid, found in self._bids(scope, frozenset({chosen.code}), {})
                if found == cluster and bid.state in FUNDED]
        approved = sum((b.total_approved for b in bids), ZERO)
        spent = sum((b.spent for b in bids), ZERO)
        fields = {
            "cluster": cluster, "kind": A3_KINDS[kind], "report_date": on, "lead": lead,
            "officer": officer, "comment": comment,
            "outcomes": [{"outcome": title, "impact": (outcomes.get(key) or {}).get("impact"),
                          "action": (outcomes.get(key) or {}).get("action")}
                         for key, title in A3_OUTCOMES.items()
                         if (outcomes.get(key) or {}).get("impact")],
            "bids": [{"reference": b.reference, "school": b.school_name,
                      "reports": len(b.reports),
                      "latest": b.reports[-1]["on"] if b.reports else None} for b in bids],
            "approved": pounds(approved), "spent": pounds(spent),
            "remaining": pounds(approved - Decimal(spent))}
        record_id = ClusterReports.create_id(chosen.code)
        record = (self.ctx.get(record_id, ClusterReports, "") if self.ctx.exists(record_id)
                  else ClusterReports(authority=chosen.code))
        context = board_context(f"{chosen.code}-{len(record.reports) + 1}", cluster, policy, on,
                                plain_json(fields))
        notice = keep(document_store(self.ctx.engine), RULES, context)
        record.issue(actor, on, cluster, kind, notice)
        self.ctx.save(record)
        return notice

    def board_page(self, user: str | None, authority: str | None = None) -> dict[str, Any]:
        """The board's view with the Form A3 reports issued, the clusters that may report
        (those of the user's own authority, or of the one named) and the consortium funding its
        pack triggers by category, as of today."""
        shown = self.board(user, authority)
        actor = self.ctx.actor(user, "school.read")
        policy = self.ctx.policy(self.ctx.authority(
            authority or self.ctx.user(actor.name).authority))
        codes = scope_of(self.ctx, actor).within(authority)
        urns = sorted({r["urn"] for table in (support_bids, support_plans)
                       for r in self._visible(listing(self.ctx, user, table, None), codes)})
        # This year's entitlements of the schools with support, where they have a category;
        # none for a school whose pack has no categories (the Welsh one).
        found = entitlements(self.ctx, urns, academic_year(self.ctx.clock.today()), strict=False)
        return {**shown, "reports": self.cluster_reports(user, authority),
                "a3_due": self.a3_due(user, authority),
                "entitlements": [found[urn] for urn in urns
                                 if urn in found and found[urn]["category"]],
                "clusters_offered": [c.title for c in
                                     (policy.support.clusters if policy.support else ())],
                "consortium": self.consortium_on_board(user, authority)}

    def cluster_reports(self, user: str | None, authority: str | None = None
                        ) -> list[dict[str, Any]]:
        """The Form A3 reports issued for the clusters of the user's authorities; none for
        someone who sees only some schools (see cluster_report_document)."""
        found = []
        for code in self._whole_authorities(user, authority):
            record_id = ClusterReports.create_id(code)
            if self.ctx.exists(record_id):
                found += [plain_json(dict(r, authority=code)) for r in
                          self.ctx.get(record_id, ClusterReports, "").reports]
        return found

    def a3_due(self, user: str | None, authority: str | None = None) -> list[dict[str, Any]]:
        """The clusters' A3s not yet issued, soonest first, overdue computed from today; none
        for someone who sees only some schools (as cluster_reports)."""
        codes = self._whole_authorities(user, authority)
        d, today = deadlines.c, self.ctx.clock.today()
        query = select(d.cluster, d.due, d.authority).where(
            d.urn.is_(None), d.met_on.is_(None), d.authority.in_(codes)).order_by(d.due, d.cluster)
        with self.ctx.engine.connect() as conn:
            return [{"cluster": c, "due": due.isoformat(), "authority": a, "overdue": due < today}
                    for c, due, a in conn.execute(query)]

    def _whole_authorities(self, user: str | None, authority: str | None) -> list[str]:
        """The user's authorities (or the one named; by default their own) of which they see
        every school: a cluster's A3 names every school of the cluster with support."""
        scope = scope_of(self.ctx, self.ctx.actor(user, "school.read"))
        codes = scope.within(authority) or {self.ctx.user(scope.actor.name).authority}
        return sorted(c for c in codes if scope.covers_authority(c))

    def cluster_report_document(self, user: str | None, authority: str, sha256: str
                                ) -> tuple[dict[str, Any], bytes]:
        # An SEO sees the bids of their own schools on the board instead.
        scope_of(self.ctx, self.ctx.actor(user, "school.read")).whole_authority(
            authority, "A cluster's report names every school of the cluster with support")
        record_id = ClusterReports.create_id(authority)
        record = self.ctx.get(record_id, ClusterReports, "There is no such cluster report.")
        return found_part(record.reports, sha256), document_store(self.ctx.engine).get(sha256)


def board_meetings(policy: Policy, today: date) -> list[date]:
    """The pack's board meetings in the year from `today` (the dates are set each July for the
    following year, seed 000 'Monitoring Process' 6)."""
    rules = policy.support
    found = []
    for year in (today.year, today.year + 1):
        for month, day in (rules.board_meetings if rules else ()):
            meets_on = date(year, month, day)
            if today <= meets_on <= date(today.year + 1, today.month, min(today.day, 28)):
                found.append(meets_on)
    return sorted(found)


def schedule_a3_deadlines(ctx: Context, today: date) -> int:
    """Records, for each cluster with support (a funded bid or support plan of one of its
    schools), an A3 due for each of its authority's board meetings in the coming year not yet
    recorded; returns how many. The scheduler runs it before firing, so it is idempotent."""
    authorise(SYSTEM, "case.deadline")
    recorded = 0
    with ctx.engine.connect() as conn:
        funded = [r._mapping for table, states in ((support_bids, FUNDED),
                                                   (support_plans, PLANS_FUNDED))
                  for r in conn.execute(select(table.c.urn, table.c.school_name)
                                        .where(table.c.state.in_(states)))]
    for found in list_authorities(ctx.engine):
        authority = ctx.authority(found["code"])
        policy = ctx.policy(authority)
        rules = policy.support
        meetings = board_meetings(policy, today)
        if rules is None or not rules.clusters or not meetings:
            continue
        keys = {c.title: c.key for c in rules.clusters}
        with_support = sorted({cluster_of(rules.clusters, r["urn"], r["school_name"])
                               for r in funded if ctx.held_by(r["urn"]) == authority.code}
                              - {NO_CLUSTER})
        if not with_support:
            continue
        record_id = ClusterReports.create_id(authority.code)
        record = (ctx.get(record_id, ClusterReports, "") if ctx.exists(record_id)
                  else ClusterReports(authority=authority.code))
        added = sum(record.schedule(SYSTEM, today, cluster, keys[cluster], meets_on, meets_on,
                                    rules.a3_rule)
                    for cluster in with_support for meets_on in meetings)
        if added:
            ctx.save(record)
            recorded += added
    return recorded
