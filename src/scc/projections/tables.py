"""The read-model tables, in the same database as the event store."""

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# The authorities a deployment serves. A school, user or closure day whose `authority` is NULL was
# recorded before authorities existed and belongs to the `original` one (queries.authority_of).
authorities = Table(
    "authorities", metadata,
    Column("code", String(8), primary_key=True),
    Column("id", String(36), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("council", Text, nullable=False),
    Column("policy", String(64), nullable=False),
    Column("jurisdiction", String(16), nullable=False),
    Column("original", Boolean, nullable=False),
)

schools = Table(
    "schools", metadata,
    Column("urn", String(6), primary_key=True),
    Column("id", String(36), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("type", Text),
    Column("governance", String(16), nullable=False),
    Column("phase", Text),
    Column("la_code", Text),
    Column("la_name", Text),
    Column("status", Text),
    Column("religious_character", Text),
    Column("diocese", Text),
    Column("trust", Text),
    Column("federation", Text),
    Column("street", Text),
    Column("town", Text),
    Column("postcode", Text),
    Column("head_name", Text),
    Column("ofsted_outcome", String(32)),
    Column("ofsted_on", Date),
    Column("open_case", String(16)),
    Column("authority", String(8), index=True),
)

cases = Table(
    "cases", metadata,
    Column("reference", String(16), primary_key=True),
    Column("id", String(36), nullable=False, unique=True),
    Column("urn", String(6), nullable=False, index=True),
    Column("school_name", Text, nullable=False),
    Column("state", String(32), nullable=False),
    Column("stage", Integer),
    Column("rule_set", String(32), nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("last_act_on", Date, nullable=False),
    Column("is_open", Boolean, nullable=False),
    Column("eligible", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
    # What a deadline's status needs besides the deadlines rows (application/deadline_view.py),
    # so a list of deadlines replays no case: the outcome of the compliance period under the
    # current warning notice, and the powers used under it, as JSON {"s64": "2026-01-21"}.
    Column("compliance_outcome", String(16)),
    Column("exercised", Text, nullable=False),
)

deadlines = Table(
    "deadlines", metadata,
    Column("case_reference", String(16), primary_key=True),
    Column("kind", String(40), primary_key=True),
    # None for a cluster's Form A3, which is the authority's (`authority`, `cluster`) and no
    # one school's: the one scope rule shows it only to those who see the whole authority.
    Column("urn", String(6)),
    Column("authority", String(8)),
    Column("cluster", Text),
    Column("due", Date, nullable=False, index=True),
    Column("rule", Text, nullable=False),
    Column("met_on", Date),
    Column("case_open", Boolean, nullable=False),
    Column("passed_on", Date),
    Column("set_by", Integer),  # the version of the event that set the deadline
    Index("ix_deadlines_school", "urn", "due", "kind", "met_on"),  # a school's next deadline
)

users = Table(
    "users", metadata,
    Column("name", String(64), primary_key=True),
    Column("id", String(36), nullable=False, unique=True),
    Column("role", String(32), nullable=False),
    Column("authority", String(8)),
    Column("granted", Text),  # the other authorities' codes, comma-separated
)

closure_days = Table(
    "closure_days", metadata,
    Column("calendar", String(36), primary_key=True),  # the aggregate that recorded it
    Column("day", Date, primary_key=True),
    Column("reason", Text, nullable=False),
    Column("authority", String(8)),
)

# The row of `positions` holding the last event the read models include. Here, not in the
# projector, so a reader asks for it without importing the projector (and every aggregate class).
POSITION = "read-models"
positions = Table(
    "projection_positions", metadata,
    Column("name", String(32), primary_key=True),
    Column("position", Integer, nullable=False),
)

# Each aggregate's last version as the read models saw it: `audit verify` compares it with the
# store, so a deleted tail of events is noticed even when the audit chain's own tail went with it.
versions = Table(
    "aggregate_versions", metadata,
    Column("originator_id", String(32), primary_key=True),
    Column("version", Integer, nullable=False),
)

# Categorisation, the register, visits and meetings (issue 4). The register query reads a date
# range (`placed_on` .. `removed_on`) and the latest category decision per school on or before a date.
category_history = Table(
    "category_history", metadata,
    Column("urn", String(6), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("step", String(24), nullable=False),
    Column("decided", Boolean, nullable=False),
    Column("effective_on", Date, nullable=False),
    Column("category", String(32)),
    Column("actor", String(64), nullable=False),
    Column("role", String(32), nullable=False),
    Column("reason", Text),
    Column("rule", Text),
    Column("detail", Text),
    # Serves "latest decision on or before a date" as one backward index probe per school.
    Index("ix_category_history_latest", "urn", "decided", "effective_on", "version"),
)

register_entries = Table(
    "register_entries", metadata,
    Column("urn", String(6), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("placed_on", Date, nullable=False),
    Column("removed_on", Date),
    Column("basis", String(24), nullable=False),
    Column("reason", Text, nullable=False),
    Column("actor", String(64), nullable=False),
    # "On the register on D": entries not removed, or removed after D; both ranges of this index.
    # The entries standing on a date, read from the index alone (a third of the register's
    # page at 24,000 schools was reading the table for each entry's key).
    Index("ix_register_entries_standing", "removed_on", "placed_on", "urn", "version"),
)

allocations = Table(
    "allocations", metadata,
    Column("urn", String(6), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("from_on", Date, nullable=False),
    Column("officer", String(64), nullable=False, index=True),
    Column("actor", String(64), nullable=False),
    Index("ix_allocations_latest", "urn", "from_on", "version"),
)

warning_notices = Table(
    "warning_notices", metadata,
    Column("case_id", String(36), primary_key=True),
    Column("issued_on", Date, primary_key=True),
)

visits = Table(
    "visits", metadata,
    Column("reference", String(16), primary_key=True),
    Column("id", String(36), nullable=False, unique=True),
    Column("urn", String(6), nullable=False, index=True),
    Column("school_name", Text, nullable=False),
    Column("state", String(24), nullable=False),
    Column("academic_year", String(7), nullable=False),
    Column("category", String(32), nullable=False),
    Column("officer", String(64), nullable=False),
    Column("visit_on", Date, nullable=False),
    Column("held_on", Date),
    Column("judgement", String(24)),
    Column("report_sent_on", Date),
    Column("report_late", Boolean),
    Column("returned_on", Date),
    Column("return_late", Boolean),
    Column("override", Text),
    # When the report, then its return, is due: for an officer's "my visits" (issue 15).
    Column("report_due", Date),
    Column("return_due", Date),
)

meetings = Table(
    "meetings", metadata,
    Column("reference", String(16), primary_key=True),
    Column("id", String(36), nullable=False, unique=True),
    Column("urn", String(6), nullable=False, index=True),
    Column("school_name", Text, nullable=False),
    Column("state", String(24), nullable=False),
    Column("meets_on", Date, nullable=False),
    Column("documents_due", Date, nullable=False),
    Column("documents_complete_on", Date),
    Column("held_on", Date),
    Column("outcome", String(24)),
)

plans = Table(
    "plans", metadata,
    Column("reference", String(16), primary_key=True),
    Column("id", String(36), nullable=False, unique=True),
    Column("urn", String(6), nullable=False, index=True),
    Column("school_name", Text, nullable=False),
    Column("kind", String(24), nullable=False),
    Column("title", Text, nullable=False),
    Column("case_reference", String(16)),
    Column("state", String(24), nullable=False),
    Column("received_on", Date, nullable=False),
    Column("objectives", Integer, nullable=False),
    Column("last_review_on", Date),
    Column("next_review_due", Date),
)

# Support and funding (issue 14): bids (URN-Bn) and support plans (URN-Sn). Amounts are exact
# decimal text ('12000.00'), never floats.
support_bids = Table(
    "support_bids", metadata,
    Column("reference", String(16), primary_key=True),
    Column("id", String(36), nullable=False, unique=True),
    Column("urn", String(6), nullable=False, index=True),
    Column("school_name", Text, nullable=False),
    Column("case_reference", String(16)),
    Column("state", String(24), nullable=False),
    Column("submitted_on", Date, nullable=False),
    Column("period", String(24), nullable=False),
    Column("board_on", Date),
    Column("requested", String(16), nullable=False),
    Column("approved", String(16)),
    Column("terms_agreed", Integer),
    Column("decided_on", Date),
    Column("spent", String(16)),
    Column("committed", String(16), nullable=False),
    Column("impact_reports", Integer, nullable=False),
)

support_plans = Table(
    "support_plans", metadata,
    Column("reference", String(16), primary_key=True),
    Column("id", String(36), nullable=False, unique=True),
    Column("urn", String(6), nullable=False, index=True),
    Column("school_name", Text, nullable=False),
    Column("case_reference", String(16)),
    Column("bid_reference", String(16)),
    Column("state", String(24), nullable=False),
    Column("drafted_on", Date, nullable=False),
    Column("costed", String(16), nullable=False),
    Column("approved", String(16)),
    Column("spent", String(16), nullable=False),
    Column("committed", String(16), nullable=False),
    Column("logs", Integer, nullable=False),
    Column("next_review_due", Date),
)

# One row per event of a case, what its timeline shows (projections/case_events.py); `position`
# is the event's place in the store's notification log, `notice` the notice it issued (JSON).
case_events = Table(
    "case_events", metadata,
    Column("case_reference", String(16), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("position", Integer, nullable=False),
    Column("type", String(64), nullable=False),
    Column("effective_on", Date),
    Column("recorded_at", String(40), nullable=False),  # ISO 8601 in UTC, as the event has it
    Column("actor", String(64)),
    Column("role", String(32)),
    Column("summary", Text),  # the reason given, where a person made a decision
    Column("state", String(32)),  # the case's state afterwards, where the event sets it
    Column("notice", Text),
)

# The register as of a date (projections/spans.py): what stood for a school from `from_on` until
# the day before `to_on` (9999-12-31 while it still stands), so "as of D" is `from_on <= D < to_on`:
# the latest span begun by D, one backward seek of the (urn, from_on) index, which also holds what
# the register shows of the span, so the look-up never reads the table
# (projections/register_view.py).


def _school_spans(name: str, value: Column[str]) -> Table:
    return Table(
        name, metadata,
        Column("urn", String(6), primary_key=True),
        Column("version", Integer, primary_key=True),  # of the event that began the span
        value,
        Column("from_on", Date, nullable=False),
        Column("to_on", Date, nullable=False),
        Index(f"ix_{name}_from", "urn", "from_on", "to_on", value.name),
    )


category_spans = _school_spans("category_spans", Column("category", String(32), nullable=False))
officer_spans = _school_spans("officer_spans", Column("officer", String(64), nullable=False))
# An SEO's schools on a date (projections/officers.py, their scope on every page): the officer's
# spans still running after the date, one range, not a probe of each school they ever had.
Index("ix_officer_spans_officer", officer_spans.c.officer, officer_spans.c.to_on,
      officer_spans.c.from_on, officer_spans.c.urn)

# Each state of an open case: a closed case has no span from the day it closed.
case_spans = Table(
    "case_spans", metadata,
    Column("case_reference", String(16), primary_key=True),
    Column("version", Integer, primary_key=True),  # of the event that began the span
    Column("urn", String(6), nullable=False),
    Column("state", String(32), nullable=False),
    Column("stage", Integer),
    Column("from_on", Date, nullable=False),
    Column("to_on", Date, nullable=False),
    Index("ix_case_spans_from", "urn", "from_on", "to_on", "case_reference", "state", "stage"),
)

# Not a read model: the outbox records what was sent to whom, which the events cannot rebuild, so it
# has its own MetaData and `Projector.rebuild` (which empties `metadata`) leaves it alone.
outbox = MetaData()

reminders = Table(
    "reminders", outbox,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("recipient", String(64), nullable=False),
    Column("case_reference", String(16), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("due", Date, nullable=False),
    Column("days_before", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True)),
    UniqueConstraint("recipient", "case_reference", "kind", "due", "days_before"),
)
