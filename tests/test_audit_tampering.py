"""Tamper evidence: rows of the event store altered, deleted, inserted or reordered straight in the
database (SQLite and PostgreSQL) are reported by `scc audit verify`, with where and what."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from scc.audit.chain import GENESIS, audit_chain, event_digest, link
from scc.domain import ids
from tests.conftest import cli_against
from tests.test_atomic_writes import read_models

D = date.fromisoformat
REF = "100001-1"


@pytest.fixture
def oak_case(services, database_url):
    """A case with three events: opened (1), concerns shared (2), warning notice (3)."""
    svc = services
    svc.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    svc.cases.open("sam", "100001", "Attainment falling for three years", D("2025-11-03"))
    svc.cases.share_concerns("sam", REF, D("2025-11-10"), "Shared at the autumn meeting")
    svc.cases.warning_notice("sam", REF, "s60", ["standards"], D("2025-12-19"),
                             reason="Results far below floor standards")
    return svc, cli_against(database_url)


class Tamper:
    """Direct SQL on the library's events table, as someone with database access could do."""

    def __init__(self, svc):
        self.engine = svc.ctx.engine
        self.table = svc.ctx.events_table().name
        self.nid = "rowid" if self.engine.dialect.name == "sqlite" else "notification_id"
        self.case_id = ids.case_id(REF)

    def notification_of(self, version: int) -> int:
        oid = self.case_id.hex if self.engine.dialect.name == "sqlite" else str(self.case_id)
        with self.engine.connect() as conn:
            return int(conn.execute(text(
                f"SELECT {self.nid} FROM {self.table} WHERE originator_id = :oid "
                "AND originator_version = :v"), {"oid": oid, "v": version}).scalar())

    def run(self, sql: str, **params) -> None:
        with self.engine.begin() as conn:
            conn.execute(text(sql.format(table=self.table, nid=self.nid)), params)


def reseal_everything(svc) -> None:
    """What a forger who knows the algorithm can do with write access to both tables."""
    with svc.ctx.engine.begin() as conn:
        rows = list(svc.ctx.events_table().iter_rows(conn))
        conn.execute(audit_chain.delete())
        store, cases = GENESIS, {}
        for nid, oid, version, topic, state in rows:
            digest = event_digest(topic, oid, version, state)
            cases[oid] = link(cases.get(oid, GENESIS), digest)
            store = link(store, digest)
            conn.execute(audit_chain.insert().values(
                notification_id=nid, originator_id=oid, originator_version=version,
                event_sha256=digest, case_link=cases[oid], store_link=store))


def verify(cli, *args):
    result = cli("audit", "verify", *args, user="lee")
    return result.code, result.out


def test_an_untouched_store_verifies(oak_case):
    _, cli = oak_case
    code, out = verify(cli)
    assert code == 0, out
    assert out.startswith("OK:") and "head" in out
    assert verify(cli, "--case", REF)[0] == 0
    head = cli("audit", "head", user="lee").out.split()[0]
    assert head in out


def test_an_altered_event_is_reported_with_its_case_and_version(oak_case):
    svc, cli = oak_case
    tamper = Tamper(svc)
    nid = tamper.notification_of(3)
    tamper.run("UPDATE {table} SET state = :state WHERE {nid} = :nid",
               state=_state(svc, nid).replace(b"far below", b"just below"), nid=nid)

    code, out = verify(cli)
    assert code == 3
    assert f"ALTERED at notification {nid}: case {REF} version 3 (WarningNoticeIssued)" in out
    code, out = verify(cli, "--case", REF)
    assert code == 3 and "ALTERED" in out


def test_a_deleted_event_is_reported_as_missing(oak_case):
    svc, cli = oak_case
    tamper = Tamper(svc)
    nid = tamper.notification_of(2)
    tamper.run("DELETE FROM {table} WHERE {nid} = :nid", nid=nid)

    code, out = verify(cli)
    assert code == 3
    assert f"DELETED at notification {nid}: case {REF} version 2" in out
    assert "missing" in out


def test_an_event_inserted_behind_the_applications_back_is_reported(oak_case):
    svc, cli = oak_case
    tamper = Tamper(svc)
    nid = tamper.notification_of(2)
    # A forged fourth event: a copy of the concerns-shared event, as the next version.
    tamper.run("INSERT INTO {table} (originator_id, originator_version, topic, state) "
               "SELECT originator_id, 4, topic, state FROM {table} WHERE {nid} = :nid", nid=nid)

    code, out = verify(cli)
    assert code == 3
    assert f"INSERTED at notification {nid + 2}: case {REF} version 4 (ConcernsShared)" in out


def test_a_forged_event_stays_unsealed_and_reported_after_later_writes(oak_case):
    svc, cli = oak_case
    recorded_head = cli("audit", "head", user="lee").out.split()[0]
    tamper = Tamper(svc)
    nid = tamper.notification_of(2)
    tamper.run("INSERT INTO {table} (originator_id, originator_version, topic, state) "
               "SELECT originator_id, 4, topic, state FROM {table} WHERE {nid} = :nid", nid=nid)
    forged = f"INSERTED at notification {nid + 2}: case {REF} version 4"

    # Another school's ordinary work goes on, and seals only its own events...
    svc.schools.add("sam", "100002", "Elm Primary School", "community", "Primary")
    svc.cases.open("sam", "100002", "Attendance falling", D("2025-11-04"))
    for args in ((), ("--anchor", recorded_head)):
        code, out = verify(cli, *args)
        assert code == 3 and forged in out, out
    # ...but nothing is recorded on top of the forged event: the case is refused, untouched.
    before = svc.ctx.store.event_count()
    refused = cli("case", "close", REF, "--on", "2026-01-05", "--reason", "Done", user="sam")
    assert refused.code == 3
    assert "not recorded through scc" in refused.err and "nothing was written" in refused.err
    assert svc.ctx.store.event_count() == before
    # A rebuild projects what the chain vouches for: the forged event stays out of every view
    # built from the read models, and the read models equal what the commands projected.
    projected = read_models(svc)
    svc.admin.rebuild_projections("ada")
    assert read_models(svc) == projected
    assert forged in verify(cli)[1]


