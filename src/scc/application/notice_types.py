"""The notice types and the fields each takes (`scc notice types`), as the content rules of the
rule sets in force say. Apart from previewing and issuing notices (application/notices.py), so
asking imports no case or school aggregate, PDF renderer or recipients' rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from scc import notice_rules
from scc.application.context import Context
from scc.domain.errors import RuleViolation


class NoticeTypes:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def types(self, on: date | None = None) -> list[dict[str, Any]]:
        """The notice types of the rule set of each jurisdiction in force on `on` (England's,
        then Wales's where its Act is in force)."""
        day = on or self.ctx.clock.today()
        found = []
        for jurisdiction in dict.fromkeys(r.jurisdiction for r in self.ctx.rules.rule_sets):
            try:
                found += _types(self.ctx.rules.in_force_on(day, jurisdiction).name)
            except RuleViolation:  # no rule set of that jurisdiction yet (Wales before 2014)
                continue
        return found


def _types(rule_set: str) -> list[dict[str, Any]]:
    found = []
    for notice_type in notice_rules.notice_types(rule_set):
        rules = notice_rules.content_rules(rule_set, notice_type)
        found.append({"type": notice_type, "title": rules.title, "rule_set": rule_set,
                      "fields": [{"name": f.name, "kind": f.kind, "describes": f.describes,
                                  "required": f.required and not f.when}
                                 for f in rules.fields]})
    return found
