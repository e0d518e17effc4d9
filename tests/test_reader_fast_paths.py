"""The reader's speed-ups find exactly what the plain computation finds (no letters needed)."""

from __future__ import annotations

import itertools
import re

import numpy
import pytest

from nlp import features as F
from nlp.combiner import Combiner
from nlp.portals import detect_portal

# One made-up sentence for each way a standing e-mail notice is worded (each alternative of F._NOTICE),
# each with one of the words notice_spans looks for first (F._NOTICE_WORDS).
NOTICE_SENTENCES = [
    "This note is intended solely for the named addressee.",
    "It was meant for the individual it was sent to, and is privileged.",
    "Only for the use of the intended party.",
    "For the sole use of the designated reader; it is confidential.",
    "If you are not the intended recipient, delete it.",
    "If you received this email in error, tell us.",
    "CONFIDENTIALITY NOTICE: read no further.",
    "Unauthorized review of this note is forbidden.",
    "E-mail sent to this office may be disclosed as a public record.",
    "Correspondence received by the clerk is subject to the records law.",
    "Messages to and from staff are a public record.",
    "Transmissions and any files attached might be privileged.",
    "This communication may contain confidential material.",
]
QUOTED = [
    'You asked for "every invoice the parks office paid to outside counsel in the last fiscal year".',
    "The request reads “all minutes of the zoning board meetings held between March and June of that year”.",
    'A short "quote" and a closing one "that is long enough to count as the words of the requester, yes".',
]


def _texts() -> list[str]:
    pieces = NOTICE_SENTENCES + QUOTED + ["We located 40 pages.", "\n\n", "Sincerely, the records office."]
    texts = [" ".join(pieces)]
    for n, order in enumerate(itertools.permutations(range(len(pieces)), 4)):
        if n % 97 == 0:
            texts.append(" ".join(pieces[i] for i in order))
    return texts


def test_notice_and_quote_matches_found_only_at_their_first_words_equal_a_full_scan() -> None:
    for text in _texts():
        lowered = text.lower()
        assert [m.span() for m in F._finditer_at(F._NOTICE, lowered, F._NOTICE_STARTS)] == \
            [m.span() for m in F._NOTICE.finditer(lowered)]
        assert [m.span() for m in F._finditer_at(F._QUOTES, text, F._QUOTE_STARTS)] == \
            [m.span() for m in F._QUOTES.finditer(text)]


def test_every_notice_wording_is_found_on_its_own() -> None:
    for sentence in NOTICE_SENTENCES:
        assert F.notice_spans(f"We located 40 pages.\n\n{sentence}"), sentence


def test_words_are_the_runs_of_three_or_more_letters_a_to_z() -> None:
    text = "Café fees: $25 for 3 pages — the FOIA-2023 office's reply, naïve x-ray ok"
    assert F._words(text) == {"caf", "fees", "for", "pages", "the", "foia", "office", "reply", "ray"}
    assert F._words(text) == set(re.findall(r"[a-z]{3,}", text.lower()))


def test_combiner_probabilities_are_the_softmax_of_the_summed_weight_rows_in_feature_order() -> None:
    rng = numpy.random.default_rng(7)
    labels = ("a", "b", "c")
    vocabulary = {f"f{i}": i for i in range(6)}
    combiner = Combiner(labels, vocabulary, rng.normal(size=(6, 3)))
    feats = {"f3": 0.3, "unknown": 1.0, "f0": 1.0, "f5": 2.0}
    scores = numpy.zeros(3)
    for name, value in feats.items():
        if name in vocabulary:
            scores += value * combiner.weights[vocabulary[name]]
    exp = numpy.exp(scores - scores.max())
    assert combiner.probabilities(feats) == dict(zip(labels, (exp / exp.sum()).tolist(), strict=True))
    uniform = combiner.probabilities({"unknown": 1.0})
    assert all(abs(p - 1 / 3) < 1e-12 for p in uniform.values())


@pytest.mark.parametrize("body", [
    "Do not reply to this automated message.\n\nPowered by NextRequest",
    "This is an automated notice. Track it at https://city.example.gov/APP/CheckStatus.aspx",
    "noreply: your request was updated in FOIAonline.",
])
def test_a_portal_footer_in_the_body_is_found_whatever_its_case(body):
    assert detect_portal("records@city.example.gov", "Your request", body) == "portal"


def test_a_body_without_a_portal_marker_is_not_a_portal_even_when_automated():
    assert detect_portal("records@city.example.gov", "Your request", "This automated reply confirms receipt.") is None


def test_paragraph_end_found_by_its_blank_line_is_where_the_paragraph_pattern_finds_it() -> None:
    rng = numpy.random.default_rng(11)
    for _ in range(3000):
        text = "".join(rng.choice(["a", ".", " ", "\t", "\n", "\n\n", "\n \t\n", "\r"], size=int(rng.integers(0, 12))))
        for pos in range(len(text) + 3):
            assert F._paragraph_end(text, pos) == F._PARAGRAPH_END.search(text, pos).start(), (text, pos)


def test_earlier_mail_tried_at_line_starts_is_found_where_a_search_of_every_character_finds_it() -> None:
    rng = numpy.random.default_rng(12)
    bits = ["a", " ", "\n", "> ", "\t", "From: x", "From: y\n", "Sent: now", "Date:", "-- Forwarded message",
            "---Original Message", "--", "\r\n"]
    for _ in range(3000):
        text = "".join(rng.choice(bits, size=int(rng.integers(0, 10))))
        for body_end in range(len(text) + 2):
            found = F._EARLIER_MAIL.search(text, 0, body_end)
            assert F._earlier_mail(text, body_end) == (found.start() if found else None), (text, body_end)
