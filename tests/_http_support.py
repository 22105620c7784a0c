"""A tiny static HTTP server on 127.0.0.1 for tests that fetch (no traffic leaves the machine)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = tuple[int, str, bytes]  # status, content type, body


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[tuple[str, Counter[str]]]:
    """Serve ``routes`` (path -> response); yields the base URL and a counter of hits per path.

    ``routes`` may be changed while serving (a feed that gains items). Unknown paths are 404;
    robots.txt is empty unless given.
    """
    hits: Counter[str] = Counter()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
            return

        def do_GET(self) -> None:
            hits[self.path] += 1
            status, content_type, body = routes.get(self.path, (404, "text/plain", b"not found"))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def article_html(title: str, paragraphs: list[str], published: str = "2024-03-05T08:00:00+00:00") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>{title}</title>'
        f'<meta property="article:published_time" content="{published}"></head>'
        f"<body><nav>Home | World | Business</nav><article><h1>{title}</h1>{body}</article>"
        f"<footer>Contact us</footer></body></html>"
    ).encode()


@contextmanager
def serve_app(db: object) -> Iterator[str]:
    """Amity's web app on ``db``, served by uvicorn on a free loopback port in a thread; yields its base URL
    and checks on leaving that the server stopped."""
    import socket
    import time

    import uvicorn

    from amity.web.app import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert not thread.is_alive()
