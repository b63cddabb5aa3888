"""The site's search: a Pagefind index, cut into small pieces a browser fetches on demand.

Material's own search sends the whole index to the first visitor who types a
letter (83 MB for 700 projects); Pagefind's index is split by word, so a query
downloads a few small chunks.

Pagefind runs as a service beside the build (`pagefind --service`): each page's
text is handed to it as soon as the page is rendered, and it indexes on the
second core while the build goes on; nothing is written to disk but the index.
The `pagefind` package's own client reads one answer every 0.1 s (40 pages take
4 s, 2,000 pages would take 3.5 minutes), so this module speaks the service's
message format itself: base64 of a JSON message, then a comma, each way.
"""

from __future__ import annotations

import atexit
import base64
import json
import queue
import subprocess
import threading
import time
import weakref
from collections import deque
from html import escape
from pathlib import Path

ENTRY_WAIT = 60.0  # seconds: how long the entry file may take to appear once written
BUNDLE = "pagefind/"  # where the index and its script go on the site
INDEXED = "data-pagefind-body"  # pages holding it are the only ones indexed
# Parts of a page that are not its text: links around it, facts repeated elsewhere.
NOT_TEXT = (".headerlink", ".bulle-kicker", ".bulle-badges", ".bulle-facts", ".bulle-timeline",
            ".bulle-pager", ".bulle-more", ".bulle-feed", ".bulle-contribute", ".bulle-tags",
            ".bulle-meta")
TIMEOUT = 600.0  # seconds without progress before the index is given up (L takes about 40)
_WRITE = object()  # asks the writer thread to have the index written


class SearchError(RuntimeError):
    """The index could not be made: the build must fail, not publish a site without search."""


def search_text(html: str, language: str) -> str:
    """A page's text (its article's HTML) as the small document the index is made from."""
    return (f'<!doctype html>\n<html lang="{escape(language)}">\n<body>\n<main {INDEXED}>\n'
            f"{html}\n</main>\n</body>\n</html>\n")


def pagefind_command() -> list[str]:
    from pagefind.service import get_executable  # the binary of the pinned pagefind_bin
    executable = get_executable()
    if executable is None:
        raise SearchError("Pagefind est introuvable (paquet « pagefind_bin »)")
    return [str(executable), "--service"]


