"""Server-side sessions and the sign-in rate limit, held in memory.

The cookie carries only a random token; everything else stays on the server, so signing out or
timing out really ends the session. A restart signs everyone out, which is acceptable for one
process serving one authority (and the scheduler must run in exactly one process anyway).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

Now = Callable[[], float]


@dataclass
class Session:
    token: str
    csrf: str
    last_seen: float
    user: str | None = None
    flash: list[str] = field(default_factory=list)


class SessionStore:
    def __init__(self, idle_seconds: float, now: Now = time.monotonic) -> None:
        self.idle_seconds = idle_seconds
        self.now = now
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def new(self, user: str | None = None) -> Session:
        session = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(32), self.now(), user)
        with self._lock:
            self._sessions[session.token] = session
        return session

    def get(self, token: str | None) -> Session | None:
        """The live session for token, touched; None if unknown or idle for too long."""
        if not token:
            return None
        with self._lock:
            session = self._sessions.get(token)
            if session is None:
                return None
            if self.now() - session.last_seen > self.idle_seconds:
                del self._sessions[token]
                return None
            session.last_seen = self.now()
            return session

    def drop(self, token: str) -> None:
        with self._lock:
            self._sessions.pop(token, None)


class SignInLimiter:
    """At most `attempts` failed sign-ins per key (user name, client address) in `window` seconds."""

    def __init__(self, attempts: int = 5, window: float = 900.0, now: Now = time.monotonic) -> None:
        self.attempts = attempts
        self.window = window
        self.now = now
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def blocked(self, *keys: str) -> bool:
        with self._lock:
            return any(len(self._recent(key)) >= self.attempts for key in keys)

    def failed(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._recent(key).append(self.now())

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def _recent(self, key: str) -> deque[float]:
        failures = self._failures.setdefault(key, deque())
        while failures and self.now() - failures[0] > self.window:
            failures.popleft()
        return failures
