"""The legal audit service: verify the chains, print the head, export evidence bundles.

Reading and exporting never change a case. The only thing written is the record of an export
(who exported which bundle, when), on the case's own export log."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from sqlalchemy import Connection, select

from scc.application import as_of
from scc.application.cases import CaseService, _event_json
from scc.application.chain_head import ChainHead
from scc.application.context import Context
from scc.application.documents import DocumentStore, document_store, issued_documents
from scc.application.evidence_list import kept
from scc.application.files import FileFolder
from scc.application.school_records import school_records
from scc.application.scope import Scope, reference_urn, scope_of
from scc.application.store import replay, snapshot_keys
from scc.audit.bundle import (
    AS_OF,
    DOCUMENTS,
    EVENTS,
    RECORDS_INDEX,
    make_bundle,
    stored_fields,
    uploaded_files,
)
from scc.audit.chain import EventsTable, iter_links, last_link
from scc.audit.log import ExportLog, export_log_id
from scc.audit.timeline import timeline_html, timeline_pdf
from scc.audit.verify import SNAPSHOT_ALTERED, Problem, Remembered, Verification, verify
from scc.domain import ids
from scc.domain.case import ConcernCase
from scc.domain.errors import InvalidInput, RuleViolation
from scc.projections.tables import POSITION, cases, positions, schools, users, versions


class AuditService:
    def __init__(self, ctx: Context, case_service: CaseService,
                 documents: DocumentStore | None = None) -> None:
        self.ctx = ctx
        self.cases = case_service
        self.documents = documents or document_store(ctx.engine)

    def verify(self, user: str | None, reference: str | None = None,
               anchor: str | None = None) -> dict[str, Any]:
        scope = scope_of(self.ctx, self.ctx.actor(user, "audit.read"))
        case_id = self._case(scope, reference).id if reference else None
        originator = case_id.hex if case_id else None
        with self.ctx.engine.connect() as conn:
            result = verify(conn, self.ctx.events_table(), originator, _anchor(anchor),
                            remembered=_remembered(conn, originator))
            result.problems.extend(self._snapshot_problems(case_id))
            return self._report(conn, result, f"case {reference}" if reference else "store",
                                scope)

    def _snapshot_problems(self, only: UUID | None) -> list[Problem]:
        """A snapshot is a shortcut through a long history, so it is checked like the history:
        each must equal the aggregate replayed from its events up to the snapshot's version."""
        store = self.ctx.store
        if store.snapshots is None:
            return []
        recorder: Any = store.snapshots.recorder
        problems = []
        for originator_id, version in snapshot_keys(self.ctx.engine, recorder, only):
            stored: Any = next(iter(store.snapshots.get(originator_id, lte=version, desc=True,
                                                        limit=1)))
            replayed = replay(None, store.events.get(originator_id, lte=version))
            fresh: Any = store.mapper.to_domain_event(store.mapper.to_stored_event(
                type(stored).take(replayed)))
            if fresh.state != stored.state:
                problems.append(Problem(
                    SNAPSHOT_ALTERED, None, originator_id.hex, version, None,
                    "the snapshot of this record at this version is not what its events make "
                    "it: the snapshot was changed (commands would start from it)"))
        return problems

    def head(self, user: str | None) -> dict[str, Any]:
        return ChainHead(self.ctx).head(user)

    def export(self, user: str | None, reference: str) -> tuple[bytes, dict[str, Any]]:
        """The bundle's bytes and a summary; the export is recorded before the bytes are given."""
        actor = self.ctx.actor(user, "audit.export")
        case = self._case(scope_of(self.ctx, actor), reference)
        table = self.ctx.events_table()
        with self.ctx.engine.connect() as conn:
            checked = verify(conn, table, case.id.hex)
            if not checked.ok:
                first = checked.problems[0]
                raise RuleViolation(
                    f"Case {reference}'s history does not verify ({first.kind} at notification "
                    f"{first.notification_id}: {first.detail}); no bundle was made. "
                    "Run `scc audit verify` for the details."
                )
            events, domain_events = self._events(conn, table, case.id)
            store_head = last_link(conn)
        assert store_head is not None  # the case's own events are sealed, so the store has a head
        moment = self.ctx.clock.now()
        now = moment.isoformat()
        chain = {
            "algorithm": "link = SHA-256(previous link || SHA-256(topic \\n originator id \\n "
                         "version \\n state)); the first link follows 32 zero bytes",
            "case_head": events[-1]["case_link"], "case_events": len(events),
            "store_head": store_head.store_link.hex(),
            "store_head_notification_id": store_head.notification_id,
        }
        exported_by = {"name": actor.name, "role": actor.role.value}
        answered = self._as_of(case, domain_events)
        uploaded, belongs = uploaded_files(kept(self.ctx, case.urn), FileFolder(self.ctx.files).raw,
                                           reference)
        records = school_records(self.ctx, self.documents, case.urn)
        html = timeline_html({
            "case": self.cases.describe(case), "exported_by": exported_by,
            "exported_at": as_of.uk_time(moment), "chain": chain, "as_of": answered,
            "events": [{**e, "recorded_at_uk": line["recorded_at_uk"]}
                       for e, line in zip(events, answered["timeline"], strict=True)],
            "records": json.loads(records[RECORDS_INDEX]), "belongs": belongs,
            "day": lambda text: as_of.long_day(date.fromisoformat(text[:10]))})
        files = {EVENTS: b"".join(json.dumps(e, ensure_ascii=False).encode() + b"\n"
                                  for e in events),
                 "timeline.html": html}
        issued = issued_documents(domain_events)
        # Exactly as sent: the store refuses a copy whose bytes no longer match their SHA-256.
        files.update({f"{DOCUMENTS}{doc.filename}": self.documents.get(doc.sha256)
                      for doc in issued})
        files.update(uploaded)
        files.update(records)  # the school's history, visits, plans, meetings and support
        files[AS_OF] = json.dumps(answered, indent=2, ensure_ascii=False).encode()
        files["documents.json"] = json.dumps([d.as_dict() for d in issued], indent=2,
                                             ensure_ascii=False).encode()
        notes = []
        pdf = timeline_pdf(html)
        if pdf is None:
            notes.append("timeline.pdf is omitted: WeasyPrint is not installed.")
        else:
            files["timeline.pdf"] = pdf
        bundle, manifest_sha256 = make_bundle(files, {
            "case": reference, "school": case.school_name, "urn": case.urn, "exported_at": now,
            "exported_by": exported_by, "chain": chain, "notes": notes,
            "uploaded_files": belongs,
        })
        log_id, today = export_log_id(reference), self.ctx.clock.today()
        log = (self.ctx.get(log_id, ExportLog, "") if self.ctx.exists(log_id)
               else ExportLog(reference=reference, actor=actor.name, role=actor.role.value,
                              effective_on=today))
        log.record_export(actor.name, actor.role.value, today, manifest_sha256,
                          chain["case_head"], chain["store_head"], sorted(files))
        self.ctx.save(log)
        return bundle, {"case": reference, "manifest_sha256": manifest_sha256,
                        "case_head": chain["case_head"], "files": sorted(files), "notes": notes}

    def _as_of(self, case: ConcernCase, domain_events: list[Any]) -> dict[str, Any]:
        """Both answers for the moment of the export (what the authority had recorded by then;
        the case's position that day by the dates of the acts), and each event's recorded time
        beside the date of its act."""
        now, today = self.ctx.clock.now(), self.ctx.clock.today()
        lines = [as_of.event_line(e, _event_json(e)) for e in domain_events]
        known = as_of.recorded_by(domain_events, now)
        # The library stamps events by the wall clock: a clock set back (a rehearsal) may stand
        # before them; then what the authority had recorded is the whole history exported.
        known = known or domain_events
        effective = as_of.effective_by(domain_events, today)
        answers = {
            as_of.KNOWN_AT: {**self.cases.describe(case if len(known) == len(domain_events) else
                                                   as_of.replayed(known), today),
                             "label": as_of.known_at_label(now),
                             "events": [e.originator_version for e in known]},
            as_of.POSITION_ON: {**self.cases.describe(as_of.replayed(effective), today),
                                "label": as_of.position_on_label(today),
                                "events": [e.originator_version for e in effective]}
            if effective else None,
        }
        return {"exported_at": now.isoformat(), "exported_at_uk": as_of.uk_time(now),
                "answers": answers,
                "timeline": [{k: line[k] for k in ("version", "type", "effective_on",
                                                    "recorded_at", "recorded_at_uk",
                                                    "recorded_days_after_act", "note")}
                             for line in lines]}

    def _case(self, scope: Scope, reference: str) -> ConcernCase:
        case = self.ctx.get(ids.case_id(reference), ConcernCase, f"There is no case {reference}.")
        scope.case(case.urn, reference)
        return case

    def _events(self, conn: Connection, table: EventsTable, case_id: UUID
                ) -> tuple[list[dict[str, Any]], list[Any]]:
        """Each event readable (as in `case history`) and as stored, with its digest and link;
        and the domain events decoded from those same bytes."""
        links = {lk.notification_id: lk for lk in iter_links(conn, case_id.hex)}
        found, domain_events = [], []
        for row in table.iter_rows(conn, case_id.hex):
            sealed = links[row.notification_id]
            domain_event = self.ctx.store.mapper.to_domain_event(StoredEvent(
                originator_id=case_id, originator_version=row.originator_version,
                topic=row.topic, state=row.state))
            domain_events.append(domain_event)
            found.append({
                "notification_id": row.notification_id, **_event_json(domain_event),
                "stored": stored_fields(row.topic, row.originator_id, row.originator_version,
                                        row.state),
                "event_sha256": sealed.event_sha256.hex(), "case_link": sealed.case_link.hex(),
            })
        return found, domain_events

    def _report(self, conn: Connection, result: Verification, checked: str,
                scope: Scope) -> dict[str, Any]:
        return {
            "ok": result.ok, "scope": checked, "events": result.checked, "chains": result.chains,
            "head": result.head.hex() if result.head else None,
            "head_notification_id": result.head_notification_id,
            "anchor_found": result.anchor_found,
            "problems": [self._problem(conn, p, scope) for p in result.problems],
        }

    @staticmethod
    def _problem(conn: Connection, problem: Problem, scope: Scope) -> dict[str, Any]:
        """A problem found; one in a record of a school outside the user's scope says where it
        is in the chain but not whose record it is."""
        subject, urn = _subject(conn, problem.originator_id)
        if urn is not None and not scope.covers(urn):
            return {"kind": problem.kind, "notification_id": problem.notification_id,
                    "subject": "a record outside your authorities", "version": None,
                    "event": None, "detail": "ask an administrator of the authority"}
        return {"kind": problem.kind, "notification_id": problem.notification_id,
                "subject": subject, "version": problem.version,
                "event": problem.event_type, "detail": problem.detail}


