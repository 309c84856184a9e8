"""Counting a service call's reads of the database, on all three paths it has: SQLAlchemy
statements on the engine, the plain driver statements of `Context._ask_all` (version look-ups), and
the event store's selects of an aggregate's events or snapshot (the library's own connection).
A test compares counts for few and many schools, never times."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from sqlalchemy import event

from scc.bootstrap import Services


class Reads:
    def __init__(self) -> None:
        self.count = 0
        self.of: Counter[UUID] = Counter()  # the store's selects of each record's events
        self.statements: list[str] = []  # the SQL of the engine's statements

    def seen(self, *_args: Any, **_kwargs: Any) -> None:
        self.count += 1

    def executed(self, _conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        self.seen()
        self.statements.append(statement)

    def reading(self, table: str) -> int:
        """How many of the engine's statements read `table`."""
        return sum(f"FROM {table}" in " ".join(s.split()) for s in self.statements)


def _counting(reads: Reads, method: Callable[..., Any]) -> Callable[..., Any]:
    def counted(*args: Any, **kwargs: Any) -> Any:
        reads.seen()
        return method(*args, **kwargs)
    return counted


def _selecting(reads: Reads, method: Callable[..., Any]) -> Callable[..., Any]:
    def counted(originator_id: UUID, *args: Any, **kwargs: Any) -> Any:
        reads.seen()
        reads.of[originator_id] += 1
        return method(originator_id, *args, **kwargs)
    return counted


@contextmanager
def reads_of(services: Services) -> Iterator[Reads]:
    """Counts every read the services make of the database inside the block."""
    ctx, reads = services.ctx, Reads()
    store: Any = ctx.store
    recorders = {id(r): r for r in (store.recorder, getattr(store.snapshots, "recorder", None))
                 if r is not None}
    originals = [(r, r.select_events) for r in recorders.values()]
    asked = ctx._ask_all
    event.listen(ctx.engine, "before_cursor_execute", reads.executed)
    try:
        for recorder, select in originals:
            recorder.select_events = _selecting(reads, select)
        ctx._ask_all = _counting(reads, asked)  # type: ignore[method-assign]
        yield reads
    finally:
        event.remove(ctx.engine, "before_cursor_execute", reads.executed)
        for recorder, _select in originals:
            del recorder.select_events  # the class's method again
        del ctx._ask_all
