"""The head of the store's hash chain (`scc audit head`), to be recorded outside the system.
Apart from verifying and exporting (application/audit.py), so asking for it imports none of the
cases, bundles or notices those need."""

from __future__ import annotations

from typing import Any

from scc.application.context import Context
from scc.audit.chain import last_link


class ChainHead:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def head(self, user: str | None) -> dict[str, Any]:
        """The last link of the chain, its notification id, and when it was read."""
        self.ctx.actor(user, "audit.read")
        with self.ctx.engine.connect() as conn:
            head = last_link(conn)
        return {"head": head.store_link.hex() if head else None,
                "notification_id": head.notification_id if head else 0,
                "recorded_at": self.ctx.clock.now().isoformat()}
