"""The optional HTTP endpoint of the service: /healthz tells the health verdict, /metrics counts
messages by outcome and label, polls and their errors."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request

import pytest

from config.errors import ConfigError
from config.settings import Settings, load_settings
from inbox_worker import health
from inbox_worker.daemon import Daemon
from inbox_worker.sources.maildir import MaildirSource
from tests.dovecot import free_port


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def _sample(text: str, prefix: str) -> float:
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(prefix))


def _wait_until_serving(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            _get(f"{base}/healthz")
            return
        except urllib.error.URLError:
            time.sleep(0.05)
    raise AssertionError(f"nothing answers on {base}")


@pytest.fixture
def serving(engine, sample_maildir):
    listen = f"127.0.0.1:{free_port()}"
    settings = Settings(http={"listen": listen}, maildir={"path": sample_maildir})
    source = MaildirSource(sample_maildir, folders=["INBOX"], sent_folder="Sent")
    daemon = Daemon(settings, engine, [source], echo=lambda _m: None)
    thread = threading.Thread(target=daemon.run, kwargs={"install_signals": False})
    thread.start()
    try:
        _wait_until_serving(f"http://{listen}")
        yield f"http://{listen}", engine
    finally:
        daemon.stop.set()
        thread.join(30)


def test_GIVEN_the_service_with_http_listen_WHEN_it_has_polled_THEN_healthz_is_200_and_metrics_count_messages_by_label(serving):
    base, engine = serving
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not any(m.last_success_at for m in health.assess(engine).mailboxes):
        time.sleep(0.1)
    code, body = _get(f"{base}/healthz")
    assert code == 200, body
    assert json.loads(body)["state"] == "healthy"
    code, metrics = _get(f"{base}/metrics")
    assert code == 200
    assert _sample(metrics, 'foia_intake_messages_total{label="acknowledgement",outcome="processed"}') >= 1
    assert _sample(metrics, 'foia_intake_messages_total{label="production_final",outcome="processed"}') >= 1
    assert _sample(metrics, "foia_intake_poll_duration_seconds_count") >= 1
    assert _sample(metrics, "foia_intake_last_success_timestamp_seconds") > time.time() - 600
    assert "foia_intake_digests_sent_total" in metrics and "foia_intake_poll_errors_total" in metrics


def test_GIVEN_a_refused_login_recorded_THEN_healthz_is_503_with_the_reason(serving):
    base, engine = serving
    health.record_failure(engine, [m.source for m in health.assess(engine).mailboxes], "refused", login_refused=True)
    code, body = _get(f"{base}/healthz")
    assert code == 503
    assert "refused the login" in json.loads(body)["problems"][0]
    assert _get(f"{base}/nothing-here")[0] == 404


@pytest.mark.parametrize("listen", ["9108", "localhost", "127.0.0.1:port"])
def test_GIVEN_an_http_listen_without_host_and_port_THEN_it_is_a_configuration_error(listen, monkeypatch):
    monkeypatch.setenv("FOIA_INTAKE_HTTP__LISTEN", listen)
    with pytest.raises(ConfigError, match="http.listen"):
        load_settings()


def test_GIVEN_a_digest_sent_THEN_the_digest_counter_counts_it(engine, sqlite_url, sample_maildir):
    from datetime import UTC, datetime

    from prometheus_client import REGISTRY

    from inbox_worker.digest.delivery import send_digest
    from tests.digest_support import SmtpServer, digest_settings, sync_maildir

    server = SmtpServer().start()
    try:
        sync_maildir(engine, sample_maildir)
        before = REGISTRY.get_sample_value("foia_intake_digests_sent_total") or 0
        send_digest(engine, digest_settings(sqlite_url, server.port), now=datetime.now(UTC))
        assert REGISTRY.get_sample_value("foia_intake_digests_sent_total") == before + 1
    finally:
        server.stop()
