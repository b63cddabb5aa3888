"""The benchmark's synthetic programmes must stay valid content, or it measures errors."""

import sys

from bulle.content.load import load_tree
from bulle.content.validate import validate_tree
from conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
from synthetic import write_programme  # noqa: E402


def test_synthetic_programme_is_valid_and_deterministic(tmp_path, programme):
    first = write_programme(tmp_path / "a" / "projects", projects=3, entries=4, seed=7)
    write_programme(tmp_path / "b" / "projects", projects=3, entries=4, seed=7)
    content = validate_tree(load_tree(tmp_path / "a"), programme)
    assert [p for p in content.problems if p.is_error] == []
    assert (len(content.projects), len(content.entries)) == (3, first.entries)
    assert first.words > 3 * 300
    for path in (tmp_path / "a").rglob("*.md"):
        twin = tmp_path / "b" / path.relative_to(tmp_path / "a")
        assert twin.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_second_shape_is_valid_and_has_lists_links_and_tables(tmp_path, programme):
    written = write_programme(tmp_path / "projects", projects=2, entries=6, seed=3, shape="mixed")
    content = validate_tree(load_tree(tmp_path), programme)
    assert [str(p) for p in content.problems] == []  # not even a notice: nothing is dropped
    text = "\n".join(p.read_text(encoding="utf-8") for p in tmp_path.rglob("journal/*.md"))
    for mark in ("\n| Qui | Nombre |", "\n1. ", "\n- ", "](../index.md)", "](https://", "\n> "):
        assert mark in text, mark
    lengths = [len(p.read_text(encoding="utf-8").split()) for p in tmp_path.rglob("journal/*.md")]
    assert min(lengths) < 250 < 1000 < max(lengths)  # other lengths than the first shape's
    assert written.entries == 12


def test_the_floor_uses_the_standard_markdown_extensions():
    """The floor is MkDocs + Material as anyone has them: smarty, not Bulle's typography."""
    import yaml

    import bench  # noqa: E402 - scripts/ is on the path above

    with_extensions = yaml.safe_load(bench._base_config())["markdown_extensions"]
    names = [next(iter(item)) if isinstance(item, dict) else item for item in with_extensions]
    assert "smarty" in names and not any(name.startswith("bulle") for name in names)
    assert {"smarty": {"smart_angled_quotes": False}} in with_extensions
    assert yaml.safe_load(bench._base_config(extensions=False))["markdown_extensions"] == []
