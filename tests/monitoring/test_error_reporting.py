"""Error reports go through the Sentry SDK to the DSN's server, without personal data: checked
against a local HTTP server that records what it receives (as self-hosted Sentry would)."""

import gzip
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sentry_sdk

from welkom.monitoring.errors import error_reporting_start

EMAIL = "oksana.melnyk@alpha.test"
CHAT = "My landlord keeps my deposit, what can I do?"


@pytest.fixture
def collector():
    received: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            received.append(body)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://public@127.0.0.1:{server.server_address[1]}/1", received
    sentry_sdk.init()  # a client without a DSN: nothing is sent by the tests after this one
    server.shutdown()


def post_chat_message(author_email: str, body: str) -> None:
    message = {"author": author_email, "body": body}
    raise RuntimeError(f"could not store the message of {author_email}: {message['body'][:0]}")


def test_an_error_report_arrives_without_the_address_or_the_chat_text(collector):
    dsn, received = collector
    assert error_reporting_start(dsn=dsn, environment="test")
    sentry_sdk.set_user({"id": 42, "email": EMAIL, "username": "Oksana"})
    sentry_sdk.add_breadcrumb(category="chat", message=f"posted by {EMAIL}")
    try:
        post_chat_message(EMAIL, CHAT)
    except RuntimeError as error:
        sentry_sdk.capture_exception(error)
    sentry_sdk.flush(timeout=10)
    assert received, "the local endpoint got the report"
    sent = b"".join(received).decode()
    assert "could not store the message of [email]" in sent  # the report itself arrived
    assert "RuntimeError" in sent
    assert '"id": 42' in sent or '"id":42' in sent
    assert EMAIL not in sent
    assert CHAT not in sent
    assert "Oksana" not in sent


def test_nothing_is_reported_without_a_dsn(collector):
    _dsn, received = collector
    assert not error_reporting_start(dsn="")
    sentry_sdk.init()
    sentry_sdk.capture_message(f"hello from {EMAIL}")
    sentry_sdk.flush(timeout=2)
    assert received == []
