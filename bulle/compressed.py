"""Texts a build keeps for later, compressed meanwhile.

A build converts every page before it lays any out (MkDocs does), and writes the
feeds from the entries' text once every page is written: at L (27,000 pages)
that is hundreds of megabytes of HTML waiting. HTML compresses about fivefold,
and each text is read back once.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, MutableMapping


class CompressedTexts(MutableMapping[str, str]):
    """A dict of texts that holds them compressed (each is compressed when set, and
    decompressed when read)."""

    def __init__(self) -> None:
        self._texts: dict[str, bytes] = {}

    def __getitem__(self, key: str) -> str:
        return zlib.decompress(self._texts[key]).decode("utf-8")

    def __setitem__(self, key: str, text: str) -> None:
        self._texts[key] = zlib.compress(text.encode("utf-8"), 1)

    def __delitem__(self, key: str) -> None:
        del self._texts[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)
