"""The keyboard alone: a skip link first, every link and filter in reach, the focus always seen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

# Mark every link a sighted visitor can see (and so must reach), numbered in page order.
_MARK_LINKS = """() => {
  const links = [...document.querySelectorAll("a[href]")]
    .filter(a => a.checkVisibility({visibilityProperty: true}) && !a.matches(".md-skip"));
  links.forEach((a, i) => a.dataset.kbd = i);
  return links.length;
}"""

# What has the focus now: its mark, whether a ring shows around it, whether it is on screen.
_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // Material's colour toggle is a hidden radio button: its label shows the focus.
  const shown = el.matches(".md-option") ? el.nextElementSibling : el;
  const style = getComputedStyle(shown);
  const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
    || style.boxShadow !== "none";
  const box = shown.getBoundingClientRect();
  const onScreen = box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
    && box.left < innerWidth && box.top < innerHeight;
  return {mark: el.dataset.kbd ?? null, what: el.outerHTML.slice(0, 90), ring, onScreen};
}"""


def tab_through(page, limit: int) -> list[dict]:
    """Press Tab until the focus leaves the page or comes back; what had the focus, in order."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(_FOCUS)
        if focus is None or (seen and focus["what"] == seen[0]["what"]):
            break
        seen.append(focus)
    return seen


@pytest.mark.parametrize("profile, path", [
    ("desktop", "projets/"), ("desktop", "projets/histologe/"), ("desktop", "journal/"),
    ("desktop", "accessibilite/"), ("phone", "projets/"), ("phone", "projets/histologe/"),
])
def test_every_link_and_filter_is_reached_with_a_visible_focus(visitor_on, profile, path):
    visitor = visitor_on(profile)
    visitor.open(path)
    count = visitor.page.evaluate(_MARK_LINKS)
    steps = tab_through(visitor.page, limit=count + 30)
    reached = {step["mark"] for step in steps}
    missed = visitor.page.evaluate(
        "reached => [...document.querySelectorAll('[data-kbd]')]"
        ".filter(a => !reached.includes(a.dataset.kbd)).map(a => a.outerHTML.slice(0, 90))",
        sorted(m for m in reached if m is not None))
    assert missed == []
    assert [s["what"] for s in steps if not s["onScreen"]] == [], "focus off screen"
    assert [s["what"] for s in steps if not s["ring"]] == [], "focus without a ring"


@pytest.mark.parametrize("path", ["", "projets/", "projets/histologe/", "journal/",
                                  "accessibilite/"])
def test_the_skip_link_comes_first_and_leads_to_the_title(visitor, path):
    page = visitor.page
    visitor.open(path)
    page.keyboard.press("Tab")
    skip = page.locator(".md-skip")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Aller au contenu")
    expect(skip).to_be_in_viewport()
    target = skip.get_attribute("href")
    assert page.locator(f"h1{target}").count() == 1, f"{target} is not the page title"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # the focus goes on from the title, past header and menus
    after_title = page.evaluate(
        """id => !!(document.getElementById(id).compareDocumentPosition(document.activeElement)
                    & Node.DOCUMENT_POSITION_FOLLOWING)""", target.lstrip("#"))
    assert after_title and page.evaluate("!!document.activeElement.closest('article, footer')")


def test_the_menu_button_of_phones_works_with_the_keyboard(phone):
    page = phone.page
    phone.open("projets/")
    button = page.get_by_role("button", name="Menu du site")
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName === 'BUTTON'"):
            break
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    journal = page.locator(".md-sidebar--primary a", has_text="Journal")
    expect(journal).to_be_in_viewport()
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim() === 'Journal'"):
            break
    expect(journal).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(phone.url("journal/"))


def test_the_menu_button_stays_off_wide_screens(desktop):
    desktop.open("projets/")
    expect(desktop.page.get_by_role("button", name="Menu du site")).to_be_hidden()
    expect(desktop.page.locator(".md-tabs")).to_be_visible()
