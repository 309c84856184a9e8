"""Administration commands: users, the working-day calendar, read models, the policy pack."""

from __future__ import annotations

from datetime import date

import click

from scc.calendar import VARIANTS, WorkingDayCalendar
from scc.cli.categorisation import policy_text
from scc.cli.common import (
    DATE,
    LA_CODE,
    NAME,
    TEXT,
    URN,
    CountParam,
    acting,
    authority_option,
    emit,
    json_flag,
    say,
    services,
    table,
)
from scc.domain import inputs

ROLES = ["service-manager", "seo", "legal", "admin", "headteacher", "regional-officer"]


@click.group(help="Users and their roles.")
def user() -> None:
    pass


@user.command("add", help="Add a user. The first user must be an admin and needs no --as.")
@click.argument("name", type=NAME)
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--display-name", type=NAME, help="How the person is addressed, e.g. 'Sam Patel'.")
@click.option("--email", type=NAME, help="Where their deadline reminders are sent.")
@click.option("--authority", type=LA_CODE, help="Their authority's LA code (default: yours).")
@acting
def add_user(name: str, role: str, display_name: str | None, email: str | None,
             authority: str | None, user: str | None) -> None:
    services().admin.add_user(user, name, role, display_name, email, authority)
    say(f"Added {name} as {role}.")


@user.command("contact", help="Give a user's display name and e-mail address (reminders go "
                              "there).")
@click.argument("name", type=NAME)
@click.option("--display-name", type=NAME)
@click.option("--email", type=NAME)
@acting
def contact(name: str, display_name: str | None, email: str | None, user: str | None) -> None:
    from scc.application.accounts import AccountService

    AccountService(services().ctx).give_contact_details(user, name, display_name, email)
    say(f"Contact details recorded for {name}.")


@user.command("role", help="Move a user to another role.")
@click.argument("name", type=NAME)
@click.option("--role", type=click.Choice(ROLES), required=True)
@acting
def change_role(name: str, role: str, user: str | None) -> None:
    services().admin.change_role(user, name, role)
    say(f"{name} now acts as {role}.")


@user.command("deactivate", help="Stop a user acting at all (web, API and CLI) until "
                                 "reactivated; their web sessions end at once.")
@click.argument("name", type=NAME)
@click.option("--reason", type=TEXT, help="Why, for the history.")
@acting
def deactivate(name: str, reason: str | None, user: str | None) -> None:
    from scc.web.sessions import SessionStore  # the web stack only for the commands that use it

    built = services()
    built.admin.deactivate(user, name, reason)
    SessionStore(built.ctx.engine, idle_seconds=60.0).end_user(name)
    say(f"{name} is deactivated: they can no longer sign in or act.")


@user.command("reactivate", help="Let a deactivated user act again.")
@click.argument("name", type=NAME)
@acting
def reactivate(name: str, user: str | None) -> None:
    services().admin.reactivate(user, name)
    say(f"{name} is active again.")


@user.command("bind-school", help="Bind a headteacher to the one school whose portal they see.")
@click.argument("name", type=NAME)
@click.option("--urn", type=URN, required=True)
@acting
def bind_school(name: str, urn: str, user: str | None) -> None:
    from scc.application.accounts import AccountService

    AccountService(services().ctx).bind_headteacher(user, name, urn)
    say(f"{name} now sees the portal of URN {urn}.")


@user.command("list")
@json_flag
@acting
def list_users(as_json: bool, user: str | None) -> None:
    emit(services().admin.users(user), as_json,
         lambda rows: table(rows, ["name", "role", "authority", "granted", "display_name",
                                   "email"]))


@click.group(help="The working-day calendar (England and Wales, authority closure days).")
def calendar() -> None:
    pass


def _calendar(variant: str, authority: str | None, user: str | None) -> WorkingDayCalendar:
    return services().authorities.calendar(user, variant, authority)


@calendar.command("working-days-after", help="The Nth working day after DATE, on the "
                                             "calendar of an authority (default: yours).")
@click.argument("day", type=DATE, metavar="DATE")
@click.argument("n", type=CountParam(1, inputs.WORKING_DAYS_MAX))
@click.option("--variant", type=click.Choice(VARIANTS), default="england-and-wales")
@authority_option
@acting
def working_days_after(day: date, n: int, variant: str, authority: str | None,
                       user: str | None) -> None:
    click.echo(_calendar(variant, authority, user).working_days_after(day, n).isoformat())


@calendar.command("is-working-day", help="Prints true or false.")
@click.argument("day", type=DATE, metavar="DATE")
@click.option("--variant", type=click.Choice(VARIANTS), default="england-and-wales")
@authority_option
@acting
def is_working_day(day: date, variant: str, authority: str | None, user: str | None) -> None:
    cal = _calendar(variant, authority, user)
    click.echo("true" if cal.is_working_day(day) else "false")
    reason = cal.non_working_reason(day)
    if reason:
        say(reason)


@calendar.command("add-closure", help="Add an authority closure day (not a working day).")
@click.argument("day", type=DATE, metavar="DATE")
@click.option("--reason", type=TEXT, required=True)
@authority_option
@acting
def add_closure(day: date, reason: str, authority: str | None, user: str | None) -> None:
    services().admin.add_closure(user, day, reason, authority)
    say(f"{day.isoformat()} is now an authority closure day.")


@calendar.command("closures", help="The closure days of the authorities you act for.")
@json_flag
@authority_option
@acting
def closures(as_json: bool, authority: str | None, user: str | None) -> None:
    emit(services().admin.closures(user, authority), as_json,
         lambda rows: table(rows, ["day", "authority", "reason"]))


@click.group(help="The SQL read models derived from the events.")
def projections() -> None:
    pass


@projections.command("rebuild", help="Empty every read model and replay the whole history.")
@acting
def rebuild(user: str | None) -> None:
    import sys  # here, so this function stays the only part of the module the rebuild touches

    with click.progressbar(length=1, label="Replaying events", file=sys.stderr,
                           show_pos=True, show_eta=True) as bar:
        def progress(position: int, last: int) -> None:
            bar.length = last
            bar.update(position - bar.pos)

        count = services().admin.rebuild_projections(user, progress)
    say(f"Read models rebuilt from {count} events.")


@click.group(help="The authorities' policy packs.")
def policy() -> None:
    pass


@policy.command("show", help="An authority's pack (default: the original authority's): its "
                              "settings, and its categories with their criteria, visit "
                              "entitlements and automatic rules.")
@json_flag
@authority_option
def show_policy(as_json: bool, authority: str | None) -> None:
    svc = services()
    settings = svc.authorities.policy(authority).settings
    if as_json or "categorisation" not in settings:
        emit(settings, as_json, lambda data: "\n".join(f"{k}: {v}" for k, v in data.items()))
        return
    plain = {k: v for k, v in settings.items() if k not in ("categorisation",)}
    click.echo("\n".join(f"{k}: {v}" for k, v in plain.items()))
    click.echo(policy_text(svc.categorisation.scheme(authority)))
