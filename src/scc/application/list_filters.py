"""The filters of the caseload lists (issue 16, item 2), checked where they enter: light enough for
the command line to build its options from at start, without the services behind the lists
(`application/caseload.py`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from scc.domain import inputs
from scc.domain.errors import InvalidInput
from scc.domain.values import valid_code

SOON_WORKING_DAYS = 10
# The next-deadline filter: its values and their words on the page.
NEXT_DEADLINE = {"overdue": "Overdue", "soon": f"Due within {SOON_WORKING_DAYS} working days",
                 "none": "No deadline running"}
VISIT_GROUPS = {"overdue": "Overdue", "report_due": "Report due",
                "awaiting_school": "Awaiting the school", "planned": "Planned"}


@dataclass(frozen=True)
class Filters:
    """What a list is narrowed to; None: not narrowed. `stage` is a stage number or "none";
    `status` is the list's own (a visit's group, a meeting's state)."""

    officer: str | None = None
    stage: str | None = None
    category: str | None = None
    authority: str | None = None
    deadline: str | None = None
    status: str | None = None

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> Filters:
        """The filters in a query string or a command's options, each checked where it enters:
        a wrong one is refused in a sentence naming it, and nothing is read."""
        given = {k: str(values.get(k) or "").strip() for k in
                 ("officer", "stage", "category", "authority", "deadline", "status")}
        stage = given["stage"]
        if stage and stage != "none":
            stage = str(inputs.count("The stage", stage, 1, 99))
        deadline = given["deadline"]
        one_of("The next deadline", deadline, NEXT_DEADLINE)
        authority = given["authority"]
        return cls(
            officer=inputs.text("The officer", given["officer"], inputs.NAME_MAX) or None,
            stage=stage or None,
            category=inputs.text("The category", given["category"], inputs.NAME_MAX) or None,
            authority=valid_code(inputs.text("The authority", authority, inputs.REFERENCE_MAX))
            if authority else None,
            deadline=deadline or None,
            status=inputs.text("The status", given["status"], inputs.NAME_MAX) or None)


def one_of(field: str, value: str | None, choices: Iterable[str]) -> None:
    if value and value not in choices:
        raise InvalidInput(f"{field} '{inputs.shown(value)}' is not one of: "
                           f"{', '.join(choices)}.")


def in_use(rows: list[dict[str, Any]], key: str, title: str) -> dict[str, str]:
    """A filter's choices: each value of `key` in use in `rows`, with its words (`title`), in
    the order of the words."""
    found = {r[key]: r[title] for r in rows if r[key]}
    return dict(sorted(found.items(), key=lambda item: item[1].casefold()))
