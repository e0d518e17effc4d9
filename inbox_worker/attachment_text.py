"""The text of attachments: PDF text layers (pypdf), scanned pages and images by OCR (Tesseract).

Most agency decisions arrive as attached PDF letters, so this text is classified with the body.

Anyone can mail an attachment, so the work is bounded. Tesseract is only ever given a PNG that
Pillow encoded here from a decoded image (sent on stdin): never the attachment's own bytes, which
it could take for a list of file names. An image is decoded only when its signature is an image
format's and its header declares a bounded number of pixels. The pages OCRed and the seconds spent
are counted per message (`ReadBudget`, shared by all of a message's attachments).
"""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import subprocess
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from inbox_worker.parse import RawAttachment
from nlp.text import html_to_text

log = logging.getLogger(__name__)
logging.getLogger("pypdf").setLevel(logging.ERROR)  # broken PDFs are reported per attachment

MIN_OCR_IMAGE_BYTES = 20_000  # smaller images are logos and icons, not letters
MAX_PDF_PAGES = 60  # pages whose text layer is read, per PDF
MAX_TEXT_CHARS = 400_000  # text kept per attachment (a letter is a few thousand)
MAX_TEXT_BYTES = 2_000_000  # bytes of a text or HTML attachment decoded
MAX_OCR_PAGES = 10  # page images OCRed, per message
MAX_IMAGE_PIXELS = 60_000_000  # an image declaring more is not decoded (a 600 dpi Letter page is 34 MP)
OCR_MAX_PIXELS = 10_000_000  # larger pages are scaled down before OCR (a 300 dpi Letter page is 8.4 MP)
OCR_PAGE_TIMEOUT_S = 30
MESSAGE_BUDGET_S = 90  # seconds of attachment reading per message
MIN_PAGE_TEXT = 40  # a PDF page with less text than this is read as a scan

# The signatures of the image formats OCR reads; anything else is not handed on.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"),
    (b"GIF87a", "GIF"), (b"GIF89a", "GIF"), (b"BM", "BMP"), (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "JPEG2000"),
    (b"\xff\x4f\xff\x51", "JPEG2000"),
)


_SPENT = f"OCR budget spent (at most {MAX_OCR_PAGES} pages and {MESSAGE_BUDGET_S} s per message)"


class TextMethod(StrEnum):
    PDF_TEXT = "pdf-text"
    OCR = "ocr"
    TEXT = "text"
    HTML = "html"


@dataclass
class AttachmentText:
    text: str | None
    method: TextMethod | None
    error: str | None = None


@dataclass
class ReadBudget:
    """What reading one message's attachments may cost: OCRed pages and wall-clock seconds."""

    pages: int = MAX_OCR_PAGES
    seconds: float = MESSAGE_BUDGET_S
    clock: Callable[[], float] = time.monotonic
    _deadline: float | None = field(default=None, init=False)

    def remaining(self) -> float:
        if self._deadline is None:
            self._deadline = self.clock() + self.seconds
        return max(0.0, self._deadline - self.clock())

    @property
    def spent(self) -> bool:
        return self.pages <= 0 or self.remaining() < 1.0

    def take_page(self) -> float | None:
        """The time this OCR page may take, or None when the message has spent its budget."""
        if self.spent:
            return None
        self.pages -= 1
        return min(OCR_PAGE_TIMEOUT_S, self.remaining())


class _Refused(Exception):
    """An attachment that is not read, with the reason (stored as the attachment's error)."""


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def image_format(data: bytes) -> str | None:
    """The image format named by the data's leading signature, or None when it is not an image."""
    for magic, name in _SIGNATURES:
        if data.startswith(magic):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def extract_all(attachments: Iterable[RawAttachment]) -> list[AttachmentText]:
    """Each attachment's text, all of them within one message's budget."""
    budget = ReadBudget()
    return [extract_text(att, budget=budget) for att in attachments]


def extract_text(att: RawAttachment, *, budget: ReadBudget | None = None) -> AttachmentText:
    budget = budget or ReadBudget()
    ctype, name = att.content_type, att.filename.lower()
    try:
        if ctype == "application/pdf" or name.endswith(".pdf"):
            return _pdf(att.data, budget)
        if ctype.startswith("image/") or name.endswith((".png", ".jpg", ".jpeg", ".tif", ".tiff")):
            if att.inline or len(att.data) < MIN_OCR_IMAGE_BYTES:
                return AttachmentText(None, None)  # a logo or signature image
            return _ocr_image_file(att.data, budget)
        if ctype == "text/html" or name.endswith((".htm", ".html")):
            return AttachmentText(_cap(html_to_text(_decode(att.data))), TextMethod.HTML)
        if ctype.startswith("text/") or name.endswith(".txt"):
            return AttachmentText(_cap(_decode(att.data)), TextMethod.TEXT)
    except _Refused as why:
        log.info("attachment %r: not read: %s", att.filename, why)
        return AttachmentText(None, None, str(why))
    except Exception as err:  # noqa: BLE001 (a broken attachment must not stop the message)
        log.warning("attachment %r: cannot extract text: %s", att.filename, err)
        return AttachmentText(None, None, f"{type(err).__name__}: {err}")
    return AttachmentText(None, None)


