"""The search index is fed while the site renders: it must index, and it must fail loudly, never hang."""

from __future__ import annotations

import json
import sys
import time

import pytest

from bulle.outputs.search import SearchError, SearchIndex
from conftest import make_site_copy, run_build

# A stand-in for `pagefind --service`: makes the index, then answers every page with an error.
FAILING_SERVICE = r"""
import base64, json, sys
def answer(message_id, payload):
    sys.stdout.buffer.write(base64.b64encode(json.dumps(
        {"message_id": message_id, "payload": payload}).encode()) + b",")
    sys.stdout.buffer.flush()
buffer = b""
while chunk := sys.stdin.buffer.read1(65536):
    *messages, buffer = (buffer + chunk).split(b",")
    for raw in messages:
        message = json.loads(base64.b64decode(raw))
        if message["payload"]["type"] == "NewIndex":
            answer(message["message_id"], {"type": "NewIndex", "index_id": 7})
        else:
            answer(message["message_id"], {"type": "Error", "message": "page illisible"})
"""


def test_pages_fed_one_by_one_make_a_pagefind_index(tmp_path):
    index = SearchIndex(tmp_path / "pagefind")
    for number in range(30):
        index.add(f"projets/p{number}/index.html",
                  f"<h1>Projet {number}</h1><p>Les habitants du quartier {number}.</p>"
                  '<a class="headerlink" href="#x">lien-exclu</a>', "fr")
    index.write()  # the index is written while the build goes on; no page may come after
    with pytest.raises(SearchError, match="après l'écriture"):
        index.add("projets/tard/index.html", "<p>Trop tard.</p>", "fr")
    index.finish()
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["fr"]["page_count"] == 30
    assert list((tmp_path / "pagefind").glob("fragment/*.pf_fragment"))
    assert index._process.poll() is not None  # the indexer has exited


def test_an_error_answer_fails_the_index(tmp_path):
    index = SearchIndex(tmp_path / "pagefind", command=[sys.executable, "-c", FAILING_SERVICE],
                        timeout=30)
    index.add("a/index.html", "<p>texte</p>", "fr")
    with pytest.raises(SearchError, match="page illisible"):
        index.finish()
        index.add("b/index.html", "<p>texte</p>", "fr")
    assert not (tmp_path / "pagefind").exists()


def fails_fast(folder, service: str, match: str, timeout: float, within: float,
               pages: int = 1):
    """An index of `pages` pages fed by the fake indexer `service` (Python code) fails with
    `match` in less than `within` seconds, whatever its `timeout`; the index, for more checks."""
    index = SearchIndex(folder, command=[sys.executable, "-c", service], timeout=timeout,
                        pages=pages)
    start = time.monotonic()
    with pytest.raises(SearchError, match=match):
        for number in range(pages):
            index.add(f"p{number}/index.html", "<p>texte</p>", "fr")
        index.finish()
    assert time.monotonic() - start < within
    return index


@pytest.mark.parametrize("garbage", [b"%%% pas du base64 %%%,", b"bm9uIEpTT04=,", b"WzEsMl0=,"])
def test_an_undecodable_answer_fails_the_index_at_once(tmp_path, garbage):
    """Not base64, base64 of no JSON (« non JSON »), JSON that is no message ([1,2]): the
    build stops at once, not after the whole timeout, and the indexer is stopped."""
    service = f"import sys, time; sys.stdout.buffer.write({garbage!r}); sys.stdout.flush(); time.sleep(120)"
    index = fails_fast(tmp_path / "pagefind", service, "réponse illisible", timeout=60, within=20)
    assert index._process.poll() is not None  # killed, not left behind


def test_an_indexer_that_exits_fails_the_index(tmp_path):
    fails_fast(tmp_path / "pagefind", "import sys; sys.exit(3)", "code 3", timeout=30, within=10)


def test_an_indexer_that_never_answers_is_given_up(tmp_path):
    index = fails_fast(tmp_path / "pagefind", "import time; time.sleep(120)", "1 s", timeout=1,
                       within=10)
    assert index._process.poll() is not None  # killed, not left behind


def test_a_failing_index_fails_the_build(tmp_path, monkeypatch):
    """A real build whose indexer dies stops with a French message, without a traceback."""
    (tmp_path / "root").mkdir()
    root = make_site_copy(tmp_path / "root")
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\nexit 5\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))  # read by pagefind's get_executable
    done = run_build(root, tmp_path / "site")
    assert done.returncode != 0
    assert "l'index de la recherche n'a pas pu être fait" in done.stderr
    assert "code 5" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "site" / "pagefind").exists()


