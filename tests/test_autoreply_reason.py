"""The auto-reply / bounce reason is typed: the intake decides on its kind, not on its wording."""

from __future__ import annotations

import pickle

from nlp import Letter, read
from nlp.autoreply import AutoReplyKind, AutoReplyReason, auto_reply_reason, automatic_kind


def test_GIVEN_auto_submitted_mail_THEN_its_reason_is_an_auto_reply_that_reads_as_before():
    reason = auto_reply_reason({"auto-submitted": "auto-replied"}, "Re: your request")
    assert automatic_kind(reason) == AutoReplyKind.AUTO_REPLY
    assert reason == "auto-reply (Auto-Submitted: auto-replied)"


def test_GIVEN_a_delivery_report_THEN_its_reason_is_a_bounce():
    reason = auto_reply_reason({"content-type": "multipart/report; report-type=delivery-status"}, "Undeliverable")
    assert automatic_kind(reason) == AutoReplyKind.BOUNCE


def test_GIVEN_a_plain_string_that_looks_like_a_reason_THEN_it_has_no_kind():
    assert automatic_kind("auto-reply (subject)") is None
    assert automatic_kind(None) is None


def test_GIVEN_a_reading_sent_between_processes_THEN_the_kind_survives():
    letter = Letter(subject="Automatic reply: away", body="Back on Monday.", headers={"auto-submitted": "auto-replied"})
    reason = pickle.loads(pickle.dumps(read(letter))).classification.reason
    assert isinstance(reason, AutoReplyReason) and reason.kind == AutoReplyKind.AUTO_REPLY
