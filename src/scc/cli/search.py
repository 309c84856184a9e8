"""`scc search TEXT`: schools and cases you may see, by name, URN or reference."""

from __future__ import annotations

from typing import Any

import click

from scc.cli.common import NAME, acting, authority_option, emit, json_flag, services


@click.command("search", help="Schools (by name or URN) and cases (by reference or school name) "
                              "you may see.")
@click.argument("text", type=NAME)
@authority_option
@json_flag
@acting
def search(text: str, authority: str | None, as_json: bool, user: str | None) -> None:
    emit(services().search.search(user, text, authority), as_json, _found)


def _found(d: dict[str, Any]) -> str:
    lines = [f"{s['urn']}  {s['name']}" + (f"  (open case {s['open_case']})" if s["open_case"]
                                          else "") for s in d["schools"]]
    lines += [f"{c['id']}  {c['school']}  {c['state']}" for c in d["cases"]]
    return "\n".join(lines or ["Nothing matches."])
