"""The fast tokenizer's contract: what the wording cues read of tokens (nlp/tokenize.py).

Sentences written for these tests."""

from __future__ import annotations

import pytest

from nlp.pipeline import load_pipeline


def _tokens(text: str) -> list[str]:
    return [t.text for t in load_pipeline().make_doc(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("We don't have them.", ["We", "do", "n't", "have", "them", "."]),
    ("We can't, and cannot.", ["We", "ca", "n't", ",", "and", "can", "not", "."]),
    ("It won’t be long.", ["It", "wo", "n’t", "be", "long", "."]),
    ("The agency's reply; we're done!", ["The", "agency", "'s", "reply", ";", "we", "'re", "done", "!"]),
    ("A fee of $1,250.00 is due.", ["A", "fee", "of", "$", "1,250.00", "is", "due", "."]),
    ("Mr. Lee of the U.S. office, e.g. here", ["Mr.", "Lee", "of", "the", "U.S.", "office", ",", "e.g.", "here"]),
    ("Case FOIA-2023-001 (see 10/12/2023)", ["Case", "FOIA-2023", "-", "001", "(", "see", "10/12/2023", ")"]),
    ("well-known and/or FOI/PA", ["well", "-", "known", "and/or", "FOI", "/", "PA"]),
    ("Visit https://example.gov/x?y=1. Thanks", ["Visit", "https://example.gov/x?y=1", ".", "Thanks"]),
    ("the department(s) named", ["the", "department(s", ")", "named"]),
])
def test_words_and_punctuation_are_split_as_spacy_splits_them(text, expected):
    assert _tokens(text) == expected


def test_whitespace_beyond_one_trailing_space_is_a_token_and_offsets_match_the_text():
    text = "  Dear requester,\n\nNo records  were found. \n\n Regards\t\n"
    doc = load_pipeline().make_doc(text)
    assert doc.text == text
    assert [t.text for t in doc] == ["  ", "Dear", "requester", ",", "\n\n", "No", "records", " ", "were", "found",
                                     ".", "\n\n ", "Regards", "\t\n"]
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in doc)
    assert [t.is_space for t in doc if "\n\n" in t.text] == [True, True]


def test_currency_and_numbers_carry_the_flags_the_amount_cues_read():
    doc = load_pipeline().make_doc("Please remit $25 or £10.50 by check.")
    flags = {t.text: (t.is_currency, t.like_num) for t in doc}
    assert flags["$"] == (True, False) and flags["£"] == (True, False)
    assert flags["25"] == (False, True) and flags["10.50"] == (False, True)
    assert flags["check"] == (False, False)


def test_a_paragraph_break_ends_a_sentence_for_the_cues_but_a_single_line_break_does_not():
    nlp = load_pipeline()
    joined = [c.name for c in nlp("no records\nwere located")._.cues]
    broken = [c.name for c in nlp("no records\n\nwere located")._.cues]
    assert joined and joined != broken


def test_every_character_of_odd_text_lands_in_a_token():
    text = "a_b __ x@y.z ©®™ <br/> …\u00a0\u2003end"
    doc = load_pipeline().make_doc(text)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in doc)
