"""Server-side sessions and the sign-in rate limit, kept in the database.

The cookie carries only a random token; the database keeps its SHA-256 (so a copy of the table
signs no one in), the session's CSRF secret, the user, the time it was last used and any message
waiting to be shown. Several `scc serve` processes on one PostgreSQL database therefore share
them: a session works on whichever process answers and survives a restart, and the sign-in limit
counts every failure, wherever it arrived. Signing out or timing out really ends the session.

These tables are not read models (nothing in the events could rebuild them), so they have their
own MetaData: `scc projections rebuild` never touches them. They are created when the web app
starts, like the credentials table, under the schema lock so that processes starting together on
PostgreSQL take turns.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from hashlib import sha256

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    case,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

Now = Callable[[], float]
SWEEP_SECONDS = 300.0  # how often a process deletes expired sessions and stale limits

web_state = MetaData()
sessions = Table(
    "web_sessions", web_state,
    Column("token_hash", String(64), primary_key=True),
    Column("csrf", String(64), nullable=False),
    Column("user_name", String(200)),
    Column("last_seen", Float, nullable=False, index=True),  # seconds since the epoch
    Column("flash", Text, nullable=False, default="[]"),
)
limits = Table(
    "web_sign_in_limits", web_state,
    Column("key", String(260), primary_key=True),  # "user:NAME" or "address:IP"
    Column("attempts", Integer, nullable=False),
    Column("since", Float, nullable=False, index=True),  # the window's first attempt
)


def create_tables(engine: Engine, metadata: MetaData) -> None:
    """The tables of `metadata` that do not exist yet; on PostgreSQL one process at a time."""
    from scc.application.schema import schema_lock

    with schema_lock(engine), engine.begin() as conn:
        metadata.create_all(conn)


def _hashed(token: str) -> str:
    return sha256(token.encode()).hexdigest()


@dataclass
class Session:
    token: str
    csrf: str
    last_seen: float
    user: str | None = None
    flash: list[str] = field(default_factory=list)


class _Sweeps:
    """At most one sweep per SWEEP_SECONDS in this process (other processes sweep too)."""

    def __init__(self) -> None:
        self._next = 0.0
        self._lock = threading.Lock()

    def due(self, now: float) -> bool:
        with self._lock:
            if self._next <= now:
                self._next = now + SWEEP_SECONDS
                return True
            return False


class SessionStore:
    def __init__(self, engine: Engine, idle_seconds: float, now: Now = time.time) -> None:
        self.engine = engine
        self.idle_seconds = idle_seconds
        self.touch_seconds = min(60.0, idle_seconds / 10)  # last_seen is written at most this often
        self.now = now
        self._sweeps = _Sweeps()
        create_tables(engine, web_state)

    def new(self, user: str | None = None) -> Session:
        now = self.now()
        session = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(32), now, user)
        with self.engine.begin() as conn:
            conn.execute(insert(sessions).values(token_hash=_hashed(session.token),
                                                 csrf=session.csrf, user_name=user,
                                                 last_seen=now, flash="[]"))
            if self._sweeps.due(now):
                self._sweep(conn, now)
        return session

    def get(self, token: str | None) -> Session | None:
        """The live session for token, touched; None if unknown or idle for too long."""
        if not token:
            return None
        key = _hashed(token)
        now = self.now()
        with self.engine.connect() as conn:
            row = conn.execute(select(sessions).where(sessions.c.token_hash == key)).first()
            if row is None:
                return None
            if now - row.last_seen > self.idle_seconds:
                conn.execute(delete(sessions).where(sessions.c.token_hash == key))
                conn.commit()
                return None
            last_seen = row.last_seen
            if now - last_seen > self.touch_seconds:
                conn.execute(update(sessions).where(sessions.c.token_hash == key)
                             .values(last_seen=now))
                conn.commit()
                last_seen = now
        return Session(token, row.csrf, last_seen, row.user_name, json.loads(row.flash))

    def drop(self, token: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.token_hash == _hashed(token)))

    def end_user(self, name: str) -> int:
        """Ends every session of the user (deactivated, or their password reset); how many."""
        with self.engine.begin() as conn:
            return int(conn.execute(delete(sessions).where(sessions.c.user_name == name))
                       .rowcount or 0)

    def add_flash(self, session: Session, message: str) -> None:
        """A message to show on the next page this session sees."""
        session.flash.append(message)
        self._write_flash(session)

    def take_flash(self, session: Session) -> list[str]:
        """The messages waiting for this session, which are then gone."""
        messages = list(session.flash)
        if messages:
            session.flash.clear()
            self._write_flash(session)
        return messages

    def _write_flash(self, session: Session) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(sessions).where(sessions.c.token_hash == _hashed(session.token))
                         .values(flash=json.dumps(session.flash)))

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(sessions)).scalar_one())

    def sweep(self) -> None:
        """Deletes every session idle for longer than the timeout (also done as sessions start)."""
        with self.engine.begin() as conn:
            self._sweep(conn, self.now())

    def _sweep(self, conn: Connection, now: float) -> None:
        conn.execute(delete(sessions).where(sessions.c.last_seen < now - self.idle_seconds))


class SignInLimiter:
    """At most `attempts` sign-in attempts per key (user name, client address) in a window of
    `window` seconds from the first, counted before the password is checked: however many
    attempts arrive at once, in however many processes, no more than `attempts` passwords are
    checked. A success clears the user's count and gives the address its attempt back.

    An attempt over the limit costs as little as possible, so that a flood of them slows nothing
    else: it is not counted (the window runs from the first attempt, so counting it would change
    nothing), it is refused after one read and no write, and once a process has seen a key over
    its limit it refuses that key for the next REMEMBER_SECONDS from memory (`refused`), without
    the database or a thread. Remembering for a few seconds only, not the whole window, keeps the
    processes in step: a success on another process clears a count within that time here too."""

    REMEMBER_SECONDS = 5.0

    def __init__(self, engine: Engine, attempts: int = 5, window: float = 900.0,
                 now: Now = time.time) -> None:
        self.engine = engine
        self.attempts = attempts
        self.window = window
        self.now = now
        self._sweeps = _Sweeps()
        self._over: dict[str, float] = {}  # key -> until when this process refuses it unasked
        self._over_lock = threading.Lock()
        create_tables(engine, web_state)

    def refused(self, *keys: str) -> bool:
        """Whether this process already knows one of keys is over its limit (memory only: cheap
        enough for the event loop)."""
        now = self.now()
        with self._over_lock:
            return any(self._over.get(key, 0.0) > now for key in keys)

    def claim(self, *keys: str) -> bool:
        """Counts one attempt against each key; False (check no password) if any is over."""
        if self.refused(*keys):
            return False
        now = self.now()
        ordered = sorted(set(keys))  # the same order in every process: no claim waits on another
        with self.engine.connect() as conn:  # a read first: a key at its limit costs no write
            full = conn.execute(select(limits.c.key, limits.c.since).where(
                limits.c.key.in_(ordered), limits.c.attempts >= self.attempts,
                limits.c.since >= now - self.window)).all()
        if full:
            self._remember([(row.key, row.since) for row in full], now)
            return False
        with self.engine.begin() as conn:
            counted = [self._count_one(conn, key, now) for key in ordered]
            if self._sweeps.due(now):
                conn.execute(delete(limits).where(limits.c.since < now - self.window))
        over = [(key, since) for key, (count, since) in zip(ordered, counted, strict=True)
                if count > self.attempts]
        self._remember(over, now)
        return not over

    def succeeded(self, user_key: str, *refund: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(limits).where(limits.c.key == user_key))
            for key in refund:
                conn.execute(update(limits).where(limits.c.key == key, limits.c.attempts > 0)
                             .values(attempts=limits.c.attempts - 1))
        with self._over_lock:
            for key in (user_key, *refund):
                self._over.pop(key, None)

    def _remember(self, over: list[tuple[str, float]], now: float) -> None:
        if not over:
            return
        with self._over_lock:
            if len(self._over) > 10_000:  # a flood of new names: forget the expired
                self._over = {k: until for k, until in self._over.items() if until > now}
            for key, since in over:
                self._over[key] = min(since + self.window, now + self.REMEMBER_SECONDS)

    def _count_one(self, conn: Connection, key: str, now: float) -> tuple[int, float]:
        """One more attempt against key, atomically (the row is locked until commit): the count
        and the window's start."""
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        stale = limits.c.since < now - self.window
        statement = dialect.insert(limits).values(key=key, attempts=1, since=now)
        statement = statement.on_conflict_do_update(
            index_elements=[limits.c.key],
            set_={"attempts": case((stale, 1), else_=limits.c.attempts + 1),
                  "since": case((stale, now), else_=limits.c.since)},
        ).returning(limits.c.attempts, limits.c.since)
        row = conn.execute(statement).one()
        return int(row.attempts), float(row.since)
