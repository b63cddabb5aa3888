"""Serialise the XML files the site publishes (feeds, sitemap) so that every reader can parse them.

ElementTree escapes `<` and `&` but writes a control character as it is,
which makes the whole file ill-formed: every text and attribute is cleaned of
the characters XML 1.0 forbids first, whatever reaches the writer.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from bulle.content.text import strip_invalid_chars


def xml_bytes(root: ET.Element) -> bytes:
    """`root` as indented UTF-8 XML with its declaration, and a final newline."""
    for element in root.iter():
        if element.text:
            element.text = strip_invalid_chars(element.text)
        if element.tail:
            element.tail = strip_invalid_chars(element.tail)
        for name, value in element.attrib.items():
            element.attrib[name] = strip_invalid_chars(value)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
