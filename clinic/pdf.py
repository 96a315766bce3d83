"""The one module that imports WeasyPrint: a template and a context in, PDF bytes out.

- Deny by default: every resource a document asks for (stylesheet, font, image, attachment)
  goes through `StaticOnlyFetcher`, which serves files inside `static/` and small raster
  `data:` images, and nothing else: no network scheme, no `file://` outside `static/` (paths
  are resolved first, so `../` and symlinks cannot escape), no oversized `data:` URL, no
  redirects. A refused resource is skipped (WeasyPrint logs it; an <img> shows its alt text).
- Our own A4 stylesheet (`static/pdf/print.css`) and fonts (`static/pdf/fonts/`, DejaVu from
  Debian's fonts-dejavu-core) are parsed once per thread with one `FontConfiguration`, which
  the toolchain notes measured 7–15 % faster and flat in memory.
- WeasyPrint is imported inside the functions: importing it costs ~0.5 s and only processes
  that render pay for it (Python keeps the module once imported).

Templates (`templates/pdf/`) are rendered by Django with autoescaping: patient text is text.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from clinic import typography

logger = logging.getLogger(__name__)

STATIC_DIR = (Path(settings.BASE_DIR) / "static").resolve()
PDF_STATIC_DIR = STATIC_DIR / "pdf"
PRINT_CSS = PDF_STATIC_DIR / "print.css"

# A data: URL is the only way a private file (a clinical photo) reaches a document, already
# downscaled by its builder. Anything larger is refused before it is decoded.
DATA_URL_MAX_CHARS = 300_000
DATA_IMAGE_MAX_PIXELS = 12_000_000  # a decompression bomb is small on the wire, huge in memory
DATA_URL_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
STATIC_SUFFIXES = {".css", ".ttf", ".otf", ".woff", ".woff2", ".png", ".jpg", ".jpeg", ".svg"}

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9.+-]*):")
_DATA = re.compile(r"^data:([^;,]*)((?:;[^;,]*)*),", re.IGNORECASE)


class RefusedResource(ValueError):
    """A document asked for something the fetcher does not serve."""


def _short(url: str) -> str:
    return url if len(url) <= 80 else f"{url[:60]}…({len(url)} characters)"


def static_file_for(url: str) -> Path | None:
    """The resolved file a file:// URL names, if it lies inside static/ (else None)."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        return None
    try:
        path = Path(url2pathname(unquote(parts.path))).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None
    if not path.is_relative_to(STATIC_DIR) or not path.is_file():
        return None
    if path.suffix.lower() not in STATIC_SUFFIXES:
        return None
    return path


def _data_url_refusal(url: str) -> str | None:
    if len(url) > DATA_URL_MAX_CHARS:
        return f"data: URL larger than {DATA_URL_MAX_CHARS} characters"
    match = _DATA.match(url)
    if not match:
        return "malformed data: URL"
    mime = match[1].strip().lower()
    if mime not in DATA_URL_TYPES:
        return f"data: URL of type {mime or 'text/plain'} (only raster images)"
    if ";base64" not in match[2].lower():
        return "data: image not base64-encoded"
    try:
        raw = base64.b64decode(url[match.end() :], validate=False)
    except (binascii.Error, ValueError):
        return "data: image is not valid base64"
    try:
        from PIL import Image  # WeasyPrint's own image library

        with Image.open(BytesIO(raw)) as image:  # reads the header only
            width, height = image.size
    except Exception:  # noqa: BLE001 - anything Pillow cannot identify is refused
        return "data: URL is not a readable image"
    if width * height > DATA_IMAGE_MAX_PIXELS:
        return f"data: image of {width}×{height} pixels"
    return None


