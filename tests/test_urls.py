"""Links between pages: the fast relative link is the one posixpath.relpath makes."""

import posixpath

from hypothesis import given, settings, strategies as st

from bulle.pages.urls import relative

PARTS = st.sampled_from(["projets", "journal", "a", "b", "page", "2", ".", "..", "", "x.png"])
PATHS = st.lists(PARTS, max_size=5).map("/".join) | st.just("/") | st.just("")


def relpath_link(from_url: str, to_path: str) -> str:
    """What `relative` made before its fast path: posixpath.relpath's answer."""
    link = posixpath.relpath(to_path.rstrip("/") or ".", from_url.rstrip("/") or ".")
    if to_path.endswith("/") or not to_path:
        link = "./" if link == "." else f"{link}/"
    return link


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(PATHS, PATHS, st.booleans(), st.booleans())
def test_relative_is_relpath(start, target, page, folder):
    start = f"{start}/" if page and start else start
    target = f"{target}/" if folder and target else target
    assert relative(start, target) == relpath_link(start, target)


def test_relative_links_read_as_expected():
    assert relative("projets/a/", "projets/b/") == "../b/"
    assert relative("", "journal/") == "journal/"
    assert relative("journal/page/2/", "journal/") == "../../"
    assert relative("projets/a/", "projets/a/photo.png") == "photo.png"
    assert relative("projets/a/", "") == "../../"
    assert relative("projets/a/", "projets/a/") == "./"
