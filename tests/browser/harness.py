"""A static host on loopback and a browser visitor that keeps the log of its requests."""

from __future__ import annotations

import os
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = Path(os.environ.get("BULLE_CHROMIUM", "/usr/bin/chromium"))  # Debian's package
# Flags that keep Chromium from calling home: the test machine has no network but
# loopback, and the only requests worth logging are the page's own.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
PROFILES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True},
    "nojs": {"viewport": {"width": 1280, "height": 900}, "java_script_enabled": False},
    "dark": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"},
}


class _Handler(SimpleHTTPRequestHandler):
    """Serve files like a static host: the site's 404.html for any missing path."""

    def log_message(self, format: str, *args) -> None:  # keep the test output clean
        self.server.served.append(self.path)

    def end_headers(self) -> None:
        # Like a static host: assets are cached, pages are revalidated.
        if not self.path.split("?")[0].endswith(("/", ".html")):
            self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # A page left before its last request finished (the search index, say) is no error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SiteServer:
    """The built site on a free port of 127.0.0.1, for as long as the `with` block lasts."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.httpd = _Server(("127.0.0.1", 0), partial(_Handler, directory=str(root)))
        self.httpd.served = []
        self.origin = f"http://127.0.0.1:{self.httpd.server_port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def served(self) -> list[str]:
        """Paths the server answered, in order."""
        return self.httpd.served

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)


class Visitor:
    """One browser context (a screen size, JavaScript or not) with one reused page.

    Every request of the context (pages, their workers, their assets) is logged,
    and so are script errors, until `reset()`.
    """

    def __init__(self, context, origin: str) -> None:
        self.context = context
        self.origin = origin
        self.requests: list[str] = []
        self.errors: list[str] = []
        context.on("request", lambda request: self.requests.append(request.url))
        self.page = context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def reset(self) -> None:
        self.requests.clear()
        self.errors.clear()

    def url(self, path: str = "") -> str:
        return f"{self.origin}/{path}"

    def open(self, path: str = ""):
        """Go to the page at `path` (relative to the site root); return the response."""
        return self.page.goto(self.url(path), wait_until="load")

    @property
    def path(self) -> str:
        """The current page's path, relative to the site root, with its query string."""
        parts = urlsplit(self.page.url)
        return parts.path.lstrip("/") + (f"?{parts.query}" if parts.query else "")

    def foreign_requests(self) -> list[str]:
        """Requests to anything but the local server (inline data: and blob: URLs aside)."""
        return [url for url in self.requests
                if urlsplit(url).scheme not in ("data", "blob")
                and not url.startswith(self.origin + "/")]

    def horizontal_overflow(self) -> int:
        """How many pixels the page is wider than the window (0: no sideways scrolling)."""
        return self.page.evaluate(
            "document.documentElement.scrollWidth - window.innerWidth")

    def images_without_alt(self) -> list[str]:
        """Images with no text alternative (the sample has no decorative image)."""
        return self.page.evaluate(
            "[...document.images].filter(i => !(i.getAttribute('alt') || '').trim())"
            ".map(i => i.src)")