def url_refusal(url: str) -> str | None:
    """Why the fetcher refuses `url`, or None when it may be fetched. Pure policy."""
    match = _SCHEME.match(url)
    if not match:
        return "not an absolute URL"
    scheme = match[1].lower()
    if scheme == "data":
        return _data_url_refusal(url)
    if scheme == "file":
        return None if static_file_for(url) else "file outside static/ (or not a static asset)"
    return f"{scheme}: is never fetched (documents use only the app's own static files)"


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        """WeasyPrint's fetcher, restricted to `url_refusal()`'s policy; keeps what it refused."""

        def __init__(self, **kwargs):
            kwargs.update(allowed_protocols={"file", "data"}, allow_redirects=False, timeout=5)
            super().__init__(**kwargs)
            self.refused: list[tuple[str, str]] = []

        def fetch(self, url, headers=None):
            reason = url_refusal(url)
            if reason:
                self.refused.append((_short(url), reason))
                logger.warning("PDF resource refused: %s (%s)", _short(url), reason)
                raise RefusedResource(reason)
            if url.lower().startswith("file:"):
                # Fetch the resolved path, never the URL as written: what was checked is
                # what is read.
                url = static_file_for(url).as_uri()
            return super().fetch(url, headers)

    return StaticOnlyFetcher


_fetcher_cls = None


def __getattr__(name):
    # `from clinic.pdf import StaticOnlyFetcher` works without importing WeasyPrint at import.
    global _fetcher_cls
    if name == "StaticOnlyFetcher":
        if _fetcher_cls is None:
            _fetcher_cls = _fetcher_class()
        return _fetcher_cls
    raise AttributeError(name)


@dataclass
class _Engine:
    weasyprint: object
    font_config: object
    stylesheet: object
    stylesheet_mtime: float


_local = threading.local()  # WeasyPrint and Pango are not thread-safe: one engine per thread


def _engine() -> _Engine:
    engine = getattr(_local, "engine", None)
    mtime = PRINT_CSS.stat().st_mtime
    if engine is None or engine.stylesheet_mtime != mtime:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        fetcher_cls = __getattr__("StaticOnlyFetcher")
        font_config = FontConfiguration()
        # Read from our own file; the @font-face URLs inside go through the fetcher.
        stylesheet = weasyprint.CSS(
            filename=str(PRINT_CSS), font_config=font_config, url_fetcher=fetcher_cls()
        )
        engine = _Engine(weasyprint, font_config, stylesheet, mtime)
        _local.engine = engine
    return engine


def _base_url() -> str:
    return PDF_STATIC_DIR.as_uri() + "/"


def _document(html: str, fetcher=None):
    engine = _engine()
    fetcher = fetcher or __getattr__("StaticOnlyFetcher")()
    return engine.weasyprint.HTML(string=html, base_url=_base_url(), url_fetcher=fetcher).render(
        stylesheets=[engine.stylesheet], font_config=engine.font_config
    )


def html_to_pdf(html: str, *, fetcher=None) -> bytes:
    """Finished HTML → PDF bytes, through the fetcher and with our stylesheet and fonts."""
    return _document(html, fetcher).write_pdf()


def document_html(template_name: str, context: dict) -> str:
    """A document's HTML in the active language, typeset by that language's rules."""
    page = render_to_string(template_name, context)
    return typography.html_for_language(page, translation.get_language())


def render_pdf(template_name: str, context: dict, *, fetcher=None) -> bytes:
    """Render a `templates/pdf/` template to PDF bytes (the one way documents are made)."""
    return html_to_pdf(document_html(template_name, context), fetcher=fetcher)


def render_pdf_many(
    parts: Iterable[tuple[str, dict]],
    *,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """Several documents in one PDF (a front-desk batch). Each part is laid out on its own
    (its footers and page numbers stay its own), then the pages are put together; `progress`
    is called with the number of parts done after each one."""
    documents = []
    for done, (template_name, context) in enumerate(parts, start=1):
        documents.append(_document(document_html(template_name, context)))
        if progress:
            progress(done)
    if not documents:
        raise ValueError("Nothing to render.")
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()
