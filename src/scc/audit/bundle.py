"""Evidence bundles: a zip of the case's events (with their stored bytes), a readable timeline,
the documents issued (documents/, exactly as sent), as-of.json (what the authority had recorded by
the export and the case's position that day by the dates of the acts, with each event's recorded
time beside the date of its act), the school's uploaded evidence files (files/, as the file store
holds them, with files.json: what each upload recorded and which record each belongs to), the
school's history, visits, plans and meetings (records.json, with each report and letter as sent
in records/), and manifest.json with the SHA-256 of every file and the chain heads.

`check_bundle` needs nothing but the zip: it rehashes every file against the manifest and
recomputes the case's chain from the stored bytes carried in events.jsonl; each document must be
one whose SHA-256 those chained events record as issued, each uploaded file one whose bytes
match the SHA-256 its upload recorded, and each report or letter of the school's records one
whose bytes match the SHA-256 its sending recorded. The manifest's own
SHA-256 is recorded in the database when the bundle is exported, so a manifest rewritten to match
altered files is caught by comparing it with that record (or with the hash printed at export).
"""

from __future__ import annotations

import base64
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from hashlib import sha256
from pathlib import Path
from typing import Any

from scc.audit.chain import GENESIS, event_digest, link

FORMAT = "scc-evidence-bundle/1"
MANIFEST = "manifest.json"
EVENTS = "events.jsonl"
# Both as-of answers for the export moment, and each event's recorded time beside its act's date.
AS_OF = "as-of.json"
DOCUMENTS = "documents/"
# The school's uploaded evidence files (issue 15, item 4), as found in the file store, and
# files.json: what each upload's event recorded (its SHA-256 among it) for the check to hold them to.
FILES = "files/"
FILES_INDEX = "files.json"
# The school's visits, plans and meetings with their sent documents (scc.application.school_records).
RECORDS_INDEX = "records.json"
RECORDS = "records/"
# Fixed so that the same files always make the same zip bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def belongs_to(file: dict[str, Any], case: str) -> str:
    """Which of the school's records a file was uploaded to, said against the exported case."""
    kind, reference = file["record_kind"], file["reference"]
    if kind == "case":
        return "this case" if reference == case else f"case {reference} (another case of this school)"
    return f"{'progress meeting' if kind == 'meeting' else kind} {reference}"


def uploaded_files(recorded: list[dict[str, Any]], read: Callable[[str], bytes | None],
                   case: str) -> tuple[dict[str, bytes], dict[str, str]]:
    """The bundle's entries for the uploaded files: each file's bytes as the store holds them now
    (a file gone from the store is listed in files.json but absent, which the check reports), and
    files.json with what each upload recorded; and, for the manifest, which record each file
    belongs to (files of the school's other cases are kept too, said to be theirs)."""
    entries: dict[str, bytes] = {}
    index, belongs = [], {}
    for file in recorded:
        path = f"{FILES}{file['sha256']}-{file['name']}"
        content = read(file["sha256"])
        if content is not None:
            entries[path] = content
        belongs[path] = belongs_to(file, case)
        index.append({"path": path, "belongs_to": belongs[path],
                      **{k: v.isoformat() if isinstance(v, date) else v
                         for k, v in file.items()}})
    entries[FILES_INDEX] = json.dumps(index, indent=2, ensure_ascii=False).encode()
    return entries, belongs


@dataclass(frozen=True)
class KeptIndex:
    """A list in the bundle (files.json, records.json) of the files carried under `prefix`,
    each with the SHA-256 recorded when it was kept, and how the check names each failing."""

    name: str
    prefix: str
    missing: str
    changed: str
    unknown: str
    under: str | None = None  # the key the list sits under; None: the document is the list

    def expected(self, data: bytes) -> dict[str, str]:
        listed = json.loads(data)
        if self.under is not None:
            listed = listed[self.under]
        return {str(f["path"]): str(f["sha256"]) for f in listed}


INDEXES = (
    KeptIndex(FILES_INDEX, FILES, "recorded as uploaded but not in the bundle (missing from the "
              "file store at export)", "its bytes do not match the SHA-256 recorded when it was "
              "uploaded", "not a file recorded as uploaded"),
    KeptIndex(RECORDS_INDEX, RECORDS, "recorded as sent but not in the bundle (missing or changed "
              "in the document store at export)", "its bytes do not match the SHA-256 recorded "
              "when it was sent", "not a document the school's records name as sent", "documents"),
)


def _check_index(archive: zipfile.ZipFile, names: set[str], index: KeptIndex,
                 check: BundleCheck) -> None:
    """Each file the index lists against the SHA-256 recorded when it was kept; the manifest
    alone would pass a file changed before the export."""
    try:
        expected = index.expected(archive.read(index.name))
    except (ValueError, KeyError, TypeError):
        check.problems.append(f"{index.name}: cannot be read as the list of kept files")
        return
    for path, digest in sorted(expected.items()):
        if path not in names:
            check.problems.append(f"{path}: {index.missing}")
        elif sha256(archive.read(path)).hexdigest() != digest:
            check.problems.append(f"{path}: {index.changed}")
    for path in sorted(n for n in names if n.startswith(index.prefix) and n not in expected):
        check.problems.append(f"{path}: {index.unknown}")


