"""`scc support entitlement` and `scc support board`: what a school's category gives a year
against what it has used, and the board's view of bids, overdue impact reports and spending
(issue 14)."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from scc.cli.common import NAME, TEXT, URN, acting, emit, json_flag, on_option, services, table
from scc.cli.support_plans import kept_text, parts
from scc.domain.money import pounds
from scc.domain.support_forms import A3_KINDS, A3_OUTCOMES


@click.command("entitlement", help="What the school's category gives a year (visits, SEP days) "
                                   "against what the academic year has used, and the support "
                                   "hours logged on its plans.")
@click.argument("urn", type=URN)
@click.option("--year", type=NAME, help="Academic year, e.g. 2025/26 (default: this one).")
@json_flag
@acting
def entitlement(urn: str, year: str | None, as_json: bool, user: str | None) -> None:
    emit(services().school_entitlement.entitlement(user, urn, year), as_json,
         _entitlement_text)


@click.command("board", help="The board's view: bids awaiting a decision, impact reports "
                             "overdue, and approved, spent and remaining by cluster and area.")
@click.option("--authority", type=NAME, help="One of your authorities, by LA code.")
@json_flag
@acting
def board(authority: str | None, as_json: bool, user: str | None) -> None:
    emit(services().support.board(user, authority), as_json, _board_text)


@click.command("cluster-report", help="Issue a cluster's Cumulative Progress and Impact Report "
                                      "(Form A3) as a letter to the board; its finance update "
                                      "comes from the cluster's schools' bids.")
@click.option("--cluster", type=NAME, required=True, help="e.g. 'Secondary Cluster'.")
@click.option("--kind", type=click.Choice(sorted(A3_KINDS)), required=True)
@click.option("--lead", type=NAME, required=True, help="The Cluster Lead Headteacher.")
@click.option("--officer", type=NAME, required=True, help="The Cluster Officer.")
@click.option("--outcome", "outcomes", type=TEXT, multiple=True, required=True,
              help="'OUTCOME | IMPACT TO DATE | ACTION IF NOT ON TRACK' (repeatable); OUTCOME one "
                   f"of: {', '.join(A3_OUTCOMES)}.")
@click.option("--comment", type=TEXT, default="")
@click.option("--authority", type=NAME, help="One of your authorities, by LA code.")
@on_option
@json_flag
@acting
def cluster_report(cluster: str, kind: str, lead: str, officer: str, outcomes: tuple[str, ...],
                   comment: str, authority: str | None, on: date, as_json: bool,
                   user: str | None) -> None:
    given = [parts("--outcome", o, ["outcome", "impact", "action"]) for o in outcomes]
    emit(services().support.issue_cluster_report(
        user, cluster, kind, lead, officer, {g["outcome"]: g for g in given}, comment, on,
        authority), as_json, kept_text)


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
