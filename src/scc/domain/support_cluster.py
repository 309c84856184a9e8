"""School improvement clusters (issue 14; seed 000, 'School Improvement Clusters' and Appendix B):
each school is a full member of one cluster, named in the authority's policy pack. The seed lists
the members by school name; a school whose registered (GIAS) name differs is listed by URN. Each
cluster reports its cumulative progress and impact to the board on Form A3, twice a year."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from scc.domain import ids
from scc.domain.errors import InvalidInput
from scc.domain.support_forms import A3_KINDS
from scc.domain.support_policy import Cluster, a3_reference
from scc.domain.values import Actor
from scc.domain.visit import ONE_DAY, passable

NO_CLUSTER = "No cluster"


def cluster_of(clusters: Iterable[Cluster], urn: str, name: str) -> str:
    """The title of the school's cluster: the first listing it by URN, else by name."""
    clusters = tuple(clusters)
    found = next((c for c in clusters if urn in c.urns), None) or \
        next((c for c in clusters if c.has(urn, name)), None)
    return found.title if found else NO_CLUSTER



def a3_kind(key: str, meets_on: date) -> str:
    """The deadline of a cluster's A3 for one board meeting."""
    return f"a3-{key}-{meets_on.isoformat()}"


class ClusterReports(Aggregate):
    """The Form A3 reports issued for an authority's clusters, each kept as documents named by
    SHA-256 (one record per authority, so the board's page lists them without a read model)."""

    @staticmethod
    def create_id(authority: str) -> UUID:
        return uuid5(ids.NAMESPACE, f"cluster-reports:{authority}")

    @event("Opened")
    def __init__(self, authority: str) -> None:
        self.authority = authority
        self.reports: list[dict[str, Any]] = []
        self.deadlines: dict[str, dict[str, Any]] = {}

    @property
    def reference(self) -> str:
        """Where its deadlines sit in the deadline read model: the authority's, not a school's."""
        return a3_reference(self.authority)

    def issue(self, actor: Actor, on: date, cluster: str, kind: str,
              notice: dict[str, Any]) -> None:
        if kind not in A3_KINDS:
            raise InvalidInput(f"A cluster report is one of: {', '.join(A3_KINDS)}.")
        self._issued(actor=actor.name, role=actor.role.value, effective_on=on, cluster=cluster,
                     kind=kind, notice=notice)
        due = next((d for d in sorted(self.deadlines.values(), key=lambda d: d["due"])
                    if d["cluster"] == cluster and d["met_on"] is None), None)
        if due is not None:
            self._a3_met(actor=actor.name, role=actor.role.value, effective_on=on,
                         authority=self.authority, kind=due["kind"])

    def schedule(self, actor: Actor, on: date, cluster: str, key: str, meets_on: date,
                 due: date, rule: str) -> bool:
        """An A3 due from `cluster` (its pack key `key`) for the board meeting on `meets_on`;
        False if already scheduled."""
        kind = a3_kind(key, meets_on)
        if kind in self.deadlines:
            return False
        self._a3_due(actor=actor.name, role=actor.role.value, effective_on=on,
                     authority=self.authority, cluster=cluster,
                     deadline={"kind": kind, "due": due, "rule": rule, "met_on": None,
                               "cluster": cluster})
        return True

    @event("A3Due")
    def _a3_due(self, actor: str, role: str, effective_on: date, authority: str, cluster: str,
                deadline: dict[str, Any]) -> None:
        self.deadlines[deadline["kind"]] = dict(deadline)

    @event("A3Met")
    def _a3_met(self, actor: str, role: str, effective_on: date, authority: str,
                kind: str) -> None:
        self.deadlines[kind]["met_on"] = effective_on

    def record_deadline_passed(self, kind: str, today: date, actor: Actor) -> bool:
        """Records that a cluster's A3 was not issued by its board meeting (the scheduler)."""
        deadline = passable(self.deadlines, kind, today, False)
        if deadline is None:
            return False
        self._a3_overdue(actor=actor.name, role=actor.role.value,
                         effective_on=deadline["due"] + ONE_DAY, authority=self.authority,
                         kind=kind, due=deadline["due"])
        return True

    @event("A3Overdue")
    def _a3_overdue(self, actor: str, role: str, effective_on: date, authority: str,
                    kind: str, due: date) -> None:
        self.deadlines[kind]["passed_on"] = effective_on

    @event("ReportIssued")
    def _issued(self, actor: str, role: str, effective_on: date, cluster: str, kind: str,
                notice: dict[str, Any]) -> None:
        self.reports.append({"cluster": cluster, "kind": kind, "sent_on": effective_on,
                             "by": actor, **notice})
