"""The optional HTTP endpoint of ``foia-intake run`` (``[http] listen = "127.0.0.1:9108"``).

``GET /healthz``: 200 when healthy, 503 when degraded or the database cannot be read, with the
verdict as JSON. ``GET /metrics``: Prometheus text format (``inbox_worker.metrics``). Served from
a daemon thread; nothing else is answered.
"""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from inbox_worker import health
from inbox_worker.errors import ConfigurationError

log = logging.getLogger(__name__)


def parse_listen(listen: str) -> tuple[str, int]:
    """``host:port`` (``[::1]:9108`` for IPv6; an empty host means every interface)."""
    host, _, port = listen.rpartition(":")
    return host.strip("[]"), int(port)


class _Handler(BaseHTTPRequestHandler):
    engine: Engine

    def do_GET(self) -> None:  # noqa: N802 (the http.server name)
        path = self.path.split("?", 1)[0]
        if path == "/metrics":
            self._send(200, CONTENT_TYPE_LATEST, generate_latest(REGISTRY))
        elif path == "/healthz":
            try:
                verdict = health.assess(self.engine).as_dict()
            except SQLAlchemyError as err:
                verdict = {"state": "degraded", "problems": [f"database unreachable: {err.__class__.__name__}"]}
            code = 200 if verdict["state"] == "healthy" else 503
            self._send(code, "application/json", json.dumps(verdict, default=str).encode())
        else:
            self._send(404, "text/plain; charset=utf-8", b"not found: try /healthz or /metrics\n")

    def _send(self, code: int, content_type: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the http.server name)
        log.debug("http %s", format % args)


def serve(listen: str, engine: Engine) -> ThreadingHTTPServer:
    """Start serving in a daemon thread; ``server.shutdown()`` stops it."""
    host, port = parse_listen(listen)
    handler = type("Handler", (_Handler,), {"engine": engine})
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as err:
        raise ConfigurationError(f"cannot listen on http.listen = {listen}: {err.strerror}") from err
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="http", daemon=True).start()
    log.info("serving /healthz and /metrics on http://%s/", listen)
    return server
