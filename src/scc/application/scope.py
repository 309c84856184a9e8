"""Which schools a user may see: the one scope rule every read path calls (ARCHITECTURE.md,
"Authorities"; DOMAIN.md, "Who uses it").

The Service Manager, legal officers, administrators and the system see every school of the
authority; an SEO sees the schools allocated to them (the latest allocation of each school, as the
`allocations` read model holds it); a headteacher sees the one school they are bound to; anyone
else sees none. A listing keeps only the rows inside the scope. A case, a document or a deadline
named outside it, and so a visit or a progress meeting of a school outside it, is reported
exactly as one that does not exist (404, exit 4), so a reference tells nothing about a school the
user may not see; a school named outside it (its existence is public, from GIAS) is refused as not
permitted (403, exit 6).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from scc.application.context import Context
from scc.domain import ids
from scc.domain.errors import NotFound, NotPermitted
from scc.domain.values import Actor, Role
from scc.projections.register import allocated_to

WHOLE_AUTHORITY = frozenset({Role.SERVICE_MANAGER, Role.LEGAL, Role.ADMIN, Role.SYSTEM})

R = TypeVar("R")


@dataclass(frozen=True)
class Scope:
    """The schools `actor` may see: `urns`, or every school when `urns` is None."""

    actor: Actor
    urns: frozenset[str] | None

    @property
    def whole_authority(self) -> bool:
        return self.urns is None

    def covers(self, urn: str | None) -> bool:
        return self.urns is None or urn in self.urns

    def only(self, rows: Iterable[R], key: str = "urn") -> list[R]:
        """The rows (dicts with a URN under `key`) inside the scope, in their order."""
        return [row for row in rows if self.covers(_get(row, key))]

    def case(self, urn: str, reference: str) -> None:
        """A case (or anything of it) outside the scope is not found, in the same words as a
        case that does not exist."""
        self.item(urn, f"There is no case {reference}.")

    def item(self, urn: str, missing: str) -> None:
        """A record of a school outside the scope (a case, a visit, a progress meeting) is not
        found: refused with `missing`, the words used for one that does not exist."""
        if not self.covers(urn):
            raise NotFound(missing)

    def school(self, urn: str, name: str) -> None:
        """A school outside the scope: the user may not see or record anything for it."""
        if self.covers(urn):
            return
        if self.actor.role is Role.SEO:
            raise NotPermitted(
                f"{name} is not allocated to {self.actor.name}; an SEO sees and records only "
                "for the schools allocated to them."
            )
        raise NotPermitted(f"{self.actor.name} may not see {name}.")


def scope_of(ctx: Context, actor: Actor) -> Scope:
    """The one scope rule: which schools `actor` may see."""
    if actor.role in WHOLE_AUTHORITY:
        return Scope(actor, None)
    if actor.role is Role.SEO:
        return Scope(actor, frozenset(allocated_to(ctx.engine, actor.name)))
    if actor.role is Role.HEADTEACHER:
        user: Any = ctx.store.repository.get(ids.user_id(actor.name))
        return Scope(actor, frozenset({user.school_urn} if user.school_urn else ()))
    return Scope(actor, frozenset())


def reference_urn(reference: str) -> str:
    """The school of a case, visit or meeting reference (URN-n, URN-Vn, URN-Mn)."""
    return reference.partition("-")[0]


def _get(row: Any, key: str) -> Any:
    return row.get(key) if isinstance(row, dict) else getattr(row, key)
