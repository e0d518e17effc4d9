"""A printed or scanned letter read back as its text: page furniture away, paragraphs kept,
words and sentences broken by the page joined, what OCR makes of specks undone where certain.
Every page here is the project's own wording."""

from __future__ import annotations

import io

from inbox_worker.attachment_text import join_pages, ocr_cleanup, page_text, reflow, tidy
from tests.conftest import corpus_variants_script

PAGE_1 = ("TOWN OF ELMWOOD, RECORDS DIVISION\n12 Mill Road\n\nDear Mr. Ferreira:\n\n"
          "We have finished searching the permit files for the address you named, and we regret that\n"
          "no respon-\nPage 1 of 2\nElmwood Town Hall | 12 Mill Road | records@elmwood.example")
PAGE_2 = ("TOWN OF ELMWOOD, RECORDS DIVISION\n\n"
          "sive records were found in the archive or in the current permit database.\n\n"
          "Sincerely,\nTown Records Clerk\n\nPage 2 of 2\nElmwood Town Hall | 12 Mill Road | records@elmwood.example")


def test_running_headers_footers_and_page_numbers_are_taken_away_and_the_sentence_joined():
    text = tidy(join_pages([PAGE_1, PAGE_2]))
    assert text.count("TOWN OF ELMWOOD") == 1 and text.startswith("TOWN OF ELMWOOD")  # the letterhead, once
    assert text.count("Elmwood Town Hall") == 1 and text.endswith("records@elmwood.example")  # the footer, at the end
    assert "Page" not in text
    assert "we regret that no responsive records were found in the archive" in text


def test_a_bare_page_number_goes_but_a_number_in_the_text_stays():
    first = "Heading line\nSecond line\nThird line of the first page\nFourth line\n1"
    second = "2\nThe list has these items:\nfirst item\nsecond item\n2\nand more text here\nmore\nclosing line"
    text = join_pages([first, second])
    assert text.split("\n").count("2") == 1 and "\n1" not in text


def test_short_pages_keep_every_line():
    assert join_pages(["page text"] * 3) == "page text\n\npage text\n\npage text"


def test_a_pdf_keeps_its_paragraphs():
    from pypdf import PdfReader

    letter = ("Dear Requester:\n\nYou asked for:\n\nthe minutes of the parks board for the last two years\n\n"
              "We searched the board's files and found no records that answer your request.")
    (page,) = PdfReader(io.BytesIO(corpus_variants_script().text_pdf(letter))).pages
    assert "\n\nthe minutes of the parks board for the last two years\n\nWe searched" in page_text(page)


def test_a_printed_pdf_reads_as_its_text():
    from pypdf import PdfReader

    from inbox_worker.attachment_text import ReadBudget, _pdf

    paragraph = ("The division searched the archive of inspection reports, the maintenance database and the "
                 "mailboxes of the engineers who worked on the project, and it found the records described below. ")
    letter = "Dear Requester:\n\n" + "\n\n".join(paragraph * 3 for _ in range(12)) + "\n\nSincerely,\nRecords Officer"
    data = corpus_variants_script().text_pdf(letter, printed=True)
    assert len(PdfReader(io.BytesIO(data)).pages) >= 2
    text = _pdf(data, ReadBudget()).text
    assert "Page 1 of" not in text and text.count(corpus_variants_script().FOOTER) == 1
    assert " ".join(text.split()).count(" ".join(paragraph.split())) == 36  # no word hyphenated, no line broken


def test_a_blank_line_inside_a_sentence_is_dropped_and_a_closing_formula_stays_a_line():
    page = ("The clerk of the board looked through the minutes of every meeting held in the year you asked\n"
            "about\n\nand found the two sets of minutes attached to this letter, which are now released to you.\n"
            "Best regards,\nBoard Clerk")
    assert reflow(page).split("\n") == [
        "The clerk of the board looked through the minutes of every meeting held in the year you asked about",
        "and found the two sets of minutes attached to this letter, which are now released to you.",
        "Best regards,", "Board Clerk"]


def test_ocr_specks_read_as_full_stops_are_undone_where_certain():
    assert ocr_cleanup("We have.the records and. FOIA staff will.send them to. you..The") == \
        "We have the records and FOIA staff will send them to you. The"
    assert ocr_cleanup("Office.in the county") == "Office in the county"
    kept = "Write to records.gov or see letter.pdf, mail a.b@town.org, etc. and Mr. and Jan. 5 and www.town.us."
    assert ocr_cleanup(kept) == kept


def test_ones_and_zeros_inside_words_and_ls_inside_numbers_are_read_right():
    assert ocr_cleanup("no rec0rds were 1ocated in the fi1es in 20l9") == "no records were 1ocated in the files in 2019"
    assert ocr_cleanup("codes A1B, W017342, 1st, Form1099 stay") == "codes A1B, W017342, 1st, Form1099 stay"
