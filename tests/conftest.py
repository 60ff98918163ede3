"""Fixtures shared by the tests of the built site and the build itself.

A test that asks for `site`, `server` or `browser` is marked `site`
(it needs `make book` first, and chromium for the last two), so that
`make fast` can leave it out. The browser machinery is imported only when a
test asks for it: the package's unit tests need neither PyYAML nor Playwright.
"""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
SITE_FIXTURES = {"site", "server", "browser"}


def pytest_collection_modifyitems(items):
    for item in items:
        if SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.site)


@pytest.fixture(scope="session")
def site():
    """The site `make book` built (`make test` builds it before running pytest)."""
    if not (SITE / "index.html").is_file():
        pytest.fail(f"no built site at {SITE}: run `make test`, which builds it first")
    return SITE


@pytest.fixture(scope="session")
def server(site):
    """The built site served on 127.0.0.1 at a free port; yields its base URL."""
    from sitecheck import serve

    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright, shared by every browser test."""
    from sitecheck import launch_browser

    with launch_browser() as browser:
        yield browser
