"""Who a signed-in person is, and headteachers' binding to their one school.

A headteacher is a user in the headteacher role bound, by an event on the User aggregate, to the
school whose portal they may see; every portal query checks that binding, so changing the URN in a
URL reaches nothing else.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.application import AggregateNotFoundError

from scc.application.context import Context
from scc.domain import ids
from scc.domain.errors import NotPermitted, RuleViolation
from scc.domain.school import School
from scc.domain.user import User
from scc.domain.values import Role


class AccountService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def whois(self, name: str) -> dict[str, Any] | None:
        """The user's name, role and (for a headteacher) school; None if there is no such user."""
        try:
            user: Any = self.ctx.store.repository.get(ids.user_id(name))
        except AggregateNotFoundError:
            return None
        return {"name": user.name, "role": user.user_role, "school": user.school_urn}

    def bind_headteacher(self, user: str | None, name: str, urn: str) -> None:
        actor = self.ctx.actor(user, "user.manage")
        headteacher = self.ctx.get(ids.user_id(name), User, f"There is no user called '{name}'.")
        if headteacher.user_role != Role.HEADTEACHER.value:
            raise RuleViolation(f"{name} is not in the headteacher role; only a headteacher is "
                                "bound to a school.")
        school = self.ctx.get(ids.school_id(urn), School, f"There is no school with URN {urn}.")
        headteacher.bind_school(school.urn, actor.name, actor.role.value)
        self.ctx.save(headteacher)

    def own_school(self, user: str | None) -> str:
        """The URN of the school the headteacher acting is bound to."""
        actor = self.ctx.actor(user, "portal.read")
        own = (self.whois(actor.name) or {}).get("school")
        if not own:
            raise NotPermitted(f"{actor.name} is not yet bound to a school; ask an administrator.")
        return str(own)
