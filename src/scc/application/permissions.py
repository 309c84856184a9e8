"""What each role may do (DOMAIN.md, "Who uses it"). A refused command writes nothing."""

from __future__ import annotations

from scc.domain.errors import NotPermitted
from scc.domain.values import Actor, Role

SM, SEO, LEGAL, ADMIN, SYSTEM, REGIONAL = (
    Role.SERVICE_MANAGER, Role.SEO, Role.LEGAL, Role.ADMIN, Role.SYSTEM, Role.REGIONAL,
)
# A regional officer reads the cases and register of the authorities granted to them.
READERS = frozenset({SM, SEO, LEGAL, ADMIN, REGIONAL})

PERMISSIONS: dict[str, frozenset[Role]] = {
    "user.manage": frozenset({ADMIN}),
    "authority.manage": frozenset({ADMIN}),
    "authority.read": READERS,
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
    "portal.read": frozenset({Role.HEADTEACHER}),
    "visit.agree": frozenset({Role.HEADTEACHER}),
    # Categorisation, the register, visits and meetings: an SEO only for their allocated schools.
    "category.record": frozenset({SM, SEO}),
    "category.confirm": frozenset({SM}),
    "school.allocate": frozenset({SM, ADMIN}),
    "register.read": READERS,
    "visit.record": frozenset({SM, SEO}),
    "visit.quality-assure": frozenset({SM}),
    "meeting.manage": frozenset({SM}),
    "meeting.documents": frozenset({SM, SEO}),
    "plan.record": frozenset({SM, SEO}),
    "plan.close": frozenset({SM}),
    # Support and funding (issue 14): the board's decisions are recorded by the Service Manager.
    "support.record": frozenset({SM, SEO}),
    "support.decide": frozenset({SM}),
    # Contacts and evidence files (issue 15, item 4): an SEO uploads only to her schools' records.
    "contact.manage": frozenset({SM}),
    "evidence.upload": frozenset({SM, SEO}),
}

# Who sees confidential register entries for every school; an SEO sees them for their own schools.
CONFIDENTIAL_READERS = frozenset({SM, LEGAL, ADMIN})

DOING = {
    "user.manage": "manage users",
    "authority.manage": "add authorities",
    "authority.read": "read the authorities' settings",
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
    "portal.read": "use the headteachers' portal",
    "visit.agree": "agree a visit report for the school or return comments on it",
    "category.record": "record self-assessments, proposed categories or discussions",
    "category.confirm": "confirm or notify a school's category",
    "school.allocate": "allocate officers to schools",
    "register.read": "read the register of schools causing concern",
    "visit.record": "plan or record progress-and-impact visits",
    "visit.quality-assure": "quality-assure visit reports",
    "meeting.manage": "schedule, hold or conclude progress meetings",
    "meeting.documents": "record progress meeting documents",
    "plan.record": "record improvement plans and their reviews",
    "plan.close": "close improvement plans",
    "support.record": "record support bids, support plans, impact reports and support logs",
    "support.decide": "record the board's decisions on bids and support plans",
    "contact.manage": "record or end a school's contacts",
    "evidence.upload": "upload evidence files",
}


def authorise(actor: Actor, action: str) -> None:
    if actor.role not in PERMISSIONS[action]:
        raise NotPermitted(
            f"{actor.name} acts as {actor.role.value}, who may not {DOING[action]}."
        )

