"""Prometheus metrics of the running service (served by ``inbox_worker.http_server``).

Recorded whether or not the HTTP endpoint is on: counting is cheap, and the process collector of
prometheus-client adds memory, CPU and open files.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

MESSAGES = Counter("foia_intake_messages", "Messages analysed, by outcome and label.", ["outcome", "label"])
POLL_SECONDS = Histogram("foia_intake_poll_duration_seconds", "Duration of one pass over every mailbox.",
                         buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600))
POLL_ERRORS = Counter("foia_intake_poll_errors", "Mailbox passes that failed, by kind.", ["kind"])
LAST_SUCCESS = Gauge("foia_intake_last_success_timestamp_seconds",
                     "Unix time of the last pass over every mailbox that succeeded.")
DIGESTS_SENT = Counter("foia_intake_digests_sent", "Status digests sent.")


def message_done(*, outcome: str, label: str | None) -> None:
    MESSAGES.labels(outcome=outcome, label=label or "none").inc()


def poll_succeeded(seconds: float) -> None:
    POLL_SECONDS.observe(seconds)
    LAST_SUCCESS.set_to_current_time()


def poll_failed(kind: str, seconds: float) -> None:
    POLL_SECONDS.observe(seconds)
    POLL_ERRORS.labels(kind=kind).inc()


def digest_sent() -> None:
    DIGESTS_SENT.inc()
