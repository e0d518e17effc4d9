"""Exemptions cited, Glomar responses, and portal links."""

from __future__ import annotations

import re

_EXEMPTION = re.compile(r"\(b\)\s*\(\s*(\d)\s*\)((?:\s*\(\s*[A-Fa-f]\s*\))?)")
_EXEMPTION_WORD = re.compile(r"\bExemptions?\s+((?:\d(?:\s*\([A-F]\))?(?:\s*(?:,|and|&)\s*)?)+)", re.I)
_STATE_SECTION = re.compile(
    r"(?:Gov(?:ernment|'t|\.)?\s+Code|Public Officers Law|ILCS|RCW|G\.?L\.?\s+c\.?)\s*(?:§+\s*)?[\d.()a-zA-Z/-]+",
)
_GLOMAR = re.compile(
    r"neither\s+confirm\s+nor\s+deny|existence\s+or\s+non-?existence\s+of\s+(?:responsive\s+)?records",
    re.I,
)
_GLOMAR_BOILERPLATE = re.compile(r"standard notification that is given to all", re.I)
_URL = re.compile(r"https?://[^\s<>\"')\]]+", re.I)
_PORTAL_HOSTS = re.compile(
    r"(?:foiaonline|mycusthelp|custhelp|govqa|nextrequest|justfoia|efoia|foiaxpress|/app/|"
    r"securerelease|entellitrak|publiclink|foia\.)",
    re.I,
)


def extract_exemptions(text: str) -> list[str]:
    out: list[str] = []
    for m in _EXEMPTION.finditer(text):
        sub = re.sub(r"\s", "", m.group(2) or "").upper()
        token = f"(b)({m.group(1)}){sub}"
        if token not in out:
            out.append(token)
    for m in _EXEMPTION_WORD.finditer(text):
        for num, sub in re.findall(r"(\d)\s*(\([A-F]\))?", m.group(1)):
            token = f"(b)({num}){sub.upper()}"
            if token not in out:
                out.append(token)
    for m in _STATE_SECTION.finditer(text):
        token = m.group(0).strip().rstrip(".,;")
        if token not in out and re.search(r"\d", token):
            out.append(token)
    return out


def is_glomar(text: str) -> bool:
    lower = text.lower()
    if "deny" not in lower and "existence" not in lower:
        return False
    return bool(_GLOMAR.search(text)) and not _GLOMAR_BOILERPLATE.search(text)


def extract_portal_links(text: str) -> list[str]:
    out: list[str] = []
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(".,;:")
        if _PORTAL_HOSTS.search(url) and url not in out:
            out.append(url)
    return out
