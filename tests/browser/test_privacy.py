"""What the browser asks for stays between the visitor and the site: no other host, no cookie."""

from __future__ import annotations

from .site_pages import PAGES

OTHER_HOST = "http://127.0.0.2:9/pixel.gif"  # loopback too, but not the site's origin


def test_the_request_log_catches_a_request_to_another_host(desktop):
    desktop.open("")
    with desktop.page.expect_event(
            "requestfailed", lambda request: request.url == OTHER_HOST):
        desktop.page.evaluate("url => { const i = new Image(); i.src = url; }", OTHER_HOST)
    assert desktop.foreign_requests() == [OTHER_HOST]
    desktop.reset()  # the check at the end of the test would fail, rightly


def test_no_cookie_and_no_other_host_on_any_page(desktop, server):
    for path in PAGES.values():
        desktop.open(path)
    assert desktop.foreign_requests() == []
    assert desktop.context.cookies() == []
    served = set(server.served)
    assert any(path.startswith("/assets/javascripts/") for path in served)
    assert "/assets/bulle/bulle.css" in served and "/assets/bulle/bulle.js" in served
