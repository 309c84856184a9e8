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
from scc.domain import inputs
from scc.domain.errors import InvalidInput
from scc.domain.values import Actor, Role
from scc.exports import csv_text
from scc.projections.queries import list_authorities
from scc.projections.register_view import SORTS, RegisterQuery, read_register

COLUMNS = ["school", "urn", "authority", "category", "category_title", "stage", "case", "basis",
           "confidential", "officer", "next_deadline", "next_deadline_kind"]

MAX_PAGE = 100_000
MAX_PAGE_SIZE = 1_000
# Registers kept per service: the dashboard and the CSV read the same whole register again.
KEPT = 8


class RegisterService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        # By (user, date, authority, order, events recorded): any command, whoever gave it,
        # records an event, so a kept register is never older than the events. Shared: callers
        # never change what they are given.
        self._kept: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
        self._keeping = Lock()

    def register(self, user: str | None, as_of: date | None = None,
                 authority: str | None = None, sort: str = "school",
                 descending: bool = False) -> dict[str, Any]:
        """The register on `as_of` across the authorities the user acts for (or the one named),
        each entry with its authority and its category titled by that authority's scheme, in
        the order of `sort` (one of SORTS)."""
        actor, on = self._reader(user, as_of)
        key = (actor.name, on, authority, sort, descending, self.ctx.store.event_count())
        with self._keeping:  # the web serves requests from several threads
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                return found
        found = self._read(actor, on, authority, sort, descending, 0, None)
        with self._keeping:
            self._kept[key] = found
            while len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        return found

    def page(self, user: str | None, as_of: date | None, authority: str | None, sort: str,
             descending: bool, page: int, size: int) -> dict[str, Any]:
        """One page (`size` entries, counted from 1) of the register, as `register` gives it,
        with `page`, `pages` and `shown` (entries on every page) added."""
        actor, on = self._reader(user, as_of)
        # Bounded before anything is read; the last page is known only from the register.
        inputs.count("The page", page, 1, MAX_PAGE)
        inputs.count("The page size", size, 1, MAX_PAGE_SIZE)
        found = self._read(actor, on, authority, sort, descending, (page - 1) * size, size)
        pages = max(1, -(-found["shown"] // size))
        inputs.count("The page", page, 1, pages)
        return {**found, "page": page, "pages": pages}

    def _reader(self, user: str | None, as_of: date | None) -> tuple[Actor, date]:
        actor = self.ctx.actor(user, "register.read")
        today = self.ctx.clock.today()
        on = as_of or today
        if on > today:
            raise InvalidInput(f"{on.isoformat()} is in the future; the register is known up to "
                               f"today ({today.isoformat()}).")
        return actor, on

    def _read(self, actor: Actor, on: date, authority: str | None, sort: str, descending: bool,
              offset: int, limit: int | None) -> dict[str, Any]:
        if sort not in SORTS:
            raise InvalidInput(f"The register cannot be sorted by '{inputs.shown(sort)}'; choose "
                               f"one of: {', '.join(SORTS)}.")
        scope = scope_of(self.ctx, actor)
        codes = scope.within(authority)
        held = {c: self.ctx.authority(c) for c in sorted(
            scope.authorities if scope.authorities is not None else self._every_authority())}
        titles = {(code, category.code): category.title for code, a in held.items()
                  for category in scheme_of(self.ctx, a).categories}
        found = read_register(self.ctx.engine, RegisterQuery(
            on, codes, scope.schools, actor.role in CONFIDENTIAL_READERS,
            actor.name if actor.role is Role.SEO else None, sort, descending, titles),
            offset, limit)
        for entry in found.entries:
            code = entry["category"]
            entry["category_title"] = titles.get((entry["authority"], code), code) \
                if code else None
        councils = [held[c].council for c in sorted(codes or ())]
        return {"authority": "; ".join(councils) or "every authority", "as_of": on.isoformat(),
                "authorities": sorted(codes or ()),
                "choices": {c: a.name for c, a in held.items() if scope.authorities},
                "entries": found.entries, "shown": found.shown, "withheld": found.withheld,
                "withheld_note": _withheld_note(found.withheld)}

    def _every_authority(self) -> list[str]:
        return [a["code"] for a in list_authorities(self.ctx.engine)]


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