def _decode(data: bytes) -> str:
    return data[:MAX_TEXT_BYTES].decode("utf-8", "replace")


def _cap(text: str) -> str | None:
    return text[:MAX_TEXT_CHARS].strip() or None


_HYPHEN_BREAK = re.compile(r"(?<=[a-z])-[ \t]*\n[ \t]*(?=[a-z])")
_SPACES = re.compile(r"[ \t\u00a0]{2,}")


def tidy(text: str) -> str:
    """Page text as a reader would take it: ligatures and compatibility forms unfolded, words
    hyphenated across a line end joined, lines wrapped by the page joined into their paragraph,
    runs of spaces and form feeds squeezed."""
    text = unicodedata.normalize("NFKC", text).replace("\f", "\n")
    text = _HYPHEN_BREAK.sub("", text)
    return reflow(_SPACES.sub(" ", text)).strip()


MIN_MARGIN_CHARS = 50  # a page whose longest line is shorter wraps nothing


def reflow(text: str) -> str:
    """Join the lines a page wrapped: a line that runs nearly to the right margin (the longest
    line's length) continues on the next line, also across a blank line when it ends no sentence.
    Short lines (letterheads, dates, addresses, signatures, salutations) stay lines."""
    lines = text.split("\n")
    margin = max((len(line.rstrip()) for line in lines), default=0)
    if margin < MIN_MARGIN_CHARS:
        return text
    full = 0.75 * margin
    # OCR breaks blocks mid-sentence: a blank line after a full line that ends no sentence is dropped
    lines = [line for i, line in enumerate(lines)
             if line.strip() or i == 0 or len(lines[i - 1].rstrip()) < full
             or lines[i - 1].rstrip().endswith((".", "!", "?", ":"))]
    out = [lines[0]]
    for prev, line in zip(lines, lines[1:], strict=False):
        if line.strip() and len(prev.rstrip()) >= full:
            out[-1] = f"{out[-1].rstrip()} {line.lstrip()}"
        else:
            out.append(line)
    return "\n".join(out)


# --- PDF ------------------------------------------------------------------------------------


def _pdf(data: bytes, budget: ReadBudget) -> AttachmentText:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    parts: list[str] = []
    ocr_pages = 0
    notes: list[str] = []
    size = 0
    count = len(reader.pages)
    for number in range(min(count, MAX_PDF_PAGES)):
        if budget.remaining() <= 0 or size >= MAX_TEXT_CHARS:
            why = "time budget spent" if size < MAX_TEXT_CHARS else "text limit reached"
            notes.append(f"{why}: read {number} of {count} pages")
            break
        page = reader.pages[number]
        text = (page.extract_text() or "").strip()
        if len(text) < MIN_PAGE_TEXT and budget.spent:
            notes.append(_SPENT)
        elif len(text) < MIN_PAGE_TEXT:
            ocr = _ocr_pdf_page(page, budget)
            if ocr.error:
                notes.append(ocr.error)
            if ocr.text:
                text, ocr_pages = ocr.text, ocr_pages + 1
        if text:
            parts.append(text)
            size += len(text)
    text = tidy("\n\n".join(parts))[:MAX_TEXT_CHARS] or None
    method = TextMethod.OCR if ocr_pages else TextMethod.PDF_TEXT
    return AttachmentText(text, method, "; ".join(dict.fromkeys(notes))[:300] or None)


def _page_image_objects(page) -> Iterator:  # noqa: ANN001 (a pypdf PageObject)
    """The image XObjects a page draws, forms followed one level down, without decoding them."""
    def images_in(resources, depth: int) -> Iterator:  # noqa: ANN001
        xobjects = (resources or {}).get("/XObject") if hasattr(resources, "get") else None
        for ref in (xobjects.get_object().values() if xobjects is not None else ()):
            obj = ref.get_object()
            subtype = obj.get("/Subtype")
            if subtype == "/Image":
                yield obj
            elif subtype == "/Form" and depth < 2:
                yield from images_in(obj.get("/Resources"), depth + 1)

    resources = page.get("/Resources")
    yield from images_in(resources.get_object() if resources is not None else None, 0)


