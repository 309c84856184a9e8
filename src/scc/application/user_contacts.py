"""A user's contact details as recorded with `scc user contact`: what the lists and letters name
an officer by. Apart from the accounts commands, so a list that names officers imports no more
than the user aggregate every command already loads."""

from __future__ import annotations

from typing import Any

from eventsourcing.application import AggregateNotFoundError

from scc.application.context import Context
from scc.domain import ids


def contact_of(ctx: Context, name: str) -> dict[str, str | None]:
    """The user's display name and e-mail address (None where not given, or no such user)."""
    try:
        user: Any = ctx.store.repository.get(ids.user_id(name))
    except AggregateNotFoundError:
        return {"display_name": None, "email": None}
    return {"display_name": user.display_name, "email": user.email}
