"""Attachments are read: PDF text layers with pypdf, scanned pages and images with Tesseract."""

from __future__ import annotations

import io
import shutil

import pytest

from inbox_worker.attachment_text import extract_text
from inbox_worker.parse import RawAttachment
from tests.conftest import IN_CI

LETTER = ["FREEDOM OF INFORMATION ACT OFFICE", "", "Your request has been received.",
          "No records responsive to your request were located.", "Sincerely, FOIA Officer"]


@pytest.fixture
def tesseract():
    if shutil.which("tesseract") is None:
        if IN_CI:
            pytest.fail("tesseract is not installed on CI (make system-deps)")
        pytest.skip("tesseract not installed")


def _scan(fmt: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    page = Image.new("L", (1700, 1100), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=40)
    for i, line in enumerate(LETTER):
        draw.text((120, 120 + i * 70), line, fill=0, font=font)
    for x in range(0, 1700, 7):  # a little scanner grain
        page.putpixel((x, 1050 - x % 13), 200)
    out = io.BytesIO()
    page.save(out, format=fmt, resolution=200.0) if fmt == "PDF" else page.save(out, format=fmt, quality=95)
    return out.getvalue()


def test_a_scanned_pdf_letter_is_read_by_ocr(tesseract):
    result = extract_text(RawAttachment("scan.pdf", "application/pdf", _scan("PDF")))
    assert result.method == "ocr"
    assert "no records responsive" in result.text.lower()


def test_a_scanned_image_is_read_by_ocr(tesseract):
    result = extract_text(RawAttachment("letter.jpg", "image/jpeg", _scan("JPEG")))
    assert result.method == "ocr" and "records" in result.text.lower()


def test_small_or_inline_images_are_not_ocred():
    assert extract_text(RawAttachment("logo.png", "image/png", b"\x89PNG" + b"0" * 500)).text is None
    assert extract_text(RawAttachment("seal.jpg", "image/jpeg", _scan("JPEG"), inline=True)).method is None


def test_a_pdf_text_layer_is_read_without_ocr():
    from inbox_worker.parse import parse_mail
    from inbox_worker.sync import sample_mailbox_path

    final = next((sample_mailbox_path() / "cur").glob("1614349801*"))
    (pdf,) = parse_mail(final.read_bytes()).attachments
    result = extract_text(pdf)
    assert result.method == "pdf-text" and "This is the final response" in result.text


def test_a_broken_pdf_is_an_attachment_error_not_a_message_error():
    result = extract_text(RawAttachment("broken.pdf", "application/pdf", b"%PDF-1.4 garbage"))
    assert result.text is None and result.error
