"""A school's contacts (issue 15, item 4): the headteacher, the chair of governors, the clerk, the
diocese and the trust, each with a name, postal address and email address. Notices are addressed
to the recorded headteacher or chair, and copied to the diocese or trust where the Act requires
(scc.application.recipients). A contact is never edited: a change is the old one ended and a new
one added, so a letter can always be traced to the person it was addressed to on its date."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from scc.domain import ids, inputs
from scc.domain.errors import InvalidInput, NotFound
from scc.domain.values import Actor, Vocabulary

# One address part: a@b.c, without spaces; enough to catch a typing mistake, not to prove delivery.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class ContactRole(Vocabulary):
    HEADTEACHER = "headteacher"
    CHAIR_OF_GOVERNORS = "chair-of-governors"
    CLERK = "clerk"
    DIOCESE = "diocese"
    TRUST = "trust"

    @classmethod
    def label(cls) -> str:
        return "contact role"


class SchoolContacts(Aggregate):
    """Every contact recorded for one school, current and ended, numbered C1, C2, ..."""

    @staticmethod
    def create_id(urn: str) -> UUID:
        return uuid5(ids.NAMESPACE, f"contacts:{urn}")

    @event("Started")
    def __init__(self, urn: str) -> None:
        self.urn = urn
        self.contacts: dict[str, dict[str, Any]] = {}

    def add(self, actor: Actor, on: date, role: ContactRole, name: str, address: list[str],
            email: str | None) -> str:
        """Records a contact; returns its number (C1, C2, ...)."""
        name = inputs.text("Name", name, inputs.NAME_MAX).strip()
        if not name:
            raise InvalidInput("Enter the contact's name.")
        lines = [inputs.text("Postal address", line, inputs.LINE_MAX).strip() for line in address]
        email = (email or "").strip() or None
        if email is not None and not _EMAIL.fullmatch(inputs.text("Email", email,
                                                                   inputs.NAME_MAX)):
            raise InvalidInput(f"Email '{inputs.shown(email)}' is not an email address "
                               "(for example clerk@oak.sch.uk).")
        number = f"C{len(self.contacts) + 1}"
        self._added(actor=actor.name, role=actor.role.value, effective_on=on, number=number,
                    contact_role=role.value, name=name, address=[x for x in lines if x],
                    email=email)
        return number

    @event("Added")
    def _added(self, actor: str, role: str, effective_on: date, number: str, contact_role: str,
               name: str, address: list[str], email: str | None) -> None:
        self.contacts[number] = {"number": number, "role": contact_role, "name": name,
                                 "address": list(address), "email": email,
                                 "from": effective_on, "ended_on": None}

    def end(self, actor: Actor, on: date, number: str, reason: str) -> None:
        contact = self.contacts.get(number)
        if contact is None or contact["ended_on"] is not None:
            raise NotFound(f"There is no current contact {number} for URN {self.urn}.")
        if on < contact["from"]:
            raise InvalidInput(f"Contact {number} was recorded from {contact['from'].isoformat()}; "
                               "it cannot end before that.")
        self._ended(actor=actor.name, role=actor.role.value, effective_on=on, number=number,
                    reason=inputs.text("Reason", reason, inputs.TEXT_MAX).strip())

    @event("Ended")
    def _ended(self, actor: str, role: str, effective_on: date, number: str, reason: str) -> None:
        self.contacts[number]["ended_on"] = effective_on

    def current(self, on: date | None = None) -> list[dict[str, Any]]:
        """The contacts in post on `on` (today's when None), in the order recorded."""
        return [c for c in self.contacts.values()
                if (on is None or c["from"] <= on)
                and (c["ended_on"] is None or (on is not None and on < c["ended_on"]))]
