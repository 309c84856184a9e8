"""`scc support roll` and `scc support consortium-funding`: a school's number on roll, and the
funding each consortium's schools trigger by their category (issue 14; seed 002, Warwickshire)."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from scc.cli.common import (
    DATE,
    NAME,
    URN,
    CountParam,
    acting,
    emit,
    json_flag,
    on_option,
    services,
    table,
)
from scc.domain.money import pounds
from scc.domain.support_forms import PUPILS_MAX


@click.command("roll", help="Record a school's number of pupils on roll as of --on (what "
                            "consortium funding per pupil counts).")
@click.argument("urn", type=URN)
@click.argument("pupils", type=CountParam(0, PUPILS_MAX))
@on_option
@acting
def roll(urn: str, pupils: int, on: date, user: str | None) -> None:
    services().support.record_roll(user, urn, pupils, on)
    click.echo(f"Recorded {pupils} pupils on roll at URN {urn} as of {on.isoformat()}.")


@click.command("consortium-funding", help="The funding each consortium triggers: its schools "
                                          "whose category (as of --on) triggers funding, times "
                                          "the pack's amount per pupil on their rolls.")
@click.option("--on", "on", type=DATE, help="As of this date (default: today).")
@click.option("--authority", type=NAME, help="One of your authorities, by LA code.")
@json_flag
@acting
def consortium_funding(on: date | None, authority: str | None, as_json: bool,
                       user: str | None) -> None:
    emit(services().support.consortium_funding(user, on, authority), as_json, _funding_text)


def _money(amount: str | None) -> str:
    return "amount per pupil not set" if amount is None else pounds(amount)


def _funding_text(f: dict[str, Any]) -> str:
    if not f["funds_consortia"]:
        return f"The policy pack '{f['pack']}' funds no consortia by category."
    lines = [(f"Consortium funding as of {f['on']}: categories {', '.join(f['triggers'])} "
              f"trigger funding at {_money(f['per_pupil'])} per pupil.")]
    for c in f["consortia"]:
        lines.append(f"{c['consortium']}: {len(c['triggering'])} of {c['schools']} schools "
                     f"trigger funding, {c['pupils']} pupils: {_money(c['amount'])}")
        rows = [dict(s, pupils="no roll recorded" if s["pupils"] is None else s["pupils"],
                     amount=_money(s["amount"]) if s["pupils"] is not None else "")
                for s in c["triggering"]]
        if rows:
            lines.append(table(rows, ["school", "urn", "category", "pupils", "amount"]))
    lines.append(f"Source: {f['source']}")
    return "\n".join(lines)
