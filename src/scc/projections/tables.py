"""The read-model tables, in the same database as the event store."""

from sqlalchemy import (
    Boolean, Column, Date, DateTime, Integer, MetaData, String, Table, Text, UniqueConstraint,
)

metadata = MetaData()

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
)

deadlines = Table(
    "deadlines", metadata,
    Column("case_reference", String(16), primary_key=True),
    Column("kind", String(40), primary_key=True),
    Column("urn", String(6), nullable=False),
    Column("due", Date, nullable=False, index=True),
    Column("rule", Text, nullable=False),
    Column("met_on", Date),
    Column("case_open", Boolean, nullable=False),
    Column("passed_on", Date),
)

users = Table(
    "users", metadata,
    Column("name", String(64), primary_key=True),
    Column("id", String(36), nullable=False, unique=True),
    Column("role", String(32), nullable=False),
)

closure_days = Table(
    "closure_days", metadata,
    Column("day", Date, primary_key=True),
    Column("reason", Text, nullable=False),
)

positions = Table(
    "projection_positions", metadata,
    Column("name", String(32), primary_key=True),
    Column("position", Integer, nullable=False),
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
