"""The site as a whole: search, the notebook download, reading from a folder,
and proof that the page checks catch what they claim to.

The checks of `sitecheck.py` are run here on broken copies of the built site
(in a temporary folder): without the local MathJax, with a remote script, a
dead link, a wrong equation number, a solution left open, a line too wide for
a phone and a transparent figure. Each must be reported.
"""

import re
from html import unescape

import numpy as np
import pytest

for _package in ["nbformat", "nbclient", "PIL", "yaml", "playwright"]:
    pytest.importorskip(_package, reason="the book's packages (make setup)")
import nbformat  # noqa: E402
from nbclient import NotebookClient
from PIL import Image

from sitecheck import (
    Visit,
    all_problems,
    check_offline_file,
    check_page,
    copy_site,
    is_notebook,
    search,
    serve,
    toc_pages,
)

pytestmark = pytest.mark.slow

PAGES = toc_pages()
NOTEBOOKS = [docname for docname in PAGES[1:] if is_notebook(docname)]  # not the intro

# A term from the text of each page that search must lead to; pages not listed
# here are searched for by their title.
SEARCH_TERMS = {
    "book/intro": "notation",
    "book/forward-propagation": "dot product",
    "book/loss-functions": "cross-entropy",
    "book/backpropagation": "chain rule",
    "book/training": "learning rate",
    "book/starting-weights": "Glorot",
    "book/generalisation": "dropout",
    "book/training-deep-networks": "batch normalisation",
    "book/automatic-differentiation": "topological order",
    "book/api": "leaky_relu",
    "book/bibliography": "symbolic computing",
    "book/convolutional-networks": "im2col",
}


def page_text(site, docname):
    """The text of a built page's article, without tags."""
    html = (site / f"{docname}.html").read_text(encoding="utf-8")
    article = re.search(
        r'<article class="bd-article">(.*?)</article>', html, flags=re.S
    )
    return unescape(re.sub(r"<[^>]+>", " ", article.group(1) if article else html))


def page_title(site, docname):
    """A page's heading, without its section number or the `#` link."""
    html = (site / f"{docname}.html").read_text(encoding="utf-8")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, flags=re.S).group(1)
    text = unescape(re.sub(r"<[^>]+>", "", heading)).replace("#", "")
    return re.sub(r"^\s*[\d.]+\s+", "", text).strip()


# -- search ----------------------------------------------------------------------


@pytest.mark.parametrize("docname", PAGES)
def test_search_finds_each_page(browser, server, site, docname):
    term = SEARCH_TERMS.get(docname) or page_title(site, docname)
    assert term.lower() in " ".join(page_text(site, docname).split()).lower(), (
        f"{term!r} is not on the page"
    )
    results, problems = search(browser, server, term)
    assert problems == []
    assert f"{docname}.html" in results, f"searching {term!r} gives {results}"


def test_search_finds_nothing_for_a_word_not_in_the_book(browser, server):
    results, problems = search(browser, server, "xylophone")
    assert problems == []
    assert results == []


# -- the notebook download ------------------------------------------------------


def _outputs(notebook):
    """What each code cell printed and returned, as text.

    A cell's printing is joined into one string, trailing blank lines
    dropped: the kernel may flush it in several pieces, more so on a busy
    machine, and the book joins them so (book/_ext/streams.py).
    """
    shown = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        printed = "".join(
            o.text
            for o in cell.outputs
            if o.output_type == "stream" and o.name == "stdout"
        ).rstrip()
        returned = [
            o.data.get("text/plain", "")
            for o in cell.outputs
            if o.output_type == "execute_result"
        ]
        if printed or returned:
            shown.append((printed, *returned))
    return shown


