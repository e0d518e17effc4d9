"""Release decisions in their many wordings, and the cover email that only points at the letter.

Letters written for these tests."""

from __future__ import annotations

import pytest

from nlp import Letter, read
from nlp.features import COVER, features, letter_text
from nlp.pipeline import MAX_CHARS, load_pipeline


def _cues(text: str) -> list[tuple[str, str]]:
    return [(c.label, c.name) for c in load_pipeline()(text)._.cues]


@pytest.mark.parametrize("sentence", [
    "We are releasing 37 pages to you today.",
    "Copies of the memoranda are enclosed.",
    "You can download the responsive records from the link below.",
    "The audit files are ready for download in the portal.",
    "Please find the requested documents below.",
    "All 12 pages were found appropriate for release without redaction.",
    "The redacted portions concern the home addresses of employees.",
    "Processing of your request is now complete.",
])
def test_a_release_is_recognised_however_it_is_worded(sentence):
    assert any(label == "production_final" and not name.endswith("(negated)") for label, name in _cues(sentence))


@pytest.mark.parametrize("sentence", [
    "The inspection reports are not attached to this letter.",
    "These pages cannot be released at this time.",
])
def test_a_release_negated_inside_its_own_sentence_is_not_a_release(sentence):
    assert not any(label == "production_final" and not name.endswith("(negated)") for label, name in _cues(sentence))


def test_release_wording_in_a_cover_email_above_an_attached_letter_does_not_vote():
    letter = Letter(body="Hello, attached are the documents regarding your request.",
                    attachments_text=("The Parks Department searched its files and located no records that respond "
                                      "to your request.",))
    text, parts = letter_text(letter, MAX_CHARS)
    doc = load_pipeline()(text)
    feats = features(doc._.cues, parts, text, portal=False)
    assert feats.get("cover_points_at_attachment") == 1.0
    assert not any(name.startswith("label@") and name.endswith("production_final") for name in feats)
    assert "label:production_final" not in feats
    assert any(name.startswith(f"cue@{COVER}:production_final") for name in feats)
    assert read(letter).classification.label == "no_records"


def test_the_same_release_wording_without_an_attachment_decides():
    letter = Letter(body="Hello, attached are the documents responsive to your request. This completes our response.")
    text, parts = letter_text(letter, MAX_CHARS)
    feats = features(load_pipeline()(text)._.cues, parts, text, portal=False)
    assert feats.get("label:production_final", 0.0) > 0
    assert "cover_points_at_attachment" not in feats


def test_phrases_quoted_one_after_another_are_not_read_as_one_long_quotation():
    from nlp.features import quoted_spans
    text = ('The notes are "intra-agency materials" and were withheld. Records responsive to your request are '
            'attached, with names redacted as an "unwarranted invasion of privacy" under the law.')
    spans = quoted_spans(text, len(text))
    assert not any(start <= text.index("attached") < end for start, end in spans)
