"""Passwords, hashed with argon2, in a mutable table of their own.

Deliberately not in the event store: a password hash must be replaceable and erasable, and the
history is immutable. The table has its own MetaData so a read-model rebuild never empties it.
Hashing and verifying take tens of milliseconds of CPU: the web app verifies in a small pool of
threads of its own (`check`), never on the event loop and never in the pool that serves files and
database reads, so a flood of sign-ins waits for itself while every other request is served.
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    MetaData,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
)

from scc.domain.errors import InvalidInput
from scc.web.sessions import create_tables

MIN_LENGTH = 12
# One core is left for the event loop (argon2 releases the GIL while it works).
HASHING = ThreadPoolExecutor(max(1, (os.cpu_count() or 2) - 1), thread_name_prefix="scc-argon2")

store = MetaData()
credentials = Table(
    "credentials", store,
    Column("name", String(64), primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)


class Credentials:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.hasher = PasswordHasher()
        create_tables(engine, store)
        # Verifying against this when the name is unknown takes as long as for a real user, so
        # timing does not tell an attacker which names exist.
        self._decoy = self.hasher.hash("decoy password, never valid")

    def set_password(self, name: str, password: str) -> None:
        if len(password) < MIN_LENGTH:
            raise InvalidInput(f"A password needs at least {MIN_LENGTH} characters.")
        row = {"name": name, "password_hash": self.hasher.hash(password),
               "changed_at": datetime.now(UTC)}
        with self.engine.begin() as conn:
            conn.execute(delete(credentials).where(credentials.c.name == name))
            conn.execute(insert(credentials).values(**row))

    def verify(self, name: str, password: str) -> bool:
        with self.engine.connect() as conn:
            stored = conn.execute(select(credentials.c.password_hash)
                                  .where(credentials.c.name == name)).scalar()
        try:
            return bool(self.hasher.verify(stored or self._decoy, password)) and stored is not None
        except (VerificationError, InvalidHashError):
            return False

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