class SearchIndex:
    """A Pagefind service fed page by page; `finish` writes the index into `output`.

    `add` only queues the page (a writer thread sends it, a reader thread reads
    the answers), so the build never waits for the indexer until `finish`. Any
    error answer, an indexer that exits, or `timeout` seconds without an answer
    make `add` or `finish` raise SearchError; the indexer is then stopped.
    """

    def __init__(self, output: Path, *, command: list[str] | None = None,
                 timeout: float = TIMEOUT) -> None:
        self.output, self.timeout = output, timeout
        self._queue: queue.Queue = queue.Queue(maxsize=1024)  # pages waiting to be sent
        self._sent = self._answered = 0
        self._errors: list[str] = []
        self._stderr: deque[bytes] = deque(maxlen=50)
        self._progress = threading.Condition()
        self._written = self._write_asked = False
        self._index_id: int | None = None  # the service's number for the index, once made
        self._process = subprocess.Popen(command or pagefind_command(), stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        _RUNNING.add(self)
        for target in (self._write_loop, self._read_loop, self._drain_stderr):
            threading.Thread(target=target, daemon=True, name=f"bulle-search-{target.__name__}").start()

    def add(self, dest_uri: str, html: str, language: str) -> None:
        """Queue the text of the page published at `dest_uri` (say `projets/x/index.html`)."""
        self._check()
        if self._write_asked:  # it would be missing from the index, silently
            raise SearchError(f"« {dest_uri} » arrive après l'écriture de l'index")
        try:
            self._queue.put({"type": "AddFile", "file_path": dest_uri,
                             "url": None, "file_contents": search_text(html, language)},
                            timeout=self.timeout)
        except queue.Full:
            self._fail(f"l'indexeur ne lit plus rien depuis {self.timeout:.0f} s")

    def write(self) -> None:
        """Once the last page is added: have the index written, without waiting for it
        (the site builder can lay out its pages meanwhile)."""
        self._check()
        if not self._write_asked:
            self._write_asked = True
            self._queue.put(_WRITE, timeout=self.timeout)

    def finish(self) -> None:
        """Wait for every page to be indexed and the index written; stop the indexer."""
        self.write()
        with self._progress:
            while not (self._written or self._errors):
                if not self._progress.wait(self.timeout):
                    self._errors.append(f"aucune réponse de l'indexeur depuis {self.timeout:.0f} s")
        if not self._errors:
            self._wait_for_entry()
        self.close()
        self._check()

    def _wait_for_entry(self) -> None:
        """Seen under load: Pagefind answers WriteFiles while its entry file is still empty,
        and stopping it then leaves it so. Wait until the entry file reads whole."""
        entry = self.output / "pagefind-entry.json"
        deadline = time.monotonic() + min(self.timeout, ENTRY_WAIT)
        while True:
            try:
                if "languages" in json.loads(entry.read_bytes()):
                    return
            except (OSError, ValueError):
                pass
            if time.monotonic() > deadline:
                with self._progress:
                    self._errors.append(f"l'indexeur n'a pas écrit « {entry.name} »")
                return
            time.sleep(0.05)

    def close(self) -> None:
        """Stop the indexer (it exits when its input closes); kill it if it does not."""
        _RUNNING.discard(self)
        try:
            self._queue.put_nowait(None)  # the writer closes the indexer's input
        except queue.Full:  # the writer is stuck: the indexer reads nothing any more
            pass
        try:
            self._process.wait(timeout=min(10.0, self.timeout))
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    # --- inside -------------------------------------------------------------------------
    def _check(self) -> None:
        if self._errors:
            self.close()
            details = "; ".join(self._errors[:3])
            stderr = b"".join(self._stderr).decode("utf-8", "replace").strip()
            raise SearchError(details + (f" ({stderr[-500:]})" if stderr else ""))

    def _fail(self, message: str) -> None:
        with self._progress:
            self._errors.append(message)
            self._progress.notify_all()
        self._check()

    def _send(self, payload: dict) -> None:
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload}).encode("utf-8")
        self._process.stdin.write(base64.b64encode(message) + b",")

    def _write_loop(self) -> None:
        stdin = self._process.stdin
        try:
            self._send({"type": "NewIndex", "config": {"exclude_selectors": list(NOT_TEXT)}})
            stdin.flush()
            with self._progress:  # every other message names the index
                if not self._progress.wait_for(lambda: self._index_id is not None or self._errors,
                                               self.timeout):
                    self._errors.append("l'indexeur n'a pas créé l'index")
                if self._errors:
                    return
            while (item := self._queue.get()) is not None:
                if item is _WRITE:
                    item = {"type": "WriteFiles", "output_path": str(self.output)}
                self._send({**item, "index_id": self._index_id})
                if self._queue.empty():  # send what is buffered while the build renders
                    stdin.flush()
        except (OSError, ValueError) as error:  # the indexer exited
            with self._progress:
                if not self._written:
                    self._errors.append(f"l'indexeur a cessé de lire ({error})")
                self._progress.notify_all()
        finally:
            try:
                stdin.close()  # the indexer exits at the end of its input
            except OSError:
                pass

    def _read_loop(self) -> None:
        pending = b""
        while chunk := self._process.stdout.read1(1 << 16):
            *answers, pending = (pending + chunk).split(b",")
            for answer in answers:
                try:
                    self._answer(json.loads(base64.b64decode(answer.strip(), validate=True)))
                except Exception as error:  # noqa: BLE001 - anything not understood
                    self._garbled(answer, error)
                    return
        with self._progress:
            if not self._written:
                self._errors.append(f"l'indexeur s'est arrêté (code {self._process.wait()})")
            self._progress.notify_all()

    def _garbled(self, answer: bytes, error: Exception) -> None:
        """An answer that is not base64 of a JSON message: nothing after it can be trusted,
        and waiting would last the whole timeout. Fail now, and stop the indexer."""
        with self._progress:
            self._errors.append(f"réponse illisible de l'indexeur ({type(error).__name__} : "
                                f"{answer[:80]!r})")
            self._progress.notify_all()
        self._process.kill()

    def _answer(self, answer: dict) -> None:
        if not isinstance(answer, dict):
            raise TypeError("pas un objet JSON")
        payload = answer.get("payload") or {}
        with self._progress:
            self._answered += 1
            if payload.get("type") == "Error":
                self._errors.append(f"erreur de l'indexeur : {payload.get('message')}")
            elif payload.get("type") == "NewIndex":
                self._index_id = payload["index_id"]
            elif payload.get("type") == "WriteFiles":
                self._written = True
            self._progress.notify_all()

    def _drain_stderr(self) -> None:
        for line in self._process.stderr:
            self._stderr.append(line)


_RUNNING: weakref.WeakSet[SearchIndex] = weakref.WeakSet()


def stop_all() -> None:
    """Stop every indexer still running: a build that failed leaves none behind."""
    for index in list(_RUNNING):
        index.close()


atexit.register(stop_all)
