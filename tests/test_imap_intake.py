"""IMAP intake against a real Dovecot started by the suite."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from inbox_worker.errors import CredentialsError, MailboxUnavailable
from inbox_worker.process import Pipeline
from inbox_worker.sources.imap import ImapSource
from inbox_worker.sync import sample_mailbox_path, sync_once
from models.tables import MailboxState, Message, MessageLocation, Request, TrackingNumber
from tests.mailgen import backlog, email

pytestmark = pytest.mark.live


def _load_sample(server, user: str) -> None:
    server.create_folder(user, "Sent")
    root = sample_mailbox_path()
    for path in sorted((root / ".Sent" / "cur").glob("*.sample*")):
        server.save(user, path.read_bytes(), folder="Sent")
    for path in sorted((root / "cur").glob("*.sample*")):
        server.save(user, path.read_bytes())


def _sync(engine, settings, **kw):
    return sync_once(engine, [ImapSource(settings)], pipeline=Pipeline(), **kw)


def _count(engine, model) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(model)).one()


def test_GIVEN_the_sample_on_dovecot_WHEN_synced_THEN_the_same_result_as_the_maildir_and_nothing_marked_seen(engine, dovecot_server, imap_user, imap_settings):
    _load_sample(dovecot_server, imap_user)
    report = _sync(engine, imap_settings)
    assert report.counts["processed"] == 8 and report.counts["duplicate"] == 1
    with Session(engine) as s:
        (req,) = s.exec(select(Request)).all()
        numbers = [t.number for t in s.exec(select(TrackingNumber)).all()]
    assert req.status == "completed" and numbers == ["2020-ICFO-51234"]
    assert not any("\\Seen" in line for line in dovecot_server.flags(imap_user))
    assert _sync(engine, imap_settings).total == 0  # second pass: nothing new


def test_only_new_uids_are_fetched_after_the_checkpoint(engine, dovecot_server, imap_user, imap_settings):
    mails = backlog(2)
    dovecot_server.create_folder(imap_user, "Sent")
    for folder, raw in mails[:5]:
        dovecot_server.save(imap_user, raw, folder=folder)
    first = _sync(engine, imap_settings)
    for folder, raw in mails[5:]:
        dovecot_server.save(imap_user, raw, folder=folder)
    second = _sync(engine, imap_settings)
    assert first.total == 5 and second.total == 5
    with Session(engine) as s:
        state = s.exec(select(MailboxState).where(MailboxState.folder == "INBOX")).one()
    assert state.last_uid == 8


def test_GIVEN_an_oversized_message_THEN_it_is_quarantined_with_its_headers_only(engine, dovecot_server, imap_user, imap_settings):
    big = email(frm="a@agency.gov", to="me@example.org", subject="Huge production", date=__import__("datetime").datetime(2024, 1, 2),
                msgid="<big@agency.gov>", body="x", attachment=("records.zip", b"\0" * 300_000))
    dovecot_server.save(imap_user, big)
    settings = imap_settings.model_copy(update={"max_message_bytes": 100_000})
    report = _sync(engine, settings)
    assert report.counts["quarantined"] == 1
    with Session(engine) as s:
        msg = s.exec(select(Message)).one()
    assert msg.headers_only and msg.raw_size > 300_000 and len(msg.raw) < 5_000
    assert "max_message_bytes" in msg.error and msg.subject == "Huge production"


def test_GIVEN_a_uidvalidity_change_THEN_nothing_is_lost_or_duplicated(engine, dovecot_server, imap_user, imap_settings):
    _load_sample(dovecot_server, imap_user)
    _sync(engine, imap_settings)
    before = _count(engine, Message)
    dovecot_server.set_uidvalidity(imap_user, dovecot_server.uidvalidity(imap_user) + 1000)
    dovecot_server.save(imap_user, backlog(1)[1][1])  # one new message arrives too
    report = _sync(engine, imap_settings)
    assert report.counts["processed"] + report.counts["needs_review"] == 1  # the new one
    assert report.counts["duplicate"] == 7  # every INBOX message seen again in the new epoch
    assert _count(engine, Message) == before + 1


@pytest.mark.any_database
def test_wrong_password_is_a_credentials_error_and_never_logged(engine, imap_settings, cli, sqlite_url, caplog):
    bad = imap_settings.model_copy(update={"password": __import__("pydantic").SecretStr("wrong-pw-123")})
    with pytest.raises(CredentialsError, match="refused the login"):
        _sync(engine, bad)
    env = {"FOIA_INTAKE_DATABASE__URL": sqlite_url, "FOIA_INTAKE_IMAP__HOST": "127.0.0.1",
           "FOIA_INTAKE_IMAP__PORT": str(imap_settings.port), "FOIA_INTAKE_IMAP__USERNAME": imap_settings.username,
           "FOIA_INTAKE_IMAP__PASSWORD": "wrong-pw-123", "FOIA_INTAKE_IMAP__SECURITY": "none"}
    code, out, err = cli("sync", "--once", env=env)
    assert code == 3 and "refused the login" in err
    assert "wrong-pw-123" not in out + err + caplog.text


def test_unreachable_server_is_a_transient_error_with_its_own_exit_code(engine, imap_settings, cli, sqlite_url):
    from tests.dovecot import free_port

    gone = imap_settings.model_copy(update={"port": free_port()})
    with pytest.raises(MailboxUnavailable, match="cannot connect"):
        _sync(engine, gone)
    env = {"FOIA_INTAKE_DATABASE__URL": sqlite_url, "FOIA_INTAKE_IMAP__HOST": "127.0.0.1",
           "FOIA_INTAKE_IMAP__PORT": str(gone.port), "FOIA_INTAKE_IMAP__USERNAME": "x",
           "FOIA_INTAKE_IMAP__PASSWORD": "y", "FOIA_INTAKE_IMAP__SECURITY": "none"}
    code, _, err = cli("sync", "--once", env=env)
    assert code == 4 and "cannot connect" in err


@pytest.mark.parametrize("action", ["flag", "move"])
def test_post_action_runs_only_after_the_result_is_committed(engine, dovecot_server, imap_user, imap_settings, action,
                                                            monkeypatch):
    from inbox_worker.sources.imap import ImapMailbox

    dovecot_server.create_folder(imap_user, "Processed")
    for _, raw in backlog(1)[1:3]:
        dovecot_server.save(imap_user, raw)
    settings = imap_settings.model_copy(update={"post_action": action, "move_to": "Processed"})
    committed_when_acted = {}
    act = ImapMailbox.post_action

    def watched(self, uid):  # what another connection sees in the database at that moment
        with Session(engine) as other:
            committed_when_acted[uid] = other.exec(select(Message.state).where(Message.uid == uid)).first()
        act(self, uid)

    monkeypatch.setattr(ImapMailbox, "post_action", watched)
    _sync(engine, settings)
    assert sorted(committed_when_acted) == ["1", "2"]
    assert set(committed_when_acted.values()) <= {"processed", "needs_review"}, committed_when_acted
    if action == "flag":
        assert sum("$FoiaIntake" in line for line in dovecot_server.flags(imap_user)) == 2
    else:
        assert len([x for x in dovecot_server.flags(imap_user, "Processed") if x.startswith("flags")]) == 2
        assert not [x for x in dovecot_server.flags(imap_user) if x.startswith("flags")]


def test_two_daemons_on_one_mailbox_do_not_double_process(engine, dovecot_server, imap_user, imap_settings):
    import threading

    for _, raw in backlog(8):
        dovecot_server.save(imap_user, raw)
    reports = []
    threads = [threading.Thread(target=lambda: reports.append(_sync(engine, imap_settings))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert _count(engine, MessageLocation) == 40
    assert sum(r.counts["processed"] + r.counts["needs_review"] for r in reports) == 40
    assert sum(r.counts.get("already_seen", 0) + r.counts.get("duplicate", 0) for r in reports) == 0
