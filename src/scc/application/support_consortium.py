"""Consortium funding triggered by category (issue 14; seed 002, Warwickshire): each school's
category as of a date from the category read model, its latest roll recorded by then, and the
pack's rule (scc.domain.support_consortium) giving the funding of each consortium."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from scc.application.categorisation import school_for
from scc.application.scope import scope_of
from scc.application.support_base import SupportBase
from scc.domain.errors import NotPermitted
from scc.domain.money import text_of
from scc.domain.support_cluster import cluster_of
from scc.domain.support_consortium import Member, SchoolRolls, consortium_funding
from scc.projections import tables as t
from scc.projections.queries import authority_of
from scc.projections.standing import category_of, standing

NO_CONSORTIA = "All schools (the pack lists no consortia)"


class ConsortiumCommands(SupportBase):
    def record_roll(self, user: str | None, urn: str, pupils: Any, on: date) -> None:
        """Records the school's number of pupils on roll as of `on` (the funding's 'per pupil')."""
        actor, school = school_for(self.ctx, user, "support.record", urn)
        on = self.ctx.act_date(on)
        authority = self.ctx.authority_of(school).code
        record_id = SchoolRolls.create_id(authority)
        rolls = (self.ctx.get(record_id, SchoolRolls, "") if self.ctx.exists(record_id)
                 else SchoolRolls(authority=authority))
        rolls.record(actor, on, urn, pupils)
        self.ctx.save(rolls)

    def consortium_funding(self, user: str | None, on: date | None = None,
                           authority: str | None = None) -> dict[str, Any]:
        """The funding each consortium of the user's authority (or the one named) triggers as of
        `on` (today by default). It counts every school of the consortium, so only those who see
        all the authority's schools read it."""
        scope = scope_of(self.ctx, self.ctx.actor(user, "school.read"))
        chosen = self.ctx.authority(authority or self.ctx.user(scope.actor.name).authority)
        scope.whole_authority(chosen.code, "Consortium funding counts every school of the "
                                           "consortium")
        policy = self.ctx.policy(chosen)
        rule = policy.support.consortium if policy.support else None
        on = on or self.ctx.clock.today()
        if rule is None:  # the pack has no `support: consortium_funding:` section
            return {"authority": chosen.code, "on": on.isoformat(), "pack": policy.name,
                    "funds_consortia": False, "triggers": [], "per_pupil": None, "source": "",
                    "consortia": []}
        clusters = policy.support.clusters if policy.support else ()
        rolls_id = SchoolRolls.create_id(chosen.code)
        rolls = self.ctx.get(rolls_id, SchoolRolls, "") if self.ctx.exists(rolls_id) else None
        members = [Member(urn, name, cluster_of(clusters, urn, name) if clusters else NO_CONSORTIA,
                          category, rolls.roll_on(urn, on) if rolls else None)
                   for urn, name, category in self._categories_on(chosen.code, on)]
        found = consortium_funding(rule, members)
        for row in found:
            row["amount"] = None if row["amount"] is None else text_of(row["amount"])
            for school in row["triggering"]:
                school["amount"] = None if school["amount"] is None else text_of(school["amount"])
        return {"authority": chosen.code, "on": on.isoformat(), "pack": policy.name,
                "funds_consortia": True, "triggers": list(rule.triggers),
                "per_pupil": None if rule.per_pupil is None else text_of(rule.per_pupil),
                "source": rule.source, "consortia": found}

    def consortium_on_board(self, user: str | None, authority: str | None = None
                            ) -> dict[str, Any] | None:
        """Today's consortium funding for the board's view; None where the pack funds no
        consortia by category or the user sees only some schools."""
        try:
            found = self.consortium_funding(user, None, authority)
        except NotPermitted:
            return None
        return found if found["funds_consortia"] else None

    def _categories_on(self, authority: str, on: date) -> list[tuple[str, str, str | None]]:
        """(URN, name, category as of `on`) of every school of the authority."""
        s = t.schools.c
        query = (select(s.urn, s.name, standing(t.category_spans, on, s.urn, category_of))
                 .where(authority_of(s.authority) == authority)
                 .order_by(s.name, s.urn))
        with self.ctx.engine.connect() as conn:
            return [(urn, name, category) for urn, name, category in conn.execute(query)]