def test_a_malformed_row_is_named_without_stopping_the_check(oak_case):
    svc, cli = oak_case
    tamper = Tamper(svc)
    oid = tamper.case_id.hex if tamper.engine.dialect.name == "sqlite" else str(tamper.case_id)
    tamper.run("INSERT INTO {table} (originator_id, originator_version, topic, state) "
               "VALUES (:oid, 9, NULL, NULL)", oid=oid)

    code, out = verify(cli)
    assert code == 3, out
    assert "MALFORMED" in out and "is not an event type" in out
    assert "Traceback" not in out


def test_a_deleted_tail_with_its_links_is_noticed_by_what_the_read_models_saw(oak_case):
    svc, cli = oak_case
    tamper = Tamper(svc)
    last = tamper.notification_of(3)
    # The forger removes the last event and its link, so the chain alone looks whole.
    tamper.run("DELETE FROM {table} WHERE {nid} = :nid", nid=last)
    with svc.ctx.engine.begin() as conn:
        conn.execute(audit_chain.delete().where(audit_chain.c.notification_id == last))

    code, out = verify(cli)
    assert code == 3
    assert "TAIL-DELETED" in out
    assert f"applied events up to notification {last}" in out
    assert "saw version 3 of this record" in out
    code, out = verify(cli, "--case", REF)
    assert code == 3 and "saw version 3" in out


def test_two_events_swapped_in_recorded_order_are_reported_as_reordered(oak_case):
    svc, cli = oak_case
    tamper = Tamper(svc)
    first, second = tamper.notification_of(2), tamper.notification_of(3)
    tamper.run("UPDATE {table} SET {nid} = -1 WHERE {nid} = :a", a=first)
    tamper.run("UPDATE {table} SET {nid} = :a WHERE {nid} = :b", a=first, b=second)
    tamper.run("UPDATE {table} SET {nid} = :b WHERE {nid} = -1", b=second)

    code, out = verify(cli)
    assert code == 3
    assert f"REORDERED at notification {first}: case {REF} version 3" in out
    assert f"sealed at notification {second}" in out


def test_renumbered_versions_are_reported_as_reordered(oak_case):
    svc, cli = oak_case
    tamper = Tamper(svc)
    first = tamper.notification_of(2)
    tamper.run("UPDATE {table} SET originator_version = -2 WHERE {nid} = :a", a=first)
    tamper.run("UPDATE {table} SET originator_version = 2 WHERE originator_version = 3 "
               "AND {nid} = :b", b=tamper.notification_of(3))
    tamper.run("UPDATE {table} SET originator_version = 3 WHERE {nid} = :a", a=first)

    code, out = verify(cli, "--case", REF)
    assert code == 3
    assert "the event sealed as version 2 now claims version 3" in out


def test_a_rewritten_audit_chain_is_caught_by_the_head_recorded_outside(oak_case):
    svc, cli = oak_case
    recorded_head = cli("audit", "head", user="lee").out.split()[0]
    tamper = Tamper(svc)
    nid = tamper.notification_of(3)
    tamper.run("UPDATE {table} SET state = :state WHERE {nid} = :nid",
               state=_state(svc, nid).replace(b"far below", b"just below"), nid=nid)
    # A careful forger re-seals the whole store so that every link agrees again...
    reseal_everything(svc)
    assert verify(cli)[0] == 0
    # ...but the chain no longer passes through the head recorded in the minutes.
    code, out = verify(cli, "--anchor", recorded_head)
    assert code == 3
    assert "ANCHOR-MISSING" in out and recorded_head in out


def test_an_edited_link_is_reported_as_a_change_to_the_audit_record(oak_case):
    svc, cli = oak_case
    nid = Tamper(svc).notification_of(2)
    with svc.ctx.engine.begin() as conn:
        conn.execute(audit_chain.update().where(audit_chain.c.notification_id == nid)
                     .values(store_link=bytes(32)))
    code, out = verify(cli)
    assert code == 3 and f"CHAIN-ALTERED at notification {nid}" in out


def _state(svc, nid: int) -> bytes:
    tamper = Tamper(svc)
    with svc.ctx.engine.connect() as conn:
        return bytes(conn.execute(text(
            f"SELECT state FROM {tamper.table} WHERE {tamper.nid} = :nid"), {"nid": nid}).scalar())


def test_a_changed_snapshot_is_reported_because_commands_would_start_from_it(services,
                                                                             database_url):
    svc, cli = services, cli_against(database_url)
    svc.schools.add("sam", "100009", "Ash Primary School", "community", "Primary")
    first = D("2000-01-03")
    for week in range(101):  # 101 judgements: the school's 100th event is snapshotted
        svc.schools.record_ofsted("sam", "100009", first + timedelta(weeks=week), "good")
    assert verify(cli)[0] == 0
    table = "stored_snapshots" if svc.ctx.engine.dialect.name == "sqlite" else "scc_snapshots"
    with svc.ctx.engine.begin() as conn:
        state = conn.execute(text(f"SELECT state FROM {table}")).scalar_one()
        conn.execute(text(f"UPDATE {table} SET state = :s"),
                     {"s": bytes(state).replace(b"Ash Primary", b"Oak Primary")})

    code, out = verify(cli)
    assert code == 3
    assert "SNAPSHOT-ALTERED" in out and "version 100" in out
