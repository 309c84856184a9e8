"""The folder uploaded evidence files live in (the SCC_FILES_DIR setting): one file per content,
named by its SHA-256 (sharded by its first two hex digits), written once and never overwritten.
Reading checks the bytes against the name, so a file changed on disk is refused, never served.

What a file is comes from its first bytes, not its name: PDF, PNG, JPEG, or a Word document (a
zip holding word/document.xml)."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import zipfile
from pathlib import Path

from scc.domain.errors import InvalidInput, NotFound, SccError

DEFAULT_LIMIT_MB = 10  # SCC_UPLOAD_LIMIT_MB when unset


class FileChanged(SccError):
    """A kept file's bytes no longer match the SHA-256 recorded when it was uploaded."""

    exit_code = 1
    http_status = 409


def file_type(content: bytes) -> str | None:
    """pdf, docx, png or jpeg, by the content's own signature; None for anything else."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                return "docx" if "word/document.xml" in archive.namelist() else None
        except (zipfile.BadZipFile, OSError):
            return None
    return None


def checked_upload(content: bytes, limit_bytes: int) -> str:
    """The type of an upload the service accepts; InvalidInput saying why any other is refused."""
    if not content:
        raise InvalidInput("The file is empty; choose the file again.")
    if len(content) > limit_bytes:
        raise InvalidInput(f"The file is larger than {limit_bytes // 1_048_576} MB; files may be "
                           f"at most {limit_bytes // 1_048_576} MB.")
    found = file_type(content)
    if found is None:
        raise InvalidInput("The file is not a PDF, Word document (.docx), PNG or JPEG, whatever "
                           "its name says; upload one of those.")
    return found


class FileFolder:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, digest: str) -> Path:
        return self.folder / digest[:2] / digest

    def put(self, content: bytes) -> str:
        """Keeps the content under its SHA-256 (once: an existing file is never replaced)."""
        digest = hashlib.sha256(content).hexdigest()
        path = self.path(digest)
        if path.exists():
            # Kept already. Bytes changed on disk are left as found (the download refuses them
            # and the bundle check reports them) until someone restores them deliberately.
            return digest
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside its place, then linked there: a reader never sees half a file, and a
        # link fails rather than replace a file someone else put there at the same moment.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass
        finally:
            os.unlink(temporary)
        return digest

    def raw(self, digest: str) -> bytes | None:
        """The bytes on disk as they are now (None if gone), unchecked: for the evidence bundle,
        which carries them as found and lets its check report a change."""
        path = self.path(digest)
        return path.read_bytes() if path.is_file() else None

    def get(self, digest: str, name: str) -> bytes:
        content = self.raw(digest)
        if content is None:
            raise NotFound(f"The file {name} is no longer in the file store "
                           f"({self.path(digest)}).")
        if hashlib.sha256(content).hexdigest() != digest:
            raise FileChanged(f"The file {name} has changed on disk since it was uploaded (its "
                              "SHA-256 no longer matches the one recorded), so it is not given "
                              "out. Restore it from a backup; the evidence bundle check reports "
                              "it too.")
        return content
