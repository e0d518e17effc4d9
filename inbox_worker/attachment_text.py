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


# A word broken at a line end (also across a page break's blank line): hyphen, soft hyphen, Unicode
# hyphen, or the "¬" OCR reads for one, between lower-case letters.
_HYPHEN_BREAK = re.compile("(?<=[a-z])[-\u00ad\u2010\u00ac][ \t]*\n(?:[ \t]*\n)?[ \t]*(?=[a-z])")
_SPACES = re.compile(r"[ \t\u00a0]{2,}")


def tidy(text: str) -> str:
    """Page text as a reader would take it: ligatures and compatibility forms unfolded, words
    hyphenated across a line end joined, lines wrapped by the page joined into their paragraph,
    runs of spaces and form feeds squeezed."""
    text = unicodedata.normalize("NFKC", text).replace("\f", "\n")
    text = _SPACES.sub(" ", text)
    margin = right_margin(text)  # of the page as printed, before joined words make lines longer
    text = _HYPHEN_BREAK.sub("", text).replace("\u00ad", "")
    return reflow(text, margin=margin).strip()


# --- pages into one letter: the furniture a printed page repeats is not the letter's text -------

EDGE_LINES = 3  # a page's running header or footer stands in its first or last lines
MIN_FURNISHED_LINES = 4
_PAGE_NUMBER = re.compile(r"(?i)^[-\u2013\u2014 ]*(?:page|pg\.?)[ ]*\d{1,3}(?:[ ]*(?:of|/)[ ]*\d{1,3})?[-\u2013\u2014 ]*$")
_BARE_NUMBER = re.compile(r"^[-\u2013\u2014 ]*(\d{1,3})[-\u2013\u2014 ]*$")


def _furniture_key(line: str) -> str:
    """A header or footer line as it recurs from page to page: numbers (page, date) and case aside."""
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def join_pages(pages: list[str]) -> str:
    """A document's pages as one text, without what is printed on every page: page numbers ("Page 2
    of 3", "- 2 -", a bare 2 at the top or foot of the second page) and running headers and footers
    (a line among a page's first or last three that recurs so on another page; a page of fewer than
    four lines has none). A header is kept
    where it first stands (the letterhead), a footer only where it last stands (the end), so that
    none of them cuts a sentence running on from one page to the next."""
    split = [page.split("\n") for page in pages]
    top: list[set[int]] = []
    bottom: list[set[int]] = []
    for lines in split:
        filled = [i for i, line in enumerate(lines) if line.strip()]
        if len(filled) < MIN_FURNISHED_LINES:  # too short to tell a header from the text
            filled = []
        top.append(set(filled[:EDGE_LINES]))
        bottom.append(set(filled[-EDGE_LINES:]) - top[-1] if len(filled) > EDGE_LINES else set())
    places: dict[str, list[tuple[int, int]]] = {}
    for number, lines in enumerate(split):
        for i in sorted(top[number] | bottom[number]):
            key = _furniture_key(lines[i])
            if len(key.replace("#", "").strip()) >= 3:  # not a bare number (read below)
                places.setdefault(key, []).append((number, i))
    drop: set[tuple[int, int]] = set()
    for found in places.values():
        if len({number for number, _ in found}) < 2:
            continue
        header = all(i in top[number] for number, i in found)
        keep = found[0] if header else found[-1]
        drop.update(place for place in found if place != keep)
    several = sum(bool(page.strip()) for page in pages) > 1
    out = []
    for number, lines in enumerate(split):
        kept = []
        for i, line in enumerate(lines):
            bare = _BARE_NUMBER.match(line)
            if (number, i) in drop or _PAGE_NUMBER.match(line.strip()) or (
                    bare and several and i in top[number] | bottom[number] and int(bare.group(1)) in (number, number + 1)):
                continue
            kept.append(line)
        out.append("\n".join(kept).strip())
    return "\n\n".join(page for page in out if page)


MIN_MARGIN_CHARS = 50  # a page whose longest line is shorter wraps nothing


_CLOSING = re.compile(r"(?i)^(?:(?:best |kind |warm |with )?regards|sincerely|respectfully(?: yours)?|cordially|"
                      r"thank you|thanks|best|(?:very )?truly yours|yours (?:truly|sincerely))\W{0,2}$")
