"""The legal pages of a public body's site, and the footer links every page carries."""

from __future__ import annotations

from dataclasses import dataclass

from bulle.pages import urls
from bulle.programme.i18n import Translator
from bulle.content.model import Identity


@dataclass(frozen=True)
class LegalPage:
    url: str
    template: str
    title: str  # label keys
    lead: str


LEGAL_PAGES = (
    LegalPage(urls.LEGAL_NOTICE, "legal_notice.html", "legal.title", "legal.lead"),
    LegalPage(urls.ACCESSIBILITY, "accessibility.html", "a11y.title", "a11y.lead"),
    LegalPage(urls.PERSONAL_DATA, "personal_data.html", "privacy.title", "privacy.lead"),
)


def footer_links(identity: Identity, t: Translator) -> list[tuple[str, str]]:
    """(label, page URL) of the legal links, the accessibility status spelled out."""
    status = t(f"a11y.status.{identity.accessibility.status}")
    return [(t("footer.legal_notice"), urls.LEGAL_NOTICE),
            (t("footer.accessibility", status=status), urls.ACCESSIBILITY),
            (t("footer.personal_data"), urls.PERSONAL_DATA)]