def _anchor(text: str | None) -> bytes | None:
    if text is None:
        return None
    try:
        anchor = bytes.fromhex(text.strip())
    except ValueError:
        anchor = b""
    if len(anchor) != 32:
        raise InvalidInput(f"'{text}' is not a head hash: give the 64 hex digits `scc audit head` "
                           "printed.")
    return anchor


def _remembered(conn: Connection, originator_hex: str | None) -> Remembered:
    """What the read models saw: the last notification applied and each aggregate's version
    (for one case, its version only: a case cannot know where the store ends)."""
    query = select(versions.c.originator_id, versions.c.version)
    if originator_hex is not None:
        query = query.where(versions.c.originator_id == originator_hex)
        return Remembered(0, {oid: v for oid, v in conn.execute(query)})
    position = conn.execute(select(positions.c.position)
                            .where(positions.c.name == POSITION)).scalar()
    return Remembered(int(position or 0), {oid: v for oid, v in conn.execute(query)})


def _subject(conn: Connection, originator_hex: str) -> tuple[str, str | None]:
    """Names an aggregate the way people know it (case reference, school URN, user name), with
    the URN of its school where it has one."""
    try:
        uuid = str(UUID(originator_hex))
    except (TypeError, ValueError):
        return "", None
    for label, table, column in (("case", cases, cases.c.reference),
                                 ("school", schools, schools.c.urn),
                                 ("user", users, users.c.name)):
        name = conn.execute(select(column).where(table.c.id == uuid)).scalar()
        if name is not None:
            return f"{label} {name}", reference_urn(name) if label != "user" else None
    return f"record {uuid}", None
