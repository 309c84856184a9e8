"""What an authority's policy pack says of support (issue 14), as plain values: its school
improvement clusters and its consortium funding rule. Every command reads the pack, so these live
apart from the aggregates that use them (the clusters' Form A3 reports, the schools' rolls), which
only the support commands import."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Cluster:
    """A cluster of the pack: its members named as the seed lists them, or by URN."""

    key: str
    title: str
    schools: frozenset[str]  # names as the seed lists them, casefolded
    urns: frozenset[str]

    def has(self, urn: str, name: str) -> bool:
        return urn in self.urns or name.casefold() in self.schools


@dataclass(frozen=True)
class ConsortiumFunding:
    """The pack's rule: which categories trigger funding and the amount per pupil (None: the
    authority has not set the seed's 'x')."""

    triggers: tuple[str, ...]
    per_pupil: Decimal | None
    source: str


def a3_reference(authority: str) -> str:
    """The deadline read model's key for an authority's cluster reports (CODE-A3)."""
    return f"{authority}-A3"
