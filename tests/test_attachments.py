"""Attachments are read: PDF text layers with pypdf, scanned pages and images with Tesseract."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import tracemalloc
import zlib

import pytest

from inbox_worker import attachment_text
from inbox_worker.attachment_text import extract_all, extract_text
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


# --- hostile attachments: Tesseract is given only images, and only so many pages and seconds ---


class FakeTesseract:
    """Stands in for the tesseract binary: records what it was given, answers with page text."""

    def __init__(self, *, text: bytes = b"page text", on_call=None):
        self.calls: list[tuple[list[str], bytes, float]] = []
        self.text, self.on_call = text, on_call

    def __call__(self, argv, *, input=None, timeout=None, **_):  # noqa: A002 (subprocess.run's name)
        self.calls.append((list(argv), input or b"", timeout))
        if self.on_call:
            self.on_call()
        return subprocess.CompletedProcess(argv, 0, self.text, b"")


@pytest.fixture
def fake_tesseract(monkeypatch):
    fake = FakeTesseract()
    monkeypatch.setattr(attachment_text, "tesseract_available", lambda: True)
    monkeypatch.setattr(attachment_text.subprocess, "run", fake)
    return fake


def _page_image(fmt: str = "PNG", size=(800, 1000), frames: int = 1) -> bytes:
    from PIL import Image

    pages = [Image.effect_noise(size, 60 + i).convert("L") for i in range(frames)]  # incompressible: > 20 KB
    out = io.BytesIO()
    pages[0].save(out, format=fmt, save_all=frames > 1, append_images=pages[1:])
    return out.getvalue()


def _image_pdf(pages: int, size=(600, 800)) -> bytes:
    from PIL import Image

    images = [Image.new("L", size, 255 - i % 50) for i in range(pages)]
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:])
    return out.getvalue()


def _huge_png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 4096))
            + chunk(b"tEXt", b"c\0" + b"x" * 30_000) + chunk(b"IEND", b""))


def _huge_bmp(width: int, height: int) -> bytes:
    header = struct.pack("<2sIHHI", b"BM", 0, 0, 0, 54) + struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, 0, 0, 0, 0, 0)
    return header + b"\0" * 30_000


@pytest.mark.parametrize("variant", ["png", "jpeg", "tif-name", "bmp-magic", "absolute-and-relative"])
def test_an_image_attachment_made_of_file_paths_never_reaches_tesseract(tmp_path, fake_tesseract, variant):
    secret = tmp_path / "secret.png"
    secret.write_bytes(_scan("PNG"))
    paths = {"absolute-and-relative": f"{secret}\n../{secret.name}\n/etc/passwd\n"}.get(variant, f"{secret}\n")
    data = (b"BM" if variant == "bmp-magic" else b"") + paths.encode() * 2000
    name, ctype = {"png": ("scan.png", "image/png"), "jpeg": ("scan.jpg", "image/jpeg"),
                   "tif-name": ("scan.tif", "application/octet-stream")}.get(variant, ("scan.png", "image/png"))
    result = extract_text(RawAttachment(name, ctype, data))
    assert result.text is None and result.error
    assert fake_tesseract.calls == []


def test_tesseract_reads_a_png_encoded_here_from_stdin_never_a_path(fake_tesseract):
    result = extract_text(RawAttachment("letter.jpg", "image/jpeg", _page_image("JPEG")))
    assert result.text == "page text" and result.method == "ocr"
    ((argv, given, _),) = fake_tesseract.calls
    assert argv[1] == "stdin" and given.startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("make", [lambda: _huge_png(100_000, 100_000), lambda: _huge_png(2**31 - 1, 3),
                                  lambda: _huge_bmp(60_000, 60_000)], ids=["png-square", "png-wide", "bmp"])
def test_an_image_declaring_huge_dimensions_is_not_decoded(fake_tesseract, make):
    result = extract_text(RawAttachment("scan.png", "image/png", make()))
    assert result.text is None and ("not decoded" in result.error or "exceeds limit" in result.error)
    assert fake_tesseract.calls == []


def test_a_huge_image_inside_a_pdf_is_not_decoded(fake_tesseract):
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, NumberObject

    reader = PdfReader(io.BytesIO(_image_pdf(1)))
    writer = PdfWriter(clone_from=reader)
    (image,) = [x.get_object() for x in writer.pages[0]["/Resources"]["/XObject"].values()]
    image[NameObject("/Width")], image[NameObject("/Height")] = NumberObject(90_000), NumberObject(90_000)
    out = io.BytesIO()
    writer.write(out)
    result = extract_text(RawAttachment("scan.pdf", "application/pdf", out.getvalue()))
    assert result.text is None and "not decoded" in result.error
    assert fake_tesseract.calls == []


def test_a_pdf_of_many_scanned_pages_is_ocred_only_up_to_the_page_limit(fake_tesseract):
    result = extract_text(RawAttachment("scan.pdf", "application/pdf", _image_pdf(40)))
    assert len(fake_tesseract.calls) == attachment_text.MAX_OCR_PAGES
    assert result.text and "budget spent" in result.error


def test_a_multi_page_tiff_is_ocred_only_up_to_the_page_limit(fake_tesseract):
    extract_text(RawAttachment("scan.tif", "image/tiff", _page_image("TIFF", size=(300, 300), frames=14)))
    assert len(fake_tesseract.calls) == attachment_text.MAX_OCR_PAGES


def test_the_page_limit_holds_for_a_whole_message_not_per_attachment(fake_tesseract):
    scans = [RawAttachment(f"scan{i}.pdf", "application/pdf", _image_pdf(4)) for i in range(5)]
    results = extract_all(scans)
    assert len(fake_tesseract.calls) == attachment_text.MAX_OCR_PAGES
    assert results[0].text and results[-1].text is None and "budget spent" in results[-1].error


def test_ocr_stops_when_the_message_time_budget_is_spent(monkeypatch):
    now = [0.0]
    fake = FakeTesseract(on_call=lambda: now.__setitem__(0, now[0] + 25.0))  # each page "takes" 25 s
    monkeypatch.setattr(attachment_text, "tesseract_available", lambda: True)
    monkeypatch.setattr(attachment_text.subprocess, "run", fake)
    budget = attachment_text.ReadBudget(seconds=60, clock=lambda: now[0])
    result = extract_text(RawAttachment("scan.pdf", "application/pdf", _image_pdf(8)), budget=budget)
    assert len(fake.calls) == 3  # at 0 s, 25 s, 50 s; at 75 s the budget is spent
    assert [round(t) for _, _, t in fake.calls] == [30, 30, 10]  # min(page timeout, seconds left)
    assert result.text and "budget spent" in result.error


def test_a_page_that_outlasts_its_timeout_is_an_attachment_error(monkeypatch):
    def hang(argv, **kwargs):
        raise subprocess.TimeoutExpired(argv, kwargs["timeout"])

    monkeypatch.setattr(attachment_text, "tesseract_available", lambda: True)
    monkeypatch.setattr(attachment_text.subprocess, "run", hang)
    result = extract_text(RawAttachment("letter.png", "image/png", _page_image()))
    assert result.text is None and "took more than" in result.error


def test_a_large_text_attachment_is_read_in_bounded_memory():
    data = b"No responsive records were located. " * 1_500_000  # 54 MB
    tracemalloc.start()
    try:
        result = extract_text(RawAttachment("log.txt", "text/plain", data))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(result.text) <= attachment_text.MAX_TEXT_CHARS
    assert peak < 8 * attachment_text.MAX_TEXT_BYTES  # never a copy of the whole attachment


def test_words_hyphenated_across_a_line_end_are_joined():
    assert attachment_text.tidy("no respon-\nsive records; the ﬁle ref-\n  erred") == "no responsive records; the file referred"
    assert attachment_text.tidy("FOIA-\n2023-001") == "FOIA-\n2023-001"  # not a word break


def test_lines_wrapped_by_the_page_are_joined_and_short_lines_stay_lines():
    page = ("Office of Records\nMay 2, 2024\nDear Requester:\n"
            "We searched the files of the department for the records you asked about and no responsive\n"
            "records were located. Your request is closed as of the date of this letter, and you may appeal\n"
            "within ninety days.\nSincerely,")
    assert attachment_text.reflow(page).split("\n") == [
        "Office of Records", "May 2, 2024", "Dear Requester:",
        "We searched the files of the department for the records you asked about and no responsive "
        "records were located. Your request is closed as of the date of this letter, and you may appeal "
        "within ninety days.",
        "Sincerely,"]


def test_a_blank_line_ocr_puts_inside_a_sentence_is_dropped_but_a_paragraph_break_stays():
    page = ("Your request was received in this office and has been assigned the number 24-0117 on\n\n"
            "October 21, 2024. No records responsive to your request were located in the department.\n\n"
            "Sincerely,")
    assert attachment_text.reflow(page).split("\n") == [
        "Your request was received in this office and has been assigned the number 24-0117 on "
        "October 21, 2024. No records responsive to your request were located in the department.", "", "Sincerely,"]


def test_ocr_zeros_read_as_the_letter_o_inside_numbers_are_zeros_again():
    assert attachment_text.ocr_digits("Request RO00549-111622 and 2O24-FOI-OO17") == "Request R000549-111622 and 2024-FOI-0017"
    assert attachment_text.ocr_digits("FOIA Office, Room O2, CO2 NO 5") == "FOIA Office, Room O2, CO2 NO 5"


def test_one_message_of_hostile_attachments_is_read_within_the_message_budget(fake_tesseract, tmp_path):
    from email.message import EmailMessage

    from inbox_worker.parse import parse_mail
    from inbox_worker.process import letter_from

    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "x@agency.example.gov", "me@example.org", "Records"
    msg.set_content("Please see the attached letters.")
    msg.add_attachment(f"{tmp_path}/a.png\n".encode() * 3000, maintype="image", subtype="png", filename="a.png")
    msg.add_attachment(_huge_png(80_000, 80_000), maintype="image", subtype="png", filename="b.png")
    for i in range(3):
        msg.add_attachment(_image_pdf(12), maintype="application", subtype="pdf", filename=f"scan{i}.pdf")
    letter, extracted = letter_from(parse_mail(msg.as_bytes()))
    assert len(fake_tesseract.calls) == attachment_text.MAX_OCR_PAGES
    assert [result.error is not None for _, result in extracted] == [True] * 5
    assert letter.attachments_text == ("\n\n".join(["page text"] * attachment_text.MAX_OCR_PAGES),)


def test_images_past_the_page_limit_are_not_even_decoded(fake_tesseract, monkeypatch):
    from pypdf.generic import StreamObject

    decoded = []
    real = StreamObject.decode_as_image
    monkeypatch.setattr(StreamObject, "decode_as_image", lambda self: decoded.append(1) or real(self))
    extract_text(RawAttachment("scan.pdf", "application/pdf", _image_pdf(25)))
    assert len(decoded) == len(fake_tesseract.calls) == attachment_text.MAX_OCR_PAGES
