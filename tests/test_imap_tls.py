"""TLS by default, with certificates verified: a Dovecot with its own self-signed certificate."""

from __future__ import annotations

import shutil

import pytest

from config.settings import ImapSettings
from inbox_worker.errors import ConfigurationError
from inbox_worker.sources.imap import connect
from tests.conftest import IN_CI

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def tls_dovecot():
    from tests.dovecot import Dovecot

    if shutil.which("dovecot") is None or shutil.which("openssl") is None:
        if IN_CI:
            pytest.fail("dovecot and openssl are needed on CI")
        pytest.skip("dovecot or openssl not installed")
    server = Dovecot(tls=True)
    server.start()
    yield server
    server.close()


def _settings(server, **kw) -> ImapSettings:
    return ImapSettings(host="127.0.0.1", username=server.new_user(), password="secret", timeout_seconds=10, **kw)


@pytest.mark.parametrize(("security", "port_attr"), [("ssl", "tls_port"), ("starttls", "port")])
def test_tls_with_the_servers_ca_connects(tls_dovecot, security, port_attr):
    settings = _settings(tls_dovecot, security=security, port=getattr(tls_dovecot, port_attr), ca_file=tls_dovecot.cert)
    with connect(settings) as client:
        assert client.select_folder("INBOX")[b"EXISTS"] == 0


@pytest.mark.parametrize(("security", "port_attr"), [("ssl", "tls_port"), ("starttls", "port")])
def test_an_unverifiable_certificate_is_refused_with_a_clear_error(tls_dovecot, security, port_attr):
    settings = _settings(tls_dovecot, security=security, port=getattr(tls_dovecot, port_attr))
    with pytest.raises(ConfigurationError, match="cannot be verified"):
        with connect(settings):
            pass
