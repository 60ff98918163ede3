"""The built chapter in a real browser: Debian's chromium driven by Playwright.

Every request that leaves 127.0.0.1 is blocked and counted as a failure, so a
page that needs the network to render its math fails here.
"""

from urllib.parse import urlparse

import pytest

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser, url):
    """Load `url`; return the page and lists of off-site requests and console errors."""
    page = browser.new_page()
    offsite, errors = [], []

    def route(request_route):
        host = urlparse(request_route.request.url).hostname
        if request_route.request.url.startswith("data:") or host == "127.0.0.1":
            request_route.continue_()
        else:
            offsite.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    page.goto(url, wait_until="load")
    return page, offsite, errors


def wait_for_mathjax(page):
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=20000)
    page.evaluate("() => MathJax.startup.promise")


def test_chapter_typesets_its_math_offline(browser, server):
    page, offsite, errors = open_page(browser, f"{server}/book/forward-propagation.html")
    wait_for_mathjax(page)
    typeset = page.locator("mjx-container").count()
    display_equations = page.locator("mjx-container[display='true']").count()
    math_errors = page.locator("mjx-merror").count()
    assert offsite == []
    assert errors == []
    assert typeset > 10 and display_equations >= 5
    assert math_errors == 0
    page.close()
