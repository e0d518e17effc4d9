"""A throwaway Dovecot IMAP server on loopback, for the live tests.

Recipe: ../shared/reference/dovecot-test-server.md (root uses dovenull/dovecot/nobody; rootless
runs everything as the invoking user). Mail is injected with `doveadm save`.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PASSWORD = "secret"
USERS = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Dovecot:
    def __init__(self, *, tls: bool = False) -> None:
        if shutil.which("dovecot") is None:
            raise RuntimeError("dovecot is not installed (make system-deps installs dovecot-imapd)")
        self.dir = Path(tempfile.mkdtemp(prefix="foia-dovecot-"))
        self.port = free_port()
        self.tls_port = free_port()
        self.conf = self.dir / "dovecot.conf"
        self.proc: subprocess.Popen | None = None
        self.tls = tls
        self.cert = self.dir / "cert.pem"
        self._next_user = -1
        self._write_config()

    def _write_config(self) -> None:
        d = self.dir
        if os.getuid() == 0:
            login_u, int_u, int_g = "dovenull", "dovecot", "dovecot"
            mail_uid, mail_gid = pwd.getpwnam("nobody").pw_uid, grp.getgrnam("nogroup").gr_gid
        else:
            login_u = int_u = pwd.getpwuid(os.getuid()).pw_name
            int_g = grp.getgrgid(os.getgid()).gr_name
            mail_uid, mail_gid = os.getuid(), os.getgid()
        for sub in ("run", "state", "mail"):
            (d / sub).mkdir(exist_ok=True)
        os.chmod(d, 0o755)
        os.chown(d / "mail", mail_uid, mail_gid) if os.getuid() == 0 else None
        self.conf.write_text(f"""
base_dir = {d}/run
state_dir = {d}/state
instance_name = foia-dovecot-{self.port}
log_path = {d}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {int_u}
default_internal_group = {int_g}
default_login_user = {login_u}
first_valid_uid = {mail_uid}
last_valid_uid = {mail_uid}
mail_location = maildir:{d}/mail/%u/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/users
}}
userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_gid} home={d}/mail/%u
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
""")
        # Users are written once, up front: Dovecot re-reads the file only when its mtime changes.
        if self.tls:
            subprocess.run(
                ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                 "-keyout", str(d / "key.pem"), "-out", str(self.cert), "-subj", "/CN=localhost",
                 "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                check=True, capture_output=True,
            )
            os.chmod(d / "key.pem", 0o644)
            conf = self.conf.read_text().replace("ssl = no", f"ssl = required\nssl_cert = <{self.cert}\nssl_key = <{d / 'key.pem'}")
            conf = conf.replace("  inet_listener imaps {\n    port = 0", f"  inet_listener imaps {{\n    address = 127.0.0.1\n    port = {self.tls_port}")
            self.conf.write_text(conf)
        (d / "users").write_text("".join(f"user{i:03d}:{{PLAIN}}{PASSWORD}::::::\n" for i in range(USERS)))
        os.chmod(d / "users", 0o644)

    def new_user(self) -> str:
        """A user (and so a mailbox) no test has used yet."""
        self._next_user += 1
        if self._next_user >= USERS:
            raise RuntimeError("out of test users; raise tests.dovecot.USERS")
        return f"user{self._next_user:03d}"

    def start(self) -> None:
        self.proc = subprocess.Popen(["dovecot", "-F", "-c", str(self.conf)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    if s.recv(64).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"dovecot did not start; log:\n{self.log()}")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def log(self) -> str:
        path = self.dir / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def doveadm(self, *args: str, stdin: bytes | None = None) -> str:
        proc = subprocess.run(["doveadm", "-c", str(self.conf), *args], input=stdin,
                              capture_output=True, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"doveadm {' '.join(args)} failed ({proc.returncode}): {proc.stderr.decode()}")
        return proc.stdout.decode()

    def save(self, user: str, raw: bytes, *, folder: str = "INBOX") -> None:
        self.doveadm("save", "-u", user, "-m", folder, stdin=raw)

    def create_folder(self, user: str, folder: str) -> None:
        self.doveadm("mailbox", "create", "-u", user, folder)

    def kick(self, user: str) -> None:
        subprocess.run(["doveadm", "-c", str(self.conf), "kick", user], capture_output=True, check=False)

    def uidvalidity(self, user: str, folder: str = "INBOX") -> int:
        out = self.doveadm("mailbox", "status", "-u", user, "uidvalidity", folder)
        return int(out.strip().split("=")[1])

    def set_uidvalidity(self, user: str, value: int, folder: str = "INBOX") -> None:
        self.doveadm("mailbox", "update", "-u", user, "--uid-validity", str(value), folder)

    def flags(self, user: str, folder: str = "INBOX") -> list[str]:
        return self.doveadm("fetch", "-u", user, "flags", "mailbox", folder, "all").split("\n")
