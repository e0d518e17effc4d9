"""Around every pass of the daemon: the log line, the metrics, the health record and the policy
for refused logins. The daemon calls ``start`` once (which also starts the HTTP endpoint), then
``succeeded`` / ``unreachable`` / ``login_refused`` after each pass, and ``close`` at the end."""

from __future__ import annotations

import logging
from http.server import ThreadingHTTPServer

from sqlalchemy import Engine

from inbox_worker import health, http_server, metrics
from inbox_worker.login_policy import LoginPolicy, refused_message, retrying_message

log = logging.getLogger("inbox_worker.poll")


class PollWatch:
    def __init__(self, engine: Engine, sources: list[str], *, poll_interval_seconds: int,
                 policy: LoginPolicy | None = None, http_listen: str | None = None) -> None:
        self.engine, self.sources, self.poll_interval = engine, sources, poll_interval_seconds
        self.policy = policy or LoginPolicy()
        self.http_listen = http_listen
        self.http: ThreadingHTTPServer | None = None

    def start(self) -> None:
        """Record the start; serve /healthz and /metrics when ``http.listen`` is set."""
        health.record_start(self.engine, self.sources, poll_interval_seconds=self.poll_interval)
        if self.http_listen:
            self.http = http_server.serve(self.http_listen, self.engine)

    def close(self) -> None:
        if self.http is not None:
            self.http.shutdown()
            self.http.server_close()

    def succeeded(self, summary: str, seconds: float) -> None:
        self.policy.accepted()
        metrics.poll_succeeded(seconds)
        health.record_success(self.engine, self.sources)
        log.info("poll %s: %s in %.1f s", ", ".join(self.sources), summary, seconds)

    def unreachable(self, error: object, seconds: float) -> None:
        metrics.poll_failed("unreachable", seconds)
        health.record_failure(self.engine, self.sources, str(error), login_refused=False)

    def login_refused(self, error: object, seconds: float) -> float | None:
        """Seconds until the next attempt, or None: stop the service (exit 3)."""
        metrics.poll_failed("login_refused", seconds)
        health.record_failure(self.engine, self.sources, str(error), login_refused=True)
        delay = self.policy.refused()
        if delay is None:
            log.error(refused_message(error, attempts=self.policy.attempts))
        else:
            log.error(retrying_message(error, attempt=self.policy.refusals,
                                       attempts=self.policy.attempts, delay=delay))
        return delay
