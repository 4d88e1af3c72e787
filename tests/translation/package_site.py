"""A package index and packages served from 127.0.0.1 by the test (issue 17 §1): the site, its
fixture (``site``, registered in conftest.py) and helpers that describe an index entry."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


class Site:
    """What the local server answers: path → (body, Content-Length sent, -1 for none)."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[bytes, int]] = {}
        self.url = ""

    def put(self, path: str, body: bytes, *, announce: int | None = None) -> str:
        self.files[path] = (body, len(body) if announce is None else announce)
        return self.url + path


@pytest.fixture
def site() -> Iterator[Site]:
    served = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path not in served.files:
                self.send_error(404)
                return
            body, length = served.files[self.path]
            self.send_response(200)
            if length >= 0:  # -1: no Content-Length, the body runs until the connection closes
                self.send_header("Content-Length", str(length))
            self.end_headers()
            self.wfile.write(body)  # fewer bytes than announced: the connection ends halfway

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    served.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served
    server.shutdown()
    server.server_close()


def index_entry(
    site: Site, pair: str, file: Path, *, name: str | None = None, **extra: object
) -> dict[str, object]:
    body = file.read_bytes()
    from_code, to_code = pair.split("-")
    url = site.put(f"/packages/{name or file.name}", body)
    return {
        "type": "translate",
        "from_code": from_code,
        "to_code": to_code,
        "from_name": from_code,
        "to_name": to_code,
        "package_version": "1.0",
        "links": [url],
        "size": len(body),
        "sha256": hashlib.sha256(body).hexdigest(),
        **extra,
    }


def serve_index(site: Site, entries: list[dict[str, object]]) -> str:
    return site.put("/index.json", json.dumps(entries).encode())