def _ocr_pdf_page(page, budget: ReadBudget) -> AttachmentText:  # noqa: ANN001
    if not tesseract_available():
        return AttachmentText(None, None, "no text layer and tesseract is not installed")
    texts, errors = [], []
    for obj in _page_image_objects(page):
        if budget.spent:  # decode nothing more
            errors.append(_SPENT)
            break
        try:
            width, height = int(obj.get("/Width", 0)), int(obj.get("/Height", 0))
            _check_pixels(width, height)
            if width * height < 40_000:  # a rule, a logo or a signature, not a page
                continue
            ocr = _ocr(obj.decode_as_image(), budget)
        except _Refused as why:
            errors.append(str(why))
            continue
        except Exception as err:  # noqa: BLE001 (one undecodable image: the others are still read)
            errors.append(f"{type(err).__name__}: {err}")
            continue
        if ocr.error:
            errors.append(ocr.error)
        if ocr.text:
            texts.append(ocr.text)
    return AttachmentText("\n".join(texts) or None, TextMethod.OCR, "; ".join(dict.fromkeys(errors)) or None)


# --- images and Tesseract -------------------------------------------------------------------


def _check_pixels(width: int, height: int) -> None:
    if width <= 0 or height <= 0 or width * height > MAX_IMAGE_PIXELS:
        raise _Refused(f"image of {width}x{height} pixels is not decoded (limit {MAX_IMAGE_PIXELS:,})")


def _ocr_image_file(data: bytes, budget: ReadBudget) -> AttachmentText:
    """An attached image file: every frame (a multi-page TIFF), within the budget."""
    fmt = image_format(data)
    if fmt is None:
        raise _Refused("not an image: its bytes carry no image signature")
    if not tesseract_available():
        return AttachmentText(None, None, "tesseract is not installed")
    from PIL import Image

    with Image.open(io.BytesIO(data), formats=[fmt]) as image:  # reads the header only
        texts, errors = [], []
        for frame in range(getattr(image, "n_frames", 1)):
            image.seek(frame)
            _check_pixels(*image.size)
            ocr = _ocr(image, budget)
            errors += [ocr.error] if ocr.error else []
            texts += [ocr.text] if ocr.text else []
            if budget.spent:
                break
    return AttachmentText(tidy("\n\n".join(texts)) or None, TextMethod.OCR, "; ".join(dict.fromkeys(errors)) or None)


def _ocr(image, budget: ReadBudget) -> AttachmentText:  # noqa: ANN001 (a PIL image)
    """OCR one decoded page image: re-encoded here as a grayscale PNG, sent on Tesseract's stdin."""
    timeout = budget.take_page()
    if timeout is None:
        return AttachmentText(None, None, _SPENT)
    from PIL import Image

    page = image.convert("L")
    scale = (OCR_MAX_PIXELS / (page.width * page.height)) ** 0.5
    if scale < 1:
        page = page.resize((max(1, int(page.width * scale)), max(1, int(page.height * scale))), Image.Resampling.LANCZOS)
    png = io.BytesIO()
    page.save(png, format="PNG")
    dpi = max(70, min(600, round(max(page.width, page.height) / 11)))  # as if the long side were 11 inches
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one core per page: helpers and daemons share the machine
    try:
        proc = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", "eng", "--psm", "3", "--dpi", str(dpi)],
            input=png.getvalue(), capture_output=True, timeout=timeout, check=False, env=env,
        )
    except subprocess.TimeoutExpired:
        return AttachmentText(None, TextMethod.OCR, f"OCR of a page took more than {timeout:.0f} s")
    if proc.returncode != 0:
        return AttachmentText(None, TextMethod.OCR, proc.stderr.decode("utf-8", "replace").strip()[:300])
    return AttachmentText(tidy(ocr_digits(proc.stdout.decode("utf-8", "replace"))) or None, TextMethod.OCR)


_NUMBER_TOKEN = re.compile(r"[A-Za-z0-9-]*\d[A-Za-z0-9-]*")


def ocr_digits(text: str) -> str:
    """OCR reads a zero as the letter O inside numbers ("RO00549-1116"): in a token of three or more
    digits, letters O standing before a digit are zeros."""
    def fix(m: re.Match[str]) -> str:
        token = m.group(0)
        if sum(c.isdigit() for c in token) < 3:
            return token
        return re.sub(r"O+(?=\d)", lambda o: "0" * len(o.group(0)), token)

    return _NUMBER_TOKEN.sub(fix, text)

