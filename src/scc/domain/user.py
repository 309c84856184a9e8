"""People who use the system. Each user acts in exactly one role."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate, event

from scc.domain import ids


class User(Aggregate):
    @staticmethod
    def create_id(name: str) -> UUID:
        return ids.user_id(name)

    @event("Added")
    def __init__(self, name: str, user_role: str, actor: str, role: str) -> None:
        self.name = name
        self.user_role = user_role
        self.active = True

    @event("RoleChanged")
    def change_role(self, user_role: str, actor: str, role: str) -> None:
        self.user_role = user_role

    # A headteacher is bound to the one school whose portal they may see; the binding is history,
    # so who could see which school on any day can be shown later.
    school_urn: str | None = None

    @event("BoundToSchool")
    def bind_school(self, urn: str, actor: str, role: str) -> None:
        self.school_urn = urn

    # How the person is addressed and reached (reminders go to the e-mail address): a new event,
    # so users recorded before it existed simply have none until one is given.
    display_name: str | None = None
    email: str | None = None

    @event("ContactDetailsGiven")
    def give_contact_details(self, display_name: str | None, email: str | None, actor: str,
                             role: str) -> None:
        self.display_name = display_name
        self.email = email
