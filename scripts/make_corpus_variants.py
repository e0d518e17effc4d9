#!/usr/bin/env python3
"""Deliver a labelled corpus as agencies deliver it: a cover email with the letter as an attached PDF.

From a folder of NNN/message.txt + NNN/case.json cases (the ../shared/corpus format) write the same
cases as real emails, NNN/message.eml + the same case.json, in one or both of two variants:

- ``pdf``:  the letter as a PDF with a text layer;
- ``scan``: the letter as an image-only PDF, the text rendered to a page image with a little
  scanner skew, grain and JPEG compression, so only OCR can read it.

With ``--printed`` the pages are printed as an office prints a letter: a running header and a
footer with the page number ("Page 2 of 3") on every page, and long words hyphenated at line ends;
a reader must take all of that away again to read the letter as its text.

The email body is the case's own cover email where the case has one (the text before a line
``----- Attachment (extracted text) -----``), otherwise a one-line cover note. The Subject is the
case's ``Subject:`` line. There is no Date header, so the reader sees nothing the text case lacks.

    python scripts/make_corpus_variants.py ../shared/corpus/train /tmp/variants --kind pdf --kind scan
    foia-intake evaluate /tmp/variants/pdf

The output folder must lie outside the repository: the letters never enter it. Nothing of a letter
is printed, only counts.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import sys
import textwrap
import unicodedata
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KINDS = ("pdf", "scan")

# Cover notes as agencies write them: say that a letter is attached, decide nothing.
COVER_LINES = (
    "Please find attached correspondence regarding your request.",
    "Please see the attached letter.",
    "Attached is a letter concerning your records request.",
    "Please find the attached letter regarding your FOIA request.",
    "See attached.",
)
SENDER = "Records Office <records@agency.example.gov>"
RECIPIENT = "Requester <requester@example.org>"

# Text-layer PDF: US Letter, 10 pt Helvetica.
PAGE_W, PAGE_H, MARGIN = 612, 792, 60
FONT_PT, LEADING = 10, 13
WRAP_CHARS = 95
LINES_PER_PAGE = (PAGE_H - 2 * MARGIN) // LEADING

# Scanned page: US Letter at 200 dpi, 11 pt serif.
DPI = 200
SCAN_W, SCAN_H, SCAN_MARGIN = int(8.5 * DPI), 11 * DPI, DPI
SCAN_FONT_PX = round(11 / 72 * DPI)
SCAN_LEADING_PX = round(SCAN_FONT_PX * 1.45)


@dataclass(frozen=True)
class Case:
    name: str
    subject: str
    cover: str  # the body of the email; "" when the case is a bare letter
    letters: tuple[str, ...]  # the text of each attached letter


def read_case(folder: Path) -> Case:
    """The case as the text reader splits it: Subject line, cover email, attached letters."""
    from inbox_worker.letters import letter_from_text

    letter = letter_from_text((folder / "message.txt").read_text(encoding="utf-8", errors="replace"))
    if letter.attachments_text:
        return Case(folder.name, letter.subject, letter.body, letter.attachments_text)
    return Case(folder.name, letter.subject, "", (letter.body,))


def wrap(text: str, width: int, *, hyphenate: bool = False) -> list[str]:
    """The letter's lines as a page would print them: paragraphs kept, long lines wrapped; with
    ``hyphenate`` a long word that does not fit is split, its head ending the line with a hyphen."""
    out: list[str] = []
    for line in text.splitlines():
        if hyphenate and len(line) > width:
            out.extend(_hyphenated(line.split(), width))
        else:
            out.extend(textwrap.wrap(line, width, break_long_words=True, break_on_hyphens=False) or [""])
    return out


def _hyphenated(words: list[str], width: int) -> list[str]:
    lines, line = [], ""
    for whole in words:
        *chunks, word = [whole[i:i + width] for i in range(0, len(whole), width)]  # a link longer than a line
        if chunks:
            lines, line = [*lines, *([line] if line else []), *chunks], ""
        if not line or len(line) + 1 + len(word) <= width:
            line = f"{line} {word}".strip()
            continue
        room = width - len(line) - 2  # a space and the hyphen
        if len(word) >= 8 and word.isalpha() and word.islower() and room >= 3 and len(word) - room >= 3:
            lines.append(f"{line} {word[:room]}-")
            line = word[room:]
        else:
            lines.append(line)
            line = word
    return [*lines, line]


LETTERHEAD = "OFFICE OF PUBLIC RECORDS"
FOOTER = "100 Main Street, Springfield | records@agency.example.gov | (555) 010-0199"


def paginate(lines: list[str], per_page: int, *, printed: bool = False) -> list[list[str]]:
    """The lines on each page; a printed page also carries its header, footer and number."""
    if not printed:
        return [lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    body = per_page - 5
    pages = [lines[i:i + body] for i in range(0, len(lines), body)] or [[]]
    return [[LETTERHEAD, "", *page, *[""] * (body - len(page)), "", FOOTER, f"Page {n} of {len(pages)}"]
            for n, page in enumerate(pages, start=1)]


# --- text-layer PDF -------------------------------------------------------------------------


def _winansi(line: str) -> bytes:
    """A line in the PDF's WinAnsi encoding; what it cannot hold falls back to its ASCII form."""
    chars = []
    for ch in line:
        try:
            chars.append(ch.encode("cp1252"))
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore")
            chars.append(plain or b"?")
    raw = b"".join(chars)
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _pdf_document(page_streams: list[bytes], resources: bytes, extra: list[bytes]) -> bytes:
    """Assemble objects: 1 catalog, 2 page tree, then per page (page, contents), then ``extra``."""
    n = len(page_streams)
    first_extra = 3 + 2 * n
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n)]
    for i, stream in enumerate(page_streams):
        res = resources.replace(b"@IMG@", b"%d 0 R" % (first_extra + i))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R /Resources %s >>"
                       % (PAGE_W, PAGE_H, 4 + 2 * i, res))
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    objects.extend(extra)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def text_pdf(letter: str, *, printed: bool = False) -> bytes:
    pages = paginate(wrap(letter, WRAP_CHARS, hyphenate=printed), LINES_PER_PAGE, printed=printed)
    streams = []
    for page in pages:
        ops = [b"BT", b"/F1 %d Tf" % FONT_PT, b"%d TL" % LEADING, b"%d %d Td" % (MARGIN, PAGE_H - MARGIN)]
        ops += [b"(%s) Tj T*" % _winansi(line) for line in page]
        ops.append(b"ET")
        streams.append(b"\n".join(ops))
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    first_extra = 3 + 2 * len(streams)
    return _pdf_document(streams, b"<< /Font << /F1 %d 0 R >> >>" % first_extra, [font])


