"""The same letter read as text, as a PDF attached to a cover email, and as a scanned PDF.

The letters are the project's own; scripts/make_corpus_variants.py turns them into emails, and
`read_corpus` reads those through the intake's parser and attachment reader.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from inbox_worker.attachment_text import TextMethod, extract_text
from inbox_worker.corpus import read_corpus
from inbox_worker.parse import parse_mail
from nlp import read
from tests.conftest import IN_CI, corpus_variants_script

REPO = Path(__file__).resolve().parent.parent
MARK = "----- Attachment (extracted text) -----"

LETTERS = {
    "001": ("no_records", "Subject: Public records request 24-0117\n"
            "Dear Ms. Okafor:\n\nThis office has completed its search for records responsive to your request "
            "dated March 3, 2024, for inspection reports of the Harbor Street pump station. After a search "
            "of the files of the Public Works Department, no records responsive to your request were located. "
            "Your request is now closed.\n\nSincerely,\nRecords Coordinator"),
    "002": ("fee_notice", "Subject: FOIA 2024-00388 fee estimate\n"
            "Thank you for contacting the district.\n" + MARK + "\n"
            "Dear Requester:\n\nWe estimate that processing your request will cost $312.50 in search and "
            "duplication fees. Before we continue, please remit an advance payment of $312.50 or tell us in "
            "writing that you agree to pay the fees. If we do not hear from you within 30 days, we will "
            "close your request.\n\nFOIA Officer"),
    "003": ("extension", "Dear Mr. Lindqvist:\n\nWe are writing about your Freedom of Information Act request "
            "number 2024-FOI-0552. Because your request requires a search in field offices that are separate "
            "from this office, unusual circumstances apply, and we are extending the time to respond by ten "
            "additional working days, to June 14, 2024.\n\nGovernment Information Specialist"),
}
# A request quoted back in its own paragraph, the decision in the next: a PDF read without its
# paragraph breaks took the decision for part of the quote.
LETTERS["004"] = ("no_records", "Subject: Records request R-2291\nDear Mr. Abernathy:\n\nThank you for writing to the County Clerk on February 2, 2024. Your request has been logged as R-2291 and assigned to our office for a response.\n\nYou asked for:\n\nall correspondence between the county fleet manager and any vendor of tire services, from 2019 to the present, including invoices and any notes of telephone calls\n\nStaff in the Clerk's office and the Fleet Division searched paper files and the email archive using the vendor names and the date range you gave. After that search, we did not find any records responsive to your request, and the request is therefore closed.\n\nRespectfully,\nCounty Clerk")
# Two printed pages (run with printed=True: header, footer, page numbers, hyphenated words).
PRINTED = {"005": ("extension", 'Subject: Public records request 2024-PR-0815\nMs. Dana Whitcombe\n\nDear Ms. Whitcombe:\n\nThis letter concerns the public records request you sent to the Water Resources Department on April 8, 2024, which our office logged as request 2024-PR-0815. You asked for inspection logs, maintenance work orders and contractor correspondence about the three reservoirs the department operates north of the city, covering the years 2016 through 2023.\n\nWe have begun working on your request. The department keeps inspection logs in two places: a scanned archive held by the engineering division for the years before 2020, and a maintenance database that replaced the paper forms in early 2020. Work orders are kept in the same database, but the older ones were migrated from a previous system and must be exported one reservoir at a time. Contractor correspondence is spread across the mailboxes of several project managers, two of whom have since left the department, and their mailboxes are held by the information technology division.\n\nBecause the records you asked for are voluminous and must be collected from several divisions that are separate from our office, we are not able to complete our response within the usual period. Under the public records law we are extending the time for our response by an additional thirty business days. We now expect to respond to your request on or before July 19, 2024.\n\nDuring this period our staff will collect the inspection logs from the engineering archive, export the work orders from the maintenance database, and ask the information technology division to search the mailboxes of the project managers for messages with the contractors named in your request. Once the records are gathered, an attorney will review them for information that the law protects, such as the security details of water infrastructure and personal information of employees.\n\nIf you would like to receive the records sooner, you may consider narrowing your request, for example to a single reservoir or to a shorter span of years. A narrower request can usually be completed more quickly. You may also ask us to send the records in installments as each part of the search is finished.\n\nIf you have questions about this letter or about the status of your request, please write to our office at the address below or call the records line during business hours. Please refer to request number 2024-PR-0815 in any correspondence so that we can find your file quickly.\n\nWe appreciate your patience while we work on your request.\n\nSincerely,\n\nRecords Officer\nWater Resources Department')}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "text"
    for case, (label, text) in LETTERS.items():
        (root / case).mkdir(parents=True)
        (root / case / "message.txt").write_text(text, encoding="utf-8")
        (root / case / "case.json").write_text(json.dumps({"label": label, "secondary_labels": [],
                                                           "tracking_numbers": [], "dates": [], "fee_amount": None}))
    return root


def _labels(folder: Path) -> dict[str, str]:
    return {case: str(read(letter).classification.label) for case, letter, _ in read_corpus(folder)}


def test_the_same_letter_as_text_and_as_a_pdf_attachment_gets_the_same_label(corpus):
    corpus_variants_script().write_variants(corpus, corpus.parent / "out", ("pdf",))
    as_text = _labels(corpus)
    assert as_text == {case: label for case, (label, _) in LETTERS.items()}
    assert _labels(corpus.parent / "out" / "pdf") == as_text


def test_the_same_letter_as_a_scan_gets_the_same_label(corpus):
    if shutil.which("tesseract") is None:
        if IN_CI:
            pytest.fail("tesseract is not installed on CI (make system-deps)")
        pytest.skip("tesseract not installed")
    corpus_variants_script().write_variants(corpus, corpus.parent / "scans", ("scan",))
    assert _labels(corpus.parent / "scans" / "scan") == _labels(corpus)


def test_an_eml_case_is_read_as_the_intake_reads_it(corpus, tmp_path):
    corpus_variants_script().write_variants(corpus, tmp_path, ("pdf", "scan"), seed=3)
    pdf = {case: letter for case, letter, _ in read_corpus(tmp_path / "pdf")}
    assert "Thank you for contacting the district." in pdf["002"].body  # the case's own cover email
    assert "$312.50" not in pdf["002"].body and "$312.50" in pdf["002"].attachments_text[0]
    assert "attach" in pdf["001"].body.lower()  # a bare letter gets a one-line cover note
    assert pdf["001"].subject == "Public records request 24-0117"
    raw = (tmp_path / "pdf" / "003" / "message.eml").read_bytes()
    (attachment,) = parse_mail(raw).attachments
    assert extract_text(attachment).method is TextMethod.PDF_TEXT
    (scan,) = parse_mail((tmp_path / "scan" / "003" / "message.eml").read_bytes()).attachments
    import io

    from pypdf import PdfReader

    assert not (PdfReader(io.BytesIO(scan.data)).pages[0].extract_text() or "").strip()  # image only


def test_a_long_letter_runs_onto_several_pdf_pages_and_keeps_every_word(tmp_path):
    script = corpus_variants_script()
    words = " ".join(f"word{i}" for i in range(3000))
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(script.text_pdf(words + "\nSection 552 \u00a7 \u201cquoted\u201d \u2153")))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) > 1
    assert text.split()[:3000] == words.split()
    assert "\u00a7 \u201cquoted\u201d" in text


def test_the_script_refuses_to_write_letters_into_the_repository(corpus):
    with pytest.raises(SystemExit, match="inside the repository"):
        corpus_variants_script().write_variants(corpus, REPO / "var" / "variants", ("pdf",))
    assert not (REPO / "var" / "variants").exists()


def test_the_script_refuses_to_write_into_the_source_corpus(corpus):
    with pytest.raises(SystemExit, match="source corpus"):
        corpus_variants_script().write_variants(corpus, corpus / "variants", ("pdf",))


def test_a_printed_letter_of_two_pages_as_a_pdf_and_as_a_scan_gets_the_label_of_its_text(tmp_path):
    root = tmp_path / "text"
    for case, (label, text) in PRINTED.items():
        (root / case).mkdir(parents=True)
        (root / case / "message.txt").write_text(text, encoding="utf-8")
        (root / case / "case.json").write_text(json.dumps({"label": label}))
    kinds = ("pdf", "scan") if shutil.which("tesseract") else ("pdf",)
    corpus_variants_script().write_variants(root, tmp_path / "out", kinds, printed=True)
    as_text = _labels(root)
    assert as_text == {case: label for case, (label, _) in PRINTED.items()}
    for kind in kinds:
        assert _labels(tmp_path / "out" / kind) == as_text, kind
