"""A plain install reads scans: what OCR needs is a main dependency, pinned in constraints.txt."""

from __future__ import annotations

import re
from importlib.metadata import requires, version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_pillow_is_required_by_a_plain_install_not_only_by_an_extra():
    plain = [r for r in requires("foia-intake") or [] if "extra ==" not in r]
    assert any(re.match(r"(?i)pillow\b", r) or re.match(r"(?i)pypdf\[[^]]*image", r) for r in plain), plain


def test_the_ocr_dependencies_are_pinned_to_the_installed_versions():
    pins = dict(line.lower().split("==") for line in (REPO / "constraints.txt").read_text().split() if "==" in line)
    assert pins["pillow"] == version("pillow")
    assert pins["pypdf"] == version("pypdf")


def test_pypdf_decodes_a_scanned_page_to_an_image():
    import io

    from PIL import Image
    from pypdf import PdfReader

    out = io.BytesIO()
    Image.new("L", (400, 500), 200).save(out, format="PDF")
    (image,) = PdfReader(out).pages[0].images
    assert image.image.size == (400, 500)
