"""Consortium funding triggered by category (issue 14; seed 002, Warwickshire, the appendix
'Warwickshire County Council Consortium Model: Example of Possible Funding Allocation Methodology',
after page 11 of 11): the schools of a consortium whose category triggers funding (in the seed's
example 3A Satisfactory - Declining and 3B Satisfactory - Improving: 3 + 2 = 5 of 20 schools), each
'multiplied by x amount per number of pupils in the school'. The categories and the amount per
pupil are the pack's; the number on roll of each school is recorded, as the register holds none."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from scc.domain import ids, inputs
from scc.domain.money import pence
from scc.domain.support_forms import PUPILS_MAX
from scc.domain.support_policy import ConsortiumFunding
from scc.domain.values import Actor


@dataclass(frozen=True)
class Member:
    """A school of a consortium as of a date: its category then and its latest roll by then."""

    urn: str
    name: str
    consortium: str
    category: str | None
    pupils: int | None


def consortium_funding(rule: ConsortiumFunding, members: Iterable[Member]
                       ) -> list[dict[str, Any]]:
    """Per consortium: its schools, those whose category triggers funding, their pupils and the
    funding (pupils x the amount per pupil, to the penny); a triggering school with no roll
    recorded is named and funds nothing until its roll is recorded."""
    by_consortium: dict[str, list[Member]] = {}
    for member in members:
        by_consortium.setdefault(member.consortium, []).append(member)
    found = []
    for consortium, schools in sorted(by_consortium.items()):
        triggering = [m for m in schools if m.category in rule.triggers]
        pupils = sum(m.pupils for m in triggering if m.pupils is not None)
        per_school = [{"urn": m.urn, "school": m.name, "category": m.category,
                       "pupils": m.pupils, "amount": _amount(rule, m.pupils)}
                      for m in triggering]
        found.append({"consortium": consortium, "schools": len(schools),
                      "triggering": per_school, "pupils": pupils,
                      "no_roll": [m.urn for m in triggering if m.pupils is None],
                      "amount": _amount(rule, pupils)})
    return found


def _amount(rule: ConsortiumFunding, pupils: int | None) -> Decimal | None:
    if rule.per_pupil is None or pupils is None:
        return None
    return pence(rule.per_pupil * pupils)


class SchoolRolls(Aggregate):
    """The number on roll of an authority's schools, each recorded as of a date (one record per
    authority: the funding reads the latest roll on or before its date)."""

    @staticmethod
    def create_id(authority: str) -> UUID:
        return uuid5(ids.NAMESPACE, f"school-rolls:{authority}")

    @event("Opened")
    def __init__(self, authority: str) -> None:
        self.authority = authority
        self.rolls: dict[str, list[tuple[date, int]]] = {}

    def record(self, actor: Actor, on: date, urn: str, pupils: Any) -> None:
        number = inputs.count("The number of pupils on roll", pupils, 0, PUPILS_MAX)
        self._recorded(actor=actor.name, role=actor.role.value, effective_on=on, urn=urn,
                       pupils=number)

    @event("RollRecorded")
    def _recorded(self, actor: str, role: str, effective_on: date, urn: str,
                  pupils: int) -> None:
        self.rolls.setdefault(urn, []).append((effective_on, pupils))

    def roll_on(self, urn: str, on: date) -> int | None:
        """The school's roll most recently recorded as of `on` (None: none by then)."""
        # By date, then by the order recorded: of two rolls of one day the later stands.
        known = [(when, n, pupils) for n, (when, pupils) in enumerate(self.rolls.get(urn, ()))
                 if when <= on]
        return max(known)[2] if known else None
