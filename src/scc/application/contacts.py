"""School contacts: recorded and ended by the Service Manager, read by everyone who may see the
school (the one scope rule), and used as the recipients of notices."""

from __future__ import annotations

from datetime import date
from typing import Any

from scc.application.categorisation import school_for
from scc.application.context import Context
from scc.domain.contact import ContactRole, SchoolContacts


def contacts_of(ctx: Context, urn: str) -> SchoolContacts | None:
    """The school's contacts aggregate, None when none was ever recorded (no scope check: for the
    services that already checked it, such as the notices deriving their recipients)."""
    found = SchoolContacts.create_id(urn)
    return ctx.get(found, SchoolContacts, "") if ctx.exists(found) else None


def in_post(ctx: Context, urn: str, on: date | None = None) -> list[dict[str, Any]]:
    """The school's contacts in post on `on` (today's when None), in the order recorded."""
    contacts = contacts_of(ctx, urn)
    return contacts.current(on) if contacts else []


def by_role(ctx: Context, urn: str, on: date) -> dict[str, dict[str, Any]]:
    """The contact in post on `on` for each role (the latest recorded, if several)."""
    return {c["role"]: c for c in in_post(ctx, urn, on)}


def shown(contact: dict[str, Any]) -> dict[str, Any]:
    return {**contact, "from": contact["from"].isoformat(),
            "ended_on": contact["ended_on"].isoformat() if contact["ended_on"] else None}


class ContactService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def add(self, user: str | None, urn: str, role: str, name: str, address: list[str],
            email: str | None, on: date | None = None) -> str:
        """Records a contact from `on` (today by default); returns its number (C1, C2, ...)."""
        parsed = ContactRole(ContactRole.parse(role))
        actor, _school = school_for(self.ctx, user, "contact.manage", urn)
        on = self.ctx.act_date(on or self.ctx.clock.today())
        contacts = contacts_of(self.ctx, urn) or SchoolContacts(urn=urn)
        number = contacts.add(actor, on, parsed, name, address, email)
        self.ctx.save(contacts)
        return number

    def end(self, user: str | None, urn: str, number: str, reason: str,
            on: date | None = None) -> None:
        """Records that a contact is no longer in post (the record of them is kept)."""
        actor, _school = school_for(self.ctx, user, "contact.manage", urn)
        on = self.ctx.act_date(on or self.ctx.clock.today())
        contacts = contacts_of(self.ctx, urn) or SchoolContacts(urn=urn)
        contacts.end(actor, on, number, reason)
        self.ctx.save(contacts)

    def list(self, user: str | None, urn: str, include_ended: bool = False) -> list[dict[str, Any]]:
        school_for(self.ctx, user, "school.read", urn)
        contacts = contacts_of(self.ctx, urn)
        if contacts is None:
            return []
        found = contacts.contacts.values() if include_ended else contacts.current()
        return [shown(c) for c in found]
