"""The content-addressed document store: the exact bytes of every issued notice, named by SHA-256.

Embedded (SQLite) mode keeps one file per document in a `documents` folder beside the database
file (./var/documents/<sha256> by default); PostgreSQL mode keeps them in a `documents` table.
Documents are primary records, not a read model, so the table has its own metadata and is never
dropped by a projection rebuild. A document is written before the event that refers to it: if the
command then fails, an unreferenced document may remain, which issues nothing and harms nothing.
Reading checks the hash, so a copy changed on disk is reported, never returned.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Column, Engine, LargeBinary, MetaData, String, Table, insert, select
from sqlalchemy.exc import IntegrityError

from scc.domain.errors import InvalidInput, NotFound

_HEX = re.compile(r"[0-9a-f]{8,64}")
MIN_PREFIX = 8

metadata = MetaData()
documents = Table(
    "documents", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("content", LargeBinary, nullable=False),
)


class CorruptDocument(NotFound):
    """The stored bytes no longer hash to their name."""


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class DocumentStore(Protocol):
    def put(self, content: bytes) -> str:
        """Stores content (idempotently) and returns its SHA-256."""

    def get(self, digest: str) -> bytes:
        """The bytes whose SHA-256 is digest; NotFound if absent or corrupt."""

    def resolve(self, prefix: str) -> str:
        """The full SHA-256 of the one stored document whose name starts with prefix."""


def _checked(digest: str, content: bytes) -> bytes:
    if sha256(content) != digest:
        raise CorruptDocument(f"The stored document {digest} does not match its SHA-256.")
    return content


def valid_prefix(prefix: str) -> str:
    prefix = prefix.strip().lower()
    if not _HEX.fullmatch(prefix):
        raise InvalidInput(
            f"'{prefix}' is not a document id: give its SHA-256 (at least {MIN_PREFIX} hex digits)."
        )
    return prefix


def _one(prefix: str, found: list[str]) -> str:
    if not found:
        raise NotFound(f"There is no document {prefix}.")
    if len(found) > 1:
        raise InvalidInput(f"{prefix} names {len(found)} documents; give more of its SHA-256.")
    return found[0]


class FolderDocuments:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def put(self, content: bytes) -> str:
        digest = sha256(content)
        path = self.folder / digest
        if not path.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            # Write then rename, so a reader never sees half a document.
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".incoming-")
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            os.replace(temporary, path)
        return digest

    def get(self, digest: str) -> bytes:
        path = self.folder / valid_prefix(digest)
        if not path.is_file():
            raise NotFound(f"There is no document {digest}.")
        return _checked(digest, path.read_bytes())

    def resolve(self, prefix: str) -> str:
        prefix = valid_prefix(prefix)
        if not self.folder.is_dir():
            return _one(prefix, [])
        return _one(prefix, sorted(p.name for p in self.folder.glob(f"{prefix}*")))


class TableDocuments:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        metadata.create_all(engine)

    def put(self, content: bytes) -> str:
        digest = sha256(content)
        with self.engine.begin() as conn:
            if conn.execute(select(documents.c.sha256).where(documents.c.sha256 == digest)).first():
                return digest
            try:
                conn.execute(insert(documents).values(sha256=digest, content=content))
            except IntegrityError:  # stored by someone else at the same moment: same bytes
                pass
        return digest

    def get(self, digest: str) -> bytes:
        digest = valid_prefix(digest)
        with self.engine.connect() as conn:
            row = conn.execute(
                select(documents.c.content).where(documents.c.sha256 == digest)
            ).first()
        if row is None:
            raise NotFound(f"There is no document {digest}.")
        return _checked(digest, bytes(row[0]))

    def resolve(self, prefix: str) -> str:
        prefix = valid_prefix(prefix)
        with self.engine.connect() as conn:
            rows = conn.execute(select(documents.c.sha256).where(
                documents.c.sha256.startswith(prefix)).limit(2)).all()
        return _one(prefix, [r[0] for r in rows])


def document_store(engine: Engine) -> DocumentStore:
    """The store that goes with the database the engine points at."""
    if engine.dialect.name == "postgresql":
        return TableDocuments(engine)
    database = engine.url.database or "var/scc.sqlite3"
    return FolderDocuments(Path(database).resolve().parent / "documents")


# The documents issued on a case, read from its events (the truth), for `scc notice list` and for
# evidence bundles: pass the events as they stood at any moment to list what had been issued then.

MEDIA = (("html", "text/html", "html"), ("pdf", "application/pdf", "pdf"),
         ("context", "application/json", "json"))


@dataclass(frozen=True)
class IssuedDocument:
    reference: str  # the notice's own reference, printed on every page
    notice_type: str
    template: str
    template_version: int
    title: str
    issued_on: str
    event: str
    event_version: int
    part: str  # html, pdf or context (the data it was rendered from)
    filename: str
    media_type: str
    sha256: str
    recipients: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def issued_documents(events: Iterable[Any]) -> list[IssuedDocument]:
    """Every document recorded in these events, in event order: HTML, PDF, then the data."""
    found = []
    for event in events:
        notice = getattr(event, "notice", None)
        if notice:
            found += notice_documents(notice, event.effective_on.isoformat(),
                                      type(event).__qualname__.split(".")[-1],
                                      event.originator_version)
    return found


def notice_documents(notice: dict[str, Any], issued_on: str, event: str,
                     event_version: int) -> list[IssuedDocument]:
    """The documents of one notice, recorded by event `event_version` (of type `event`)."""
    stem = notice["reference"].replace("/", "-")
    return [IssuedDocument(
        reference=notice["reference"], notice_type=notice["type"], template=notice["template"],
        template_version=notice["version"], title=notice["title"], issued_on=issued_on,
        event=event, event_version=event_version, part=part,
        filename=f"{stem}-{notice['type']}.{extension}", media_type=media_type,
        sha256=notice[f"{part}_sha256"], recipients=list(notice["recipients"]),
    ) for part, media_type, extension in MEDIA]
