"""Which schools a user may see: the one scope rule every read path calls (ARCHITECTURE.md,
"Authorities"; DOMAIN.md, "Who uses it").

A user acts for their own authority and for any others an administrator granted them. The Service
Manager, legal officers, administrators and regional officers see every school of those
authorities; an SEO sees the schools of those authorities allocated to them today (the allocation in
effect today, by the one rule of projections/officers.py that the lists naming an officer also
use: a school allocated from a later day is not yet theirs); a headteacher sees the one school they
are bound to; the system (the scheduler) sees every school of every authority; anyone else sees
none. A listing keeps only the rows inside the scope. A case, a document or a deadline
named outside it, and so a visit or a progress meeting of a school outside it, is reported
exactly as one that does not exist (404, exit 4), so a reference tells nothing about a school the
user may not see; a school named outside it (its existence is public, from GIAS) is refused as not
permitted (403, exit 6).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from scc.application.context import Context
from scc.domain import ids
from scc.domain.errors import NotFound, NotPermitted
from scc.domain.user import User
from scc.domain.values import Actor, Role
from scc.projections.officers import allocated_to

WHOLE_AUTHORITY = frozenset({Role.SERVICE_MANAGER, Role.LEGAL, Role.ADMIN, Role.REGIONAL})

R = TypeVar("R")


@dataclass(frozen=True)
class Scope:
    """The schools `actor` may see: those of `authorities` (the LA codes they act for; None:
    every school of every authority), and of those only `schools` when it is not None (an SEO's
    allocated schools, a headteacher's own). `held_by` names the authority of a school."""

    actor: Actor
    authorities: frozenset[str] | None
    schools: frozenset[str] | None
    held_by: Callable[[str], str | None]

    def within(self, authority: str | None) -> frozenset[str] | None:
        """The authorities a list shows: all of the user's, or the one asked for, which must be
        one of theirs."""
        if authority is None:
            return self.authorities
        if self.authorities is not None and authority not in self.authorities:
            raise NotPermitted(f"{self.actor.name} does not act for authority {authority}.")
        return frozenset({authority})

    def acts_for(self, authority: str) -> None:
        """Refuses an act for an authority the user does not act for."""
        self.within(authority)

    def covers(self, urn: str | None) -> bool:
        if self.authorities is None:
            return True
        if urn is None or (self.schools is not None and urn not in self.schools):
            return False
        return self.held_by(urn) in self.authorities

    def covers_authority(self, authority: str) -> bool:
        """Whether the user sees every school of `authority`: what a record of the whole
        authority needs (a cluster's Form A3 and its deadline, consortium funding), since it
        names schools an SEO or a headteacher may not see."""
        return self.schools is None and (self.authorities is None
                                         or authority in self.authorities)

    def whole_authority(self, authority: str, record: str) -> None:
        """Refuses a record of the whole of `authority` (`record` says why it is one) to a user
        who does not act for it or sees only some of its schools."""
        self.acts_for(authority)
        if not self.covers_authority(authority):
            raise NotPermitted(f"{record}; only those who see all the authority's schools "
                               "read it.")

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
    if actor.role is Role.SYSTEM:
        return Scope(actor, None, None, ctx.held_by)
    user: Any = ctx.user(actor.name) if actor.authorities is None \
        or actor.role is Role.HEADTEACHER else None
    codes = actor.authorities if user is None else acts_for(ctx, user)
    if actor.role in WHOLE_AUTHORITY:
        return Scope(actor, codes, None, ctx.held_by)
    if actor.role is Role.SEO:
        schools = allocated_to(ctx.engine, actor.name, ctx.clock.today())
        return Scope(actor, codes, frozenset(schools), ctx.held_by)
    if actor.role is Role.HEADTEACHER:
        return Scope(actor, codes, frozenset({user.school_urn} if user.school_urn else ()),
                     ctx.held_by)
    return Scope(actor, codes, frozenset(), ctx.held_by)


def acts_for(ctx: Context, user: Any) -> frozenset[str]:
    """The LA codes a user acts for: their own authority and those granted to them."""
    return frozenset(c for c in (user.authority or ctx.original_code(), *user.granted) if c)


def managed_user(ctx: Context, actor: Actor, name: str) -> Any:
    """A user an administrator manages: one of an authority they act for; any other is reported
    as one that does not exist."""
    missing = f"There is no user called '{name}'."
    person: Any = ctx.get(ids.user_id(name), User, missing)
    codes = scope_of(ctx, actor).authorities
    if codes is not None and (person.authority or ctx.original_code()) not in codes:
        raise NotFound(missing)
    return person


def reference_urn(reference: str) -> str:
    """The school of a case, visit or meeting reference (URN-n, URN-Vn, URN-Mn)."""
    return reference.partition("-")[0]


def _get(row: Any, key: str) -> Any:
    return row.get(key) if isinstance(row, dict) else getattr(row, key)
