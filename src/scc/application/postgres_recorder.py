"""The PostgreSQL recorder of `scc.application.recorders`: the command's events inserted on its
own transaction's connection, after the unit of work has locked the events table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder

from scc.application.recorders import unit_connection

_INSERT = ("INSERT INTO {table} (originator_id, originator_version, topic, state) "
           "SELECT * FROM unnest(%s::uuid[], %s::bigint[], %s::text[], %s::bytea[]) "
           "RETURNING notification_id")


class PostgresUnitRecorder(PostgresApplicationRecorder):
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any
                      ) -> Sequence[int] | None:
        driver = unit_connection(kwargs, stored_events).connection.driver_connection
        assert driver is not None
        # One round trip for any number of events; the unit holds the table's EXCLUSIVE lock, so
        # notification ids are given in commit order, as the library's own insert guarantees.
        with driver.cursor() as cursor:
            try:
                cursor.execute(_INSERT.format(table=self.events_table_name), (
                    [s.originator_id for s in stored_events],
                    [s.originator_version for s in stored_events],
                    [s.topic for s in stored_events], [s.state for s in stored_events]))
                # In a pipeline the insert is refused here, when its result is read.
                return [row[0] for row in cursor.fetchall()]
            except psycopg.IntegrityError as taken:  # another command wrote this version first
                raise IntegrityError(taken) from taken
