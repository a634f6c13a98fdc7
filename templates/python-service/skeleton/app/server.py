"""HTTP server with distinct liveness (/livez) and readiness (/readyz) endpoints."""

import json
import logging
import os
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from app import SERVICE

log = logging.getLogger(SERVICE)


class Health:
    """Whether the service should receive traffic.

    Readiness is not liveness: it is false until the server listens and again as soon as
    shutdown starts, while /livez keeps answering.
    """

    def __init__(self) -> None:
        self.ready = False


def make_handler(health: Health):
    class Handler(BaseHTTPRequestHandler):
        def _send(self, status: int, body: dict) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            path = self.path.split("?", 1)[0]
            if path == "/livez":
                self._send(200, {"status": "alive"})
            elif path == "/readyz":
                if health.ready:
                    self._send(200, {"status": "ready"})
                else:
                    self._send(503, {"status": "not ready"})
            elif path == "/":
                self._send(200, {"service": SERVICE})
            else:
                self._send(404, {"error": "not found"})

        def log_message(self, format: str, *args) -> None:  # noqa: A002
            log.debug(format, *args)

    return Handler


def create_server(health: Health, port: int, host: str = "0.0.0.0") -> ThreadingHTTPServer:
    return ThreadingHTTPServer((host, port), make_handler(health))


def main() -> None:
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "info").upper(),
        format='{"time":"%(asctime)s","level":"%(levelname)s","service":"%(name)s","message":"%(message)s"}',
    )
    port = int(os.environ.get("PORT", "8080"))
    drain_seconds = float(os.environ.get("DRAIN_SECONDS", "5"))
    health = Health()
    server = create_server(health, port)

    def shutdown(signum, _frame) -> None:
        if not health.ready:
            return
        health.ready = False
        log.info("shutting down on signal %s", signum)

        def stop() -> None:
            # Kubernetes keeps routing to the pod until the readiness probe fails: wait, then stop.
            time.sleep(drain_seconds)
            server.shutdown()

        threading.Thread(target=stop, daemon=True).start()

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    health.ready = True
    log.info("listening on port %d", port)
    server.serve_forever()
    server.server_close()
