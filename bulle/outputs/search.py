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

Pagefind's memory peaks while it writes (about 0.12 MB a page, 2.3 GB for 27,000
pages): a large site is cut into several indexes of at most SLICE_PAGES pages, in
turn, each by its own Pagefind that writes its files and exits before the next one
starts; the search page merges them in the browser (Pagefind's `mergeIndex`). The
first goes in BUNDLE, the others in BUNDLE/1/, BUNDLE/2/… A small site keeps one.
Known difference: a word missing from one of the indexes makes Pagefind search that
index for the longest prefix of the word it holds (pagefind/pagefind#315), so a rare
word finds every page one index would find, and sometimes a few more.
"""

from __future__ import annotations

import atexit
import base64
import json
import math
import os
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
MERGED_FILES = {"pagefind-entry.json"}  # with *.pf_meta and the folders: what mergeIndex reads
SLICE_PAGES = 2500  # pages of one index at most: about 300 MB for Pagefind when it writes
_WRITE = object()  # asks the writer thread to have the index written


def index_count(pages: int) -> int:
    """How many indexes a site of `pages` searchable pages gets (one for a small site).

    BULLE_SEARCH_SLICE_PAGES sets another size: small, to test a small site cut in
    several; large, for a city whose build machine has the memory for one index (where
    several are merged, a word missing from one of them makes Pagefind answer with the
    longest prefix of it that it holds there: a rare word brings extra results, which
    Pagefind ranks lower than whole-word matches)."""
    size = os.environ.get("BULLE_SEARCH_SLICE_PAGES", "")
    slice_pages = int(size) if size.isdigit() and int(size) > 0 else SLICE_PAGES
    return max(1, math.ceil(pages / slice_pages))


def index_folders(count: int) -> list[str]:
    """The folders of the indexes after the first one, relative to BUNDLE (for mergeIndex)."""
    return [f"{number}/" for number in range(1, count)]


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


class _Service:
    """One `pagefind --service` process and the index it makes in `folder`."""

    def __init__(self, command: list[str], folder: Path) -> None:
        self.folder = folder
        self.index_id: int | None = None  # the service's number for the index, once made
        self.written = False  # it answered WriteFiles
        self.closing = False  # its input is closed on purpose: its exit is no error
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE)


class SearchIndex:
    """A Pagefind service fed page by page; `finish` writes the index into `output`.

    `add` only queues the page (a writer thread sends it, a reader thread reads
    the answers), so the build never waits for the indexer until `finish`. Any
    error answer, an indexer that exits, or `timeout` seconds without an answer
    make `add` or `finish` raise SearchError; the indexer is then stopped.
    `pages` is how many pages will come: more than SLICE_PAGES make several indexes
    (index_count), each written as soon as its share of pages is in.
    """

    def __init__(self, output: Path, *, command: list[str] | None = None,
                 timeout: float = TIMEOUT, pages: int = 0) -> None:
        self.output, self.timeout = output, timeout
        self._command = command or pagefind_command()
        self._count = index_count(pages)
        self._share = math.ceil(pages / self._count) if self._count > 1 else 0
        self._queue: queue.Queue = queue.Queue(maxsize=1024)  # pages waiting to be sent
        self._sent = self._answered = 0
        self._errors: list[str] = []
        self._stderr: deque[bytes] = deque(maxlen=50)
        self._progress = threading.Condition()
        self._written = self._write_asked = self._closed = False
        self._services: list[_Service] = []
        self._start(output)
        _RUNNING.add(self)
        threading.Thread(target=self._write_loop, daemon=True, name="bulle-search-writer").start()

    @property
    def _process(self) -> subprocess.Popen:
        """The indexer running now (or the last one)."""
        return self._services[-1].process

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
        self.close()
        self._check()

    def close(self) -> None:
        """Stop the indexer (it exits when its input closes); kill it if it does not."""
        _RUNNING.discard(self)
        with self._progress:
            self._closed = True
            self._progress.notify_all()
        try:
            self._queue.put_nowait(None)  # the writer closes the indexer's input
        except queue.Full:  # the writer is stuck: the indexer reads nothing any more
            pass
        self._stop(self._services[-1])

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

    def _start(self, folder: Path) -> _Service:
        service = _Service(self._command, folder)
        self._services.append(service)
        for target in (self._read_loop, self._drain_stderr):
            threading.Thread(target=target, args=(service,), daemon=True,
                             name=f"bulle-search-{target.__name__}").start()
        return service

    def _stop(self, service: _Service) -> None:
        service.closing = True
        try:
            service.process.wait(timeout=min(10.0, self.timeout))
        except subprocess.TimeoutExpired:
            service.process.kill()
            service.process.wait()

    def _send(self, service: _Service, payload: dict) -> None:
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload}).encode("utf-8")
        service.process.stdin.write(base64.b64encode(message) + b",")

    def _wait(self, ready, failure: str) -> bool:
        """Wait until `ready()` (under the lock); False on an error, a close or a timeout."""
        with self._progress:
            if not self._progress.wait_for(lambda: ready() or self._errors or self._closed,
                                           self.timeout):
                self._errors.append(failure)
            return not (self._errors or self._closed)

    def _open(self, service: _Service) -> bool:
        self._send(service, {"type": "NewIndex", "config": {"exclude_selectors": list(NOT_TEXT)}})
        service.process.stdin.flush()
        return self._wait(lambda: service.index_id is not None, "l'indexeur n'a pas créé l'index")

    def _write_index(self, service: _Service) -> bool:
        """Have `service` write its index and wait until it has; then let it exit."""
        self._send(service, {"type": "WriteFiles", "output_path": str(service.folder),
                             "index_id": service.index_id})
        service.process.stdin.flush()
        if not (self._wait(lambda: service.written, f"aucune réponse de l'indexeur depuis "
                           f"{self.timeout:.0f} s") and self._wait_for_entry(service.folder)):
            return False
        service.closing = True
        service.process.stdin.close()  # the indexer exits at the end of its input
        self._stop(service)
        if service.folder != self.output:  # merged into the first: its scripts are enough
            for path in service.folder.iterdir():
                if path.is_file() and path.name not in MERGED_FILES \
                        and not path.name.endswith(".pf_meta"):
                    path.unlink()
        return True

    def _wait_for_entry(self, folder: Path) -> bool:
        """Seen under load: Pagefind answers WriteFiles while its entry file is still empty,
        and stopping it then leaves it so. Wait until the entry file reads whole."""
        entry = folder / "pagefind-entry.json"
        deadline = time.monotonic() + min(self.timeout, ENTRY_WAIT)
        while True:
            try:
                if "languages" in json.loads(entry.read_bytes()):
                    return True
            except (OSError, ValueError):
                pass
            if time.monotonic() > deadline:
                with self._progress:
                    self._errors.append(f"l'indexeur n'a pas écrit « {entry.name} »")
                    self._progress.notify_all()
                return False
            time.sleep(0.05)

    def _write_loop(self) -> None:
        service = self._services[-1]
        added = 0  # pages sent to this service
        try:
            if not self._open(service):
                return
            while (item := self._queue.get()) is not None:
                if item is _WRITE:
                    if self._write_index(service):
                        with self._progress:
                            self._written = True
                            self._progress.notify_all()
                    return
                if added == self._share and len(self._services) < self._count:
                    if not self._write_index(service) or self._closed:
                        return  # one index written: the next one in its own folder
                    service = self._start(self.output / index_folders(self._count)[
                        len(self._services) - 1])
                    added = 0
                    if not self._open(service):
                        return
                self._send(service, {**item, "index_id": service.index_id})
                added += 1
                if self._queue.empty():  # send what is buffered while the build renders
                    service.process.stdin.flush()
        except (OSError, ValueError) as error:  # the indexer exited
            with self._progress:
                if not self._written:
                    self._errors.append(f"l'indexeur a cessé de lire ({error})")
                self._progress.notify_all()
        finally:
            service.closing = service.closing or self._written
            try:
                service.process.stdin.close()  # the indexer exits at the end of its input
            except OSError:
                pass

    def _read_loop(self, service: _Service) -> None:
        pending = b""
        while chunk := service.process.stdout.read1(1 << 16):
            *answers, pending = (pending + chunk).split(b",")
            for answer in answers:
                try:
                    self._answer(service, json.loads(base64.b64decode(answer.strip(),
                                                                      validate=True)))
                except Exception as error:  # noqa: BLE001 - anything not understood
                    self._garbled(service, answer, error)
                    return
        code = service.process.wait()
        with self._progress:
            if not (service.written or service.closing):
                self._errors.append(f"l'indexeur s'est arrêté (code {code})")
            self._progress.notify_all()

    def _garbled(self, service: _Service, answer: bytes, error: Exception) -> None:
        """An answer that is not base64 of a JSON message: nothing after it can be trusted,
        and waiting would last the whole timeout. Fail now, and stop the indexer."""
        with self._progress:
            self._errors.append(f"réponse illisible de l'indexeur ({type(error).__name__} : "
                                f"{answer[:80]!r})")
            self._progress.notify_all()
        service.process.kill()

    def _answer(self, service: _Service, answer: dict) -> None:
        if not isinstance(answer, dict):
            raise TypeError("pas un objet JSON")
        payload = answer.get("payload") or {}
        with self._progress:
            self._answered += 1
            if payload.get("type") == "Error":
                self._errors.append(f"erreur de l'indexeur : {payload.get('message')}")
            elif payload.get("type") == "NewIndex":
                service.index_id = payload["index_id"]
            elif payload.get("type") == "WriteFiles":
                service.written = True
            self._progress.notify_all()

    def _drain_stderr(self, service: _Service) -> None:
        for line in service.process.stderr:
            self._stderr.append(line)


_RUNNING: weakref.WeakSet[SearchIndex] = weakref.WeakSet()


def stop_all() -> None:
    """Stop every indexer still running: a build that failed leaves none behind."""
    for index in list(_RUNNING):
        index.close()


atexit.register(stop_all)
