"""What the programme file's addresses and branch may be, before they reach every page.

They land in attributes (`href`, edit links), in the theme's inline script (the
404 page reads the site's path) and in the form's configuration, some of them
unescaped by the theme: so each is checked as what it is, with a character set
that cannot leave a quoted attribute or a JavaScript string, rather than escaped
in each of those places.
"""

from __future__ import annotations

import re

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST = rf"{_LABEL}(?:\.{_LABEL})*(?::[0-9]{{1,5}})?"
# RFC 3986 path characters, without the quote « ' » (the theme prints some addresses in
# JavaScript strings); no query or fragment: a site or a repository does not need one.
_PATH = r"(?:/[A-Za-z0-9._~%!$&()*+,;=:@/-]*)?"
# A link's tail: anything printable but spaces, quotes, angle brackets, backslash, backquote.
_TAIL = r"(?:[/?#][^\s\"'<>\\`{}|^\x00-\x1f\x7f]*)?"
BRANCH_PATTERN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._/-]*$")


def is_address(value: str, schemes: tuple[str, ...] = ("https",), tail: bool = True) -> bool:
    """Whether `value` is an absolute address with one of `schemes` and a host name.

    `tail`: a path, query and fragment are allowed; otherwise only a plain path.
    """
    scheme = "|".join(map(re.escape, schemes))
    pattern = rf"(?:{scheme})://{_HOST}{_TAIL if tail else _PATH}"
    return re.fullmatch(pattern, value) is not None


def is_branch(value: str) -> bool:
    """A Git branch name (git check-ref-format), kept to ASCII letters, digits and ._/-."""
    return (BRANCH_PATTERN.match(value) is not None and ".." not in value and "//" not in value
            and "/." not in value and not value.endswith(("/", ".", ".lock")))
