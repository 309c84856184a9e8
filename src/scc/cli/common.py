"""What every command shares: the acting user, dates, JSON output and the services."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
import sqlalchemy.exc

from scc.cli.main import started
from scc.clock import parse_moment
from scc.domain import inputs
from scc.domain.errors import InvalidInput, SccError
from scc.domain.values import valid_code, valid_urn

if TYPE_CHECKING:
    from scc.bootstrap import Services

F = TypeVar("F", bound=Callable[..., Any])


def field_name(param: click.Parameter | None) -> str:
    """How a user typed the parameter: its long option (--reason) or its argument (CASE)."""
    if isinstance(param, click.Option):
        longs = [o for o in param.opts if o.startswith("--")]
        return (longs or param.opts)[0]
    return param.human_readable_name if param is not None else "the value"


class TextParam(click.ParamType):
    """Text of one kind, bounded in length and free of control characters (inputs.text)."""

    def __init__(self, name: str, max_len: int) -> None:
        self.name = name
        self.max_len = max_len

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        return inputs.text(field_name(param), str(value), self.max_len)


class UrnParam(click.ParamType):
    name = "URN"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        return valid_urn(inputs.text(field_name(param), str(value), inputs.REFERENCE_MAX))


class LaCodeParam(click.ParamType):
    name = "LA-CODE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return valid_code(inputs.text(field_name(param), str(value), inputs.REFERENCE_MAX))
        except InvalidInput as problem:
            raise InvalidInput(f"{field_name(param)}: {problem}") from None


class DateParam(click.ParamType):
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return inputs.day(field_name(param), value)
        return inputs.parse_day(field_name(param), str(value))


class MomentParam(click.ParamType):
    """An ISO date or date-time (without an offset, UK time), within the dates worked with."""

    name = "DATETIME"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            return parse_moment(str(value))
        except ValueError as problem:
            raise InvalidInput(f"{field_name(param)}: {problem}.") from None


class CountParam(click.ParamType):
    """A whole number within bounds (inputs.count)."""

    name = "INTEGER"

    def __init__(self, low: int, high: int) -> None:
        self.low = low
        self.high = high

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        return inputs.count(field_name(param), value, self.low, self.high)


DATE = DateParam()
MOMENT = MomentParam()
URN = UrnParam()
LA_CODE = LaCodeParam()
NAME = TextParam("NAME", inputs.NAME_MAX)  # people, schools, officers, categories, keys
REFERENCE = TextParam("REFERENCE", inputs.REFERENCE_MAX)  # case, visit, meeting, document
LINE = TextParam("TEXT", inputs.LINE_MAX)  # one line of detail (a copy recipient's address)
TEXT = TextParam("TEXT", inputs.TEXT_MAX)  # reasons, evidence, notes


def authority_option(func: F) -> F:
    """Adds --authority LA-CODE: one of the authorities the user acts for (default: all of them,
    or their own where one is needed)."""
    return click.option("--authority", type=LA_CODE, default=None,
                        help="An authority by its LA code, e.g. 381.")(func)


def acting(func: F) -> F:
    """Adds --as NAME (default: SCC_USER): every command is run as a user."""
    return click.option("--as", "user", envvar="SCC_USER", type=NAME, metavar="NAME",
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
        # Imported here: `--help` and argument errors need none of the domain or the database.
        from scc.bootstrap import Settings, build

        settings = Settings.from_env()
        try:
            root.obj = build(settings)
        except Exception as problem:
            if not _cannot_connect(problem):
                raise
            cause = str(getattr(problem, "orig", None) or problem).splitlines()[0]
            raise SccError(f"Cannot open the database SCC_DATABASE_URL names ({cause}); check "
                           "that the server is running and the URL is right.") from None
        root.call_on_close(root.obj.close)
        started()
    built: Services = root.obj
    return built


def _cannot_connect(problem: Exception) -> bool:
    """The database named cannot be reached (SQLAlchemy's or psycopg's OperationalError; psycopg
    is only looked at if something already loaded it, so SQLite commands never import it)."""
    psycopg = sys.modules.get("psycopg")
    return isinstance(problem, sqlalchemy.exc.OperationalError) or (
        psycopg is not None and isinstance(problem, psycopg.OperationalError))


def emit(data: Any, as_json: bool, text: Callable[[Any], str]) -> None:
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(text(data))


def into_a_folder(_ctx: click.Context, _param: click.Parameter, value: Path | None
                  ) -> Path | None:
    """The -o file of a command that writes one: its folder must exist, checked as the command
    line is read, so nothing is done (an export recorded, a PDF rendered) before it is refused."""
    if value is not None and not value.parent.is_dir():
        raise click.BadParameter(f"there is no folder {value.parent} to write into.")
    return value


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
