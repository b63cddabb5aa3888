"""Texts a build keeps for later, compressed meanwhile.

A build converts every page before it lays any out (MkDocs does), and writes the
feeds from the entries' text once every page is written: at L (27,000 pages)
that is hundreds of megabytes of HTML waiting. LZ4 holds HTML in about a third
of its size and costs a fifth of zlib's time (0.16 s against 0.78 s for 2,000
pages, compressed and read back once): the memory saved must not cost the build
its speed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, MutableMapping

import lz4.block


def pack(text: str) -> bytes:
    return lz4.block.compress(text.encode("utf-8"))


def unpack(packed: bytes) -> str:
    return lz4.block.decompress(packed).decode("utf-8")


class CompressedTexts(MutableMapping[str, str]):
    """A dict of texts that holds them compressed (each is compressed when set, and
    decompressed when read; asking whether a key is there reads nothing)."""

    def __init__(self) -> None:
        self._texts: dict[str, bytes] = {}

    def __getitem__(self, key: str) -> str:
        return unpack(self._texts[key])

    def __setitem__(self, key: str, text: str) -> None:
        self._texts[key] = pack(text)

    def __delitem__(self, key: str) -> None:
        del self._texts[key]

    def __contains__(self, key: object) -> bool:
        return key in self._texts

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    @classmethod
    def merged(cls, mappings: Iterable[Mapping[str, str]], keys: Iterable[str]) -> "CompressedTexts":
        """The texts of `keys` found in `mappings`, a later mapping winning, taken
        as they are held (never decompressed to be compressed again)."""
        merged = cls()
        sources = list(mappings)
        for key in keys:
            for source in reversed(sources):
                if key in source:
                    if isinstance(source, CompressedTexts):
                        merged._texts[key] = source._texts[key]
                    else:
                        merged[key] = source[key]
                    break
        return merged
