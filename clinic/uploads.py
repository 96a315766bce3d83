"""What kind of file an upload is, told by its first bytes (never by its name or the browser's
word): one table for photos, scans and anything else the app accepts."""

from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    magic: bytes


PDF = FileType("pdf", "application/pdf", b"%PDF-")
JPEG = FileType("jpg", "image/jpeg", b"\xff\xd8\xff")
PNG = FileType("png", "image/png", b"\x89PNG\r\n\x1a\n")
IMAGES = (JPEG, PNG)
SCANS = (PDF, JPEG, PNG)
HEAD_BYTES = 16


def sniff(head: bytes, allowed=SCANS) -> FileType | None:
    """The allowed type these first bytes start with, or None."""
    return next((kind for kind in allowed if head.startswith(kind.magic)), None)


def sniff_upload(upload, allowed=SCANS) -> FileType | None:
    """The type of an uploaded file, read from its head; the file is left at its start."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return sniff(head, allowed)
