"""`scc serve`, `scc user set-password` and `scc demo load`: the web application's commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scc.cli.common import NAME, acting, say, services
from scc.domain import inputs
from scc.domain.errors import InvalidInput


@click.command(help="Serve the web application (and run the deadline scheduler in-process: on "
                    "PostgreSQL, in one of the processes serving the database).")
@click.option("--host", type=NAME, default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--no-scheduler", is_flag=True, help="Do not run the scheduler in this process.")
def serve(host: str, port: int, no_scheduler: bool) -> None:
    import uvicorn

    from scc.bootstrap import Settings
    from scc.scheduler import start_scheduler
    from scc.web import create_app

    built = services()
    built.authorities.check_packs()  # a wrong policy pack stops the start, in one sentence
    # Validated when the services were built; X-Forwarded-For is believed from these alone.
    trusted = Settings.from_env().trusted_proxies
    app = create_app(built, trusted_proxies=trusted)
    # Several processes may serve one PostgreSQL database: sessions and sign-in limits are in
    # it, and only one process at a time schedules (an advisory lock; the others stand by).
    scheduler = None if no_scheduler else start_scheduler(built)
    say(f"Serving on http://{host}:{port}/  (Ctrl+C to stop)")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)
    finally:
        if scheduler is not None:
            scheduler.shutdown()


@click.command("set-password", help="Set a user's password for signing in to the web app "
                                    "(administrators only; on a fresh installation, while no one "
                                    "has a password, an administrator's own needs no --as).")
@click.argument("name", type=NAME)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@acting
def set_password(name: str, password_stdin: bool, user: str | None) -> None:
    from scc.application.accounts import AccountService
    from scc.web.credentials import Credentials  # the web stack only for the commands that use it

    built = services()
    credentials = Credentials(built.ctx.engine)
    AccountService(built.ctx).may_set_password(user, name, not credentials.anyone_has_one())
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not password:
        raise InvalidInput("Give a password.")
    inputs.text("The password", password, inputs.PASSWORD_MAX)
    credentials.set_password(name, password)
    say(f"Password set for {name}.")


@click.group(help="The demo authority.")
def demo() -> None:
    pass


@demo.command("load", help="Load the demo authorities (Calderdale, Leeds, the Vale of Glamorgan): "
              "schools, cases and one user per role.")
@click.option("--if-empty", is_flag=True, help="Do nothing if the database already has users.")
@click.option("--gias", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The GIAS establishments CSV to import (default: the GIAS sample in "
                   "../shared/data/gias/).")
def load_demo(if_empty: bool, gias: Path | None) -> None:
    from scc.demo import GIAS_SAMPLE, load

    result = load(services(), gias or GIAS_SAMPLE, if_empty, wales=True)
    if not result.loaded:
        say("The database already has users; the demo was not loaded (passwords were shown "
            "when it was). Reset a password with: scc user set-password NAME")
        return
    for note in result.notes:
        say(note)
    say(f"Loaded {result.schools} schools and cases {', '.join(result.cases)}.")
    click.echo("Demo users (passwords are shown only this once):")
    for name, password in result.passwords.items():
        click.echo(f"  {name:<6} {password}")
