"""Text clean-up: HTML to text, quoted earlier mail stripped, whitespace folded."""

from __future__ import annotations

import html
import re

_BLOCK_TAGS = frozenset({"br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote"})
_SKIPPED = frozenset({"script", "style", "head"})  # their content is not text
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")

# Lines that start the quoted earlier message in a reply.
_QUOTE_HEADERS = [
    re.compile(r"^\s*On .{5,200}wrote:\s*$", re.I),
    re.compile(r"^\s*-{2,}\s*Original Message\s*-{2,}", re.I),
    re.compile(r"^\s*-{2,}\s*Forwarded message\s*-{2,}", re.I),
    re.compile(r"^\s*From:\s.+$", re.I),  # Outlook-style header block
    re.compile(r"^\s*_{10,}\s*$"),
]


def html_to_text(markup: str) -> str:
    """A readable text rendering of an HTML part (no layout, but line breaks kept).

    One forward scan with ``str.find``: linear in the length of the markup, whatever it holds
    (unclosed tags, comments or scripts drop the rest; a ``<`` with no ``>`` is kept as text)."""
    lower = markup.lower()
    out: list[str] = []
    i, n = 0, len(markup)
    while i < n:
        lt = markup.find("<", i)
        if lt < 0:
            out.append(markup[i:])
            break
        out.append(markup[i:lt])
        if markup.startswith("<!--", lt):
            end = markup.find("-->", lt + 4)
            i = n if end < 0 else end + 3
            out.append(" ")
            continue
        gt = markup.find(">", lt + 1)
        if gt < 0:
            out.append(markup[lt:])
            break
        closing = markup.startswith("/", lt + 1)
        name = _tag_name(lower, lt + 2 if closing else lt + 1, gt)
        i = gt + 1
        if name in _SKIPPED and not closing:
            end = lower.find("</" + name, i)
            close = markup.find(">", end) if end >= 0 else -1
            i = n if close < 0 else close + 1
            out.append(" ")
        else:
            out.append("\n" if name in _BLOCK_TAGS else " ")
    text = html.unescape("".join(out))
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(_squeeze_blank(lines)).strip()


def _tag_name(lower: str, start: int, end: int) -> str:
    """The tag name starting at ``start`` (at most 10 characters, never past ``end``)."""
    stop = start
    limit = min(end, start + 10)
    while stop < limit and lower[stop] in _NAME_CHARS:
        stop += 1
    return lower[start:stop]


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
