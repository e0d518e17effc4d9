"""What the command line prints: inert text whatever a message contains, tables that read at
80 columns (also piped), and values as people write them, never Python reprs."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session

from inbox_worker.cli.output import inert
from models.status import recompute
from models.tables import (
    Direction,
    LabelSource,
    MailboxState,
    Message,
    MessageState,
    Request,
    TrackingNumber,
)

ESC = "\x1b"
HOSTILE_SUBJECTS = [
    "Your request [/x] closes the markup",
    "Click [link=https://evil.example/]here[/link] for records",
    "[bold red]URGENT[/bold red] fee due :warning:",
    f"Clear {ESC}[2J{ESC}[H the screen",
    f"Hyperlink {ESC}]8;;https://evil.example/{ESC}\\text{ESC}]8;;{ESC}\\ hidden",
    f"Bell-terminated {ESC}]8;;https://evil.example/\x07link{ESC}]8;;\x07 too",
    "Eight-bit \x9b2J CSI and \x9d0;title\x9c OSC",
    "Title set \x1b]0;pwned\x07 and bell \x07 and backspace x\x08y",
    "Right-to-left \u202eoverride\u202c and \u2066isolate\u2069",
    "Nul \x00 and del \x7f and vertical tab \x0b",
    "Folded\r\n subject line",
]
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("text", HOSTILE_SUBJECTS)
def test_inert_text_has_no_escape_sequence_or_control_character(text):
    shown = inert(text)
    assert not CONTROL.search(shown)
    assert "evil.example" not in shown.replace("[link=https://evil.example/]", "")
    assert "\n" not in shown


def test_inert_keeps_ordinary_text_and_markup_like_brackets_as_they_are():
    assert inert("Re: [EXTERNAL] FOIA 2024-001 [/x]") == "Re: [EXTERNAL] FOIA 2024-001 [/x]"
    assert inert("Folded\r\n\tsubject") == "Folded subject"
    assert inert("line one\nline two", multiline=True) == "line one\nline two"


# ---- a database with one of everything --------------------------------------------------------

AGENCY = "United States Immigration and Customs Enforcement Freedom of Information Office"
TRACKING = ["2020-ICFO-12345", "2021-ICFO-67890"]


def _message(s: Session, n: int, subject: str, *, request_id: int | None, state: str, label: str | None) -> Message:
    if s.get_bind().dialect.name == "postgresql":  # its text cannot hold NUL (the intake removes control characters)
        subject = subject.replace("\x00", "")
    msg = Message(message_id=f"<m{n}@agency.example>", content_hash=f"hash{n}", direction=Direction.INCOMING,
                  subject=subject, from_addr="Records Officer <foia-officer@ice.dhs.example.gov>",
                  sent_at=datetime(2020, 6, 10 + n % 10, 14, 3, tzinfo=UTC), body_text=f"Body of {subject}\nsecond line",
                  state=state, label=label, secondary_labels=["acknowledgement"] if label else [], confidence=0.41,
                  cues=["cue: records will be produced"], extracted={"tracking_numbers": TRACKING, "fee_amount": 25.0},
                  request_id=request_id, label_source=LabelSource.AUTO,
                  error="UnparseableMessage: bad header\ntrace line" if state == MessageState.QUARANTINED else None)
    s.add(msg)
    s.flush()
    return msg


@pytest.fixture
def filled(engine, sqlite_url):
    with Session(engine) as s:
        req = Request(agency=AGENCY, agency_email="foia@ice.dhs.example.gov", subject="Detention contracts 2019",
                      submitted_on=date(2020, 6, 1), jurisdiction="federal")
        s.add(req)
        s.flush()
        for number in TRACKING:
            s.add(TrackingNumber(request_id=req.id, number=number, normalized=number.replace("-", "")))
        for n, subject in enumerate(HOSTILE_SUBJECTS, start=1):
            _message(s, n, subject, request_id=req.id if n % 2 else None,
                     state=(MessageState.PROCESSED, MessageState.NEEDS_REVIEW, MessageState.QUARANTINED)[n % 3],
                     label="denial" if n == 1 else "acknowledgement")
        s.add(MailboxState(source="imaps://foia-requests@imap.mail.example.org:993", folder="INBOX",
                           uidvalidity=1234567890, last_uid=4711))
        s.flush()
        recompute(s, req, by="test")
        s.commit()
        rid = req.id
    return {"FOIA_INTAKE_DATABASE__URL": sqlite_url}, rid


def _views(rid: int) -> list[tuple[str, ...]]:
    return [("requests", "list"), ("requests", "show", str(rid)), ("messages", "list"), ("messages", "show", "1"),
            ("messages", "show", "5"), ("review",), ("status",)]


def test_hostile_subjects_print_as_inert_text_in_every_view(cli, filled):
    env, rid = filled
    for view in _views(rid):
        code, out, err = cli(*view, env=env)
        assert code == 0, (view, err)
        assert not CONTROL.search(out), (view, out)
        assert "Traceback" not in err
    code, out, _ = cli("messages", "list", "--wide", env={**env, "COLUMNS": "400"})
    assert "Your request [/x] closes the markup" in out
    assert "Click [link=https://evil.example/]here[/link] for records" in out
    assert "[bold red]URGENT[/bold red] fee due :warning:" in out
    assert "Folded subject line" in out


def test_json_output_escapes_control_characters(cli, filled):
    env, _ = filled
    code, out, _ = cli("messages", "list", "--json", env=env)
    assert code == 0
    assert not CONTROL.search(out)
    subjects = [m["subject"] for m in json.loads(out)]
    assert f"Clear {ESC}[2J{ESC}[H the screen" in subjects  # the data itself is kept, escaped
    assert "Folded subject line" in subjects


# ---- 80 columns -----------------------------------------------------------------------------

# The words each view must show whole at 80 columns.
WHOLE_WORDS = {
    "requests list": {"agency", "status", "2020-ICFO-12345,", "Immigration", "Enforcement", "Information", "due"},
    "requests show": {"agency:", "Messages", "acknowledgement", "2020-06-11", "rule"},
    "messages list": {"state", "needs_review", "quarantined", "acknowledgement", "2020-06-10"},
    "review": {"acknowledgement", "subject", "label"},
    "status": {"imaps://foia-requests@imap.mail.example.org:993", "INBOX", "4711"},
}


@pytest.mark.parametrize("piped", [False, True], ids=["COLUMNS=80", "piped-no-COLUMNS"])
def test_every_table_reads_at_80_columns(cli, filled, monkeypatch, piped):
    env, rid = filled
    env = dict(env) if piped else {**env, "COLUMNS": "80"}
    for view in _views(rid):
        if piped:
            monkeypatch.delenv("COLUMNS", raising=False)
        code, out, err = cli(*view, env=env)
        assert code == 0, err
        assert all(len(line) <= 80 for line in out.splitlines()), (view, out)
        words = set(out.split())
        missing = WHOLE_WORDS.get(" ".join(w for w in view if not w.isdigit()), set()) - words
        assert not missing, (view, missing, out)
        assert not re.search(r"\b(agenc|statu|2020-0)\s", out), out


def test_wide_shows_every_column_without_breaking_words(cli, filled):
    env, rid = filled
    code, out, _ = cli("requests", "list", env={**env, "COLUMNS": "80"})
    assert "respond by" not in out and "submitted" not in out
    code, out, _ = cli("requests", "list", "--wide", env={**env, "COLUMNS": "80"})
    assert code == 0
    assert "respond by" in out and "submitted" in out and "Detention contracts 2019" in out
    assert AGENCY in out  # one line: nothing squeezed
    code, out, _ = cli("messages", "list", "--wide", env={**env, "COLUMNS": "80"})
    assert "foia-officer@ice.dhs.example.gov>" in out and "UnparseableMessage: bad header" in out


# ---- values as people write them ---------------------------------------------------------------

PYTHON_REPR = re.compile(r"<\w+\.\w+: |\{'|\['|\bTrue\b|\bFalse\b|\bNone\b")


def test_no_python_objects_in_normal_output(cli, filled):
    env, rid = filled
    outputs = []
    for args in (("reclassify", "1", "fee_notice", "--note", "p.2"), ("requests", "edit", str(rid), "--agency", "ICE"),
                 ("requests", "show", str(rid)), ("messages", "show", "3"), ("assign", "2", str(rid)),
                 ("requests", "close", str(rid)), ("requests", "close", str(rid), "--reopen")):
        code, out, err = cli(*args, env=env)
        assert code == 0, (args, err)
        assert not PYTHON_REPR.search(out), (args, out)
        outputs.append(out)
    reclassified, edited, shown, message, *_ = outputs
    assert "label denial -> fee_notice" in reclassified and "label source auto -> manual" in reclassified
    assert f"request {rid}: agency {AGENCY} -> ICE" in edited
    assert "overdue: no" in shown and "tracking numbers: 2020-ICFO-12345, 2021-ICFO-67890" in shown
    assert "  - cue: records will be produced" in message and "fee amount: 25.00" in message
    assert "Body of [bold red]URGENT[/bold red] fee due :warning:\nsecond line" in message


def test_csv_without_rows_prints_the_header(cli, sqlite_url):
    code, out, _ = cli("requests", "list", "--csv", env={"FOIA_INTAKE_DATABASE__URL": sqlite_url})
    assert code == 0
    from inbox_worker.views import REQUEST_FIELDS

    assert out.splitlines() == [",".join(REQUEST_FIELDS)]


def test_csv_header_names_every_field_of_a_row_but_the_nested_lists(cli, filled):
    from inbox_worker.views import NESTED_REQUEST_FIELDS

    env, _ = filled
    code, out, _ = cli("requests", "list", "--csv", env=env)
    header, row = out.splitlines()[:2]
    code, js, _ = cli("requests", "list", "--json", env=env)
    assert header.split(",") == [k for k in json.loads(js)[0] if k not in NESTED_REQUEST_FIELDS]
    assert "2020-ICFO-12345, 2021-ICFO-67890" in row


def test_message_states_in_the_help_are_the_models_states():
    from inbox_worker.cli.messages_cmd import STATES

    assert list(STATES) == [s.value for s in MessageState]


def test_a_folded_subject_header_prints_on_one_line(cli, tmp_path, sqlite_url):
    from tests.conftest import add_to_maildir

    maildir = tmp_path / "Maildir"
    raw = (b"From: foia@agency.example.gov\r\nTo: me@example.org\r\nMessage-ID: <fold1@agency.example.gov>\r\n"
           b"Date: Mon, 04 Mar 2024 10:00:00 +0000\r\n"
           b"Subject: Re: FOIA request for detention contracts and\r\n  related correspondence 2019\r\n\r\n"
           b"Your request has been received.\r\n")
    add_to_maildir(maildir, "1.M1.host", raw)
    env = {"FOIA_INTAKE_DATABASE__URL": sqlite_url}
    code, _, err = cli("sync", "--maildir", str(maildir), env=env)
    assert code == 0, err
    code, out, _ = cli("messages", "list", "--json", env=env)
    assert json.loads(out)[0]["subject"] == ("Re: FOIA request for detention contracts and related "
                                            "correspondence 2019")


@pytest.mark.parametrize("subject", HOSTILE_SUBJECTS)
def test_log_lines_on_the_terminal_are_inert_and_mask_url_passwords(capsys, subject):
    import logging

    from inbox_worker.cli.main import _configure_logging

    _configure_logging(quiet=False, verbose=0)
    logging.getLogger("inbox_worker.test").warning("quarantined %s from postgresql://u:pw-123@db/x", subject)
    err = capsys.readouterr().err
    assert "quarantined" in err and "pw-123" not in err
    assert not CONTROL.search(err.rstrip("\n"))