# Answers WriteFiles at once, then writes the entry file after `DELAY` seconds (never if < 0):
# Pagefind was seen, under load, answering before its entry file was whole.
LATE_SERVICE = r"""
import base64, json, sys, threading, time, pathlib
DELAY = float(sys.argv[1])
def answer(message_id, payload):
    sys.stdout.buffer.write(base64.b64encode(json.dumps(
        {"message_id": message_id, "payload": payload}).encode()) + b",")
    sys.stdout.buffer.flush()
def write_later(folder):
    time.sleep(DELAY)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pagefind-entry.json").write_text('{"languages": {}}')
buffer = b""
while chunk := sys.stdin.buffer.read1(65536):
    *messages, buffer = (buffer + chunk).split(b",")
    for raw in messages:
        message = json.loads(base64.b64decode(raw))
        kind = message["payload"]["type"]
        if kind == "WriteFiles":
            if DELAY >= 0:
                threading.Thread(target=write_later,
                                 args=(pathlib.Path(message["payload"]["output_path"]),)).start()
            answer(message["message_id"], {"type": "WriteFiles"})
        else:
            answer(message["message_id"], {"type": kind, "index_id": 7})
"""


def test_finish_waits_for_an_entry_file_written_after_the_answer(tmp_path):
    index = SearchIndex(tmp_path / "pagefind", timeout=20,
                        command=[sys.executable, "-c", LATE_SERVICE, "0.5"])
    index.add("a/index.html", "<p>Texte</p>", "fr")
    index.finish()
    assert json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text()) == {
        "languages": {}}


def test_an_entry_file_never_written_fails_the_build(tmp_path):
    index = SearchIndex(tmp_path / "pagefind", timeout=1,
                        command=[sys.executable, "-c", LATE_SERVICE, "-1"])
    index.add("a/index.html", "<p>Texte</p>", "fr")
    with pytest.raises(SearchError, match="pagefind-entry.json"):
        index.finish()


def test_a_large_site_is_cut_into_indexes_written_in_turn(tmp_path, monkeypatch):
    """Pagefind's memory peaks while it writes: past SLICE_PAGES pages, each share of pages
    gets its own index (and its own Pagefind, exited before the next one starts)."""
    monkeypatch.setenv("BULLE_SEARCH_SLICE_PAGES", "10")
    from bulle.outputs.search import index_count, index_folders
    assert [index_count(n) for n in (0, 10, 11, 25)] == [1, 1, 2, 3]
    assert index_folders(1) == [] and index_folders(3) == ["1/", "2/"]
    bundle = tmp_path / "pagefind"
    index = SearchIndex(bundle, pages=25)
    for number in range(25):
        index.add(f"projets/p{number}/index.html", f"<p>Les habitants {number}.</p>", "fr")
    index.finish()
    counts = [json.loads((folder / "pagefind-entry.json").read_text())
              ["languages"]["fr"]["page_count"] for folder in (bundle, bundle / "1", bundle / "2")]
    assert counts == [9, 9, 7] and not (bundle / "3").exists()
    assert (bundle / "pagefind.js").is_file() and (bundle / "wasm.fr.pagefind").is_file()
    # The others are merged into the first one: its script and WebAssembly serve them all.
    assert sorted(path.name for path in (bundle / "1").iterdir() if path.is_file())[0] \
        == "pagefind-entry.json"
    assert not list((bundle / "2").glob("*.js")) and not list((bundle / "2").glob("wasm.*"))
    assert [service.process.poll() for service in index._services] == [0, 0, 0]


def test_an_indexer_that_exits_while_writing_one_of_the_indexes_fails_the_build(
        tmp_path, monkeypatch):
    """The first index is written while pages still come: its indexer's death is not
    taken for the normal end of an index written."""
    service = FAILING_SERVICE.replace(
        'answer(message["message_id"], {"type": "Error", "message": "page illisible"})',
        'sys.exit(4) if message["payload"]["type"] == "WriteFiles" else '
        'answer(message["message_id"], {"type": "AddFile", "file_path": "x"})')
    assert service != FAILING_SERVICE
    monkeypatch.setenv("BULLE_SEARCH_SLICE_PAGES", "2")
    index = fails_fast(tmp_path / "pagefind", service, "code 4", timeout=30, within=20, pages=4)
    assert len(index._services) == 1 and index._process.poll() is not None
