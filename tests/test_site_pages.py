"""Every page of `_toc.yml` in a real browser, as a reader meets it.

Each page is opened once from the server, first at phone width (375 px),
then widened to desktop width (1280 px), and once from the file system with
no server; the tests below read what those visits found (see `sitecheck.py`).
Requests that leave 127.0.0.1 are blocked and reported. Screenshots of every
page at both widths go to `_build/screenshots/`. New chapters are tested as
soon as `_toc.yml` lists them.
"""

import json
import re

import pytest

for _package in ["nbformat", "PIL", "yaml", "playwright"]:
    pytest.importorskip(_package, reason="the book's packages (make setup)")
import nbformat  # noqa: E402
from PIL import Image

from sitecheck import (
    ROOT,
    check_offline_file,
    check_page,
    is_notebook,
    screenshot_path,
    source_file,
    toc_pages,
)

pytestmark = pytest.mark.slow

PAGES = toc_pages()
SCREENSHOTS = ROOT / "_build" / "screenshots"


def _remembered(check):
    cache = {}

    def report(docname):
        if docname not in cache:
            cache[docname] = check(docname)
        return cache[docname]

    return report


@pytest.fixture(scope="module")
def reader(browser, server):
    """What a reader finds on a page on a phone and on a desktop (opened once)."""
    return _remembered(
        lambda docname: check_page(
            browser,
            f"{server}/{docname}.html",
            screenshots={
                device: screenshot_path(SCREENSHOTS, docname, device)
                for device in ("phone", "desktop")
            },
        )
    )


def source_has_math(docname):
    """Whether the page's source writes math ($...$, $$...$$, {math}) outside code."""
    text = source_file(docname).read_text(encoding="utf-8")
    text = re.sub(
        r"^(```|~~~).*?^\1", "", text, flags=re.S | re.M
    )  # code cells and blocks
    text = re.sub(
        r"`[^`\n]*`", "", text
    )  # inline code; a role's name ({math}, {eq}) stays
    return bool(re.search(r"\$[^$\n]+\$|\$\$|\{math\}|\{eq\}", text))


def test_the_toc_lists_the_pages_that_exist():
    assert PAGES[0] == "book/intro"
    assert "book/forward-propagation" in PAGES
    for docname in PAGES:
        assert source_file(docname).is_file()


@pytest.mark.parametrize("docname", PAGES)
def test_page_loads_with_no_error_and_nothing_from_elsewhere(reader, docname):
    assert reader(docname)["load"] == []


@pytest.mark.parametrize("docname", PAGES)
def test_math_is_typeset_without_errors(reader, docname):
    report = reader(docname)
    assert report["math"] == []
    if source_has_math(docname):
        assert report["equations"] >= 1, (
            "the source has math but the page shows no typeset equation"
        )


@pytest.mark.parametrize("docname", PAGES)
def test_images_load_and_figures_are_described(reader, docname):
    assert reader(docname)["images"] == []


@pytest.mark.parametrize("docname", PAGES)
def test_links_resolve_and_references_land_on_their_targets(reader, docname):
    assert reader(docname)["links"] == []
    assert reader(docname)["references"] == []


@pytest.mark.parametrize("docname", PAGES)
def test_solutions_are_hidden_until_clicked(reader, docname):
    assert reader(docname)["solutions"] == []


@pytest.mark.parametrize("docname", PAGES)
def test_figures_stay_readable_in_light_and_dark_mode(reader, docname):
    assert reader(docname)["figures"] == []


@pytest.mark.parametrize("docname", PAGES)
def test_nothing_widens_the_page_on_a_phone(reader, docname):
    assert reader(docname)["overflow"] == []


@pytest.mark.parametrize("docname", PAGES)
def test_screenshots_at_desktop_and_phone_width(reader, docname):
    reader(docname)
    for device, width in [("desktop", 1280), ("phone", 375)]:
        with Image.open(screenshot_path(SCREENSHOTS, docname, device)) as shot:
            assert shot.width == width
            assert shot.height >= 400


@pytest.mark.parametrize("docname", PAGES)
def test_page_works_from_a_file_url(browser, site, docname):
    report = check_offline_file(browser, site / f"{docname}.html")
    assert report["load"] == []
    assert report["math"] == []


@pytest.mark.parametrize("docname", PAGES)
def test_page_offers_its_source_and_executed_notebook(site, docname):
    html = (site / f"{docname}.html").read_text(encoding="utf-8")
    downloads = {
        kind: href
        for href, kind in re.findall(
            r'<a href="([^"]+)"[^>]*?class="btn btn-sm btn-download-(\w+)-button', html
        )
    }
    page_dir = (site / docname).parent
    assert "source" in downloads, "no download of the page's source"
    assert (page_dir / downloads["source"]).read_bytes() == source_file(
        docname
    ).read_bytes()
    if not is_notebook(docname):
        assert "notebook" not in downloads
        return
    assert "notebook" in downloads, "no download of the executed notebook"
    notebook = nbformat.reads(
        (page_dir / downloads["notebook"]).read_text(encoding="utf-8"), as_version=4
    )
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(cell.execution_count for cell in code), (
        "the notebook is not executed"
    )
    assert any(cell.outputs for cell in code), "the notebook has no outputs"
    json.dumps(notebook)  # plain JSON all the way down