@pytest.mark.skipif(not NOTEBOOKS, reason="no notebook page in the book")
def test_downloaded_notebook_is_valid_and_reruns_to_the_same_outputs(
    browser, server, tmp_path
):
    """A reader downloads the first chapter's .ipynb from its page and runs it."""
    docname = NOTEBOOKS[0]
    with Visit(browser, f"{server}/{docname}.html") as visit:
        visit.page.locator(".dropdown-download-buttons > button").click()
        with visit.page.expect_download() as download:
            visit.page.locator(".btn-download-notebook-button").click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        assert visit.problems == []
    assert path.name == docname.split("/")[-1] + ".ipynb"

    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    stored = _outputs(notebook)
    assert len(stored) >= 5, "the downloaded notebook carries no outputs"

    rerun = nbformat.read(path, as_version=4)
    for cell in rerun.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    NotebookClient(
        rerun,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    assert _outputs(rerun) == stored


# -- reading from a folder, no server -------------------------------------------


def test_index_html_opens_the_book_from_a_folder(browser, site):
    root = PAGES[0]
    report = check_offline_file(
        browser, site / "index.html", lands_on=f"**/{root}.html"
    )
    assert report["url"].startswith("file://") and report["url"].endswith(
        f"{root}.html"
    )
    assert all_problems(report) == []


@pytest.fixture(scope="module")
def math_page(site):
    """The first page with math on it."""
    for docname in PAGES:
        if 'class="math' in (site / f"{docname}.html").read_text(encoding="utf-8"):
            return docname
    pytest.skip("no page has math")


def test_mathjax_typesets_from_a_folder(browser, site, math_page):
    with Visit(browser, (site / f"{math_page}.html").as_uri()) as visit:
        report = {"load": visit.problems}
        visit.page.evaluate("MathJax.startup.promise")
        visit.page.evaluate("document.fonts.ready")
        equations = visit.page.locator("mjx-container").count()
        fonts = visit.page.evaluate(
            "[...document.fonts].filter(f => f.family.startsWith('MJX') && f.status "
            "=== 'loaded').length"
        )
    assert all_problems(report) == []
    assert equations >= 1
    assert fonts >= 1, "MathJax's fonts did not load from the folder"


# -- the checks catch what they claim to (broken copies of the site) -----------


def _inject(page_file, before, html):
    """Insert `html` before the first `before` in a copied page (never the original)."""
    text = page_file.read_text(encoding="utf-8")
    assert before in text
    page_file.unlink()  # in case the copy shares the file with the original
    page_file.write_text(text.replace(before, html + before, 1), encoding="utf-8")


def _first_figure_src(html):
    """The `src` of the page's first figure (Sphinx may wrap it in a link)."""
    match = re.search(r'<figure[^>]*>\s*(?:<a [^>]*>\s*)?<img[^>]*src="([^"]+)"', html)
    return match and match.group(1)


def _first_figure(site, docname):
    src = _first_figure_src((site / f"{docname}.html").read_text(encoding="utf-8"))
    return src and (site / docname).parent / src


CHAPTER = NOTEBOOKS[0] if NOTEBOOKS else PAGES[-1]


@pytest.fixture(scope="module")
def broken(browser, site, tmp_path_factory):
    """A copy of the site with its chapter broken in many ways: what the checks say."""
    copy = copy_site(site, tmp_path_factory.mktemp("broken") / "html")
    page = copy / f"{CHAPTER}.html"
    _inject(page, "</head>", '<script src="https://example.com/x.js"></script>\n')
    equation = re.search(r'id="(equation-[^"]+)"', page.read_text(encoding="utf-8"))
    up = "../" * CHAPTER.count("/")
    links = (
        '<p><img src="no-such-image.png" alt="a missing image"> <img '
        f'src="{up}_static/logo.svg"></p>\n'
        '<p><a href="#no-such-anchor">a dead anchor</a> <a href="no-such-page.html">a '
        "dead page</a> "
        + (
            f'<a class="reference internal" href="#{equation.group(1)}">(99.9)</a> '
            if equation
            else ""
        )
        + '<span style="white-space: nowrap">'
        + "an unbreakable line far too wide for a phone " * 3
        + "</span></p>\n"
    )
    figure_src = _first_figure_src(page.read_text(encoding="utf-8"))
    if figure_src:  # the same figure again, squashed to a strip
        links += (
            f'<p><img src="{figure_src}" alt="a squashed figure" '
            'style="width: 300px; height: 20px !important"></p>\n'
        )
    _inject(page, "</article>", links)
    text = page.read_text(encoding="utf-8")
    page.unlink()
    page.write_text(
        text.replace(
            'class="solution dropdown admonition"', 'class="solution admonition"', 1
        )
    )
    figure = _first_figure(copy, CHAPTER)
    if figure:
        pixels = np.asarray(Image.open(figure).convert("RGBA")).copy()
        pixels[..., 3] = np.where(
            pixels[..., :3].min(axis=-1) > 250, 0, 255
        )  # white becomes transparent
        figure.unlink()
        Image.fromarray(pixels).save(figure)
    with serve(copy) as url:
        yield {
            "page": check_page(browser, f"{url}/{CHAPTER}.html"),
            "control": check_page(browser, f"{url}/{PAGES[0]}.html"),
            "figure": figure,
            "equation": equation,
        }


def test_checks_report_nothing_on_an_untouched_page_of_the_copy(broken):
    assert all_problems(broken["control"]) == []


def test_a_remote_script_is_caught(broken):
    assert any(
        "https://example.com/x.js" in problem for problem in broken["page"]["load"]
    )


def test_a_missing_image_and_an_undescribed_figure_are_caught(broken):
    images = broken["page"]["images"]
    assert "image did not load: no-such-image.png" in images
    assert any(
        "neither alt text nor a caption" in problem and "logo.svg" in problem
        for problem in images
    )
    assert any(
        "HTTP 404" in problem and "no-such-image.png" in problem
        for problem in broken["page"]["load"]
    )


def test_a_figure_out_of_proportion_is_caught(broken):
    if broken["figure"] is None:
        pytest.skip(f"{CHAPTER} has no figure")
    for device in ["phone", "desktop"]:
        assert any(
            "shown out of proportion" in problem
            and "shown as 300 x 20" in problem
            and problem.endswith(f"on a {device}")
            for problem in broken["page"]["images"]
        )


def test_dead_links_are_caught(broken):
    links = " ".join(broken["page"]["links"])
    assert "missing anchor: #no-such-anchor" in links
    assert "missing file (HTTP 404): no-such-page.html" in links


def test_an_equation_reference_with_the_wrong_number_is_caught(broken):
    if broken["equation"] is None:
        pytest.skip(f"{CHAPTER} has no numbered equation")
    assert any(
        '"(99.9)" points at equation' in problem for problem in broken["page"]["links"]
    )


def test_a_solution_shown_before_the_click_is_caught(broken):
    assert any(
        "shown before the reader asks" in problem
        for problem in broken["page"]["solutions"]
    )


def test_a_line_too_wide_for_a_phone_is_caught(broken):
    overflow = broken["page"]["overflow"]
    assert any("px wide on a 375 px screen" in problem for problem in overflow)
    assert any("an unbreakable line" in problem for problem in overflow)


def test_a_transparent_figure_is_caught(broken):
    if broken["figure"] is None:
        pytest.skip(f"{CHAPTER} has no figure")
    assert any(
        "transparent background" in problem and broken["figure"].name in problem
        for problem in broken["page"]["figures"]
    )


def test_pulling_the_local_mathjax_is_caught(browser, site, math_page, tmp_path):
    copy = copy_site(site, tmp_path / "html", without=["_static/mathjax"])
    with serve(copy) as url:
        served = check_page(browser, f"{url}/{math_page}.html")
    from_folder = check_offline_file(browser, copy / f"{math_page}.html")
    for report in (served, from_folder):
        assert "the page has math but MathJax did not load" in report["math"]
        assert any("mathjax/tex-chtml.js" in problem for problem in report["load"])


def test_missing_mathjax_fonts_are_caught(browser, site, math_page, tmp_path):
    copy = copy_site(
        site, tmp_path / "html", without=["_static/mathjax/output/chtml/fonts"]
    )
    report = check_offline_file(browser, copy / f"{math_page}.html")
    assert any(
        problem.startswith("font failed to load: MJX") for problem in report["load"]
    )
