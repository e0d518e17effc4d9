"""Text clean-up: HTML to text, quoted earlier mail stripped, whitespace folded."""

from __future__ import annotations

import html
import re

_BLOCK = re.compile(r"<\s*(br|/p|/div|/tr|/li|/h\d|p|div|tr|li)\b[^>]*>", re.I)
_DROP = re.compile(r"<\s*(script|style|head)\b.*?<\s*/\s*\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")

# Lines that start the quoted earlier message in a reply.
_QUOTE_HEADERS = [
    re.compile(r"^\s*On .{5,200}wrote:\s*$", re.I),
    re.compile(r"^\s*-{2,}\s*Original Message\s*-{2,}", re.I),
    re.compile(r"^\s*-{2,}\s*Forwarded message\s*-{2,}", re.I),
    re.compile(r"^\s*From:\s.+$", re.I),  # Outlook-style header block
    re.compile(r"^\s*_{10,}\s*$"),
]


def html_to_text(markup: str) -> str:
    """A readable text rendering of an HTML part (no layout, but line breaks kept)."""
    text = _DROP.sub(" ", markup)
    text = _BLOCK.sub("\n", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(_squeeze_blank(lines)).strip()


def _squeeze_blank(lines):
    blank = False
    for line in lines:
        if not line:
            if not blank:
                yield ""
            blank = True
        else:
            blank = False
            yield line


def strip_quoted(body: str) -> str:
    """The new part of a reply: drops ``>`` lines and everything after a quote header.

    A header found in the first lines is kept (a forwarded letter may start with one)."""
    out: list[str] = []
    for i, line in enumerate(body.splitlines()):
        if line.lstrip().startswith(">"):
            continue
        if i > 2 and any(p.match(line) for p in _QUOTE_HEADERS):
            break
        out.append(line)
    return "\n".join(out).strip()