# --- scanned, image-only PDF ----------------------------------------------------------------


def _scan_font():
    from PIL import ImageFont

    for name in ("DejaVuSerif.ttf", "LiberationSerif-Regular.ttf", "FreeSerif.ttf"):
        try:
            return ImageFont.truetype(name, SCAN_FONT_PX)
        except OSError:
            continue
    return ImageFont.load_default(size=SCAN_FONT_PX)


def _wrap_to_width(text: str, font, width_px: int, *, hyphenate: bool = False) -> list[str]:
    avg = font.getlength("abcdefghijklmnopqrstuvwxyz etaoin ") / 34
    lines = wrap(text, max(20, int(width_px / avg)), hyphenate=hyphenate)
    out = []
    for line in lines:  # the average is a guess: rewrap a line the font makes too wide
        out.extend(wrap(line, max(20, int(len(line) * width_px / font.getlength(line))))
                   if line and font.getlength(line) > width_px else [line])
    return out


def scan_pages(letter: str, rng: random.Random, *, noisy: bool = True, printed: bool = False) -> list:
    from PIL import Image, ImageDraw, ImageFilter

    font = _scan_font()
    lines = _wrap_to_width(letter, font, SCAN_W - 2 * SCAN_MARGIN, hyphenate=printed)
    pages = []
    for text in paginate(lines, (SCAN_H - 2 * SCAN_MARGIN) // SCAN_LEADING_PX, printed=printed):
        page = Image.new("L", (SCAN_W, SCAN_H), 255)
        draw = ImageDraw.Draw(page)
        for i, line in enumerate(text):
            draw.text((SCAN_MARGIN, SCAN_MARGIN + i * SCAN_LEADING_PX), line, fill=rng.randint(0, 40), font=font)
        if noisy:
            page = page.rotate(rng.uniform(-0.8, 0.8), resample=Image.Resampling.BICUBIC, fillcolor=255)
            page = page.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.7)))
            pixels = page.load()
            for _ in range(SCAN_W * SCAN_H // 2000):  # dust and toner specks
                x, y = rng.randrange(SCAN_W), rng.randrange(SCAN_H)
                pixels[x, y] = rng.choice((0, 90, 170))
        pages.append(page)
    return pages


def scan_pdf(letter: str, rng: random.Random, *, noisy: bool = True, printed: bool = False) -> bytes:
    first, *rest = scan_pages(letter, rng, noisy=noisy, printed=printed)
    out = io.BytesIO()
    first.save(out, format="PDF", resolution=float(DPI), save_all=True, append_images=rest, quality=70)
    return out.getvalue()


# --- the email ------------------------------------------------------------------------------


def build_email(case: Case, kind: str, *, seed: int, noisy: bool = True, cover: str | None = None,
                printed: bool = False) -> bytes:
    rng = random.Random(f"{seed}:{case.name}")
    msg = EmailMessage()
    msg["From"] = SENDER
    msg["To"] = RECIPIENT
    msg["Subject"] = case.subject
    msg["Message-ID"] = f"<variant-{kind}-{case.name}@agency.example.gov>"
    if cover is None:
        cover = f"{rng.choice(COVER_LINES)}\n\nRecords Office"
    msg.set_content((case.cover or cover) + "\n")
    for i, letter in enumerate(case.letters, start=1):
        data = text_pdf(letter, printed=printed) if kind == "pdf" else scan_pdf(letter, rng, noisy=noisy, printed=printed)
        name = "letter.pdf" if len(case.letters) == 1 else f"letter-{i}.pdf"
        msg.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    msg.set_boundary(f"variant-{kind}-{case.name}-{seed}")  # the same corpus gives the same bytes
    return msg.as_bytes()


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def write_variants(source: Path, out: Path, kinds: tuple[str, ...], *, seed: int = 0, noisy: bool = True,
                   cover: str | None = None, printed: bool = False) -> int:
    source, out = source.resolve(), out.resolve()
    if _inside(out, REPO):
        raise SystemExit(f"refusing to write letters inside the repository: {out}")
    if _inside(out, source) or _inside(source, out):
        raise SystemExit("the output folder must not contain, or lie inside, the source corpus")
    cases = sorted(p for p in source.iterdir() if (p / "case.json").is_file() and (p / "message.txt").is_file())
    if not cases:
        raise SystemExit(f"{source} holds no NNN/message.txt + NNN/case.json cases")
    for kind in kinds:
        for folder in cases:
            target = out / kind / folder.name
            target.mkdir(parents=True, exist_ok=True)
            email = build_email(read_case(folder), kind, seed=seed, noisy=noisy, cover=cover, printed=printed)
            (target / "message.eml").write_bytes(email)
            shutil.copyfile(folder / "case.json", target / "case.json")
    return len(cases)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="a folder of NNN/message.txt + NNN/case.json cases")
    parser.add_argument("out", type=Path, help="output folder (outside the repository); gets out/pdf, out/scan")
    parser.add_argument("--kind", choices=KINDS, action="append", help="variant(s) to write (default: both)")
    parser.add_argument("--seed", type=int, default=0, help="seed for cover lines, skew and grain")
    parser.add_argument("--clean", action="store_true", help="scans without skew, blur or specks")
    parser.add_argument("--cover", metavar="TEXT", help="the cover note of bare letters (default: a usual one "
                        "per case; '' for none, to measure what the cover line costs)")
    parser.add_argument("--printed", action="store_true", help="pages as an office prints them: running header, "
                        "footer, page numbers, words hyphenated at line ends")
    args = parser.parse_args(argv)
    if not args.source.is_dir():
        parser.error(f"not a folder: {args.source}")
    kinds = tuple(dict.fromkeys(args.kind or KINDS))
    count = write_variants(args.source, args.out, kinds, seed=args.seed, noisy=not args.clean, cover=args.cover,
                           printed=args.printed)
    for kind in kinds:
        print(f"{count} cases -> {args.out / kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
