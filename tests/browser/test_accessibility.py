"""axe-core in the page (no serious or critical violation), and what axe cannot judge:
badges that say their meaning in words, with enough contrast in both colour schemes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .axe import BLOCKING, describe, run_axe
from .site_pages import PAGES

# The main page types again, on a phone and in the dark colour scheme.
OTHER_SCREENS = [(profile, name) for profile in ("phone", "dark")
                 for name in ("home", "projects", "project", "entry", "awards", "statistics",
                              "journal by kind")]


def check_page(visitor, axe_script, axe_results, name: str, label: str) -> None:
    visitor.open(PAGES[name])
    assert visitor.images_without_alt() == []
    violations = run_axe(visitor.page, axe_script)
    axe_results[f"{name} ({label})"] = violations
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert blocking == [], describe(blocking)


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_violation_on_desktop(desktop, axe_script, axe_results, name):
    check_page(desktop, axe_script, axe_results, name, "desktop")


@pytest.mark.parametrize("profile, name", OTHER_SCREENS)
def test_no_serious_violation_on_phone_and_in_dark(visitor_on, axe_script, axe_results,
                                                    profile, name):
    check_page(visitor_on(profile), axe_script, axe_results, name, profile)


def test_images_have_their_text_alternative(desktop, sample_content):
    project = next(p for p in sample_content.projects if p.image)
    for path in ["projets/", f"projets/{project.slug}/"]:
        desktop.open(path)
        images = desktop.page.locator(f'img[src$="{project.image.path}"]')
        expect(images).to_have_attribute("alt", project.image.alt)
        images.first.scroll_into_view_if_needed()  # cards load their image lazily
        desktop.page.wait_for_function(
            "[...document.images].every(i => i.complete && i.naturalWidth > 0)")
        assert desktop.images_without_alt() == []


# Contrast of a badge's text on its own background, composited like the browser does.
_CONTRASTS = """selector => {
  const rgba = c => { const v = c.match(/[\\d.]+/g).map(Number); return [v[0], v[1], v[2], v[3] ?? 1]; };
  const over = (top, below) => top.slice(0, 3).map((v, i) => v * top[3] + below[i] * (1 - top[3]));
  const background = el => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] === 1) break;
    }
    return layers.reverse().reduce((below, top) => over(top, below), [255, 255, 255]);
  };
  const luminance = c => { const l = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                           return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2]; };
  return [...document.querySelectorAll(selector)].map(el => {
    const back = background(el), text = over(rgba(getComputedStyle(el).color), back);
    const [a, b] = [luminance(text), luminance(back)].sort((x, y) => y - x);
    return [el.textContent.trim(), Math.round((a + 0.05) / (b + 0.05) * 100) / 100];
  });
}"""


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("profile", ["desktop", "dark"])
def test_badges_say_their_meaning_in_words_with_enough_contrast(visitor_on, sample_content,
                                                                  profile):
    visitor = visitor_on(profile)
    page, programme = visitor.page, sample_content.programme
    project = sample_content.project("histologe")
    visitor.open("projets/histologe/")
    phase = programme.phases[project.current_phase.name].label("fr")
    assert words(page.locator(".bulle-badges .bulle-phase").inner_text()) == f"Phase : {phase}"
    awards = [words(text) for text in page.locator(".bulle-badges .bulle-award").all_inner_texts()]
    assert awards == [f"★ {programme.award_kinds[a.kind].label('fr')} : {a.name} ({a.date.year})"
                      for a in project.awards]
    contrasts = page.evaluate(_CONTRASTS, ".bulle-badge, .bulle-tag")
    visitor.open("projets/")
    for card in page.locator(".bulle-card").all():
        slug = card.locator(".bulle-card__title a").get_attribute("href").strip("/")
        expected = programme.phases[sample_content.project(slug).current_phase.name].label("fr")
        assert card.locator(".bulle-phase").inner_text() == expected
    contrasts += page.evaluate(_CONTRASTS, ".bulle-badge, .bulle-tag, .bulle-chip")
    assert len(contrasts) > 20
    assert [(text, ratio) for text, ratio in contrasts if ratio < 4.5] == []
