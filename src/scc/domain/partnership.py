"""A partnership of schools: the Vale of Glamorgan's Collaborative Learning Partnerships (CLPs,
issue 13, item 3). A group of schools with a convening school, formed by one authority, that may
include schools of other authorities. That a school belongs to one partnership at a time is the
school's to keep (School.join_partnership), saved with the partnership in one transaction.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from scc.domain.errors import InvalidInput, RuleViolation
from scc.domain.ids import NAMESPACE
from scc.domain.values import Actor

CODE = re.compile(r"[a-z0-9][a-z0-9-]{1,39}")


def partnership_id(code: str) -> UUID:
    return uuid5(NAMESPACE, f"partnership:{code}")


def valid_code(code: str) -> str:
    if not CODE.fullmatch(code):
        raise InvalidInput(f"'{code[:40]}' is not a partnership code: 2 to 40 lower-case letters, "
                           "digits and hyphens, e.g. barry-east.")
    return code


class Partnership(Aggregate):
    @staticmethod
    def create_id(code: str) -> UUID:
        return partnership_id(code)

    @event("Formed")
    def __init__(self, code: str, name: str, authority: str, convenor: str, actor: str,
                 role: str, effective_on: date) -> None:
        self.code = code
        self.name = name
        self.authority = authority  # the authority that formed it (LA code)
        self.convenor = convenor  # the URN of the convening school
        self.members: dict[str, dict[str, Any]] = {}  # URN -> its authority and joining date

    def admit(self, actor: Actor, on: date, urn: str, authority: str) -> None:
        if urn in self.members:
            raise RuleViolation(f"URN {urn} is already a school of {self.name}.")
        self._joined(urn=urn, authority=authority, actor=actor.name, role=actor.role.value,
                     effective_on=on)

    @event("SchoolJoined")
    def _joined(self, urn: str, authority: str, actor: str, role: str,
                effective_on: date) -> None:
        self.members[urn] = {"authority": authority, "joined_on": effective_on}

    def release(self, actor: Actor, on: date, urn: str, reason: str) -> None:
        if urn not in self.members:
            raise RuleViolation(f"URN {urn} is not a school of {self.name}.")
        if urn == self.convenor:
            raise RuleViolation(f"URN {urn} convenes {self.name}; name another convening school "
                                "before it leaves.")
        self._left(urn=urn, actor=actor.name, role=actor.role.value, effective_on=on,
                   reason=reason)

    @event("SchoolLeft")
    def _left(self, urn: str, actor: str, role: str, effective_on: date, reason: str) -> None:
        self.members.pop(urn, None)

    def convene(self, actor: Actor, on: date, urn: str) -> None:
        if urn not in self.members:
            raise RuleViolation(f"URN {urn} is not a school of {self.name}; only a school of the "
                                "partnership convenes it.")
        if urn != self.convenor:
            self._convenor_named(urn=urn, actor=actor.name, role=actor.role.value,
                                 effective_on=on)

    @event("ConvenorNamed")
    def _convenor_named(self, urn: str, actor: str, role: str, effective_on: date) -> None:
        self.convenor = urn
