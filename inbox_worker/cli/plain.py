"""Text made inert for a terminal, without rich: the printer (``output``) and the quick answers
(``quick``, before rich is imported) both use it."""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC (ESC ] ... BEL or ST),
# and two-byte escapes; the same in their 8-bit C1 forms.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# Remaining controls (C0 but tab/newline, DEL, C1) and bidirectional overrides/isolates.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\x85\u2028\u2029]+\s*")


def inert(value: object, *, multiline: bool = False) -> str:
    """``value`` as text that cannot act on a terminal: no escape sequences, no control
    characters. Single-line text (the default) also has folded lines and tabs joined by spaces."""
    text = str(value)
    text = text.replace("\r\n", "\n")
    if not multiline:
        text = _LINE_BREAKS.sub(" ", text)
    text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    return text.replace("\t", " ") if not multiline else text.expandtabs(4)