MAX_WORD_CHARS = 30  # a line holding a longer token (a link) does not set the margin


def right_margin(text: str) -> int:
    """The length of a full line: the longest line's, links aside."""
    return max((len(line.rstrip()) for line in text.split("\n")
                if max(map(len, line.split()), default=0) <= MAX_WORD_CHARS), default=0)


def reflow(text: str, *, margin: int | None = None) -> str:
    """Join the lines a page wrapped: a line that runs nearly to the right margin (the longest
    line's length, links aside) continues on the next line. A blank line inside a sentence is
    dropped: after a full line that ends in a lower-case word or a comma or before a line that
    begins in lower case, or after any line so ending and before one so beginning.
    Short lines (letterheads, dates, addresses, signatures, salutations) and a closing formula
    ("Sincerely,") stay lines."""
    lines = text.split("\n")
    margin = right_margin(text) if margin is None else margin
    if margin < MIN_MARGIN_CHARS:
        return text
    full = 0.75 * margin

    def inside_a_sentence(i: int) -> bool:  # lines[i] is blank
        before = lines[i - 1].rstrip() if i else ""
        after = next((line.lstrip() for line in lines[i + 1:] if line.strip()), "")
        runs_on, lower = before[-1:] in (",", ";", "-") or before[-1:].islower(), after[:1].islower()
        return (len(before) >= full and (runs_on or lower)) or (runs_on and lower)

    lines = [line for i, line in enumerate(lines) if line.strip() or not inside_a_sentence(i)]
    out = [lines[0]]
    for prev, line in zip(lines, lines[1:], strict=False):
        if line.strip() and len(prev.rstrip()) >= full and not _CLOSING.match(line.strip()):
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
        text = page_text(page).strip()
        if len(text) < MIN_PAGE_TEXT and budget.spent:
            notes.append(_SPENT)
        elif len(text) < MIN_PAGE_TEXT:
            ocr = _ocr_pdf_page(page, budget)
            if ocr.error:
                notes.append(ocr.error)
            if ocr.text:
                text, ocr_pages = ocr.text, ocr_pages + 1
        parts.append(text)
        size += len(text)
    text = tidy(join_pages(parts))[:MAX_TEXT_CHARS] or None
    method = TextMethod.OCR if ocr_pages else TextMethod.PDF_TEXT
    return AttachmentText(text, method, "; ".join(dict.fromkeys(notes))[:300] or None)


def page_text(page) -> str:  # noqa: ANN001 (a pypdf PageObject)
    """A PDF page's text layer in its reading order, with its paragraphs: a text layer draws no blank
    lines, so a line the page's layout leaves space after (read from pypdf's layout mode) ends one.
    Lines are never reordered by the layout (a second column stays where the text layer puts it)."""
    plain = page.extract_text() or ""
    if "\n" not in plain.strip():
        return plain
    try:
        layout = page.extract_text(extraction_mode="layout") or ""
    except Exception:  # noqa: BLE001 (layout mode fails on some fonts: the plain text stands)
        return plain
    rows = [" ".join(row.split()) for row in layout.splitlines()]
    ends = {row for row, after in zip(rows, rows[1:], strict=False) if row and not after}
    out = []
    for line in plain.splitlines():
        out.append(line)
        if " ".join(line.split()) in ends:
            out.append("")
    return "\n".join(out)


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
    return AttachmentText(tidy(join_pages(texts)) or None, TextMethod.OCR, "; ".join(dict.fromkeys(errors)) or None)


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
    return AttachmentText(ocr_cleanup(proc.stdout.decode("utf-8", "replace")).strip() or None, TextMethod.OCR)


_NUMBER_TOKEN = re.compile(r"[A-Za-z0-9-]*\d[A-Za-z0-9-]*")


def ocr_digits(text: str) -> str:
    """OCR reads a zero as the letter O inside numbers ("RO00549-1116"), a one as l or I ("20l9"): in a
    token of three or more digits, letters O standing before a digit are zeros, an l or I between
    digits is a one."""
    def fix(m: re.Match[str]) -> str:
        token = m.group(0)
        if sum(c.isdigit() for c in token) < 3:
            return token
        token = re.sub(r"(?<=\d)[lI](?=\d)", "1", token)
        return re.sub(r"O+(?=\d)", lambda o: "0" * len(o.group(0)), token)

    return _NUMBER_TOKEN.sub(fix, text)



