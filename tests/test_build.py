"""The strict build: what it produces, and that it fails when it should.

The real book is built by `make book` before the tests run (`make test` does
both). The failure modes are proven on throwaway copies of the book.
"""

import re
from html.parser import HTMLParser

import pytest

from bookcopy import make_book_copy, markdown_page, run_make_book

CHAPTER = "book/forward-propagation.html"  # a page with math


class _ResourceLinks(HTMLParser):
    """Collects the URLs that <script>, <link>, <img> and friends load."""

    LOADING = {
        "script": "src",
        "link": "href",
        "img": "src",
        "source": "src",
        "iframe": "src",
    }

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.LOADING and attrs.get(self.LOADING[tag]):
            self.urls.append((tag, attrs[self.LOADING[tag]]))
        if tag == "img" and attrs.get("srcset"):
            self.urls.append((tag, attrs["srcset"]))


def test_every_built_page_loads_nothing_from_outside(site):
    remote = []
    for page in site.rglob("*.html"):
        parser = _ResourceLinks()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, url in parser.urls:
            if re.match(r"^(https?:)?//", url):
                remote.append((page.relative_to(site).as_posix(), tag, url))
    assert remote == []


def test_no_css_loads_remote_fonts_or_images(site):
    remote = []
    for sheet in site.rglob("*.css"):
        for url in re.findall(
            r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)",
            sheet.read_text(encoding="utf-8", errors="replace"),
        ):
            remote.append((sheet.relative_to(site).as_posix(), url))
    assert remote == []


def test_mathjax_is_served_from_the_site(site):
    html = (site / CHAPTER).read_text(encoding="utf-8")
    scripts = re.findall(r'<script[^>]*src="([^"]*mathjax[^"]*)"', html, flags=re.I)
    assert scripts, "the chapter loads no MathJax script"
    for src in scripts:
        assert (site / "book" / src.split("?")[0]).resolve().is_file(), src


def test_no_thebe_and_a_favicon(site):
    html = (site / "book" / "intro.html").read_text(encoding="utf-8")
    assert "thebe" not in html.lower()
    assert re.search(r'<link rel="icon" href="[^"]*favicon', html)


def test_api_reference_documents_the_package(site):
    html = (site / "book" / "api.html").read_text(encoding="utf-8")
    for name in [
        "nnscratch.activations.sigmoid",
        "nnscratch.activations.softmax_grad",
        "nnscratch.layers.dense",
    ]:
        assert f'id="{name}"' in html


@pytest.mark.slow
def test_execution_statistics_list_every_executed_page(site):
    html = (site / "book" / "execution-statistics.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    for page in ["forward-propagation", "training", "making-it-fast"]:
        assert f"book/{page}" in text


# -- the strict build fails where it must (throwaway copies) ---------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "page, complaint",
    [
        (
            markdown_page(
                "A cell that raises", "raise RuntimeError('this cell fails')"
            ),
            "this cell fails",
        ),
        (
            "# A warning\n\n![a missing figure](no-such-figure.png)\n",
            "no-such-figure.png",
        ),
        ("# A broken reference\n\nSee {ref}`no-such-label`.\n", "no-such-label"),
        (
            "# An unproved identity\n\n$$\na + b = b + a\n$$ (id-commutes)\n",
            "identity 'id-commutes' has no check",
        ),
        (
            markdown_page(
                "A check of nothing",
                "from myst_nb import glue\nglue('verified:id-nowhere', 'ok', "
                "display=False)",
            ),
            "check 'verified:id-nowhere' names no equation",
        ),
    ],
    ids=[
        "cell-raises",
        "sphinx-warning",
        "broken-reference",
        "identity-without-check",
        "check-without-identity",
    ],
)
def test_strict_build_fails(tmp_path, page, complaint):
    copy = make_book_copy(tmp_path, ["broken"], {"broken.md": page})
    result = run_make_book(copy)
    assert result.returncode != 0
    assert complaint in result.stdout + result.stderr


@pytest.mark.slow
def test_a_failed_build_keeps_failing(tmp_path):
    # Sphinx would find nothing out of date the second time and pass; make book must
    # not.
    page = "# A broken reference\n\nSee {ref}`no-such-label`.\n"
    copy = make_book_copy(tmp_path, ["broken"], {"broken.md": page})
    for attempt in range(2):
        result = run_make_book(copy)
        assert result.returncode != 0, attempt
        assert "no-such-label" in result.stdout + result.stderr


@pytest.mark.slow
def test_a_cell_tagged_raises_exception_may_raise(tmp_path):
    page = markdown_page(
        "Raising on purpose",
        ":tags: [raises-exception]\nraise ValueError('shown, not fatal')",
    )
    copy = make_book_copy(tmp_path, ["raising"], {"raising.md": page})
    result = run_make_book(copy)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert (
        "shown, not fatal"
        in (copy / "_build" / "html" / "book" / "raising.html").read_text()
    )


@pytest.mark.slow
def test_package_change_reexecutes_pages_and_breaking_relu_fails(tmp_path):
    """No stale outputs: a change in code/ re-executes every page on `make book`."""
    probe = markdown_page(
        "Probe",
        "import numpy as np\nfrom nnscratch.activations import "
        "leaky_relu\nprint('probe says', leaky_relu(np.array([-100.0])))",
    )
    copy = make_book_copy(
        tmp_path, ["forward-propagation", "probe"], {"probe.md": probe}
    )
    probe_html = copy / "_build" / "html" / "book" / "probe.html"
    activations = copy / "code" / "nnscratch" / "activations.py"

    first = run_make_book(copy)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert "probe says [-1.]" in probe_html.read_text()

    # Change what a package function returns; the pages themselves are unchanged.
    source = activations.read_text()
    activations.write_text(
        source.replace(
            "def leaky_relu(x, alpha=0.01):", "def leaky_relu(x, alpha=0.02):"
        )
    )
    second = run_make_book(copy)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    assert "probe says [-2.]" in probe_html.read_text()

    # Break relu: the chapter's hidden checks stop the build.
    broken = source.replace("    return np.maximum(x, 0)\n", "    return x\n", 1)
    assert broken != source, "the core of relu is not where this test breaks it"
    activations.write_text(broken)
    third = run_make_book(copy)
    assert third.returncode != 0
    assert "AssertionError" in third.stdout + third.stderr


@pytest.mark.slow
def test_the_ledger_is_rewritten_when_a_check_says_something_new(tmp_path):
    """Verified equations is made as it is written: rewritten when a record changes,
    left alone when nothing it shows did."""

    def page(record, sentence=""):
        cell = (
            "from myst_nb import glue\n"
            f"glue('verified:id-swap', '{record}', display=False)"
        )
        return (
            markdown_page("Swapping", cell)
            + f"$$\na + b = b + a\n$$ (id-swap)\n\n{sentence}\n"
        )

    copy = make_book_copy(tmp_path, ["swap"], {"swap.md": page("first check")})
    ledger = copy / "_build" / "html" / "book" / "verified-equations.html"
    swap = copy / "book" / "swap.md"
    for step, (text, expected) in enumerate(
        [
            (None, "first check"),
            (page("second check"), "second check"),
            (page("second check", "A sentence more."), "second check"),
        ]
    ):
        if text is not None:
            swap.write_text(text)
        before = ledger.stat().st_mtime_ns if ledger.exists() else None
        result = run_make_book(copy)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        assert expected in ledger.read_text(), step
        if step == 2:  # only the prose changed
            assert ledger.stat().st_mtime_ns == before
