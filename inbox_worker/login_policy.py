"""What the service does when the mail server refuses its login.

A refused login is not an outage: retrying every few minutes for ever only locks the account at
many providers, and a service that keeps "running" hides the problem. So: a few attempts spread
over minutes (a server restarting its authentication backend recovers in that time), then a
plain log line saying what to fix, and the service exits 3 so that systemd and Docker show it
failed.
"""

from __future__ import annotations

from dataclasses import dataclass

# Attempt 1 at once, attempt 2 a minute later, attempt 3 four minutes after that: then stop.
DEFAULT_RETRY_DELAYS: tuple[float, ...] = (60.0, 240.0)


@dataclass
class LoginPolicy:
    retry_delays: tuple[float, ...] | None = None  # None: DEFAULT_RETRY_DELAYS
    refusals: int = 0

    def __post_init__(self) -> None:
        if self.retry_delays is None:
            self.retry_delays = DEFAULT_RETRY_DELAYS

    @property
    def attempts(self) -> int:
        return len(self.retry_delays) + 1

    def refused(self) -> float | None:
        """Count one refusal: the seconds to wait before the next attempt, or None to give up."""
        self.refusals += 1
        if self.refusals > len(self.retry_delays):
            return None
        return self.retry_delays[self.refusals - 1]

    def accepted(self) -> None:
        self.refusals = 0


def refused_message(error: object, *, attempts: int) -> str:
    return (f"the mail server refused the login {attempts} times ({error}): the IMAP credentials are "
            "wrong or the account is locked. Fix imap.username and imap.password (or "
            "imap.password_file / FOIA_INTAKE_IMAP__PASSWORD), then start foia-intake again. "
            "Stopping now (exit 3) so that repeated failed logins do not lock the account")


def retrying_message(error: object, *, attempt: int, attempts: int, delay: float) -> str:
    return (f"the mail server refused the login ({error}); check imap.username and imap.password. "
            f"Attempt {attempt} of {attempts}: trying again in {delay:g} s")
