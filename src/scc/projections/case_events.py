"""The case-events read model: one row per event of a case, holding what the case page's timeline
shows of it (type, act date, recorded time, who, the reason given, the state afterwards) and the
notice it issued, if any. The page reads one page of rows by the primary key instead of decoding
a case's whole stream (1,000 events or more on a long case). The as-of views still replay the
events themselves: they are the legal answer.

The projector writes a row for every case event, in the command's own transaction and in a
rebuild, through `Rows` like the other read models."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import Engine, select

from scc.application.documents import IssuedDocument, notice_documents
from scc.domain.values import plain_json
from scc.projections import tables as t
from scc.projections.queries import chunks
from scc.projections.rows import Rows


def record(rows: Rows, reference: str, position: int, event: Any) -> None:
    """The row of one case event; `position` is its place in the store's notification log."""
    notice = getattr(event, "notice", None)
    reason = getattr(event, "reason", None)
    state = getattr(event, "state", None)
    rows.insert(
        t.case_events, case_reference=reference, version=event.originator_version,
        position=position, type=type(event).__qualname__.split(".")[-1],
        effective_on=getattr(event, "effective_on", None),
        recorded_at=event.timestamp.isoformat(), actor=getattr(event, "actor", None),
        role=getattr(event, "role", None),
        summary=None if reason is None else str(reason),
        state=state if isinstance(state, str) else None,
        notice=json.dumps(plain_json(notice)) if notice else None,
    )


_SHOWN = ("version", "type", "effective_on", "recorded_at", "actor", "role", "summary", "state")


def newest(engine: Engine, reference: str, skip: int, count: int) -> list[dict[str, Any]]:
    """`count` of the case's events, newest first, after skipping the `skip` newest."""
    e = t.case_events.c
    query = (select(*(e[name] for name in _SHOWN)).where(e.case_reference == reference)
             .order_by(e.version.desc()).offset(skip).limit(count))
    with engine.connect() as conn:
        return [{k: v.isoformat() if isinstance(v, date) else v for k, v in row._mapping.items()}
                for row in conn.execute(query)]


def issued(engine: Engine, reference: str) -> list[IssuedDocument]:
    """The documents issued on the case, in event order (as `issued_documents` of its events)."""
    return issued_on(engine, [reference]).get(reference, [])


def issued_on(engine: Engine, references: Collection[str]) -> dict[str, list[IssuedDocument]]:
    """The documents issued on each of the cases `references` (one read for all of them), each
    case's in event order; a case with none is left out."""
    e = t.case_events.c
    query = (select(e.case_reference, e.notice, e.effective_on, e.type, e.version)
             .where(e.notice.is_not(None)).order_by(e.case_reference, e.version))
    wanted, found = sorted(references), dict[str, list[IssuedDocument]]()
    with engine.connect() as conn:
        for chunk in chunks(wanted):
            for reference, notice, on, kind, version in conn.execute(
                    query.where(e.case_reference.in_(chunk))):
                found.setdefault(reference, []).extend(
                    notice_documents(json.loads(notice), on.isoformat(), kind, version))
    return found
