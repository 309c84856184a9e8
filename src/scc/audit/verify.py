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
    event_digest,
    iter_links,
    link_for,
    links_count,
)

ALTERED, DELETED, INSERTED, REORDERED = "altered", "deleted", "inserted", "reordered"
CHAIN_ALTERED, ANCHOR_MISSING, MALFORMED = "chain-altered", "anchor-missing", "malformed"
TAIL_DELETED, SNAPSHOT_ALTERED = "tail-deleted", "snapshot-altered"


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
    last_notification_id: int | None = None  # of the stored rows
    versions: dict[str, int] = field(default_factory=dict)  # each aggregate's last stored version

    @property
    def ok(self) -> bool:
        return not self.problems


def event_type(topic: str) -> str:
    return topic.rsplit(".", 1)[-1]


def malformation(row: Row) -> str | None:
    """What makes a stored row impossible to read as an event, or None. Only a row written
    around the application can be malformed; it is named, never allowed to stop the check."""
    wrong = []
    if not (isinstance(row.originator_id, str) and len(row.originator_id) == 32
            and all(c in "0123456789abcdef" for c in row.originator_id)):
        wrong.append(f"its id {row.originator_id!r} is not a UUID")
    if type(row.originator_version) is not int:
        wrong.append(f"its version {row.originator_version!r} is not a whole number")
    if not isinstance(row.topic, str) or "\n" in row.topic or ":" not in row.topic:
        wrong.append(f"its type {row.topic!r} is not an event type")
    if not isinstance(row.state, bytes | memoryview):
        wrong.append("its state is not stored as bytes")
    return "; ".join(wrong) or None


def row_digest(row: Row) -> bytes | None:
    """The row's SHA-256 as sealed, or None for a malformed row."""
    if malformation(row) is not None:
        return None
    return event_digest(row.topic, row.originator_id, row.originator_version, bytes(row.state))


def verify(conn: Connection, events: EventsTable, originator_id: str | None = None,
           anchor: bytes | None = None, limit: int = 20,
           remembered: Remembered | None = None) -> Verification:
    """Checks one aggregate's chain (originator_id) or both chains over the whole store. The whole
    store is checked first by the fast path; only a store with a problem pays for the walk that
    says what each problem is. `remembered` is what the read models saw (a deleted tail)."""
    remembered = remembered or Remembered()
    if originator_id is None and anchor is None:
        fast = _fast(conn, events, remembered)
        if fast is not None:
            return fast
    result = _walk(conn, events, originator_id, anchor, limit)
    result.problems.extend(_forgotten(remembered, result)[:max(0, limit - len(result.problems))])
    return result


@dataclass
class Remembered:
    """What the database remembers apart from the events: the read models' position (the last
    notification they applied) and each aggregate's last version as they saw it."""

    position: int = 0
    versions: dict[str, int] = field(default_factory=dict)


def _forgotten(remembered: Remembered, result: Verification) -> list[Problem]:
    problems = []
    last = result.last_notification_id or 0
    if remembered.position > last:
        problems.append(Problem(
            TAIL_DELETED, remembered.position, "", None, None,
            f"the read models applied events up to notification {remembered.position}, but the "
            f"store ends at notification {last}: events at its end were deleted"))
    for oid, seen in remembered.versions.items():
        stored = result.versions.get(oid, 0)
        if stored < seen:
            problems.append(Problem(
                TAIL_DELETED, None, oid, seen, None,
                f"the read models saw version {seen} of this record, but the store holds "
                f"versions up to {stored} only: its last events were deleted"))
    return problems


def _fast(conn: Connection, events: EventsTable, remembered: Remembered) -> Verification | None:
    """Rows joined to their links in one ordered scan, three SHA-256 per event and nothing
    else; None as soon as anything disagrees (the walk then says what)."""
    result = Verification()
    case_prev: dict[str, bytes] = {}
    versions = result.versions
    store_prev = GENESIS
    linked = 0
    last_nid = 0
    for batch in events.joined_batches(conn):
        for nid, oid, version, topic, state, l_oid, l_version, sealed, case_link, store_link \
                in batch:
            if l_oid != oid or l_version != version or type(version) is not int \
                    or not isinstance(topic, str):
                return None
            digest = sha256(b"%s\n%s\n%d\n%s" % (topic.encode(), oid.encode(), version,
                                                    state)).digest()
            if digest != sealed:
                return None
            expected = sha256(case_prev.get(oid, GENESIS) + digest).digest()
            store_prev = sha256(store_prev + digest).digest()
            if expected != case_link or store_prev != store_link:
                return None
            case_prev[oid] = expected
            versions[oid] = version
            last_nid = nid
        linked += len(batch)
    if linked != links_count(conn):
        return None
    result.checked = linked
    result.chains = len(case_prev)
    result.last_notification_id = last_nid
    if linked:
        result.head, result.head_notification_id = store_prev, last_nid
    if _forgotten(remembered, result):
        return None
    return result


def _walk(conn: Connection, events: EventsTable, originator_id: str | None,
          anchor: bytes | None, limit: int) -> Verification:
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
            result.last_notification_id = row.notification_id
            if type(row.originator_version) is int:
                result.versions[row.originator_id] = max(
                    row.originator_version, result.versions.get(row.originator_id, 0))
            malformed = malformation(row)
            if malformed is not None:
                report(Problem(MALFORMED, row.notification_id, str(row.originator_id),
                               None, None, f"the row cannot be read as an event: {malformed}; "
                               "it was not recorded through scc"))
                continue
            if sealed is not None and row.originator_id == sealed.originator_id \
                    and row.originator_version == sealed.originator_version \
                    and row_digest(row) == sealed.event_sha256:
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
    digest = row_digest(row)
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
        return problem(INSERTED, "no link seals this event: it was not recorded through scc, "
                                 "which seals every event in the transaction that stores it")
    if sealed is not None:
        return problem(ALTERED, f"notification {row.notification_id} was sealed as version "
                                f"{sealed.originator_version} of {sealed.originator_id}; the row "
                                "now holds a different event")
    return problem(ALTERED, "the event was moved and its stored bytes changed")


def _missing_row(conn: Connection, events: EventsTable, sealed: Link) -> Problem:
    moved = events.row_for(conn, sealed.originator_id, sealed.originator_version)
    if moved is not None and row_digest(moved) == sealed.event_sha256:
        return Problem(REORDERED, sealed.notification_id, sealed.originator_id,
                       sealed.originator_version, event_type(moved.topic),
                       f"sealed at notification {sealed.notification_id}, the event now sits at "
                       f"notification {moved.notification_id}")
    detail = "the sealed event is missing from the store"
    if moved is not None:
        detail += f"; a different event claims its place at notification {moved.notification_id}"
    return Problem(DELETED, sealed.notification_id, sealed.originator_id,
                   sealed.originator_version, None, detail)
