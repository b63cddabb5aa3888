"""The legal pages, reached from the footer of any page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .site_pages import PAGES

FOOTER = ["Mentions légales", "Accessibilité : partiellement conforme", "Données personnelles"]


@pytest.mark.parametrize("name", ["home", "projects", "entry", "awards", "404", "accessibility"])
def test_every_page_links_to_the_legal_pages(desktop, name):
    desktop.open(PAGES[name])
    links = desktop.page.get_by_role("navigation", name="Informations légales").get_by_role("link")
    expect(links).to_have_text(FOOTER)


def follow(visitor, label: str, title: str):
    visitor.page.get_by_role("contentinfo").get_by_role("link", name=label).click()
    expect(visitor.page.locator("h1")).to_have_text(title)
    return visitor.page.locator("article")


def test_the_legal_pages_say_who_answers_for_the_site(visitor):
    visitor.open(PAGES["entry"])  # deep in the site: the footer links are relative
    notice = follow(visitor, "Mentions légales", "Mentions légales")
    expect(notice).to_contain_text("Ce site est édité par Ville de Pau.")
    expect(notice).to_contain_text("Le maire de Pau")
    expect(notice).to_contain_text("Ce site est hébergé par Ville de Pau, direction des systèmes")

    statement = follow(visitor, re.compile("^Accessibilité"), "Déclaration d'accessibilité")
    expect(statement).to_contain_text("est partiellement conforme avec le référentiel général")
    expect(statement.get_by_role("link", name="accessibilite@example.org")).to_have_attribute(
        "href", "mailto:accessibilite@example.org")
    expect(statement.get_by_role("link", name="écrire un message au Défenseur des droits")) \
        .to_be_visible()

    privacy = follow(visitor, "Données personnelles", "Données personnelles")
    expect(privacy).to_contain_text("les noms et les rôles des membres de l'équipe")
    expect(privacy).to_contain_text("corrige ou que l'on retire une information")
    expect(privacy.get_by_role("link", name="donnees-personnelles@example.org")).to_be_visible()
    assert visitor.horizontal_overflow() <= 0
