"""School improvement clusters (issue 14; seed 000, 'School Improvement Clusters' and Appendix B):
each school is a full member of one cluster, named in the authority's policy pack. The seed lists
the members by school name; a school whose registered (GIAS) name differs is listed by URN."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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
