"""Entry point: the command groups and the mapping of errors to exit codes."""

from __future__ import annotations

import atexit
import gc
import sys

import click

from scc.cli.lazy import Lazy, LazyGroup
from scc.domain.errors import SccError

# Each command's module is imported only when that command runs (see scc.cli.lazy); the help is
# what `scc --help` lists and must equal the command's own (tests/test_cli_imports.py checks).
COMMANDS = {
    "case": Lazy("scc.cli.cases:case", "Concern cases: one per school at a time.",
                 ("scc.cli.welsh_cases:urgent_risk", "scc.cli.welsh_cases:ministers_wait")),
    "audit": Lazy("scc.cli.audit:audit", "Legal audit: verify the history, print its head, "
                  "export evidence bundles."),
    "evidence": Lazy("scc.cli.evidence:evidence", "Evidence files of a case, visit, progress "
                     "meeting or improvement plan."),
    "school": Lazy("scc.cli.schools:school", "Schools: add, import from GIAS, record Ofsted "
                   "judgements, read.",
                   ("scc.cli.contacts:contact", "scc.cli.categorisation:categorise",
                    "scc.cli.categorisation:categories", "scc.cli.categorisation:allocate",
                    "scc.cli.categorisation:review_due")),
    "register": Lazy("scc.cli.categorisation:register", "The register of schools causing "
                     "concern. Confidential entries are withheld from those who may not see "
                     "them, with a count."),
    "search": Lazy("scc.cli.search:search", "Schools (by name or URN) and cases (by reference "
                   "or school name) you may see."),
    "visit": Lazy("scc.cli.visits:visit", "Progress-and-impact visits: plan, hold, the report's "
                  "round trip, QA."),
    "meeting": Lazy("scc.cli.visits:meeting", "Termly progress meetings: schedule, documents, "
                    "hold, outcome.", ("scc.cli.meeting_papers:COMMANDS",)),
    "improvement-plan": Lazy("scc.cli.plans:improvement_plan", "Action plans that notices "
                             "require and schools' own improvement plans: objectives, termly "
                             "reviews."),
    "support": Lazy("scc.cli.support:support", "Support and funding: bids and impact reports, "
                    "support plans, support logs and commitments."),
    "plan": Lazy("scc.cli.planning:plan", "Plan an act before it is recorded: every date that "
                 "would follow."),
    "user": Lazy("scc.cli.admin:user", "Users and their roles.",
                 ("scc.cli.web:set_password", "scc.cli.authorities:grant")),
    "authority": Lazy("scc.cli.authorities:authority", "The authorities this deployment serves, "
                      "each with its policy pack, jurisdiction, letterhead, signatory and "
                      "closure days."),
    "serve": Lazy("scc.cli.web:serve", "Serve the web application (and run the deadline "
                  "scheduler in-process: on PostgreSQL, in one of the processes serving the "
                  "database)."),
    "demo": Lazy("scc.cli.web:demo", "The demo authority."),
    "calendar": Lazy("scc.cli.admin:calendar", "The working-day calendar (England and Wales, "
                     "authority closure days).", ("scc.cli.feeds:feed",)),
    "projections": Lazy("scc.cli.admin:projections", "The SQL read models derived from the "
                        "events."),
    "policy": Lazy("scc.cli.admin:policy", "The authorities' policy packs.",
                   ("scc.cli.policy:check",)),
    "notice": Lazy("scc.cli.notices:notice", "Notices and letters: previewed, issued with the "
                   "case event, kept exactly."),
    "scheduler": Lazy("scc.cli.scheduler:scheduler", "The deadline scheduler: records deadlines "
                      "as they pass."),
    "deadlines": Lazy("scc.cli.scheduler:deadlines", "Deadlines not yet met on open cases, "
                      "soonest first."),
    "reminders": Lazy("scc.cli.scheduler:reminders", "Reminders of deadlines (the outbox)."),
}


@click.group(cls=LazyGroup, lazy=COMMANDS,
             help="Schools causing concern: cases, deadlines and notices for a local authority.")
def cli() -> None:
    pass


# A command's start makes some 65,000 objects that live as long as the process (modules, the
# aggregates' event classes, tables) and next to no garbage. Scanning them cost a short command
# about 8% of its instructions: in the collections while they are made, in the first one after,
# and in the last one, at exit. So the collector is off during the start, what it made is frozen
# (never scanned again) once the services are built (`started`), and the process's last
# collection is skipped (its memory goes back to the system anyway). What a command makes after
# its start is collected as usual, every 10,000 new objects rather than 700: a command makes many.
COLLECT_EVERY = 10_000


def started() -> None:
    """The start is over (the services are built): what it made is frozen, and what the command
    makes from now on is collected."""
    if not gc.isenabled():
        gc.freeze()
        _, *older = gc.get_threshold()
        gc.set_threshold(COLLECT_EVERY, *older)
        gc.enable()


def main(argv: list[str] | None = None) -> None:
    gc.disable()
    atexit.unregister(gc.freeze)  # registered once, however often main runs in one process
    atexit.register(gc.freeze)
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
    finally:
        # A caller that goes on (the tests run commands in their own process) gets every object
        # collectable again, and its collector on.
        gc.unfreeze()
        gc.enable()
