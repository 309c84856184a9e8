"""People who use the system. Each user acts in exactly one role, for one authority, and for the
other authorities an administrator grants them (consortium and regional roles)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from scc.domain import ids


class User(Aggregate):
    # The user's own authority (LA code); None: the original authority. A class default too, so
    # snapshots taken before it existed still load.
    authority: str | None = None

    @staticmethod
    def create_id(name: str) -> UUID:
        return ids.user_id(name)

    class Added(Aggregate.Created):
        """Version 2 records the user's authority (its LA code); a version 1 user was added when a
        deployment was one authority, and so belongs to the original one (None)."""

        class_version = 2
        name: str
        user_role: str
        actor: str
        role: str
        authority: str | None = None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["authority"] = None

    @event(Added)
    def __init__(self, name: str, user_role: str, actor: str, role: str,
                 authority: str | None = None) -> None:
        self.name = name
        self.user_role = user_role
        self.active = True
        self.authority = authority  # None: the original authority

    # Authorities other than their own that the user acts for (a consortium adviser, a regional
    # officer); each grant replaces the last, so the history shows who could see what when.
    granted: tuple[str, ...] = ()

    @event("AuthoritiesGranted")
    def grant_authorities(self, codes: list[str], actor: str, role: str) -> None:
        self.granted = tuple(codes)

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

    # Whether the user may act at all. An administrator deactivates someone who has left (or
    # must stop acting at once) and may reactivate them; the history keeps both. A class default
    # too, so users recorded before these events existed are active.
    active: bool = True

    @event("Deactivated")
    def deactivate(self, reason: str | None, actor: str, role: str) -> None:
        self.active = False

    @event("Reactivated")
    def reactivate(self, actor: str, role: str) -> None:
        self.active = True
