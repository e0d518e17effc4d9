"""The text of attachments: PDF text layers (pypdf), scanned pages and images by OCR (Tesseract).

Most agency decisions arrive as attached PDF letters, so this text is classified with the body.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from inbox_worker.parse import RawAttachment
from nlp.text import html_to_text

log = logging.getLogger(__name__)
logging.getLogger("pypdf").setLevel(logging.ERROR)  # broken PDFs are reported per attachment

MIN_OCR_IMAGE_BYTES = 20_000  # smaller images are logos and icons, not letters
MAX_PDF_PAGES = 60
MAX_OCR_PAGES = 10
OCR_TIMEOUT_S = 60


@dataclass
class AttachmentText:
    text: str | None
    method: str | None  # "pdf-text", "ocr", "text", "html", None
    error: str | None = None


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def extract_text(att: RawAttachment) -> AttachmentText:
    ctype, name = att.content_type, att.filename.lower()
    try:
        if ctype == "application/pdf" or name.endswith(".pdf"):
            return _pdf(att.data)
        if ctype.startswith("image/") or name.endswith((".png", ".jpg", ".jpeg", ".tif", ".tiff")):
            if att.inline or len(att.data) < MIN_OCR_IMAGE_BYTES:
                return AttachmentText(None, None)  # a logo or signature image
            return _ocr_image(att.data, suffix=Path(name).suffix or ".png")
        if ctype == "text/html" or name.endswith((".htm", ".html")):
            return AttachmentText(html_to_text(att.data.decode("utf-8", "replace")), "html")
        if ctype.startswith("text/") or name.endswith(".txt"):
            return AttachmentText(att.data.decode("utf-8", "replace"), "text")
    except Exception as err:  # noqa: BLE001 (a broken attachment must not stop the message)
        log.warning("attachment %r: cannot extract text: %s", att.filename, err)
        return AttachmentText(None, None, f"{type(err).__name__}: {err}")
    return AttachmentText(None, None)


def _pdf(data: bytes) -> AttachmentText:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages = reader.pages[:MAX_PDF_PAGES]
    text = "\n".join((page.extract_text() or "") for page in pages).strip()
    if len(text) >= 40:
        return AttachmentText(text, "pdf-text")
    if not tesseract_available():
        return AttachmentText(text or None, "pdf-text", "no text layer and tesseract is not installed")
    ocr_parts = []
    for page in pages[:MAX_OCR_PAGES]:
        for image in page.images:
            ocr = _ocr_image(image.data, suffix=Path(image.name).suffix or ".png")
            if ocr.text:
                ocr_parts.append(ocr.text)
    return AttachmentText("\n".join(ocr_parts).strip() or None, "ocr")


def _ocr_image(data: bytes, *, suffix: str) -> AttachmentText:
    if not tesseract_available():
        return AttachmentText(None, None, "tesseract is not installed")
    with tempfile.TemporaryDirectory(prefix="foia-ocr-") as tmp:
        path = Path(tmp) / f"page{suffix}"
        path.write_bytes(data)
        proc = subprocess.run(
            ["tesseract", str(path), "stdout", "-l", "eng", "--psm", "3"],
            capture_output=True, timeout=OCR_TIMEOUT_S, check=False,
        )
    if proc.returncode != 0:
        return AttachmentText(None, "ocr", proc.stderr.decode("utf-8", "replace").strip()[:300])
    return AttachmentText(proc.stdout.decode("utf-8", "replace").strip() or None, "ocr")
