"""A mutation fuzz of ``process_message`` over the real malformed emails of ../shared/corpora:
whatever the bytes, no exception escapes and every message ends in a final state.

Bounded for CI (``FOIA_INTAKE_FUZZ_EXAMPLES``, 150 by default: well under a minute here)."""

from __future__ import annotations

import itertools
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from inbox_worker.process import FINAL_OUTCOMES, Pipeline, process_message
from inbox_worker.sources.base import Incoming
from models.db import make_engine, upgrade
from models.tables import Message
from tests.conftest import shared_path
from tests.test_corpora_robustness import corpus_messages

EXAMPLES = int(os.environ.get("FOIA_INTAKE_FUZZ_EXAMPLES", "150"))
MAX_SEED_BYTES = 400_000  # mutate the corpus's messages up to this size (the big ones are read whole elsewhere)

HOSTILE_CHUNKS = [
    b"\x00", b"\r\n\r\n", b"\n", b"=?utf-8?b?AAAA?=", b"=?x-unknown?q?=FF=00?=", b"<script>" * 50, b"</" * 200,
    b"<!--", b"Date: Fri, 31 Dec 9999 23:00:00 -1200\r\n", b"Date: Fri, 31 Dec 99999999999999999999 23:00:00 +0000\r\n",
    b"Content-Type: multipart/mixed; boundary=\"\"\r\n", b"Content-Transfer-Encoding: base64\r\n", b"\xff\xfe\xed\xa0\x80",
    b"--", b"Content-Type: text/html\r\n\r\n<p>", b"Subject: \x1b[2J[/x][link=http://x]y\r\n", b"\t", b";", b"\"",
]


@pytest.fixture(scope="module")
def seeds() -> list[bytes]:
    root = shared_path("corpora")
    return [raw for _, raw in corpus_messages(root) if len(raw) <= MAX_SEED_BYTES]


@pytest.fixture(scope="module")
def fuzz_engine(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()


def _mutate(raw: bytes, ops: list[tuple[int, int, int, int]]) -> bytes:
    data = bytearray(raw)
    for kind, a, b, chunk in ops:
        n = len(data)
        i, j = (a % (n + 1), b % (n + 1)) if n else (0, 0)
        i, j = min(i, j), max(i, j)
        if kind == 0:  # insert a hostile chunk
            data[i:i] = HOSTILE_CHUNKS[chunk % len(HOSTILE_CHUNKS)]
        elif kind == 1:  # delete a span
            del data[i:j]
        elif kind == 2:  # duplicate a span (bounded)
            data[j:j] = data[i:min(j, i + 20_000)]
        elif kind == 3 and n:  # flip a byte
            data[i % n] ^= 1 + chunk % 255
        elif kind == 4:  # truncate
            del data[j:]
    return bytes(data)


_uids = itertools.count()


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])
@given(pick=st.integers(min_value=0), ops=st.lists(
    st.tuples(st.integers(0, 4), st.integers(0, 2**31), st.integers(0, 2**31), st.integers(0, 255)), max_size=6))
def test_no_mutated_corpus_message_escapes_as_an_exception_or_stays_without_a_final_state(seeds, fuzz_engine, pick, ops):
    raw = _mutate(seeds[pick % len(seeds)], ops)
    item = Incoming(raw=raw, source="fuzz", folder="INBOX", uid=str(next(_uids)))
    result = process_message(fuzz_engine, item, pipeline=Pipeline())  # raising fails the test
    assert result.outcome in FINAL_OUTCOMES and result.message_pk is not None
    with Session(fuzz_engine) as s:
        assert s.get(Message, result.message_pk).state in {"processed", "needs_review", "quarantined"}
