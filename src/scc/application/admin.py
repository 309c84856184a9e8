"""Administration: users and roles, each authority's closure days, read-model rebuilds. An
administrator manages the users and closure days of the authorities they act for."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from scc.application.context import Context
from scc.application.scope import managed_user, scope_of
from scc.application.user_contacts import contact_of
from scc.domain import ids, inputs
from scc.domain.authority import Authority
from scc.domain.errors import InvalidInput, RuleViolation
from scc.domain.user import User
from scc.domain.values import Actor, Role, valid_code
from scc.projections.queries import list_closures, list_users

if TYPE_CHECKING:  # the projector imports every aggregate: only a rebuild needs it
    from scc.projections.projector import Progress

# Roles a person can hold; "system" is reserved for the scheduler.
PERSON_ROLES = [r.value for r in Role if r is not Role.SYSTEM]


class AdminService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def add_user(self, user: str | None, name: str, role: str, display_name: str | None = None,
                 email: str | None = None, authority: str | None = None) -> None:
        """Adds a user of `authority` (by default the administrator's own), with how they are
        addressed and reached, if given. The very first user may be added by nobody, and must
        be an admin; they belong to the original authority."""
        # The accounts module imports the School aggregate: only adding a user needs it.
        from scc.application.accounts import contact_details

        parsed = _person_role(role)
        shown, address = contact_details(display_name, email)
        if not name or not name.replace("-", "").replace(".", "").replace("_", "").isalnum():
            raise InvalidInput("A user name uses letters, digits, '.', '-' or '_'.")
        if self.ctx.any_user():
            actor = self.ctx.actor(user, "user.manage")
            code = self._authority_for(actor, authority)
        elif parsed is Role.ADMIN:
            actor = Actor(name, Role.ADMIN)
            code = self.ctx.original_code() or ""  # the first user: the original authority's
        else:
            raise RuleViolation("The first user must be an admin, who then adds everyone else.")
        if self.ctx.user_exists(name):
            raise RuleViolation(f"There is already a user called '{name}'.")
        person = User(name=name, user_role=parsed.value, actor=actor.name, role=actor.role.value,
                      authority=code)
        if shown or address:
            person.give_contact_details(shown, address, actor.name, actor.role.value)
        self.ctx.save(person)

    def change_role(self, user: str | None, name: str, role: str) -> None:
        """Moves a user to another role; the history keeps who held which role when."""
        actor = self.ctx.actor(user, "user.manage")
        parsed = _person_role(role)
        if name.lower() == actor.name.lower():
            raise RuleViolation("You cannot change your own role; ask another administrator.")
        person = managed_user(self.ctx, actor, name)
        if person.user_role == parsed.value:
            raise RuleViolation(f"{name} already acts as {parsed.value}.")
        person.change_role(user_role=parsed.value, actor=actor.name, role=actor.role.value)
        self.ctx.save(person)

    def deactivate(self, user: str | None, name: str, reason: str | None = None) -> None:
        """Stops a user acting at all (signing in, the API, the CLI) until reactivated; the
        history keeps who did it, when and why. Nobody deactivates themselves."""
        actor = self.ctx.actor(user, "user.manage")
        shown = inputs.text("The reason", reason, inputs.TEXT_MAX).strip() if reason else None
        if name.lower() == actor.name.lower():
            raise RuleViolation("You cannot deactivate yourself; ask another administrator.")
        person = managed_user(self.ctx, actor, name)
        if not person.active:
            raise RuleViolation(f"{person.name} is already deactivated.")
        person.deactivate(shown or None, actor.name, actor.role.value)
        self.ctx.save(person)

    def reactivate(self, user: str | None, name: str) -> None:
        """Lets a deactivated user act again (with the role and school they had)."""
        actor = self.ctx.actor(user, "user.manage")
        person = managed_user(self.ctx, actor, name)
        if person.active:
            raise RuleViolation(f"{person.name} is active already.")
        person.reactivate(actor.name, actor.role.value)
        self.ctx.save(person)

    def user(self, user: str | None, name: str) -> dict[str, Any]:
        """One user the administrator manages: name, role, authority, school, whether active,
        contact details. A user of another authority is reported as one that does not exist."""
        person = managed_user(self.ctx, self.ctx.actor(user, "user.manage"), name)
        return {"name": person.name, "role": person.user_role,
                "authority": person.authority or self.ctx.original_code(),
                "granted": list(person.granted), "school": person.school_urn,
                "active": person.active, "display_name": person.display_name,
                "email": person.email}

    def users(self, user: str | None) -> list[dict[str, Any]]:
        """The users of the authorities the administrator acts for."""
        scope = scope_of(self.ctx, self.ctx.actor(user, "user.manage"))
        return [{**row, **contact_of(self.ctx, row["name"]),
                 "active": self.ctx.user(row["name"]).active}
                for row in list_users(self.ctx.engine, scope.authorities)]

    def add_closure(self, user: str | None, day: date, reason: str,
                    authority: str | None = None) -> None:
        """Adds a day `authority` (by default the administrator's own) is closed."""
        actor = self.ctx.actor(user, "calendar.manage")
        if not reason.strip():
            raise InvalidInput("Give the reason the authority is closed that day.")
        code = self._authority_for(actor, authority)
        held = self.ctx.get(ids.authority_id(code), Authority, f"There is no authority {code}.")
        if day in self.ctx.closures(held):
            raise RuleViolation(f"{day.isoformat()} is already a closure day of {held.name}.")
        held.add_closure(day, reason.strip(), actor.name, actor.role.value)
        self.ctx.save(held)

    def closures(self, user: str | None, authority: str | None = None) -> list[dict[str, Any]]:
        """The closure days of the authorities the user acts for (or the one named)."""
        scope = scope_of(self.ctx, self.ctx.actor(user, "authority.read"))
        return list_closures(self.ctx.engine, scope.within(authority))

    def _authority_for(self, actor: Actor, authority: str | None) -> str:
        code = authority or self.ctx.user(actor.name).authority or self.ctx.original_code()
        scope_of(self.ctx, actor).acts_for(valid_code(str(code)))
        return str(code)

    def rebuild_projections(self, user: str | None, progress: Progress | None = None) -> int:
        """Drops and rebuilds every read model from the events; returns how many were replayed.
        `progress(position, last)` is called after each batch."""
        self.ctx.actor(user, "projections.rebuild")
        with self.ctx.unit.begin() as conn:  # commands wait until the read models are whole again
            return self.ctx.projector.rebuild(conn, progress)


def _person_role(role: str) -> Role:
    parsed = Role.parse(role)
    if parsed is Role.SYSTEM:
        raise InvalidInput(f"Choose one of: {', '.join(PERSON_ROLES)}.")
    return parsed
