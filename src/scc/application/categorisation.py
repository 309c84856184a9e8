"""Categorisation of schools (DOMAIN.md "Categorisation"): self-assessment, proposal with criteria
and evidence, discussion, confirmation by the Service Manager, written notification; officer
allocation; the termly (or annual) review list. An SEO acts only for their allocated schools."""

from __future__ import annotations

from datetime import date
from typing import Any

from scc.application.category_scheme import scheme_of
from scc.application.context import Context
from scc.application.scope import acts_for, scope_of
from scc.domain import ids, ofsted
from scc.domain.categorisation import BASES, OFSTED_BASIS, CategoryScheme, academic_year
from scc.domain.errors import InvalidInput, RuleViolation
from scc.domain.school import School
from scc.domain.user import User
from scc.domain.values import Actor, Governance, Role, valid_urn
from scc.policy import Policy
from scc.projections import register as read
from scc.projections.officers import officer_on
from scc.projections.queries import acting_for


def school_scheme(ctx: Context, school: School) -> CategoryScheme:
    return scheme_of(ctx, ctx.authority_of(school))


def school_for(ctx: Context, user: str | None, action: str, urn: str) -> tuple[Actor, School]:
    """The acting user and the school, once the role and (for an SEO) the allocation allow it."""
    actor = ctx.actor(user, action)
    school = ctx.get(ids.school_id(valid_urn(urn)), School, f"There is no school with URN {urn}.")
    scope_of(ctx, actor).school(urn, f"{school.name} (URN {urn})")
    return actor, school


