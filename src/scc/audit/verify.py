"""Verification: recompute every digest from the stored rows and every link from the sealed digests,
walking rows and links together in notification order, and say what is wrong where.

The common case (row and link agree) costs one SHA-256 over the event's bytes and two over 64
bytes. Only a disagreement pays for the look-ups that tell an alteration from a deletion, an
insertion or a reordering.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from hashlib import sha256

from sqlalchemy import Connection

from scc.audit.chain import (
    GENESIS,
    EventsTable,
    Link,
    Row,
    event_bytes,
    event_digest,
    iter_links,
    link_for,
)

ALTERED, DELETED, INSERTED, REORDERED = "altered", "deleted", "inserted", "reordered"
CHAIN_ALTERED, ANCHOR_MISSING = "chain-altered", "anchor-missing"


@dataclass(frozen=True)
class Problem:
    kind: str
    notification_id: int | None
    originator_id: str
    version: int | None
    event_type: str | None
    detail: str


@dataclass
class Verification:
    checked: int = 0
    chains: int = 0
    head: bytes | None = None
    head_notification_id: int | None = None
    anchor_found: bool | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def event_type(topic: str) -> str:
    return topic.rsplit(".", 1)[-1]


def verify(conn: Connection, events: EventsTable, originator_id: str | None = None,
           anchor: bytes | None = None, limit: int = 20) -> Verification:
    """Checks one aggregate's chain (originator_id) or both chains over the whole store."""
    result = Verification(anchor_found=False if anchor is not None else None)
    whole_store = originator_id is None
    case_prev: dict[str, bytes] = {}
    store_prev = GENESIS
    reported: set[tuple[str, int]] = set()

    def report(problem: Problem | None) -> None:
        if problem is None or len(result.problems) >= limit:
            return
        if problem.kind == REORDERED and problem.version is not None:
            if (problem.originator_id, problem.version) in reported:
                return
            reported.add((problem.originator_id, problem.version))
        result.problems.append(problem)

    for row, sealed in _merge(events.iter_rows(conn, originator_id),
                              iter_links(conn, originator_id)):
        if sealed is not None:
            oid = sealed.originator_id
            expected = sha256(case_prev.get(oid, GENESIS) + sealed.event_sha256).digest()
            case_prev[oid] = expected
            if expected != sealed.case_link:
                report(_chain_broken(sealed, "case"))
            if whole_store:
                store_prev = sha256(store_prev + sealed.event_sha256).digest()
                if store_prev != sealed.store_link:
                    report(_chain_broken(sealed, "store"))
                if store_prev == anchor:
                    result.anchor_found = True
                result.head_notification_id = sealed.notification_id
        if row is not None:
            result.checked += 1
            if sealed is not None and row.originator_id == sealed.originator_id \
                    and row.originator_version == sealed.originator_version \
                    and sha256(event_bytes(row.topic, row.originator_id, row.originator_version,
                                           row.state)).digest() == sealed.event_sha256:
                continue
            report(_row_problem(conn, row, sealed))
        elif sealed is not None:
            report(_missing_row(conn, events, sealed))
    result.chains = len(case_prev)
    if whole_store and result.head_notification_id is not None:
        result.head = store_prev
    if anchor is not None and not result.anchor_found:
        report(Problem(ANCHOR_MISSING, None, "", None, None,
                       f"the head recorded outside the system ({anchor.hex()}) is not in the "
                       "chain recomputed from the stored events: history before it was changed"))
    return result


def _merge(rows: Iterator[Row], links: Iterator[Link]
           ) -> Iterator[tuple[Row | None, Link | None]]:
    """Rows and links side by side by notification id; None where one side has nothing."""
    row, sealed = next(rows, None), next(links, None)
    while row is not None or sealed is not None:
        if sealed is None or (row is not None and row.notification_id < sealed.notification_id):
            yield row, None
            row = next(rows, None)
        elif row is None or sealed.notification_id < row.notification_id:
            yield None, sealed
            sealed = next(links, None)
        else:
            yield row, sealed
            row, sealed = next(rows, None), next(links, None)


def _chain_broken(sealed: Link, chain: str) -> Problem:
    return Problem(CHAIN_ALTERED, sealed.notification_id, sealed.originator_id,
                   sealed.originator_version, None,
                   f"the {chain} chain's link here does not follow from the one before: the audit "
                   "record itself was changed")


def _row_problem(conn: Connection, row: Row, sealed: Link | None) -> Problem:
    digest = event_digest(row.topic, row.originator_id, row.originator_version, row.state)
    kind_of = event_type(row.topic)

    def problem(kind: str, detail: str, version: int = row.originator_version) -> Problem:
        return Problem(kind, row.notification_id, row.originator_id, version, kind_of, detail)

    if sealed is not None and (sealed.originator_id, sealed.originator_version) == \
            (row.originator_id, row.originator_version):
        return problem(ALTERED, "the stored bytes differ from those sealed when it was recorded")
    if sealed is not None and sealed.originator_id == row.originator_id and event_digest(
            row.topic, row.originator_id, sealed.originator_version, row.state
    ) == sealed.event_sha256:
        return problem(REORDERED, f"the event sealed as version {sealed.originator_version} now "
                                  f"claims version {row.originator_version}",
                       sealed.originator_version)
    elsewhere = link_for(conn, row.originator_id, row.originator_version)
    if elsewhere is not None and elsewhere.event_sha256 == digest:
        return problem(REORDERED, f"sealed at notification {elsewhere.notification_id}, the "
                                  f"event now sits at notification {row.notification_id}")
    if sealed is None and elsewhere is None:
        return problem(INSERTED, "no link seals this event: it was not recorded through the "
                                 "application (or the application stopped before sealing it)")
    if sealed is not None:
        return problem(ALTERED, f"notification {row.notification_id} was sealed as version "
                                f"{sealed.originator_version} of {sealed.originator_id}; the row "
                                "now holds a different event")
    return problem(ALTERED, "the event was moved and its stored bytes changed")


def _missing_row(conn: Connection, events: EventsTable, sealed: Link) -> Problem:
    moved = events.row_for(conn, sealed.originator_id, sealed.originator_version)
    if moved is not None and event_digest(moved.topic, moved.originator_id,
                                          moved.originator_version, moved.state) \
            == sealed.event_sha256:
        return Problem(REORDERED, sealed.notification_id, sealed.originator_id,
                       sealed.originator_version, event_type(moved.topic),
                       f"sealed at notification {sealed.notification_id}, the event now sits at "
                       f"notification {moved.notification_id}")
    detail = "the sealed event is missing from the store"
    if moved is not None:
        detail += f"; a different event claims its place at notification {moved.notification_id}"
    return Problem(DELETED, sealed.notification_id, sealed.originator_id,
                   sealed.originator_version, None, detail)
