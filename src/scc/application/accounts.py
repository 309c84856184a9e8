"""Who a signed-in person is, and headteachers' binding to their one school.

A headteacher is a user in the headteacher role bound, by an event on the User aggregate, to the
school whose portal they may see; every portal query checks that binding, so changing the URN in a
URL reaches nothing else.
"""

from __future__ import annotations

import re
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from scc.application.context import Context
from scc.application.scope import managed_user, scope_of
from scc.domain import ids, inputs
from scc.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from scc.domain.school import School
from scc.domain.values import Role

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def contact_details(display_name: str | None, email: str | None) -> tuple[str | None, str | None]:
    """The details checked as they enter: a name of up to 200 characters, an e-mail address."""
    shown = inputs.text("The display name", display_name, inputs.NAME_MAX).strip() \
        if display_name else None
    address = inputs.text("The e-mail address", email, inputs.NAME_MAX).strip() if email else None
    if address and not EMAIL.fullmatch(address):
        raise InvalidInput(f"'{inputs.shown(address)}' is not an e-mail address "
                           "(name@example.org).")
    return shown or None, address or None


class AccountService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def whois(self, name: str, deactivated: bool = False) -> dict[str, Any] | None:
        """The user's name, role and (for a headteacher) school; None if there is no such user,
        or (unless `deactivated`) the user is deactivated: so a deactivated user signs in
        nowhere, and a session they still hold shows them signed out."""
        try:
            user: Any = self.ctx.store.repository.get(ids.user_id(name))
        except AggregateNotFoundError:
            return None
        if not (user.active or deactivated):
            return None
        return {"name": user.name, "role": user.user_role, "school": user.school_urn,
                "active": user.active}

    def bind_headteacher(self, user: str | None, name: str, urn: str) -> None:
        actor = self.ctx.actor(user, "user.manage")
        headteacher = managed_user(self.ctx, actor, name)
        if headteacher.user_role != Role.HEADTEACHER.value:
            raise RuleViolation(f"{name} is not in the headteacher role; only a headteacher is "
                                "bound to a school.")
        school = self.ctx.get(ids.school_id(urn), School, f"There is no school with URN {urn}.")
        scope_of(self.ctx, actor).school(school.urn, school.name)
        if self.ctx.authority_of(school).code != (headteacher.authority or
                                                  self.ctx.original_code()):
            raise RuleViolation(f"{name} belongs to another authority than {school.name}; add "
                                "the headteacher to the school's authority.")
        headteacher.bind_school(school.urn, actor.name, actor.role.value)
        self.ctx.save(headteacher)

    def give_contact_details(self, user: str | None, name: str, display_name: str | None,
                             email: str | None) -> None:
        """Records how a user is addressed and reached (administrators only)."""
        actor = self.ctx.actor(user, "user.manage")
        shown, address = contact_details(display_name, email)
        person = managed_user(self.ctx, actor, name)
        person.give_contact_details(shown, address, actor.name, actor.role.value)
        self.ctx.save(person)

    def may_set_password(self, user: str | None, name: str, nobody_has_one: bool) -> None:
        """Only an administrator sets (or resets) a password. The one exception starts a fresh
        installation: while no user has a password at all, an administrator's own first
        password may be set without --as (from a shell on the server, as the first user is
        added). Refused otherwise: nothing is written."""
        target = self.whois(name, deactivated=True)
        if target is None:
            raise NotFound(f"There is no user called '{name}'.")
        if nobody_has_one and not user and target["role"] == Role.ADMIN.value:
            return
        if not user and nobody_has_one:
            raise NotPermitted("Only an administrator sets passwords: set the first "
                               "administrator's password first, then use --as.")
        managed_user(self.ctx, self.ctx.actor(user, "user.manage"), name)

    def own_school(self, user: str | None) -> str:
        """The URN of the school the headteacher acting is bound to."""
        actor = self.ctx.actor(user, "portal.read")
        own = (self.whois(actor.name) or {}).get("school")
        if not own:
            raise NotPermitted(f"{actor.name} is not yet bound to a school; ask an administrator.")
        return str(own)
