"""`scc support entitlement` and `scc support board`: what a school's category gives a year
against what it has used, and the board's view of bids, overdue impact reports and spending
(issue 14)."""

from __future__ import annotations

from typing import Any

import click

from scc.cli.common import NAME, URN, acting, emit, json_flag, services, table
from scc.domain.money import pounds


@click.command("entitlement", help="What the school's category gives a year (visits, SEP days) "
                                   "against what the academic year has used, and the support "
                                   "hours logged on its plans.")
@click.argument("urn", type=URN)
@click.option("--year", type=NAME, help="Academic year, e.g. 2025/26 (default: this one).")
@json_flag
@acting
def entitlement(urn: str, year: str | None, as_json: bool, user: str | None) -> None:
    emit(services().support.entitlement(user, urn, year), as_json, _entitlement_text)


@click.command("board", help="The board's view: bids awaiting a decision, impact reports "
                             "overdue, and approved, spent and remaining by cluster and area.")
@click.option("--authority", type=NAME, help="One of your authorities, by LA code.")
@json_flag
@acting
def board(authority: str | None, as_json: bool, user: str | None) -> None:
    emit(services().support.board(user, authority), as_json, _board_text)


def _entitlement_text(e: dict[str, Any]) -> str:
    if e["category"] is None:
        return f"{e['school']} (URN {e['urn']}) has no category yet, so no entitlement."
    lines = [(f"{e['school']} (URN {e['urn']}), category {e['category']} "
             f"({e['category_title']}), {e['academic_year']}"),
             f"  Entitled to {e['entitled']}; {e['used']} used"
             + (f", {e['remaining']} remaining" if e["remaining"] is not None else "")
             + (" (over the entitlement)" if e["over"] else ""),
             f"  Support logged on its plans: {e['support_hours_logged']} hours"]
    if e["support"]:
        lines.append(f"  Support: {e['support']}")
    lines.append(f"  Source: {e['source']}")
    return "\n".join(lines)


def _board_text(b: dict[str, Any]) -> str:
    money = ["approved", "spent", "remaining"]

    def shown(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        return [dict(r, **{k: pounds(r[k]) for k in money}) for r in rows]

    parts = [f"Bids awaiting a decision: {len(b['awaiting'])}"]
    parts += [f"  {a['reference']} {a['school']} ({a['cluster']}): {pounds(a['requested'])}"
              for a in b["awaiting"]]
    parts.append(f"Impact reports overdue: {len(b['overdue'])}")
    parts += [f"  {o['reference']} report {o['report']}, due {o['due']}" for o in b["overdue"]]
    parts += ["By cluster:", table(shown(b["clusters"]), ["cluster", *money]),
              "By area:", table(shown(b["areas"]), ["area", *money])]
    return "\n".join(parts)
