"""The PDF rendering module: patient text printed as text, the fetcher and its URL policy
(no network, no file outside static/, no big data: URL), and the page header and numbering."""

import base64
import http.server
import threading
from io import BytesIO

import pytest
from pypdf import PdfReader

from clinic import pdf
from clinic.pdf import PDF_STATIC_DIR, StaticOnlyFetcher, html_to_pdf, render_pdf, url_refusal
from patients.tests.factories import PatientFactory
from sessions.documents import context as documents_context
from sessions.documents import sheets
from sessions.tests.factories.charts import chart
from sessions.tests.factories.courses import library_course
from tests.support import flat, free_port, pdf_text

pytestmark = pytest.mark.django_db


# --- The rendering module: fetcher and escaping ---------------------------------------------


def test_a_patient_named_like_an_html_tag_is_printed_as_text_and_no_file_is_read(
    settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _plan, sessions = library_course(first_name='<img src="file:///etc/passwd">', last_name="Doe")
    chart(sessions[0])
    data = sheets.render_aftercare_sheet(sessions[0])
    text = flat(pdf_text(data))
    assert '<img src="file:///etc/passwd"> Doe' in text
    assert b"root:x:0:0" not in data and "root:x:0:0" not in text


def _hostile_html(http_port: int) -> str:
    big = "data:image/png;base64," + "A" * 400_000
    return f"""<html><head>
      <link rel="stylesheet" href="http://127.0.0.1:{http_port}/evil.css">
      <link rel="attachment" href="file:///etc/passwd">
      <link rel="attachment" href="../../clinic/settings.py">
      <style>@import url("https://127.0.0.1:{http_port}/x.css");
             body {{ background: url(file:///etc/hostname); }}</style>
    </head><body>
      <p>Visible text stays.</p>
      <img src="http://127.0.0.1:{http_port}/pixel.png" alt="[network image refused]">
      <img src="file:///etc/passwd" alt="[file image refused]">
      <img src="fonts/../../../clinic/settings.py" alt="[escape refused]">
      <img src="{big}" alt="[big data refused]">
      <a rel="attachment" href="file:///etc/passwd">attach</a>
    </body></html>"""


def test_the_fetcher_refuses_network_files_outside_static_escapes_and_big_data_urls():
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the stdlib's name
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    port = free_port()
    server = http.server.HTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        fetcher = StaticOnlyFetcher()
        data = html_to_pdf(_hostile_html(port), fetcher=fetcher)
    finally:
        server.shutdown()
    text = flat(pdf_text(data))
    assert hits == []  # not one request reached the server
    assert "Visible text stays." in text
    for alt in ("[network image refused]", "[file image refused]", "[escape refused]"):
        assert alt in text
    assert "[big data refused]" in text
    reader = PdfReader(BytesIO(data))
    assert reader.attachments == {}
    assert b"root:x:0:0" not in data and b"SECRET_KEY" not in data
    refused = " ".join(url for url, _reason in fetcher.refused)
    assert "http://127.0.0.1" in refused and "file:///etc/passwd" in refused
    assert "clinic/settings.py" in refused  # the ../ escape, resolved then refused
    assert "400022 characters" in refused  # the big data: URL, refused before decoding


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("file:///etc/passwd", False),
        ("http://example.org/a.png", False),
        ("https://example.org/a.png", False),
        ("ftp://example.org/a.png", False),
        ("data:text/html,<b>x</b>", False),
        ("data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=", False),
        ("file://evil.example/etc/passwd", False),
        ("relative/path.png", False),
    ],
)
def test_the_url_policy(url, allowed):
    assert (url_refusal(url) is None) is allowed


def test_the_url_policy_serves_our_static_files_and_not_a_path_that_climbs_out():

    font = (PDF_STATIC_DIR / "fonts" / "DejaVuSans.ttf").as_uri()
    assert url_refusal(font) is None
    climbing = PDF_STATIC_DIR.as_uri() + "/fonts/../../../clinic/settings.py"
    assert url_refusal(climbing) is not None


def test_the_url_policy_takes_a_small_png_and_refuses_a_pixel_bomb():

    from PIL import Image

    def png(size):
        buffer = BytesIO()
        Image.new("1", size).save(buffer, "PNG")
        return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()

    assert url_refusal(png((40, 20))) is None
    bomb = png((5000, 5000))  # 25 megapixels in a few kilobytes
    assert len(bomb) < 300_000
    assert "pixels" in url_refusal(bomb)


def test_every_page_has_the_clinic_the_patient_and_its_number(settings):
    settings.CLINIC_NAME = "Clinique des Lilas"
    patient = PatientFactory(first_name="Anna", last_name="Long")
    context = documents_context.document_base("Test", patient)
    context["blocks"] = [{"kind": "paragraph", "text": "Line of text. " * 40}] * 40
    data = render_pdf("pdf/consent_form.html", {**context, "heading": "Long", "record_id": 1})
    reader = PdfReader(BytesIO(data))
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages, start=1):
        text = flat(page.extract_text())
        assert "Clinique des Lilas" in text
        assert f"Anna Long · Chart {patient.chart_number}" in text
        assert f"Page {number} of {len(reader.pages)}" in text


def test_a_symlink_inside_static_that_points_outside_is_refused(tmp_path, monkeypatch):

    static = tmp_path / "static"
    (static / "pdf").mkdir(parents=True)
    (static / "pdf" / "logo.png").symlink_to("/etc/passwd")
    (static / "pdf" / "real.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    monkeypatch.setattr(pdf, "STATIC_DIR", static.resolve())
    assert pdf.url_refusal((static / "pdf" / "real.png").as_uri()) is None
    assert pdf.url_refusal((static / "pdf" / "logo.png").as_uri()) is not None


def test_a_clinic_logo_outside_static_is_ignored(settings):
    settings.CLINIC_LOGO = "../clinic/settings.py"
    assert documents_context.clinic_details()["logo"] == ""
    settings.CLINIC_LOGO = "pdf/fonts/DejaVuSans.ttf"  # inside static/, yet not an image
    assert documents_context.clinic_details()["logo"] == ""
