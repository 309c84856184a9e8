"""What each role may do (DOMAIN.md, "Who uses it"). A refused command writes nothing."""

from __future__ import annotations

from scc.domain.errors import NotPermitted
from scc.domain.values import Actor, Role

SM, SEO, LEGAL, ADMIN, SYSTEM = (
    Role.SERVICE_MANAGER, Role.SEO, Role.LEGAL, Role.ADMIN, Role.SYSTEM,
)
READERS = frozenset({SM, SEO, LEGAL, ADMIN})

PERMISSIONS: dict[str, frozenset[Role]] = {
    "user.manage": frozenset({ADMIN}),
    "calendar.manage": frozenset({ADMIN}),
    "projections.rebuild": frozenset({ADMIN}),
    "school.manage": frozenset({ADMIN, SM}),
    "school.ofsted": frozenset({SM}),
    "school.read": READERS,
    "case.escalate": frozenset({SM}),
    "case.deadline": frozenset({SYSTEM}),
    "case.read": READERS,
    "case.correct": frozenset({SM}),
    # Legal audits; the Service Manager and the administrator answer for the record too.
    "audit.read": frozenset({LEGAL, SM, ADMIN}),
    "audit.export": frozenset({LEGAL, SM, ADMIN}),
}

DOING = {
    "user.manage": "manage users",
    "calendar.manage": "change the authority's non-working days",
    "projections.rebuild": "rebuild the read models",
    "school.manage": "add or import schools",
    "school.ofsted": "record Ofsted judgements",
    "school.read": "read school records",
    "case.escalate": "open or escalate concern cases",
    "case.deadline": "record passing deadlines",
    "case.read": "read concern cases",
    "case.correct": "correct facts recorded on a case",
    "audit.read": "verify the audit chain",
    "audit.export": "export evidence bundles",
}


def authorise(actor: Actor, action: str) -> None:
    if actor.role not in PERMISSIONS[action]:
        raise NotPermitted(
            f"{actor.name} acts as {actor.role.value}, who may not {DOING[action]}."
        )
