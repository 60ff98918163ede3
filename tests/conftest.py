"""Fixtures shared by the tests of the built site and the build itself."""

from pathlib import Path

import pytest

from sitecheck import launch_browser, serve

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def site():
    """The site `make book` built (`make test` builds it before running pytest)."""
    if not (SITE / "index.html").is_file():
        pytest.fail(f"no built site at {SITE}: run `make test`, which builds it first")
    return SITE


@pytest.fixture(scope="session")
def server(site):
    """The built site served on 127.0.0.1 at a free port; yields its base URL."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright, shared by every browser test."""
    with launch_browser() as browser:
        yield browser
