"""Passwords, hashed with argon2, in a mutable table of their own.

Deliberately not in the event store: a password hash must be replaceable and erasable, and the
history is immutable. The table has its own MetaData so a read-model rebuild never empties it.
Hashing and verifying take about 0.1 s of CPU: the web app verifies in one thread of its own
(`check`), never on the event loop and never in the pool that serves files and database reads, so
a flood of sign-ins waits for itself while every other request is served. Two things keep that
thread from taking the machine: hashes are made with one lane (argon2's parallelism 4 verifies
in four threads of the C library, over every core, whatever pool called it), and on Linux the
thread runs at a lower priority (nice 10), so when the cores are busy the event loop comes first.
An older four-lane hash is replaced by a one-lane one the next time its user signs in.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    MetaData,
    String,
    Table,
    Text,
    delete,
    false,
    insert,
    inspect,
    select,
    update,
)

from scc.domain.errors import InvalidInput
from scc.web.sessions import create_tables

MIN_LENGTH = 12
LANES = 1  # argon2's parallelism: 1, one core per check (the memory and passes are the defaults)
NICE = 10  # the hashing thread's priority on Linux: behind the event loop when the cores are busy


def _lower_priority() -> None:
    if sys.platform == "linux":  # there, a thread's priority is its own and its children's
        thread = threading.get_native_id()
        try:  # never raised: a process already running nicer keeps its own
            os.setpriority(os.PRIO_PROCESS, thread,
                           max(NICE, os.getpriority(os.PRIO_PROCESS, thread)))
        except OSError:
            pass


# One thread: one check at a time, whatever the flood (argon2 releases the GIL while it works).
HASHING = ThreadPoolExecutor(1, thread_name_prefix="scc-argon2", initializer=_lower_priority)

store = MetaData()
credentials = Table(
    "credentials", store,
    Column("name", String(64), primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    # Set when an administrator resets the password to a temporary one: the user must choose
    # their own at their next sign-in before anything else (and cannot use the API until then).
    Column("must_change", Boolean, nullable=False, default=False, server_default=false()),
)


def _add_must_change(engine: Engine) -> None:
    """A credentials table made before the must_change column gets it (nobody must change)."""
    from scc.application.schema import schema_lock

    with schema_lock(engine), engine.begin() as conn:  # processes starting together take turns
        if "must_change" not in {c["name"] for c in inspect(conn).get_columns("credentials")}:
            conn.exec_driver_sql("ALTER TABLE credentials ADD COLUMN must_change BOOLEAN "
                                 "NOT NULL DEFAULT FALSE")


class Credentials:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.hasher = PasswordHasher(parallelism=LANES)
        create_tables(engine, store)
        _add_must_change(engine)
        # Verifying against this when the name is unknown takes as long as for a real user, so
        # timing does not tell an attacker which names exist.
        self._decoy = self.hasher.hash("decoy password, never valid")

    def set_password(self, name: str, password: str, must_change: bool = False) -> None:
        """Sets the password; `must_change`: a temporary one an administrator gave, which the
        user must replace at their next sign-in."""
        if len(password) < MIN_LENGTH:
            raise InvalidInput(f"A password needs at least {MIN_LENGTH} characters.")
        self._store(name, self.hasher.hash(password), must_change)

    def _store(self, name: str, password_hash: str, must_change: bool = False) -> None:
        row = {"name": name, "password_hash": password_hash, "changed_at": datetime.now(UTC),
               "must_change": must_change}
        with self.engine.begin() as conn:
            conn.execute(delete(credentials).where(credentials.c.name == name))
            conn.execute(insert(credentials).values(**row))

    def must_change(self, name: str) -> bool:
        """Whether the user's password is a temporary one they must change before acting."""
        with self.engine.connect() as conn:
            return bool(conn.execute(select(credentials.c.must_change)
                                     .where(credentials.c.name == name)).scalar())

    def _rehash(self, name: str, password_hash: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(credentials).where(credentials.c.name == name)
                         .values(password_hash=password_hash))

    def verify(self, name: str, password: str) -> bool:
        with self.engine.connect() as conn:
            stored = conn.execute(select(credentials.c.password_hash)
                                  .where(credentials.c.name == name)).scalar()
        try:
            right = bool(self.hasher.verify(stored or self._decoy, password))
        except (VerificationError, InvalidHashError):
            return False
        if stored is None:
            return False
        if self.hasher.check_needs_rehash(stored):  # made with other settings (four lanes)
            self._rehash(name, self.hasher.hash(password))
        return right

    async def check(self, name: str, password: str) -> bool:
        """`verify`, awaited from the event loop, run in the hashing threads."""
        return await asyncio.get_running_loop().run_in_executor(HASHING, self.verify, name,
                                                                password)

    def anyone_has_one(self) -> bool:
        """Whether any user has a password yet (a fresh installation has none)."""
        with self.engine.connect() as conn:
            return conn.execute(select(credentials.c.name).limit(1)).first() is not None

    def has_password(self, name: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(credentials.c.name)
                                .where(credentials.c.name == name)).first() is not None
