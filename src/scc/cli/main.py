"""Entry point: the command groups and the mapping of errors to exit codes."""

from __future__ import annotations

import sys

import click

from scc.cli import (
    admin,
    audit,
    authorities,
    cases,
    categorisation,
    contacts,
    evidence,
    feeds,
    meeting_papers,
    notices,
    planning,
    plans,
    schools,
    search,
    support,
    visits,
    web,
    welsh_cases,
)
from scc.cli import scheduler as scheduling
from scc.domain.errors import SccError


@click.group(help="Schools causing concern: cases, deadlines and notices for a local authority.")
def cli() -> None:
    pass


cli.add_command(cases.case)
for command in (welsh_cases.urgent_risk, welsh_cases.ministers_wait):
    cases.case.add_command(command)
cli.add_command(audit.audit)
cli.add_command(evidence.evidence)
cli.add_command(schools.school)
schools.school.add_command(contacts.contact)
for command in (categorisation.categorise, categorisation.categories, categorisation.allocate,
                categorisation.review_due):
    schools.school.add_command(command)
cli.add_command(categorisation.register)
cli.add_command(search.search)
cli.add_command(visits.visit)
cli.add_command(visits.meeting)
for command in meeting_papers.COMMANDS:
    visits.meeting.add_command(command)
cli.add_command(plans.improvement_plan)
cli.add_command(support.support)
cli.add_command(planning.plan)
cli.add_command(admin.user)
admin.user.add_command(web.set_password)
admin.user.add_command(authorities.grant)
cli.add_command(authorities.authority)
cli.add_command(web.serve)
cli.add_command(web.demo)
cli.add_command(admin.calendar)
admin.calendar.add_command(feeds.feed)
cli.add_command(admin.projections)
cli.add_command(admin.policy)
cli.add_command(notices.notice)
cli.add_command(scheduling.scheduler)
cli.add_command(scheduling.deadlines)
cli.add_command(scheduling.reminders)


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="scc", standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as problem:
        problem.show()
        sys.exit(problem.exit_code)
    except SccError as refusal:
        click.echo(f"error: {refusal}", err=True)
        sys.exit(refusal.exit_code)
