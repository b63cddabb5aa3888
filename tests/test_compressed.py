"""Texts a build keeps for later (pages waiting for their layout, entries for the feeds)."""

from __future__ import annotations

from bulle.compressed import CompressedTexts


def test_texts_come_back_as_they_were_and_are_held_smaller():
    texts = CompressedTexts()
    page = "<article><h1>Les habitants</h1>" + "<p>Le quartier, ses rues, l'été.</p>\n" * 300
    texts["projets/a/index.md"] = page
    texts["projets/b/index.md"] = ""
    assert texts["projets/a/index.md"] == page and texts["projets/b/index.md"] == ""
    assert list(texts) == ["projets/a/index.md", "projets/b/index.md"] and len(texts) == 2
    assert len(texts._texts["projets/a/index.md"]) * 5 < len(page.encode("utf-8"))
    assert texts.pop("projets/a/index.md") == page
    assert "projets/a/index.md" not in texts and dict(texts) == {"projets/b/index.md": ""}
