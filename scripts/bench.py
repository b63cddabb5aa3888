#!/usr/bin/env python3
"""Benchmark Bulle against plain MkDocs + Material (the floors) and Material's blog plugin.

    python scripts/bench.py                 # sizes S and M, both shapes, one run each
    python scripts/bench.py --sizes S,M,L --repeat 3 --repeat-l 1
    python scripts/bench.py --sizes L --builders bulle,floor --shapes prose

Each size is built in a temporary folder, on the same content, by every builder
(runs alternate between builders); the figures are medians over the repeats.
Two floors: MkDocs + Material with Bulle's Markdown extensions (`floor`) and with
MkDocs' defaults (`floor0`). M and L come in two shapes of text (see synthetic.py);
S is the Pau sample. For Bulle, a real `mkdocs serve --dirty` also times how long
an edit takes to be served. Nothing is written into the repository.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import SHAPES, SIZES, write_programme  # noqa: E402

import yaml  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bulle/, not scripts/bulle.py
from bulle.pages.markdown_html import site_markdown_options  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BUILDERS = ("bulle", "floor", "floor0", "blog")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764115200",
       "BULLE_TODAY": "2026-11-26"}


@dataclass
class Run:
    seconds: float
    peak_mb: float  # the whole process tree at its largest (MkDocs and Pagefind together)
    own_peak_mb: float  # the build process alone


@dataclass
class Result:
    builder: str
    size: str  # "M", or "M/mixed" for the second shape
    pages: int
    seconds: float
    peak_mb: float
    own_peak_mb: float
    site_mb: float
    median_page_kb: float
    median_chrome_kb: float  # a page without its article's text: what every page carries
    check_seconds: float | None = None
    search_kb: float | None = None  # what the first search query downloads
    serve: tuple[float, float] | None = None  # seconds until an edit is served: entry, project


def _tree(root: int) -> list[int]:
    """`root` and every process below it."""
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stat:
                    ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    tree, pending = [], [root]
    while pending:
        pid = pending.pop()
        tree.append(pid)
        pending.extend(parents.get(pid, []))
    return tree


def _status_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def measure(command: list[str], cwd: Path) -> Run:
    """Run `command`; return its wall time, the peak resident memory of its process tree
    (the sum over the processes alive at once, sampled every 0.1 s) and of itself."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    peak = {"own": 0, "tree": 0}

    def watch() -> None:
        while process.returncode is None:
            own = _status_kb(process.pid, "VmHWM")
            if not own:
                return
            tree = sum(_status_kb(pid, "VmRSS") for pid in _tree(process.pid))
            peak["own"], peak["tree"] = max(peak["own"], own), max(peak["tree"], tree)
            time.sleep(0.1)

    threading.Thread(target=watch, daemon=True).start()
    errors = process.stderr.read().decode() if process.stderr else ""
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"échec de {' '.join(command)} :\n{errors[-3000:]}")
    # Not wait4's ru_maxrss: Linux counts in it the bench process that was forked before
    # the exec (90 MB once Chromium has run), more than a small build itself.
    own_kb = peak["own"] or usage.ru_maxrss
    return Run(seconds, max(peak["tree"], own_kb) / 1024, own_kb / 1024)


def prepare_content(size: str, root: Path, shape: str = "prose") -> None:
    """Write the projects of `size` (and `shape`) into root/projects."""
    if size == "S":
        shutil.copytree(REPO / "projects", root / "projects")
    else:
        projects, entries = SIZES[size]
        write_programme(root / "projects", projects, entries, shape=shape)


