"""Partnerships of schools (the Vale of Glamorgan's Collaborative Learning Partnerships): formed by
an authority whose policy pack has `partnerships`, with a convening school; a school joins one at
a time; schools of other authorities may join.

Forming, joining and leaving need a user who manages schools (`school.manage`) and acts both for
the partnership's authority and for the school's: a school of another authority joins when someone
acting for both records it (an administrator may grant the authority first). The school and the
partnership are saved in one transaction, so a school can never be in two.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from scc.application.categorisation import school_for
from scc.application.context import Context
from scc.application.scope import scope_of
from scc.domain import ids, inputs
from scc.domain.errors import RuleViolation
from scc.domain.partnership import Partnership, partnership_id, valid_code
from scc.domain.school import School
from scc.domain.values import Actor


def _partnership(ctx: Context, code: str) -> Partnership:
    return ctx.get(partnership_id(valid_code(code)), Partnership,
                   f"There is no partnership {code}.")


def _terms(ctx: Context, authority: str) -> str:
    """What the authority's pack calls its partnerships; refused where it has none."""
    held_by = ctx.authority(authority)
    settings = ctx.policy(held_by).settings.get("partnerships")
    if not settings:
        raise RuleViolation(f"{held_by.council}'s policy pack ({held_by.policy}) forms no "
                            "partnerships of schools.")
    return str(settings["name"])


def form(ctx: Context, user: str | None, code: str, name: str, convenor: str,
         on: date) -> dict[str, Any]:
    """Forms the partnership for the convening school's authority, the school its first member."""
    actor, school = school_for(ctx, user, "school.manage", convenor)
    authority = ctx.authority_of(school).code
    _terms(ctx, authority)
    code = valid_code(code)
    name = inputs.text("The partnership's name", name, inputs.NAME_MAX).strip()
    if ctx.exists(partnership_id(code)):
        raise RuleViolation(f"There is already a partnership {code}.")
    day = ctx.act_date(on)
    partnership = Partnership(code=code, name=name, authority=authority, convenor=school.urn,
                              actor=actor.name, role=actor.role.value, effective_on=day)
    _join(actor, day, partnership, school, authority)
    ctx.save(partnership, school)
    return shown(ctx, actor, partnership)


def _join(actor: Actor, on: date, partnership: Partnership, school: School,
          authority: str) -> None:
    school.join_partnership(actor, on, partnership.code, partnership.name)
    partnership.admit(actor, on, school.urn, authority)


def join(ctx: Context, user: str | None, code: str, urn: str, on: date) -> dict[str, Any]:
    actor, school = school_for(ctx, user, "school.manage", urn)
    partnership = _partnership(ctx, code)
    scope_of(ctx, actor).acts_for(partnership.authority)
    _join(actor, ctx.act_date(on), partnership, school, ctx.authority_of(school).code)
    ctx.save(partnership, school)
    return shown(ctx, actor, partnership)


def leave(ctx: Context, user: str | None, code: str, urn: str, on: date,
          reason: str) -> dict[str, Any]:
    actor, school = school_for(ctx, user, "school.manage", urn)
    partnership = _partnership(ctx, code)
    scope_of(ctx, actor).acts_for(partnership.authority)
    if school.partnership != partnership.code:
        raise RuleViolation(f"{school.name} is not a school of {partnership.name}.")
    reason = inputs.text("The reason", reason, inputs.TEXT_MAX).strip()
    day = ctx.act_date(on)
    partnership.release(actor, day, school.urn, reason)
    school.leave_partnership(actor, day, reason)
    ctx.save(partnership, school)
    return shown(ctx, actor, partnership)


def convene(ctx: Context, user: str | None, code: str, urn: str, on: date) -> dict[str, Any]:
    actor, school = school_for(ctx, user, "school.manage", urn)
    partnership = _partnership(ctx, code)
    scope_of(ctx, actor).acts_for(partnership.authority)
    partnership.convene(actor, ctx.act_date(on), school.urn)
    ctx.save(partnership)
    return shown(ctx, actor, partnership)


def shown(ctx: Context, actor: Actor, partnership: Partnership) -> dict[str, Any]:
    """The partnership as the user may see it: the schools in their scope by name, the others
    only counted by authority."""
    scope = scope_of(ctx, actor)
    members: list[dict[str, Any]] = []
    elsewhere: dict[str, int] = {}
    for urn, member in sorted(partnership.members.items()):
        if scope.covers(urn):
            school = ctx.get(ids.school_id(urn), School, "")
            members.append({"urn": urn, "name": school.name, "authority": member["authority"],
                            "joined_on": member["joined_on"].isoformat(),
                            "convenes": urn == partnership.convenor})
        else:
            elsewhere[member["authority"]] = elsewhere.get(member["authority"], 0) + 1
    return {"code": partnership.code, "name": partnership.name,
            "kind": _terms(ctx, partnership.authority), "authority": partnership.authority,
            "convenor": partnership.convenor if scope.covers(partnership.convenor) else None,
            "schools": members, "schools_elsewhere": elsewhere}


def of_school(ctx: Context, actor: Actor, school: School) -> dict[str, Any] | None:
    """The partnership of a school, for its page."""
    if school.partnership is None:
        return None
    return shown(ctx, actor, _partnership(ctx, school.partnership))

