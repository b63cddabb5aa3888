"""Fixtures of the browser tests: one Chromium per session, the sample on loopback.

Without Chromium (or Playwright, or axe-core) the tests are skipped with the
reason; with BULLE_REQUIRE_BROWSER=1 (set by .ci/run) they fail instead.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest

from conftest import SAMPLE, SAMPLE_DAY

from .axe import AXE_JS, IMPACTS, count_by_impact
from .harness import CHROMIUM, CHROMIUM_ARGS, PROFILES, SiteServer, Visitor

REQUIRED = os.environ.get("BULLE_REQUIRE_BROWSER") == "1"
AXE_RESULTS = pytest.StashKey[dict]()


def unavailable(reason: str) -> None:
    """Skip on a contributor's machine; fail where the browser tests are mandatory."""
    if REQUIRED:
        pytest.fail(f"{reason} (BULLE_REQUIRE_BROWSER=1 : ces tests sont obligatoires ici)",
                    pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def sample_content():
    """The sample as the core sees it: what the pages in the browser must show."""
    from bulle.site import Settings, load_site
    site, problems = load_site(Settings(root=SAMPLE, today=dt.date.fromisoformat(SAMPLE_DAY)))
    assert site is not None, problems
    return site


@pytest.fixture(scope="session")
def server(sample_site):
    with SiteServer(sample_site) as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        unavailable(f"Chromium introuvable ({CHROMIUM}) : tests dans le navigateur sautés. "
                    "Sur Debian ou Ubuntu : apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright absent : lancez « make test » (il installe requirements.txt)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def _pool(browser, server):
    """One context per profile, made when first asked for and kept for the session."""
    made: dict[str, Visitor] = {}

    def get(profile: str) -> Visitor:
        if profile not in made:
            context = browser.new_context(locale="fr-FR", reduced_motion="reduce",
                                          **PROFILES[profile])
            context.set_default_timeout(10_000)
            made[profile] = Visitor(context, server.origin)
        return made[profile]

    yield get
    for visitor in made.values():
        visitor.context.close()


@pytest.fixture
def visitor_on(_pool):
    """visitor_on(profile): a clean visitor for this test, checked when the test ends:
    no request to another host than the site, no script error."""
    used: list[Visitor] = []

    def get(profile: str) -> Visitor:
        visitor = _pool(profile)
        if visitor not in used:
            visitor.reset()
            used.append(visitor)
        return visitor

    yield get
    for visitor in used:
        assert visitor.foreign_requests() == [], "requests to another host than the site"
        assert visitor.errors == [], "script errors in the page"


@pytest.fixture
def desktop(visitor_on):
    return visitor_on("desktop")


@pytest.fixture
def phone(visitor_on):
    return visitor_on("phone")


@pytest.fixture
def nojs(visitor_on):
    return visitor_on("nojs")


@pytest.fixture(params=["desktop", "phone"])
def visitor(request, visitor_on):
    """Each test using it runs on a desktop screen and on a phone."""
    return visitor_on(request.param)


@pytest.fixture(scope="session")
def axe_script():
    if not AXE_JS.is_file():
        unavailable(f"axe-core absent ({AXE_JS}) : lancez « make test » avec npm installé "
                    "(npm ci) pour les tests d'accessibilité")
    return AXE_JS


@pytest.fixture
def axe_results(request) -> dict:
    """Where the accessibility tests record what axe found, page by page (for the summary)."""
    return request.config.stash.setdefault(AXE_RESULTS, {})


def pytest_terminal_summary(terminalreporter, config):
    results = config.stash.get(AXE_RESULTS, {})
    if not results:
        return
    terminalreporter.section("axe-core: violated rules by impact")
    for page, violations in sorted(results.items()):
        counts = count_by_impact(violations)
        found = ", ".join(f"{counts[i]} {i}" for i in IMPACTS if counts[i]) or "none"
        ids = ", ".join(sorted(v["id"] for v in violations))
        terminalreporter.write_line(f"{page}: {found}" + (f" ({ids})" if ids else ""))
