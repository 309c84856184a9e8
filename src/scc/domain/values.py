"""Value objects of the domain: the closed vocabularies the statute and the roles define."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any, Self

from scc.domain.errors import InvalidInput
from scc.domain.inputs import shown


class Vocabulary(str, Enum):
    """A closed set of values; parsing an unknown one is invalid input naming the allowed ones."""

    @classmethod
    def parse(cls, value: str) -> Self:
        try:
            return cls(value)
        except ValueError:
            allowed = ", ".join(member.value for member in cls)
            raise InvalidInput(f"'{value}' is not a valid {cls.label()}; use one of: {allowed}.")

    @classmethod
    def label(cls) -> str:
        return cls.__name__.lower()

    @classmethod
    def values(cls) -> list[str]:
        return [member.value for member in cls]


class Role(Vocabulary):
    SERVICE_MANAGER = "service-manager"
    SEO = "seo"
    LEGAL = "legal"
    ADMIN = "admin"
    SYSTEM = "system"
    # An external user bound to one school (User.bind_school); sees only that school's portal.
    HEADTEACHER = "headteacher"
    # Reads the cases and register of the authorities granted to them (a region, a consortium);
    # records nothing.
    REGIONAL = "regional-officer"


class Governance(Vocabulary):
    MAINTAINED = "maintained"
    ACADEMY = "academy"


class OfstedOutcome(Vocabulary):
    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires-improvement"
    SERIOUS_WEAKNESSES = "serious-weaknesses"
    SPECIAL_MEASURES = "special-measures"

    @property
    def is_ofsted_category(self) -> bool:
        """Serious weaknesses (s61) and special measures (s62) make a school eligible for
        intervention and oblige the Secretary of State to make an academy order."""
        return self in (OfstedOutcome.SERIOUS_WEAKNESSES, OfstedOutcome.SPECIAL_MEASURES)


class WarningNoticeKind(Vocabulary):
    """Warning notices of both jurisdictions; the rule set of the school's authority says which
    it may give (England: EIA 2006 s60, s60A; Wales: SSO(W)A 2013 s3)."""

    S60 = "s60"
    S60A = "s60a"
    S3 = "s3"


class Ground(Vocabulary):
    """Grounds of a warning notice: the three of EIA 2006 s60(2) (the first three values) and
    the eight grounds for intervention of SSO(W)A 2013 s2, which share the first names. The rule
    set of the school's authority says which a notice may rest on."""

    STANDARDS = "standards"
    GOVERNANCE = "governance"
    SAFETY = "safety"
    BEHAVIOUR = "behaviour"
    DUTY = "duty"
    UNREASONABLE = "unreasonable"
    SIGNIFICANT_IMPROVEMENT = "significant-improvement"
    SPECIAL_MEASURES = "special-measures"


class Power(Vocabulary):
    """The authority's intervention powers: EIA 2006 ss63-66 (England), SSO(W)A 2013 ss5-9
    (Wales); the rule set of the school's authority says which exist for it."""

    S63 = "s63"
    S64 = "s64"
    S65 = "s65"
    S66 = "s66"
    S5 = "s5"
    S6 = "s6"
    S7 = "s7"
    S8 = "s8"
    S9 = "s9"


class ComplianceOutcome(Vocabulary):
    COMPLIED = "complied"
    NOT_COMPLIED = "not-complied"


class OfstedDecision(Vocabulary):
    CONFIRMED = "confirmed"
    NOT_CONFIRMED = "not-confirmed"


class AuthorityDecision(Vocabulary):
    """The authority's decision on representations against its s60A notice (old s60A(8))."""

    CONFIRMED = "confirmed"
    NOT_CONFIRMED = "not-confirmed"


@dataclass(frozen=True)
class Actor:
    """Who is acting: every event records the user's name and the role they acted in.
    `authorities`: the LA codes they act for, as known when they were identified (not recorded)."""

    name: str
    role: Role
    authorities: frozenset[str] | None = field(default=None, compare=False)


def valid_urn(urn: str) -> str:
    """A URN is the six-digit number GIAS gives every establishment: ASCII digits only, so that
    full-width or other scripts' digits cannot make a second school that looks the same."""
    if not (isinstance(urn, str) and len(urn) == 6 and urn.isascii() and urn.isdigit()):
        raise InvalidInput(f"'{shown(urn)}' is not a URN: a URN is six digits 0-9, e.g. 100000.")
    return urn


def valid_code(code: str) -> str:
    """An LA code is the three ASCII digits GIAS gives each local authority (e.g. 381)."""
    if not (isinstance(code, str) and len(code) == 3 and code.isascii() and code.isdigit()):
        raise InvalidInput(f"'{shown(code)}' is not an LA code: three digits, e.g. 381.")
    return code


def plain_json(value: Any) -> Any:
    """A value as plain JSON data: dates as ISO text, tuples as lists, all the way down."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_json(v) for v in value]
    return value
