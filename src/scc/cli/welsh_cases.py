"""`scc case urgent-risk` and `scc case ministers-wait`: the two acts only the School Standards and
Organisation (Wales) Act 2013 has (s4(3), s11(6)); an English case's rule set refuses them."""

from __future__ import annotations

from datetime import date

import click

from scc.cli.cases import GROUNDS
from scc.cli.common import REFERENCE, TEXT, CountParam, acting, on_option, say, services


@click.command("urgent-risk",
               help="Wales: record that the authority is satisfied that one or more of grounds "
                    "1-6 exist with a related risk to the health or safety of any person that "
                    "calls for urgent intervention; it has the power to intervene without a "
                    "warning notice (SSO(W)A 2013 s4(3)). --reason says what the risk is.")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@click.option("--ground", "grounds", multiple=True, required=True, type=GROUNDS)
@on_option
@click.option("--reason", type=TEXT, required=True)
@acting
def urgent_risk(ref: str, grounds: tuple[str, ...], on: date, reason: str,
                user: str | None) -> None:
    services().cases.urgent_risk(user, ref, list(grounds), on, reason)
    say(f"Case {ref}: the authority has the power to intervene (SSO(W)A 2013 s4(3)).")


@click.command("ministers-wait",
               help="Wales: record the Welsh Ministers' determination that, for this school, "
                    "their power on ground 7 or 8 waits fewer days than s11(5)(b)'s 10 after "
                    "Estyn's notice (SSO(W)A 2013 s11(6)).")
@click.argument("ref", metavar="CASE", type=REFERENCE)
@click.option("--days", required=True, type=CountParam(0, 365))
@on_option
@click.option("--reason", type=TEXT)
@acting
def ministers_wait(ref: str, days: int, on: date, reason: str | None, user: str | None) -> None:
    services().cases.central_wait(user, ref, days, on, reason)
    say(f"Case {ref}: the Welsh Ministers' power on ground 7 or 8 waits {days} days after "
        "Estyn's notice (SSO(W)A 2013 s11(6)).")
