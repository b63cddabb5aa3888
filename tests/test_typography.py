"""bulle.pages.typography gives smarty's output, byte for byte, faster."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bulle.pages.typography import NAME, required
from conftest import REPO, SAMPLE

SITE_EXTENSIONS = ["toc", "tables", "fenced_code", "footnotes", "admonition",
                   "pymdownx.superfences"]
OPTIONS = [
    {"smart_angled_quotes": False},  # the site's
    {},
    {"smart_angled_quotes": True, "smart_dashes": False},
    {"smart_quotes": False, "smart_ellipses": False},
    {"substitutions": {"left-single-quote": "&sbquo;", "right-double-quote": "&raquo;",
                       "ellipsis": "…", "mdash": "&#8212;"}},
]


def convert(text: str, extension: str, options: dict) -> str:
    return markdown.Markdown(extensions=[*SITE_EXTENSIONS, extension],
                             extension_configs={"toc": {"permalink": True},
                                                extension: options}).convert(text)


def assert_same(text: str, options: dict = OPTIONS[0]) -> None:
    assert convert(text, NAME, options) == convert(text, "smarty", options), text


# What smarty reads (quotes, dashes, dots, angles, entities, spaces, digits + s) among
# the Markdown that cuts text into nodes (emphasis, code, links, raw HTML, lists, tables).
TOKENS = ["'", '"', "-", "--", "---", ".", "...", "<<", ">>", " ", "\n", "\n\n", "\t", "a",
          "é", "s", "80s", "1", "l'", "d'", "qu'", "&nbsp;", "&mdash;", "&#8211;", "–", "—",
          "(", ")", "[", "]", "{", "!", "?", ",", ";", ":", "*", "_", "`", "\\", "\\'",
          "\\\"", "<b>", "</b>", "<span title=\"x'y\">", "</span>", "[lien](https://a.fr/'x)",
          "![i](p.png \"t\")", "# ", "> ", "- ", "1. ", "| a | b |\n|---|---|\n| '' | \"\" |\n",
          "```\n'x' -- ...\n```\n", "[^1]", "\n[^1]: note 'n'\n", "!!! note \"T'itre\"\n    ",
          "    code 'x'\n", "&amp;", "&quot;", "\u00a0", "«", "»"]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_same_output_as_smarty_on_any_text(text):
    assert_same(text)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join), st.sampled_from(OPTIONS))
def test_same_output_as_smarty_with_every_option(text, options):
    assert_same(text, options)


@pytest.mark.parametrize("text", [
    "L'équipe a dit : \"c'est 'bien' -- et même --- très bien...\" dans les années '80s.",
    "'Tis the \"'quoted' words\" and \"'twas\" -- \"\"''\"\" ''. ....",
    "<<guillemets>> et *l'emphase* `l'code` [l'lien](x) l'**gras**'s",
    "\"'\" '\"' \"'a\" 'a\" \"a' --' '-- ...' '...",
])
def test_same_output_as_smarty_on_tricky_sentences(text):
    for options in OPTIONS:
        assert_same(text, options)


def test_same_output_as_smarty_on_the_sample_and_the_guide():
    paths = sorted(SAMPLE.rglob("*.md")) + sorted((REPO / "bulle/docs").rglob("*.md"))
    assert len(paths) > 30
    for path in paths:
        assert_same(path.read_text(encoding="utf-8"))


def test_every_pattern_needs_its_quote_dash_or_dot():
    """The shortcut that skips a pattern is only taken on characters its matches all hold."""
    md = markdown.Markdown(extensions=[NAME], extension_configs={
        NAME: {"smart_angled_quotes": True}})
    needs = {regexp.pattern: found for regexp, _, found in md.treeprocessors["smarty"].patterns}
    assert len(needs) == 20 and all(needs.values())
    assert needs["'"] == {"'"} and needs['"'] == {'"'} and needs[r"\<\<"] == {"<"}
    assert needs[r"(?<!\.)\.{3}(?!\.)"] == {"."} and needs[r"""'"(?=\w)"""] == {"'", '"'}
    assert required(__import__("re").compile("(a|')b")) == {"b"}  # not the alternatives'

