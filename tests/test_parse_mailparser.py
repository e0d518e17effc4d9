"""``inbox_worker.parse.MailParser``: mail-parser with its two whole-mail dicts built on first use.
Everything it answers must be what mail-parser answers, on every real malformed or tricky email we
have: were mail-parser to change how it builds them, this says so."""

from __future__ import annotations

import random

import mailparser
import pytest

from inbox_worker.parse import MailParser, parse_mail
from tests.conftest import shared_path
from tests.hostile import hostile_mix
from tests.mailgen import backlog
from tests.test_corpora_robustness import corpus_messages

_ANSWERS = ("mail", "mail_partial", "headers", "subject", "from_", "to", "cc", "date", "text_plain", "text_html",
            "attachments", "defects", "defects_categories", "has_defects", "received", "body")


def _answers(parser_class: type, raw: bytes) -> dict | str:
    random.seed(0)  # mail-parser names an unnamed attachment at random
    try:
        parsed = parser_class.from_bytes(raw)
    except Exception as err:  # noqa: BLE001 (the same error from both is the same answer)
        return f"{type(err).__name__}: {err}"
    return {name: getattr(parsed, name) for name in _ANSWERS}


def _mails() -> list[tuple[str, bytes]]:
    mails = list(corpus_messages(shared_path("corpora")))
    mails += [(f"backlog {i}", raw) for i, (_, raw) in enumerate(backlog(4))]
    mails += [(f"hostile {i}", raw) for i, (_, _, raw) in enumerate(hostile_mix(1))]
    return mails


def test_GIVEN_every_mail_we_have_THEN_the_lazy_MailParser_answers_as_mail_parser_does():
    differ = [name for name, raw in _mails() if _answers(MailParser, raw) != _answers(mailparser.MailParser, raw)]
    assert differ == []


@pytest.mark.parametrize("raw", [b"", b"\r\n\r\n", b"no headers at all", b"Subject: x\r\n\r\n" + b"\xff" * 100])
def test_GIVEN_nothing_or_garbage_THEN_the_lazy_MailParser_answers_as_mail_parser_does(raw):
    assert _answers(MailParser, raw) == _answers(mailparser.MailParser, raw)


def test_parse_mail_reads_through_the_lazy_MailParser(monkeypatch):
    built = []
    real = MailParser.from_bytes.__func__

    def from_bytes(cls, raw):  # noqa: ANN001, ANN202
        built.append(cls)
        return real(cls, raw)

    monkeypatch.setattr(MailParser, "from_bytes", classmethod(from_bytes))
    parse_mail(backlog(1)[1][1])
    assert built == [MailParser]