class CategorisationService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def self_assessment(self, user: str | None, urn: str, category: str, on: date,
                        reason: str | None = None) -> None:
        actor, school = school_for(self.ctx, user, "category.record", urn)
        school.record_self_assessment(actor, self.ctx.act_date(on),
                                      school_scheme(self.ctx, school).category(category), reason)
        self.ctx.save(school)

    def propose(self, user: str | None, urn: str, category: str, criteria: list[str],
                evidence: str, on: date) -> None:
        actor, school = school_for(self.ctx, user, "category.record", urn)
        school.propose_category(actor, self.ctx.act_date(on),
                                school_scheme(self.ctx, school).category(category), criteria,
                                evidence)
        self.ctx.save(school)

    def discuss(self, user: str | None, urn: str, notes: str, on: date) -> None:
        actor, school = school_for(self.ctx, user, "category.record", urn)
        school.record_discussion(actor, self.ctx.act_date(on), notes)
        self.ctx.save(school)

    def confirm(self, user: str | None, urn: str, category: str, reason: str, on: date,
                basis: str | None = None) -> None:
        """Confirms the category; a category on the register places the school there (basis:
        its Ofsted judgement if that is a concern, otherwise the authority's own concern)."""
        actor, school = school_for(self.ctx, user, "category.confirm", urn)
        if basis is not None and basis not in BASES:
            raise InvalidInput(f"'{basis}' is not a basis; use one of: {', '.join(BASES)}.")
        latest = max(school.judgements, key=lambda j: j["inspected_on"], default=None)
        default = OFSTED_BASIS if latest and ofsted.is_concern(latest) else "authority-concern"
        school.confirm_category(actor, self.ctx.act_date(on),
                                school_scheme(self.ctx, school).category(category), reason,
                                basis or default)
        self.ctx.save(school)

    def notify(self, user: str | None, urn: str, on: date) -> list[str]:
        """Records the written notification; returns who it goes to."""
        actor, school = school_for(self.ctx, user, "category.confirm", urn)
        head = school.details.get("head_name")
        recipients = [f"Headteacher ({head})" if head else "Headteacher", "Chair of governors"]
        if school.governance is Governance.ACADEMY:
            trust = school.details.get("trust")
            recipients.append(f"Chief executive of {trust}" if trust else "Chief executive of the trust")
        school.notify_category(actor, self.ctx.act_date(on), recipients)
        self.ctx.save(school)
        return recipients

    def allocate(self, user: str | None, urn: str, officer: str, on: date,
                 reason: str | None = None) -> None:
        actor, school = school_for(self.ctx, user, "school.allocate", urn)
        person = self.ctx.get(ids.user_id(officer), User, f"There is no user called '{officer}'.")
        if person.user_role != Role.SEO.value:
            title = officer_title(self.ctx.policy_of(school))
            raise RuleViolation(f"{officer} is not {_article(title)} {title} "
                                f"({person.user_role}); allocate one.")
        authority = self.ctx.authority_of(school)
        if authority.code not in acts_for(self.ctx, person):
            raise RuleViolation(f"{officer} does not act for {authority.name}, the authority of "
                                f"{school.name}; an administrator may grant it to them first.")
        on = self.ctx.act_date(on)
        # The school's version guards this read: an allocation recorded since fails the save.
        school.allocate_officer(actor, on, person.name, reason,
                                officer_on(self.ctx.engine, on, [urn]).get(urn))
        self.ctx.save(school)

    # Queries

    def choices(self, user: str | None, urn: str) -> dict[str, Any]:
        """What the categorisation forms of the school offer: its authority's category scheme
        and the SEOs acting for that authority."""
        _actor, school = school_for(self.ctx, user, "school.read", urn)
        authority = self.ctx.authority_of(school)
        return {"scheme": scheme_of(self.ctx, authority),
                "officers": acting_for(self.ctx.engine, authority.code, Role.SEO.value),
                "officer_title": officer_title(self.ctx.policy_of(school))}

    def categories(self, user: str | None, urn: str) -> dict[str, Any]:
        _actor, school = school_for(self.ctx, user, "school.read", urn)
        scheme = school_scheme(self.ctx, school)
        current = school.category
        category = scheme.category(current["category"]) if current else None
        year = academic_year(self.ctx.clock.today())
        return {
            "urn": school.urn, "school": school.name, "scheme": scheme.title,
            "category": current["category"] if current else None,
            "category_title": category.title if category else None,
            "categorised_on": current["on"].isoformat() if current else None,
            "register": _register_json(school.register),
            "officer": officer_on(self.ctx.engine, self.ctx.clock.today(), [urn]).get(urn),
            "in_progress_meeting_cycle": school.in_meeting_cycle,
            "entitlement": {
                "visits": category.visits.count, "limit": category.visits.limit,
                "unit": scheme.visit_unit, "entitled": category.visits.describe(scheme.visit_unit),
                "academic_year": year, "used": read.visits_used(self.ctx.engine, urn, year),
            } if category else None,
            "history": read.category_history(self.ctx.engine, urn),
        }

    def review_due(self, user: str | None, on: date | None = None,
                   authority: str | None = None) -> dict[str, Any]:
        """The schools of one authority (the user's own unless another of theirs is named) whose
        category is due for review under that authority's scheme."""
        actor = self.ctx.actor(user, "school.read")
        scope = scope_of(self.ctx, actor)
        chosen = self.ctx.authority(authority or self.ctx.user(actor.name).authority)
        codes = scope.within(chosen.code)
        scheme = scheme_of(self.ctx, chosen)
        since = scheme.review_period_start(on or self.ctx.clock.today())
        return {"authority": chosen.code, "period": scheme.review, "since": since.isoformat(),
                "schools": scope.only(read.review_due(self.ctx.engine, since, codes))}

    def scheme(self, authority: str | None = None) -> dict[str, Any]:
        """An authority's categories (the original authority's unless named), for `scc policy
        show`."""
        chosen = self.ctx.authority(authority)
        scheme = scheme_of(self.ctx, chosen)
        return {"authority": chosen.council, "code": chosen.code, "policy": chosen.policy,
                "scheme": scheme.title,
                "review": scheme.review, "categories": [
                    {"code": c.code, "title": c.title, "rank": c.rank,
                     "on_register": c.on_register, "visits": c.visits.describe(scheme.visit_unit),
                     "support": c.support, "criteria": dict(c.criteria)}
                    for c in scheme.categories],
                "automatic": [r.name for r in scheme.automatic]}


def _register_json(entry: dict[str, Any] | None) -> dict[str, Any] | None:
    if entry is None:
        return None
    return {"basis": entry["basis"], "placed_on": entry["placed_on"].isoformat()}


def officer_title(policy: Policy) -> str:
    """What the authority calls the officer allocated to a school: its pack's `labels.officer`
    (the Vale's "improvement partner"), or "School Effectiveness Officer"."""
    return str((policy.settings.get("labels") or {}).get("officer")
               or "School Effectiveness Officer")


def _article(title: str) -> str:
    return "an" if title[:1].lower() in "aeiou" else "a"
