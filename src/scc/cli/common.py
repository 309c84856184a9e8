"""What every command shares: the acting user, dates, JSON output and the services."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import click

from scc.bootstrap import Services, Settings, build

F = TypeVar("F", bound=Callable[..., Any])


class DateParam(click.ParamType):
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2026-01-14.",
                      param, ctx)


DATE = DateParam()


def acting(func: F) -> F:
    """Adds --as NAME (default: SCC_USER): every command is run as a user."""
    return click.option("--as", "user", envvar="SCC_USER", metavar="NAME",
                        help="The user acting (default: SCC_USER).")(func)


def json_flag(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")(func)


def on_option(func: F) -> F:
    return click.option("--on", "on", type=DATE, required=True,
                        help="The date of the real act (YYYY-MM-DD).")(func)


def services() -> Services:
    """The services, built once per command invocation from the environment."""
    ctx = click.get_current_context()
    root = ctx.find_root()
    if root.obj is None:
        root.obj = build(Settings.from_env())
        root.call_on_close(root.obj.close)
    built: Services = root.obj
    return built


def emit(data: Any, as_json: bool, text: Callable[[Any], str]) -> None:
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(text(data))


def say(message: str) -> None:
    click.echo(message, err=True)


def table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    if not rows:
        return "(none)"
    widths = {c: max(len(c), *(len(str(r.get(c) if r.get(c) is not None else "")) for r in rows))
              for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns)]
    for row in rows:
        cells = [str(row.get(c) if row.get(c) is not None else "") for c in columns]
        lines.append("  ".join(cell.ljust(widths[c]) for cell, c in zip(cells, columns)))
    return "\n".join(lines)
