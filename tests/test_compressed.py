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


def test_merged_takes_the_later_text_without_reading_any(monkeypatch):
    old, new = CompressedTexts(), CompressedTexts()
    old["a.md"], old["b.md"], old["gone.md"] = "ancien « a »", "ancien b ’", "supprimé"
    new["b.md"] = "nouveau b"
    reads = []
    monkeypatch.setattr("bulle.compressed.unpack", lambda packed: reads.append(packed))
    merged = CompressedTexts.merged([old, new, {"c.md": "simple dict"}], ["a.md", "b.md", "c.md", "x.md"])
    assert "b.md" in merged and "x.md" not in merged and "gone.md" not in merged
    assert reads == []  # neither the merge nor `in` decompressed anything
    monkeypatch.undo()
    assert dict(merged) == {"a.md": "ancien « a »", "b.md": "nouveau b", "c.md": "simple dict"}
    assert merged._texts["a.md"] is old._texts["a.md"]
