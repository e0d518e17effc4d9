"""SMTP security and login against aiosmtpd: ssl, starttls with a verified certificate, auth."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from config.settings import SmtpSettings
from inbox_worker.digest.smtp import send, smtp_connection
from inbox_worker.errors import ConfigurationError, CredentialsError, TransientError
from tests.conftest import IN_CI
from tests.digest_support import SmtpServer, _Collect, free_port, wait_for

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def cert(tmp_path_factory):
    if shutil.which("openssl") is None:
        if IN_CI:
            pytest.fail("openssl is needed on CI")
        pytest.skip("openssl not installed")
    d = tmp_path_factory.mktemp("smtp-tls")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-keyout", str(d / "key.pem"), "-out", str(d / "cert.pem"), "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], check=True, capture_output=True)
    return d / "cert.pem", d / "key.pem"


def _auth(server, session, envelope, mechanism, auth_data) -> AuthResult:  # noqa: ANN001 (aiosmtpd hook)
    ok = auth_data.login == b"digest" and auth_data.password == b"s3cret"
    return AuthResult(success=ok, handled=False)


@pytest.fixture(params=["ssl", "starttls"])
def tls_server(request, cert):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*cert)
    box: list[EmailMessage] = []
    kwargs = {"ssl_context": context} if request.param == "ssl" else {"tls_context": context, "require_starttls": True}
    controller = Controller(_Collect(box), hostname="127.0.0.1", port=free_port(), authenticator=_auth,
                            auth_require_tls=request.param == "starttls",  # implicit TLS: aiosmtpd cannot tell
                            server_hostname="localhost", **kwargs)
    controller.start()
    yield request.param, controller.port, box, cert[0]
    controller.stop()


def _message() -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"], msg["From"], msg["To"] = "digest", "foia-intake@example.org", "me@example.org"
    msg.set_content("hello")
    return msg


def test_GIVEN_a_tls_server_and_its_ca_WHEN_sending_with_a_login_THEN_the_message_arrives(tls_server):
    security, port, box, ca = tls_server
    settings = SmtpSettings(host="127.0.0.1", port=port, security=security, username="digest", password="s3cret", ca_file=ca)
    with smtp_connection(settings) as conn:
        assert send(conn, _message(), sender="foia-intake@example.org", to=["me@example.org"]) == []
    wait_for(lambda: len(box) == 1, what="the message")


def test_GIVEN_a_wrong_password_WHEN_connecting_THEN_credentials_error_without_the_password(tls_server):
    security, port, _, ca = tls_server
    settings = SmtpSettings(host="127.0.0.1", port=port, security=security, username="digest", password="wrong-pw", ca_file=ca)
    with pytest.raises(CredentialsError) as err:
        with smtp_connection(settings):
            pass
    assert "wrong-pw" not in str(err.value)


def test_GIVEN_an_unknown_certificate_authority_WHEN_connecting_THEN_a_clear_configuration_error(tls_server):
    security, port, _, _ = tls_server
    with pytest.raises(ConfigurationError, match="cannot be verified"):
        with smtp_connection(SmtpSettings(host="127.0.0.1", port=port, security=security)):
            pass


def test_GIVEN_no_server_listening_WHEN_connecting_THEN_a_transient_error():
    with pytest.raises(TransientError, match="cannot reach"):
        with smtp_connection(SmtpSettings(host="127.0.0.1", port=SmtpServer().port, security="none")):
            pass
