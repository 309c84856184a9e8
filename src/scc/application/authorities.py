"""The authorities a deployment serves (issue 12): adding one, listing and showing them, and the
original authority a deployment starts with.

An authority is its GIAS "LA (code)", the policy pack it works under, its jurisdiction, and the
letterhead and signatory of its letters (by default its policy pack's). An administrator who adds
an authority acts for it from then on (a grant recorded with it), so they can add its users.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scc.application.context import SYSTEM, Context
from scc.application.scope import acts_for, scope_of
from scc.calendar import WorkingDayCalendar
from scc.calendar_law import calendar_variant
from scc.domain import ids, inputs
from scc.domain.errors import ConcurrentChange, NotFound, RuleViolation
from scc.domain.user import User
from scc.domain.values import Actor, valid_code
from scc.policy_packs import load_policy
from scc.projections.queries import list_authorities

if TYPE_CHECKING:  # annotations: the GIAS reader (an import's) and the authority aggregate
    from scc.domain.authority import Authority
    from scc.gias import SchoolRecord
    from scc.policy import Policy


def register_original(ctx: Context) -> None:
    """A deployment with no authority yet gets its SCC_POLICY pack's authority as the original
    one: everything recorded before authorities existed belongs to it. Run at start; a second
    process doing the same at the same moment finds it done."""
    if ctx.original_code() is not None:
        return
    pack = load_policy(ctx.default_policy)
    try:
        ctx.save(_registered(pack, SYSTEM.name, SYSTEM.role.value, original=True))
    except ConcurrentChange:
        pass


def _registered(pack: Policy, actor: str, role: str, original: bool, code: str | None = None,
                name: str | None = None, council: str | None = None,
                letterhead: list[str] | None = None,
                signatory: dict[str, str] | None = None) -> Authority:
    from scc.domain.authority import Authority  # its event classes: only to register one

    settings = pack.settings  # a jurisdiction without rule sets was refused as the pack was read
    return Authority(
        code=valid_code(code or str(settings.get("la_code") or "")),
        name=name or str(settings.get("la_name") or pack.authority), council=council or pack.authority,
        policy=pack.name, jurisdiction=pack.jurisdiction,
        letterhead=list(letterhead or pack.address), signatory=dict(signatory or pack.signatory),
        original=original, actor=actor, role=role)


class AuthorityService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def add(self, user: str | None, policy: str, code: str | None = None,
            name: str | None = None, council: str | None = None,
            letterhead: list[str] | None = None,
            signatory: dict[str, str] | None = None) -> str:
        """Adds an authority working under the policy pack `policy` (its LA code, name,
        letterhead and signatory are the pack's unless given); returns its LA code. The
        administrator adding it acts for it from now on."""
        actor = self.ctx.actor(user, "authority.manage")
        pack = load_policy(inputs.text("policy", policy, inputs.NAME_MAX))
        authority = _registered(
            pack, actor.name, actor.role.value, original=False,
            code=valid_code(code) if code else None,
            name=inputs.text("name", name, inputs.NAME_MAX) if name else None,
            council=inputs.text("council", council, inputs.NAME_MAX) if council else None,
            letterhead=[inputs.text("letterhead", line, inputs.LINE_MAX)
                        for line in letterhead or ()],
            signatory={k: inputs.text(f"signatory {k}", v, inputs.NAME_MAX)
                       for k, v in (signatory or {}).items()} or None)
        if self.ctx.exists(ids.authority_id(authority.code)):
            raise RuleViolation(f"An authority with LA code {authority.code} is already served.")
        admin = self.ctx.get(ids.user_id(actor.name), User, f"There is no user {actor.name}.")
        admin.grant_authorities([*admin.granted, authority.code], actor.name, actor.role.value)
        self.ctx.save(authority, admin)
        return authority.code

    def set_policy(self, user: str | None, code: str, policy: str) -> str:
        """Authority `code` works under the policy pack `policy` from now on: a pack of the
        policies folder that can be used, for the authority's own jurisdiction. This repairs an
        authority whose recorded pack can no longer be read. Returns the pack it worked under."""
        from scc.domain.authority import Authority  # its event classes: only to change one

        actor = self.ctx.actor(user, "authority.manage")
        scope_of(self.ctx, actor).acts_for(valid_code(code))
        pack = load_policy(inputs.text("policy", policy, inputs.NAME_MAX))
        authority = self.ctx.get(ids.authority_id(code), Authority,
                                 f"There is no authority with LA code {code}.")
        previous = authority.policy
        authority.change_policy(pack.name, pack.jurisdiction, actor.name, actor.role.value)
        self.ctx.save(authority)
        return previous

    def check_packs(self) -> list[str]:
        """Reads the policy pack of every served authority and SCC_POLICY's, so that a server
        refuses to start on a wrong one (UnknownPolicy, PolicyPackError: the file and what is
        wrong) rather than fail the first request that needs it. Returns the packs' names."""
        names = sorted({self.ctx.default_policy,
                        *(row["policy"] for row in list_authorities(self.ctx.engine))})
        for name in names:
            load_policy(name)
        return names

    def served(self, user: str | None) -> list[dict[str, Any]]:
        """The authorities the user acts for."""
        scope = scope_of(self.ctx, self.ctx.actor(user, "authority.read"))
        return [row for row in list_authorities(self.ctx.engine)
                if scope.authorities is None or row["code"] in scope.authorities]

    def show(self, user: str | None, code: str) -> dict[str, Any]:
        """One authority the user acts for, with its closure days."""
        scope = scope_of(self.ctx, self.ctx.actor(user, "authority.read"))
        scope.acts_for(valid_code(code))
        authority = self.ctx.authority(code)
        return {**authority.summary(), "closures": {
            d.isoformat(): r for d, r in sorted(self.ctx.closures(authority).items())}}

    def calendar(self, user: str | None, variant: str | None,
                 authority: str | None = None) -> WorkingDayCalendar:
        """The working days of `authority` (by default the user's own, or with nobody named the
        original authority's), counted the `variant` way or, if None, the way its jurisdiction's
        rule set in force today counts them."""
        own = self.ctx.user(user).authority if user else None
        chosen = self.ctx.authority(valid_code(authority) if authority else own)
        today = self.ctx.clock.today()
        return self.ctx.calendar(variant or calendar_variant(today, chosen.jurisdiction), chosen)

    def policy(self, authority: str | None = None) -> Policy:
        """The policy pack of `authority` (the original authority's unless named), with its own
        letterhead and signatory."""
        return self.ctx.policy(self.ctx.authority(valid_code(authority) if authority else None))

    def grant(self, user: str | None, name: str, codes: list[str]) -> list[str]:
        """Lets the user `name` act for the authorities `codes` besides their own (a regional
        officer, a consortium adviser): each a served authority the administrator acts for.
        The list replaces the last grant; returns it."""
        actor = self.ctx.actor(user, "user.manage")
        mine = acts_for(self.ctx, self.ctx.user(actor.name))
        for code in codes:
            self.ctx.authority(valid_code(code))
            if code not in mine:
                raise RuleViolation(f"{actor.name} does not act for authority {code}, so "
                                    "cannot grant it.")
        person = self.ctx.get(ids.user_id(name), User, f"There is no user called '{name}'.")
        own = person.authority or self.ctx.original_code()
        if own not in mine:  # a user of another authority is not theirs to see
            raise NotFound(f"There is no user called '{name}'.")
        wanted: list[str] = sorted(set(codes) - {own})
        person.grant_authorities(wanted, actor.name, actor.role.value)
        self.ctx.save(person)
        return wanted


@dataclass(frozen=True)
class Holders:
    """Which authority holds each school of a GIAS extract an administrator or Service Manager
    imports: the served authority with the row's LA code (or, in an extract with names only, its
    LA name); for a row of an LA this deployment does not serve, the authority the user named,
    or their own when they act for just one. A school held by an authority the user does not act
    for is left alone."""

    mine: frozenset[str]
    served: frozenset[str]  # the LA codes this deployment serves
    by_name: dict[str, str]  # a served authority's LA name (casefolded) -> its code
    otherwise: str | None

    @classmethod
    def of(cls, ctx: Context, actor: Actor, authority: str | None) -> Holders:
        scope = scope_of(ctx, actor)
        served = list_authorities(ctx.engine)
        codes = frozenset(row["code"] for row in served)
        mine = scope.authorities or codes
        if authority is not None:
            scope.acts_for(valid_code(authority))
        return cls(mine, codes, {row["name"].casefold(): row["code"] for row in served},
                   authority or (next(iter(mine)) if len(mine) == 1 else None))

    def holder(self, record: SchoolRecord) -> str | None:
        code = record.la_code if record.la_code in self.served else None
        return code or self.by_name.get((record.la_name or "").casefold()) or self.otherwise

    def holds(self, record: SchoolRecord, known: dict[str, Any] | None) -> bool:
        """Whether the user may add or update this row's school."""
        held_by = known["held_by"] if known is not None else self.holder(record)
        return held_by in self.mine