# What OCR makes of a clean page, undone where the reading is certain. A speck of dust or toner is read
# as a full stop: between two words ("records.as"), doubled after one ("provided..A"), or after a
# word before the next lower-case word ("have. the"); a stop there would end the sentence early.
_JOINED_BY_A_SPECK = re.compile(r"(?<![\w@/.:\\-])([A-Za-z]{2,})\.([a-z]{2,}|a)(?![\w@/.:\\-])")
_NAME_ENDINGS = frozenset({  # "agency.gov", "letter.pdf": a name, not two words
    "gov", "com", "org", "net", "edu", "mil", "us", "uk", "int", "info", "io", "co", "ca", "biz", "pdf",
    "doc", "docx", "xls", "xlsx", "csv", "txt", "jpg", "jpeg", "png", "tif", "tiff", "zip", "htm", "html",
    "msg", "eml", "gif", "mp4", "mp3", "wav", "mov", "ppt", "pptx", "rtf", "xml", "json"})
_DOUBLE_STOP = re.compile(r"(?<=[A-Za-z])\.\.(?!\.)( ?)(?=(\w?))")
_STOP_BEFORE_LOWER = re.compile(r"(?<![\w.])([A-Za-z][a-z]{1,})\.(?=[ \t]+[a-z]{2,})")
_STOP_AFTER_A_LINK_WORD = re.compile(r"(?i)(?<![\w.])(the|an|and|or|of|your|our|their|its|this|these|has|have|is|are|was|were)"
                                     r"\.(?=[ \t]+\w)")
_ABBREVIATIONS = frozenset({  # lower-case words a full stop may follow mid-sentence
    "etc", "approx", "incl", "dept", "govt", "misc", "ext", "esp", "attn", "cont", "seq", "vol", "sec",
    "secs", "para", "ref", "est", "max", "min", "avg", "hrs", "mins", "yrs", "lbs", "nos", "viz", "ibid",
    "resp", "tel", "fax", "fig", "figs", "art", "arts", "subd", "subsec", "amend", "supp", "rev", "ave",
    "blvd", "corp", "ltd", "inc", "dist", "cir", "app", "ann", "stat", "admin", "reg", "regs", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri",
    "mr", "mrs", "ms", "dr", "st", "no", "jr", "sr", "vs", "co", "pp", "ch", "al", "op", "cf", "ex", "ed", "eds"})
# A letter's 1 or 0 inside a lower-case word ("f1les", "rec0rds"), a 1 read as l or I inside a number.
_DIGIT_IN_WORD = re.compile(r"(?<=[a-z])[10](?=[a-z])")
_WORD_TOKEN = re.compile(r"[A-Za-z0-9]+")


def ocr_cleanup(text: str) -> str:
    """Tesseract's text with the confusions of a clean page undone where they are certain: zeros and
    ones inside numbers and words (`ocr_digits`, `ocr_letters`), full stops read from specks."""
    text = ocr_letters(ocr_digits(text))
    text = _JOINED_BY_A_SPECK.sub(
        lambda m: m.group(0) if m.group(2).lower() in _NAME_ENDINGS else f"{m.group(1)} {m.group(2)}", text)
    text = _DOUBLE_STOP.sub(lambda m: ". " if m.group(2) else ".", text)
    text = _STOP_AFTER_A_LINK_WORD.sub(r"\1", text)  # "Access and. FOIA": no sentence ends so
    return _STOP_BEFORE_LOWER.sub(lambda m: m.group(0) if m.group(1).lower() in _ABBREVIATIONS else m.group(1), text)


def ocr_letters(text: str) -> str:
    """A 1 or a 0 standing alone between lower-case letters of a word made otherwise only of letters
    ("f1les", "rec0rds") is the letter l or o; codes with other digits or capitals are left alone."""
    def fix(m: re.Match[str]) -> str:
        token = m.group(0)
        digits = sum(c.isdigit() for c in token)
        if not digits or digits != len(_DIGIT_IN_WORD.findall(token)) or sum(c.isalpha() for c in token) < 3:
            return token
        return _DIGIT_IN_WORD.sub(lambda d: "l" if d.group(0) == "1" else "o", token)

    return _WORD_TOKEN.sub(fix, text)
