"""One message done: its log line and its metrics, after its result is committed."""

from __future__ import annotations

import logging

from inbox_worker import metrics

log = logging.getLogger("inbox_worker.message")


def message_done(*, message_pk: int | None, outcome: str, label: str | None, request_id: int | None,
                 error: str | None) -> None:
    metrics.message_done(outcome=outcome, label=label)
    if error:
        log.info("message %s %s: %s", message_pk, outcome, error.splitlines()[0])
    else:
        log.info("message %s %s: label %s, request %s", message_pk, outcome, label or "none",
                 request_id if request_id is not None else "none")
