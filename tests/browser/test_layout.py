"""Every kind of page fits a phone's width and a desktop screen: no sideways scrolling.

With BULLE_SCREENSHOTS=<folder>, full-page screenshots of each page on both
screens are saved there, for a person to look at.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from .site_pages import PAGES

SCREENSHOTS = os.environ.get("BULLE_SCREENSHOTS")


@pytest.mark.parametrize("name", PAGES)
def test_the_page_fits_the_screen(visitor, name):
    response = visitor.open(PAGES[name])
    assert response.status == (404 if name == "404" else 200)
    assert visitor.horizontal_overflow() <= 0, "the page scrolls sideways"
    # A wide table may scroll inside its own box (focusable, see the statistics), as long
    # as that box fits the window.
    wide = visitor.page.evaluate("""() => {
        const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
        const inScrollBox = e => { for (let a = e.parentElement; a; a = a.parentElement)
            if (scrolls(a)) return a.getBoundingClientRect().right <= innerWidth + 1;
            return false; };
        return [...document.querySelectorAll('article *')]
            .filter(e => e.getBoundingClientRect().right > innerWidth + 1 && !inScrollBox(e))
            .map(e => e.tagName + '.' + e.className); }""")
    assert wide == [], "elements overflow the window"
    if SCREENSHOTS:
        width = visitor.page.viewport_size["width"]
        folder = Path(SCREENSHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"\W+", "-", name)
        visitor.page.screenshot(path=folder / f"{slug}-{width}.png", full_page=True)
