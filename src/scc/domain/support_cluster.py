"""School improvement clusters (issue 14; seed 000, 'School Improvement Clusters' and Appendix B):
each school is a full member of one cluster, named in the authority's policy pack. The seed lists
the members by school name; a school whose registered (GIAS) name differs is listed by URN. Each
cluster reports its cumulative progress and impact to the board on Form A3, twice a year."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from scc.domain import ids
from scc.domain.errors import InvalidInput
from scc.domain.values import Actor

NO_CLUSTER = "No cluster"


@dataclass(frozen=True)
class Cluster:
    key: str
    title: str
    schools: frozenset[str]  # names as the seed lists them, casefolded
    urns: frozenset[str]

    def has(self, urn: str, name: str) -> bool:
        return urn in self.urns or name.casefold() in self.schools


def cluster_of(clusters: Iterable[Cluster], urn: str, name: str) -> str:
    """The title of the school's cluster: the first listing it by URN, else by name."""
    clusters = tuple(clusters)
    found = next((c for c in clusters if urn in c.urns), None) or \
        next((c for c in clusters if c.has(urn, name)), None)
    return found.title if found else NO_CLUSTER


# The parts of a cluster's progress and impact report (Form A3, seed 000 Appendix E): the two
# reports a year, and the three outcomes each reports on.
A3_KINDS = {"progress": "mid-year progress report", "impact": "end of year impact report"}
A3_OUTCOMES = {"pupils": "Pupil outcomes", "processes": "Processes, documentation",
               "staff": "Staff skills, understanding"}


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

    def issue(self, actor: Actor, on: date, cluster: str, kind: str,
              notice: dict[str, Any]) -> None:
        if kind not in A3_KINDS:
            raise InvalidInput(f"A cluster report is one of: {', '.join(A3_KINDS)}.")
        self._issued(actor=actor.name, role=actor.role.value, effective_on=on, cluster=cluster,
                     kind=kind, notice=notice)

    @event("ReportIssued")
    def _issued(self, actor: str, role: str, effective_on: date, cluster: str, kind: str,
                notice: dict[str, Any]) -> None:
        self.reports.append({"cluster": cluster, "kind": kind, "sent_on": effective_on,
                             "by": actor, **notice})
