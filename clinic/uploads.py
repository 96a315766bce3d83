"""What kind of file an upload is, told by its first bytes (never by its name or the browser's
word), and the one place that makes an upload safe to keep: images re-encoded by Pillow under a
pixel cap, PDFs parsed by pypdf, polyglots (an image that is also HTML or PDF) refused."""

import re
from dataclasses import dataclass
from io import BytesIO

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError


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
PILLOW_FORMATS = {"JPEG": JPEG, "PNG": PNG}

# What a browser or a PDF reader would take a file for, wherever it sits in the bytes: an image
# carrying one of these (after its data, or in a comment or text chunk) is a polyglot.
POLYGLOT_MARKERS = re.compile(
    rb"%PDF-|<\s*(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed|meta)[\s>/]",
    re.IGNORECASE,
)


class UploadRefused(ValueError):
    """An upload the app will not keep; `str(error)` is a sentence for the person uploading."""


@dataclass(frozen=True)
class CleanFile:
    """An upload made safe to store: the bytes to keep and their type."""

    data: bytes
    kind: FileType
    width: int = 0
    height: int = 0


def sniff(head: bytes, allowed=SCANS) -> FileType | None:
    """The allowed type these first bytes start with, or None."""
    return next((kind for kind in allowed if head.startswith(kind.magic)), None)


def sniff_upload(upload, allowed=SCANS) -> FileType | None:
    """The type of an uploaded file, read from its head; the file is left at its start."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return sniff(head, allowed)


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def is_polyglot(data: bytes) -> bool:
    """Whether these bytes also read as HTML or PDF somewhere past their first bytes."""
    return POLYGLOT_MARKERS.search(data, 1) is not None


def image_problem(upload, *, max_pixels: int) -> str | None:
    """Why this upload is not an image we keep (cheap: reads the header, never decodes the
    pixels), or None. JPEG or PNG by content, within `max_pixels`, not a polyglot."""
    kind = sniff_upload(upload, IMAGES)
    if kind is None:
        return _("Only JPEG and PNG photos can be stored.")
    data = _read_all(upload)
    if is_polyglot(data):
        return _(
            "This file is an image and something else as well (a web page or a PDF); "
            "it is not stored."
        )
    try:
        with Image.open(BytesIO(data)) as image:  # lazy: reads the header only
            width, height = image.size
            detected = PILLOW_FORMATS.get(image.format or "")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError):
        return _("The image cannot be read; save it again as JPEG or PNG.")
    if detected is not kind:
        return _("The image cannot be read; save it again as JPEG or PNG.")
    if width * height > max_pixels:
        return _("The image is %(mp)s megapixels; the limit is %(limit)s. Export it smaller.") % {
            "mp": round(width * height / 1_000_000, 1),
            "limit": max_pixels // 1_000_000,
        }
    return None


def image_reencode(upload, *, max_pixels: int) -> CleanFile:
    """Decode the image and write it again in its own format: orientation applied
    (ImageOps.exif_transpose), every metadata block (EXIF, GPS, comments, text chunks) left
    behind, nothing after the image data. Raises UploadRefused with the reason."""
    problem = image_problem(upload, max_pixels=max_pixels)
    if problem:
        raise UploadRefused(problem)
    kind = sniff_upload(upload, IMAGES)
    try:
        with Image.open(BytesIO(_read_all(upload))) as source:
            source.load()
            image = ImageOps.exif_transpose(source)
    except (OSError, Image.DecompressionBombError, ValueError, SyntaxError) as error:
        raise UploadRefused(_("The image cannot be read; save it again as JPEG or PNG.")) from error
    image.info = {}  # EXIF (GPS), ICC, comments: nothing of the original's metadata is written
    buffer = BytesIO()
    if kind is JPEG:
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(buffer, "JPEG", quality=90)
    else:
        image.save(buffer, "PNG")
    return CleanFile(buffer.getvalue(), kind, image.width, image.height)


def pdf_problem(upload) -> str | None:
    """Why this upload is not a PDF we keep, or None: pypdf must read it, with at least one
    page, unencrypted."""
    if sniff_upload(upload, (PDF,)) is None:
        return _("This is not a PDF file.")
    try:
        reader = PdfReader(BytesIO(_read_all(upload)), strict=False)
        if reader.is_encrypted:
            return _("The PDF is password-protected; scan it again without a password.")
        if len(reader.pages) == 0:
            return _("The PDF has no pages.")
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        return _("The PDF cannot be read; scan it again.")
    return None


def scan_clean(upload, *, max_pixels: int) -> CleanFile:
    """A scanned document made safe to keep: a PDF that pypdf reads (kept as uploaded), or a
    JPEG or PNG re-encoded as `image_reencode` does. Raises UploadRefused."""
    kind = sniff_upload(upload, SCANS)
    if kind is None:
        raise UploadRefused(_("Attach the scan as a PDF, JPEG or PNG file."))
    if kind is PDF:
        problem = pdf_problem(upload)
        if problem:
            raise UploadRefused(problem)
        return CleanFile(_read_all(upload), PDF)
    return image_reencode(upload, max_pixels=max_pixels)
