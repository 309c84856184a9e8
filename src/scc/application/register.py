"""The register of schools causing concern as of a date (DOMAIN.md "Categorisation",
"Confidentiality"). An entry placed for a reason other than an Ofsted judgement, with no warning
notice since, is confidential: it is shown to the Service Manager, legal officers and
administrators, and to an SEO only for their allocated schools; everyone else is told how many
entries were withheld."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from threading import Lock
from typing import Any

from scc.application.categorisation import scheme_of
from scc.application.context import Context
from scc.application.permissions import CONFIDENTIAL_READERS
from scc.application.scope import scope_of
from scc.domain.errors import InvalidInput
from scc.domain.values import Actor, Role
from scc.exports import csv_text
from scc.projections.register import register_as_of

COLUMNS = ["school", "urn", "authority", "category", "category_title", "stage", "case", "basis",
           "confidential", "officer", "next_deadline", "next_deadline_kind"]


def may_see(actor: Actor, entry: dict[str, Any]) -> bool:
    if not entry["confidential"] or actor.role in CONFIDENTIAL_READERS:
        return True
    return actor.role is Role.SEO and entry["officer"] == actor.name


# Registers kept per service: a user paging or sorting through one register reads it once.
KEPT = 8


class RegisterService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        # By (user, date, authority, events recorded): any command, whoever gave it, records an
        # event, so a kept register is never older than the events. Shared: callers never change
        # what they are given.
        self._kept: OrderedDict[tuple[str, date, str | None, int], dict[str, Any]] = \
            OrderedDict()
        self._keeping = Lock()

    def register(self, user: str | None, as_of: date | None = None,
                 authority: str | None = None) -> dict[str, Any]:
        """The register on `as_of` across the authorities the user acts for (or the one named),
        each entry with its authority and its category titled by that authority's scheme."""
        actor = self.ctx.actor(user, "register.read")
        today = self.ctx.clock.today()
        on = as_of or today
        if on > today:
            raise InvalidInput(f"{on.isoformat()} is in the future; the register is known up to "
                               f"today ({today.isoformat()}).")
        key = (actor.name, on, authority, self.ctx.store.event_count())
        with self._keeping:  # the web serves requests from several threads
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                return found
        found = self._register(actor, on, authority)
        with self._keeping:
            self._kept[key] = found
            while len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        return found

    def _register(self, actor: Actor, on: date, authority: str | None) -> dict[str, Any]:
        scope = scope_of(self.ctx, actor)
        codes = scope.within(authority)
        held = {c: self.ctx.authority(c) for c in sorted(scope.authorities or ())}
        titles: dict[tuple[str, str], str] = {}  # (authority, code): a few of them in all
        shown, withheld = [], 0
        for entry in scope.only(register_as_of(self.ctx.engine, on, codes)):
            if not may_see(actor, entry):
                withheld += 1
                continue
            code, held_by = entry["category"], entry["authority"]
            if code and (held_by, code) not in titles:
                scheme = scheme_of(self.ctx, held.get(held_by) or self.ctx.authority(held_by))
                titles[held_by, code] = scheme.category(code).title
            deadline = entry.pop("next_deadline") or {}
            entry["category_title"] = titles[held_by, code] if code else None
            entry["next_deadline"] = deadline.get("due")
            entry["next_deadline_kind"] = deadline.get("kind")
            shown.append(entry)
        councils = [held[c].council for c in sorted(codes or ())]
        return {"authority": "; ".join(councils) or "every authority", "as_of": on.isoformat(),
                "authorities": sorted(codes or ()),
                "choices": {c: a.name for c, a in held.items()},
                "entries": shown, "withheld": withheld,
                "withheld_note": _withheld_note(withheld)}


def register_csv(register: dict[str, Any]) -> str:
    """The register (as RegisterService.register gives it) as CSV: what it is and what was
    withheld first, as comment lines; the same for the command line and the web."""
    title = f"{register['authority']}: register of schools causing concern as of " \
        f"{register['as_of']}"
    comments = [title]
    if register["withheld_note"]:
        comments.append(register["withheld_note"])
    return csv_text(register["entries"], COLUMNS, comments)


def _withheld_note(count: int) -> str | None:
    if not count:
        return None
    entries = "entry is" if count == 1 else "entries are"
    return (f"{count} confidential {entries} withheld: placed on the register for a reason other "
            "than an Ofsted judgement, with no warning notice issued.")
