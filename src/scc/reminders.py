"""The reminders outbox and the e-mail adapter that empties it.

A reminder is a row (recipient, case, deadline, days before, text); the unique key makes queueing
idempotent, so two schedulers or a re-run after a crash never queue one reminder twice. Without
SMTP settings rows simply stay in the outbox, where `scc reminders list` and the dashboard show them.
"""

from __future__ import annotations

import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.message import EmailMessage
from typing import Any

from sqlalchemy import Engine, select, update

from scc.projections.tables import reminders

# A reminder before it is queued: the outbox columns other than id, created_at and sent_at.
Draft = dict[str, Any]


def queue(engine: Engine, drafts: list[Draft], at: datetime) -> int:
    """Adds the drafts not already in the outbox; returns how many were added."""
    if not drafts:
        return 0
    # Imported here: the PostgreSQL dialect's module costs every command's start-up 15 ms.
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(reminders).on_conflict_do_nothing().returning(reminders.c.id)
    added = 0
    with engine.begin() as conn:
        for draft in drafts:  # one at a time: what comes back is what was really added
            added += len(conn.execute(statement.values(**draft, created_at=at)).all())
    return added


def unsent(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        query = select(reminders).where(reminders.c.sent_at.is_(None)).order_by(reminders.c.id)
        return [dict(row._mapping) for row in conn.execute(query)]


def mark_sent(engine: Engine, reminder_id: int, at: datetime) -> None:
    with engine.begin() as conn:
        conn.execute(update(reminders).where(reminders.c.id == reminder_id).values(sent_at=at))


def listing(engine: Engine, recipient: str | None = None) -> list[dict[str, Any]]:
    """The reminders queued, oldest first: all of them, or those to `recipient`."""
    c = reminders.c
    query = select(reminders).order_by(c.created_at, c.id)
    with engine.connect() as conn:
        rows = conn.execute(query if recipient is None else query.where(c.recipient == recipient))
        return [{k: _plain(v) for k, v in row._mapping.items()} for row in rows]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)  # SQLite keeps no offset; all are UTC
    return value.isoformat() if isinstance(value, (date, datetime)) else value


@dataclass(frozen=True)
class SmtpMailer:
    """Sends one plain-text message per reminder over SMTP (STARTTLS if asked): to the user's
    e-mail address, or NAME@domain for a user who has given none."""

    host: str
    port: int
    sender: str
    domain: str
    user: str | None = None
    password: str | None = None
    starttls: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> SmtpMailer | None:
        """SCC_SMTP_HOST turns sending on; the others have defaults for a local relay."""
        host = env.get("SCC_SMTP_HOST")
        if not host:
            return None
        return cls(
            host=host, port=int(env.get("SCC_SMTP_PORT") or 25),
            sender=env.get("SCC_SMTP_FROM") or "scc@localhost",
            domain=env.get("SCC_SMTP_DOMAIN") or "localhost",
            user=env.get("SCC_SMTP_USER") or None, password=env.get("SCC_SMTP_PASSWORD") or None,
            starttls=env.get("SCC_SMTP_STARTTLS") == "1",
        )

    def send(self, recipient: str, subject: str, text: str) -> None:
        message = EmailMessage()
        address = recipient if "@" in recipient else f"{recipient}@{self.domain}"
        message["From"], message["To"] = self.sender, address
        message["Subject"] = subject
        message.set_content(text)
        with smtplib.SMTP(self.host, self.port, timeout=30) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.user:
                smtp.login(self.user, self.password or "")
            smtp.send_message(message)
