"""A command group that imports a subcommand's module only when that subcommand runs.

Start-up is most of a short command's time: importing every command module (and through them the
aggregates, the projector, the notice machinery) made `scc calendar is-working-day` pay for all of
them. `scc --help` lists every command from the short help kept in the table, importing none."""

from __future__ import annotations

import importlib
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

import click


@dataclass(frozen=True)
class Lazy:
    """Where a subcommand lives ("module:attr"), its help as `scc --help` lists it, and the
    commands ("module:attr", a command or a list of them) the loaded group gains."""

    target: str
    help: str
    extras: tuple[str, ...] = ()


def _resolve(target: str) -> Any:
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


class LazyGroup(click.Group):
    """A click group whose subcommands are named in a table and imported on first use."""

    def __init__(self, *args: Any, lazy: Mapping[str, Lazy], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lazy = dict(lazy)

    # click.Group keeps its subcommands in `commands`; anything that walks that table (the
    # input-boundary and scope tests, documentation tools) gets every command, loaded.
    @property  # type: ignore[override]
    def commands(self) -> MutableMapping[str, click.Command]:
        for name in list(self._lazy):
            self._load(name)
        return self._loaded

    @commands.setter
    def commands(self, value: MutableMapping[str, click.Command]) -> None:
        self._loaded = dict(value)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self._loaded, *self._lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self._lazy:
            return self._load(cmd_name)
        return self._loaded.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            # An unloaded command is listed through a stand-in with its help: click shortens it.
            shown = self._loaded.get(name) or click.Command(name, help=self._lazy[name].help)
            if not shown.hidden:
                rows.append((name, shown.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def _load(self, name: str) -> click.Command:
        entry = self._lazy[name]
        command: click.Command = _resolve(entry.target)
        for extra in entry.extras:
            found = _resolve(extra)
            assert isinstance(command, click.Group), f"{entry.target} gains commands: a group"
            for sub in found if isinstance(found, (list, tuple)) else [found]:
                command.add_command(sub)
        self._loaded[name] = command
        del self._lazy[name]  # only once loaded: a failed import leaves the command listed
        return command
