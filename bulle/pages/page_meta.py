"""What a page tells browsers, feed readers, search engines and social networks.

Generated pages carry it as their metadata (`page.meta`); the theme prints it in the
page's head (hooks/theme/main.html). Values are plain text here: the theme
escapes them, except `title` and `description`, which Material prints as they
are and which are therefore escaped once, here.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from markupsafe import Markup

from bulle.pages import urls
from bulle.programme.i18n import Translator
from bulle.content.model import Programme


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    kind: str = "website"  # Open Graph type: "article" for a journal entry
    image: str | None = None  # absolute address
    image_alt: str | None = None
    published: dt.date | None = None
    feed: str | None = None  # path of the project's feed, besides the programme's
    feed_title: str | None = None
    lastmod: dt.date | None = None  # date of the latest content shown, for the sitemap

    def as_page_meta(self) -> dict:
        """What the page's metadata holds, as a front matter would give it."""
        head = {"title": self.title, "description": self.description, "type": self.kind}
        for name in ("image", "image_alt", "feed", "feed_title"):
            if getattr(self, name):
                head[name] = getattr(self, name)
        if self.published:
            head["published"] = self.published.isoformat()
        return {"title": html.escape(self.title), "description": html.escape(self.description),
                "head": head}


def city_page_meta(title: str | None, description: str | None) -> dict[str, str]:
    """The title and description of a page written by hand, as Material prints them.

    Its title comes from its front matter (plain text) or its first heading (HTML
    with entities, which Material's `striptags` would unescape into live tags:
    `# &lt;/title&gt;&lt;script&gt;` ran a script). Either way it leaves here as
    text without tags, escaped once, like a generated page's.
    """
    meta = {"title": html.escape(Markup(title).striptags())} if title else {}
    if description:
        meta["description"] = html.escape(Markup(description).striptags())
    return meta


def site_head(programme: Programme) -> dict[str, str]:
    """What every page's head says about the whole site (plain text)."""
    identity = programme.identity
    t = Translator(identity.language)
    return {"site_name": identity.name, "description": identity.description,
            "locale": t("og_locale"), "feed": urls.FEED,
            "feed_title": t("feed.programme_title", name=identity.name)}