def prepare_bulle(content: Path, root: Path) -> None:
    for name in ("mkdocs.yml", "programme.yml"):
        shutil.copy(REPO / name, root / name)
    for name in ("docs", "hooks"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    # Hard links: the loader refuses a linked projects/ folder, and a copy of L is slow.
    shutil.copytree(content / "projects", root / "projects", copy_function=os.link)


def _split(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return front, body


def _base_config(extensions: bool = True) -> str:
    """Material with its own search, and the Markdown extensions of Bulle's mkdocs.yml
    (or MkDocs' defaults)."""
    floor = {"site_name": "Banc d'essai", "site_url": "https://bench.example.org/",
             "theme": {"name": "material", "language": "fr", "font": False,
                       "features": ["navigation.tabs"]},
             "plugins": ["search"],
             # Bulle's typography is smarty's in one pass: the floor has smarty itself.
             "markdown_extensions": site_markdown_options().standard().as_config()
             if extensions else []}
    return yaml.safe_dump(floor, allow_unicode=True, sort_keys=False)


def prepare_floor(content: Path, root: Path, extensions: bool = True) -> None:
    """The same Markdown pages as Bulle's, built by MkDocs + Material alone, small nav."""
    docs = root / "docs"
    shutil.copytree(REPO / "docs", docs)
    for index in sorted((content / "projects").glob("*/index.md")):
        slug = index.parent.name
        front, body = _split(index)
        target = docs / "projets" / slug
        target.mkdir(parents=True)
        (target / "index.md").write_text(f"---\n{front}---\n{body}", encoding="utf-8")
        for entry in sorted((index.parent / "journal").glob("*.md")):
            (target / "journal").mkdir(exist_ok=True)
            shutil.copy(entry, target / "journal" / entry.name)
    (docs / "projets" / "index.md").write_text("# Projets\n", encoding="utf-8")
    (docs / "journal.md").write_text("# Journal\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        _base_config(extensions) + "nav:\n  - index.md\n  - projets/index.md\n  - journal.md\n"
        "  - programme.md\nnot_in_nav: |\n  /projets/\n", encoding="utf-8")


def prepare_blog(content: Path, root: Path) -> None:
    """Every entry as a post of Material's blog plugin, one category per project."""
    docs = root / "docs"
    posts = docs / "blog" / "posts"
    posts.mkdir(parents=True)
    (docs / "index.md").write_text("# Accueil\n", encoding="utf-8")
    (docs / "blog" / "index.md").write_text("# Journal\n", encoding="utf-8")
    categories: list[str] = []
    for index in sorted((content / "projects").glob("*/index.md")):
        category = index.parent.name
        categories.append(category)
        for entry in sorted((index.parent / "journal").glob("*.md")):
            front, body = _split(entry)
            title = next(line for line in front.splitlines() if line.startswith("title:"))
            (posts / f"{category}-{entry.name}").write_text(
                f"---\ndate: {entry.name[:10]}\ncategories:\n  - {category}\n---\n\n"
                f"# {title[6:].strip()}\n{body}", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        _base_config().replace("- search\n", "- search\n- blog:\n    blog_dir: blog\n"
                               "    categories_allowed: [" + ", ".join(categories) + "]\n")
        + "nav:\n  - index.md\n  - Journal:\n    - blog/index.md\n", encoding="utf-8")


PREPARE = {"bulle": prepare_bulle, "floor": prepare_floor,
           "floor0": partial(prepare_floor, extensions=False), "blog": prepare_blog}


ARTICLE = re.compile(rb"<article\b[^>]*>(.*)</article>", re.S)


def site_figures(site: Path) -> tuple[int, float, float, float]:
    """Pages, site MB, median page KB and median chrome KB: a page less its article's
    inside, the part that must not grow with the programme (the text itself may: M and L
    entries are longer than the sample's)."""
    pages, chromes = [], []
    for path in site.rglob("*.html"):
        html = path.read_bytes()
        article = ARTICLE.search(html)
        pages.append(len(html))
        chromes.append(len(html) - (len(article.group(1)) if article else 0))
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return (len(pages), total / 1e6, statistics.median(pages) / 1e3,
            statistics.median(chromes) / 1e3)


SEARCH_WORD = "habitants"  # in the sample and in the synthetic text
CHROMIUM = "/usr/bin/chromium"


def search_download_kb(site: Path) -> float | None:
    """Kilobytes a first search downloads: Material's whole index, or Pagefind's pieces
    as a real query in headless Chromium fetches them."""
    material = site / "search" / "search_index.json"
    if material.is_file():
        return material.stat().st_size / 1e3
    if not (site / "pagefind").is_dir() or not Path(CHROMIUM).exists():
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fetched: list[tuple[str, int]] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page()
            page.on("response", lambda r: fetched.append((r.url, len(r.body()) if r.ok else 0)))
            page.goto(f"http://127.0.0.1:{server.server_port}/recherche/?q={SEARCH_WORD}")
            page.wait_for_selector(".bulle-search__results li", timeout=120_000)
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    return sum(size for url, size in fetched if "/pagefind/" in url) / 1e3


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _edit(path: Path, old: str, new: str) -> str:
    """Replace the first `old` line of `path` by `new`; return the original text."""
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith(old))
    path.write_text(text.replace(line, new, 1), encoding="utf-8")
    return text


def _served_after(base: str, path: Path, edit: tuple[str, str], urls: list[str],
                  timeout: float = 120) -> float:
    """Edit `path`, then wait until every page of `urls` shows the new text; the seconds."""
    marker = f"Témoin {time.time_ns()}"
    original = _edit(path, edit[0], f"{edit[1]} {marker}")
    start = time.perf_counter()
    try:
        pending = list(urls)
        while pending:
            if time.perf_counter() - start > timeout:
                raise SystemExit(f"serve : {base}{pending[0]} ne montre pas la modification")
            if marker in (_get(base + pending[0]) or ""):
                pending.pop(0)
            else:
                time.sleep(0.02)
        return time.perf_counter() - start
    finally:
        path.write_text(original, encoding="utf-8")
        while marker in (_get(base + urls[0]) or "") and time.perf_counter() - start < timeout:
            time.sleep(0.1)  # the rebuild that puts it back, before the next edit


def serve_latency(root: Path) -> tuple[float, float]:
    """A real `mkdocs serve --dirty` (as `make serve` runs it): save an entry, then a
    project's index.md, and time until the changed pages are served with the new text."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log = (root / "serve.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty",
                                "--dev-addr", f"127.0.0.1:{port}"], cwd=root, env=ENV,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.perf_counter() + 600
        while _get(base) is None:
            if process.poll() is not None or time.perf_counter() > deadline:
                raise SystemExit(f"serve n'a pas démarré : voir {root / 'serve.log'}")
            time.sleep(0.2)
        time.sleep(1)  # the file watcher starts just after the first build
        project = sorted((root / "projects").iterdir())[0]
        entry = sorted((project / "journal").glob("*.md"))[-1]
        slug, stem = project.name, entry.stem
        entry_seconds = _served_after(
            base, entry, ("title:", "title: Nouveau titre"),
            [f"projets/{slug}/journal/{stem}/", f"projets/{slug}/journal/", f"projets/{slug}/"])
        project_seconds = _served_after(
            base, project / "index.md", ("pitch:", "pitch: Nouvelle promesse."),
            [f"projets/{slug}/", "projets/"])
        return entry_seconds, project_seconds
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def bench(size: str, shape: str, builders: list[str], repeat: int, workdir: Path,
          serve: bool = True) -> list[Result]:
    case = size if size == "S" or shape == "prose" else f"{size}/{shape}"
    content = workdir / f"content-{case.replace('/', '-')}"
    content.mkdir()
    prepare_content(size, content, shape)
    roots = {}
    for builder in builders:
        roots[builder] = workdir / f"{builder}-{case.replace('/', '-')}"
        roots[builder].mkdir()
        PREPARE[builder](content, roots[builder])
    runs: dict[str, list[Run]] = {builder: [] for builder in builders}
    for _ in range(repeat):  # alternate: a slower minute of the machine hits every builder
        for builder in builders:
            root = roots[builder]
            shutil.rmtree(root / "site", ignore_errors=True)
            runs[builder].append(measure(
                [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(root / "site")], root))
    results: list[Result] = []
    for builder in builders:
        root, done = roots[builder], runs[builder]
        pages, site_mb, median_kb, chrome_kb = site_figures(root / "site")
        result = Result(builder, case, pages, statistics.median(r.seconds for r in done),
                        max(r.peak_mb for r in done), max(r.own_peak_mb for r in done),
                        site_mb, median_kb, chrome_kb,
                        search_kb=search_download_kb(root / "site"))
        shutil.rmtree(root / "site")
        if builder == "bulle":
            checks = [measure([sys.executable, str(REPO / "scripts" / "bulle.py"), "check",
                               "--root", str(root)], root) for _ in range(repeat)]
            result.check_seconds = statistics.median(r.seconds for r in checks)
            if serve:
                result.serve = serve_latency(root)
        results.append(result)
        print(format_row(result), flush=True)
    return results


def format_row(r: Result) -> str:
    check = f"{r.check_seconds:7.2f}" if r.check_seconds is not None else "      -"
    search = f"{r.search_kb:10.0f}" if r.search_kb is not None else "         -"
    serve = f"{r.serve[0]:6.2f} {r.serve[1]:6.2f}" if r.serve else "     -      -"
    per_page = r.seconds / r.pages * 1000
    return (f"{r.size:>7} {r.builder:<6} {r.pages:>7} {r.seconds:9.2f} {per_page:9.2f} "
            f"{r.peak_mb:9.0f} {r.own_peak_mb:9.0f} {r.site_mb:9.1f} {r.median_page_kb:9.1f} "
            f"{r.median_chrome_kb:9.1f} {check} {search} {serve}")


HEADER = (f"{'size':>7} {'build':<6} {'pages':>7} {'time (s)':>9} {'ms/page':>9} "
          f"{'peak MB':>9} {'build MB':>9} {'site MB':>9} {'median KB':>9} {'chrome KB':>9} "
          f"{'check s':>7} "
          f"{'search KB':>10} {'serve: entry, index.md (s)'}")


def ratios(results: list[Result]) -> list[str]:
    lines = []
    by = {(r.size, r.builder): r for r in results}
    for size in dict.fromkeys(r.size for r in results):
        bulle, floor, floor0, blog = (by.get((size, b)) for b in BUILDERS)
        if bulle and floor:
            lines.append(f"{size}: Bulle/floor = {bulle.seconds / floor.seconds:.2f} "
                         "(Bulle's Markdown extensions; target ≤ 1.15)")
        if bulle and floor0:
            lines.append(f"{size}: Bulle/floor0 = {bulle.seconds / floor0.seconds:.2f} "
                         "(MkDocs' default Markdown; target ≤ 1.15)")
        if bulle and blog:
            lines.append(f"{size}: blog/Bulle = {blog.seconds / bulle.seconds:.2f} (target ≥ 5)")
        if bulle and bulle.serve:
            lines.append(f"{size}: serve, an entry saved → served in {bulle.serve[0]:.2f} s "
                         f"(target ≤ 2 s), a project's index.md → {bulle.serve[1]:.2f} s "
                         "(target ≤ 3 s)")
    sizes = {r.size: r for r in results if r.builder == "bulle"}
    if "S" in sizes and "L" in sizes:
        ratio = sizes["L"].median_page_kb / sizes["S"].median_page_kb
        lines.append(f"median page L/S = {ratio:.2f} (target ≤ 1.10, and ≤ 40 KB at L)")
        chrome = sizes["L"].median_chrome_kb / sizes["S"].median_chrome_kb
        lines.append(f"median chrome (a page less its article's text) L/S = {chrome:.2f}")
    for r in results:
        if r.builder == "bulle" and r.size.startswith("L") and r.search_kb is not None:
            lines.append(f"L: first search downloads {r.search_kb:.0f} KB (target ≤ 1,000 KB)")
        if r.builder == "bulle" and r.size.startswith("L"):
            lines.append(f"{r.size}: peak memory of the process tree {r.peak_mb:.0f} MB "
                         f"(target ≤ 1,000 MB), of the build process {r.own_peak_mb:.0f} MB, "
                         "median page "
                         f"{r.median_page_kb:.1f} KB (target ≤ 40 KB), check {r.check_seconds:.2f} s "
                         "(target ≤ 5 s)")
    if "M" in sizes and "L" in sizes:
        m, l = sizes["M"], sizes["L"]
        lines.append(f"cost per page M → L: {m.seconds / m.pages * 1000:.2f} → "
                     f"{l.seconds / l.pages * 1000:.2f} ms")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="S,M", help="S, M, L separated by commas")
    parser.add_argument("--builders", default=",".join(BUILDERS))
    parser.add_argument("--shapes", default=",".join(SHAPES), help="prose, mixed (M and L)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--repeat-l", type=int, help="repeats at L (default: --repeat)")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve latency")
    parser.add_argument("--keep", type=Path, help="keep the generated trees in this folder")
    args = parser.parse_args(argv)
    sizes = [s.strip().upper() for s in args.sizes.split(",")]
    builders = [b.strip() for b in args.builders.split(",")]
    shapes = [s.strip() for s in args.shapes.split(",")]
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, repeat {args.repeat}, "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(HEADER)
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="bulle-bench-") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            skip = ["blog"] if size == "L" and "blog" in builders and len(sizes) > 1 else []
            for shape in shapes if size != "S" else shapes[:1]:
                repeat = args.repeat_l if size == "L" and args.repeat_l else args.repeat
                results += bench(size, shape, [b for b in builders if b not in skip],
                                 repeat, workdir, serve=not args.no_serve)
    print()
    for line in ratios(results):
        print(line)
    print(f"load average at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
