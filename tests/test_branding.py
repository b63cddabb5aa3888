"""The city's look, read from the identity: logo, favicon, colours, social links, licence."""

from __future__ import annotations

import pytest

from bulle.pages.chrome import CITY_FILES, DEFAULT_LOGO, CityFile, city_file, social_links
from bulle.programme.colours import (SLATE_BACKGROUND, TEXT_CONTRAST, WHITE, Colours, check_colours,
                                     contrast, readable_on, render_colours_css)
from bulle.programme.licence import DEFAULT, KNOWN
from bulle.programme.load import load_programme
from conftest import write_tree
from test_programme import GOOD


def load(tmp_path, extra: str, files: dict | None = None):
    """The GOOD programme with `extra` lines added to its identity."""
    write_tree(tmp_path, {"programme.yml": GOOD.replace("identity:\n", "identity:\n" + extra),
                          **(files or {})})
    return load_programme(tmp_path / "programme.yml")


def test_defaults_without_any_branding(tmp_path):
    programme, problems = load(tmp_path, "")
    identity = programme.identity
    assert problems == []
    assert (identity.logo, identity.favicon, identity.social) == (None, None, ())
    assert identity.colours == Colours() and identity.licence == DEFAULT


def test_every_branding_field_is_read(tmp_path):
    programme, problems = load(tmp_path, """\
  logo: docs/images/logo.svg
  favicon: ville/favicon.png
  colours: {primary: "#0B5", accent: "#7a1f5c"}
  social:
    Mastodon: https://social.example.org/@ville
    LinkedIn: https://www.linkedin.com/company/ville
  licence: cc-by-4.0
""", {"docs/images/logo.svg": "<svg/>", "ville/favicon.png": b"png"})
    identity = programme.identity
    assert (identity.logo, identity.favicon) == ("docs/images/logo.svg", "ville/favicon.png")
    assert identity.colours == Colours("#00bb55", "#7a1f5c")
    assert identity.social == (("Mastodon", "https://social.example.org/@ville"),
                               ("LinkedIn", "https://www.linkedin.com/company/ville"))
    assert identity.licence == KNOWN["CC-BY-4.0"]
    # #00bb55 is too light for white text: a warning, with a darker proposal that passes.
    assert [(p.code, p.severity, p.line) for p in problems] == [("low-contrast", "warning", 4)]
    proposal = problems[0].message.rsplit("« ", 1)[1].split(" »")[0]
    assert contrast(proposal, WHITE) >= TEXT_CONTRAST


def test_a_licence_of_the_city_own(tmp_path):
    programme, problems = load(tmp_path, """\
  licence: {title: Licence de la ville, url: "https://ville.example.org/licence"}
""")
    assert problems == []
    licence = programme.identity.licence
    assert (licence.id, licence.title) == ("", "Licence de la ville")
    assert licence.terms_key == "licence.terms.other"
    assert licence.as_json() == {"title": "Licence de la ville",
                                 "url": "https://ville.example.org/licence"}


def test_branding_mistakes_are_reported_at_their_line(tmp_path):
    programme, problems = load(tmp_path, """\
  logo: docs/absent.svg
  favicon: ../dehors.ico
  colours: {primary: bleu, acent: "#000"}
  social: {Mastodon: "http://social.example.org/@ville"}
  licence: etalab-2
  language: de
""")
    assert programme is None
    found = sorted((p.line, p.code) for p in problems)
    assert found == [(2, "missing-file"), (3, "bad-file"), (4, "bad-colour"),
                     (4, "unknown-field"), (5, "bad-url"), (6, "unknown-licence"),
                     (7, "unknown-language")]
    messages = " ".join(p.message for p in problems)
    assert "vouliez-vous dire « accent » ?" in messages
    assert "vouliez-vous dire « etalab-2.0 » ?" in messages
    assert "langues disponibles : en, fr" in messages


def test_logo_of_an_unsafe_kind_is_refused(tmp_path):
    _, problems = load(tmp_path, "  logo: docs/logo.html\n", {"docs/logo.html": "<script>"})
    assert [p.code for p in problems] == ["bad-file"]


@pytest.mark.parametrize("primary, accent", [("#1d4f91", "#b3261e"), ("#ffcc00", "#00ffff"),
                                             ("#000000", "#ffffff"), ("#777", "#888")])
def test_dark_scheme_text_colours_are_always_readable(primary, accent):
    css = render_colours_css(Colours(primary, accent))
    dark = css.split('[data-md-color-scheme="slate"]')[1]
    for name in ("--md-typeset-a-color", "--md-accent-fg-color"):
        value = dark.split(f"{name}: ")[1].split(";")[0]
        assert contrast(value, SLATE_BACKGROUND) >= 7, (name, value)


def test_contrast_figures_match_wcag():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48
    assert check_colours(Colours()) == []
    assert [name for name, _ in check_colours(Colours("#777777", "#767676"))] == ["primary"]
    assert contrast(readable_on("#777777", WHITE), WHITE) >= TEXT_CONTRAST


def test_where_the_logo_and_favicon_are_published():
    assert city_file(None, "docs", DEFAULT_LOGO) == CityFile(DEFAULT_LOGO, None)
    assert city_file("docs/images/logo.svg", "docs", DEFAULT_LOGO) == \
        CityFile("images/logo.svg", None)  # MkDocs already publishes the files of docs/
    assert city_file("ville/logo.png", "docs", DEFAULT_LOGO) == \
        CityFile(f"{CITY_FILES}logo.png", "ville/logo.png")


def test_social_icons_are_guessed_from_the_label_or_the_host(programme):
    import dataclasses
    identity = dataclasses.replace(programme.identity, social=(
        ("Mastodon", "https://piaille.fr/@ville"), ("Vidéos", "https://www.youtube.com/@ville"),
        ("Lettre d'information", "https://lettre.example.org/")))
    assert [icon for _, _, icon in social_links(identity)] == [
        "fontawesome/brands/mastodon", "fontawesome/brands/youtube", "material/web"]
