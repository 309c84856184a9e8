"""The authorities a deployment serves: `scc authority add|set-policy|list|show`, and
`scc user grant`."""

from __future__ import annotations

from typing import Any

import click

from scc.cli.common import LA_CODE, LINE, NAME, acting, emit, json_flag, say, services, table


@click.group(help="The authorities this deployment serves, each with its policy pack, "
                  "jurisdiction, letterhead, signatory and closure days.")
def authority() -> None:
    pass


@authority.command("add", help="Serve another authority under a policy pack; its LA code, "
                               "name, letterhead and signatory are the pack's unless given.")
@click.option("--policy", type=NAME, required=True, help="A policy pack, e.g. leeds.")
@click.option("--code", type=LA_CODE, help="Its GIAS LA code, e.g. 383.")
@click.option("--name", type=NAME, help="Its GIAS LA name, e.g. Leeds.")
@click.option("--council", type=NAME, help="The council's name on its letters.")
@click.option("--letterhead", type=LINE, multiple=True, help="One line of its address; repeat.")
@click.option("--signatory-name", type=NAME)
@click.option("--signatory-title", type=NAME)
@acting
def add(policy: str, code: str | None, name: str | None, council: str | None,
        letterhead: tuple[str, ...], signatory_name: str | None, signatory_title: str | None,
        user: str | None) -> None:
    signatory = {k: v for k, v in (("name", signatory_name), ("title", signatory_title)) if v}
    added = services().authorities.add(user, policy, code, name, council, list(letterhead),
                                       signatory)
    say(f"Authority {added} added under the policy pack {policy}; you act for it.")


@authority.command("set-policy", help="Let an authority work under another policy pack of "
                                      "the policies folder, for its own jurisdiction: the "
                                      "repair of an authority whose pack can no longer be read.")
@click.argument("code", type=LA_CODE)
@click.argument("pack", type=NAME)
@acting
def set_policy(code: str, pack: str, user: str | None) -> None:
    previous = services().authorities.set_policy(user, code, pack)
    say(f"Authority {code} works under the policy pack {pack} from now on (until now: "
        f"{previous}).")


@authority.command("list", help="The authorities you act for.")
@json_flag
@acting
def list_authorities(as_json: bool, user: str | None) -> None:
    emit(services().authorities.served(user), as_json,
         lambda rows: table(rows, ["code", "name", "council", "policy", "jurisdiction"]))


@authority.command("show", help="One authority: its settings and closure days.")
@click.argument("code", type=LA_CODE)
@json_flag
@acting
def show(code: str, as_json: bool, user: str | None) -> None:
    emit(services().authorities.show(user, code), as_json, _shown)


def _shown(data: dict[str, Any]) -> str:
    lines = [f"{data['code']} {data['name']} ({data['council']})",
             f"policy pack: {data['policy']}; jurisdiction: {data['jurisdiction']}"
             + ("; the original authority" if data["original"] else ""),
             "letterhead: " + ", ".join(data["letterhead"]),
             "signatory: " + ", ".join(data["signatory"].values())]
    lines += [f"closed {day}: {reason}" for day, reason in data["closures"].items()]
    return "\n".join(lines)


@click.command("grant", help="Let a user act for other authorities besides their own (a "
                             "regional officer, a consortium adviser); replaces the last grant.")
@click.argument("name", type=NAME)
@click.option("--authority", "codes", type=LA_CODE, multiple=True,
              help="An LA code; repeat for several; none withdraws every grant.")
@acting
def grant(name: str, codes: tuple[str, ...], user: str | None) -> None:
    granted = services().authorities.grant(user, name, list(codes))
    say(f"{name} now also acts for: {', '.join(granted) or 'no other authority'}.")