def stored_fields(topic: str, originator_id: str, version: int, state: bytes) -> dict[str, Any]:
    return {"topic": topic, "originator_id": originator_id, "originator_version": version,
            "state_base64": base64.b64encode(state).decode()}


def make_bundle(files: dict[str, bytes], manifest: dict[str, Any]) -> tuple[bytes, str]:
    """The zip's bytes and the manifest's SHA-256 (hex); manifest gains the files' hashes."""
    manifest = {"format": FORMAT, **manifest,
                "files": {name: sha256(data).hexdigest() for name, data in sorted(files.items())}}
    manifest_bytes = json.dumps(manifest, indent=2, ensure_ascii=False).encode() + b"\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [*sorted(files.items()), (MANIFEST, manifest_bytes)]:
            archive.writestr(zipfile.ZipInfo(name, _ZIP_TIME), data,
                             compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue(), sha256(manifest_bytes).hexdigest()


@dataclass
class BundleCheck:
    manifest_sha256: str | None = None
    case: str | None = None
    case_head: str | None = None
    files: int = 0
    events: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "case": self.case, "manifest_sha256": self.manifest_sha256,
                "case_head": self.case_head, "files": self.files, "events": self.events,
                "problems": self.problems}


def check_bundle(path: Path) -> BundleCheck:
    """Checks a bundle offline. Raises ValueError if the file is not a bundle at all."""
    check = BundleCheck()
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise ValueError(f"{path} is not a readable zip file: {error}") from None
    with archive:
        names = set(archive.namelist())
        if MANIFEST not in names:
            raise ValueError(f"{path} has no {MANIFEST}: it is not an evidence bundle.")
        manifest_bytes = archive.read(MANIFEST)
        check.manifest_sha256 = sha256(manifest_bytes).hexdigest()
        try:
            manifest = json.loads(manifest_bytes)
            listed: dict[str, str] = manifest["files"]
        except (ValueError, KeyError, TypeError):
            check.problems.append(f"{MANIFEST}: cannot be read as a bundle manifest")
            return check
        check.case = manifest.get("case")
        check.case_head = manifest.get("chain", {}).get("case_head")
        for name in sorted(names - set(listed) - {MANIFEST}):
            check.problems.append(f"{name}: not listed in the manifest")
        for name, expected in sorted(listed.items()):
            if name not in names:
                check.problems.append(f"{name}: listed in the manifest but missing")
                continue
            check.files += 1
            if sha256(archive.read(name)).hexdigest() != expected:
                check.problems.append(f"{name}: its bytes changed (SHA-256 differs from the manifest)")
        for index in INDEXES:
            if index.name in names:
                _check_index(archive, names, index, check)
        if EVENTS in names:
            recorded = _check_events(archive.read(EVENTS), check)
            for name in sorted(n for n in names if n.startswith(DOCUMENTS)):
                if sha256(archive.read(name)).hexdigest() not in recorded:
                    check.problems.append(f"{name}: not a document whose SHA-256 the case's events "
                                          "record as issued")
    return check


def _check_events(data: bytes, check: BundleCheck) -> set[str]:
    """Recomputes the case chain from the stored bytes each line carries; returns the SHA-256s
    of the documents the events record as issued."""
    previous = GENESIS
    issued: set[str] = set()
    for number, line in enumerate(data.decode(errors="replace").splitlines(), start=1):
        try:
            entry = json.loads(line)
            stored = entry["stored"]
            digest = event_digest(stored["topic"], stored["originator_id"],
                                  int(stored["originator_version"]),
                                  base64.b64decode(stored["state_base64"]))
        except (ValueError, KeyError, TypeError):
            check.problems.append(f"{EVENTS} line {number}: not a stored event")
            return issued
        previous = link(previous, digest)
        check.events += 1
        notice = entry.get("data", {}).get("notice") or {}
        issued.update(v for k, v in notice.items() if k.endswith("_sha256"))
        if stored["originator_version"] != number:
            check.problems.append(f"{EVENTS} line {number}: version "
                                  f"{stored['originator_version']} out of order")
        if digest.hex() != entry.get("event_sha256") or previous.hex() != entry.get("case_link"):
            check.problems.append(f"{EVENTS} line {number}: the stored bytes do not match their "
                                  "recorded hash or link")
    if check.case_head is not None and previous.hex() != check.case_head:
        check.problems.append(f"{EVENTS}: the recomputed case chain ends at {previous.hex()}, "
                              f"not at the manifest's head {check.case_head}")
    return issued
