"""The glossary and the index, as built.

The glossary defines the book's terms, each with a link to the section that
introduces it; in every chapter the first use of a term links to it
(book/_ext/terms.py); the index lists the terms, the package's functions and
the book's named results, and is in the table of contents.
"""

import html
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
from terms import SKIPPED, glossary_terms, term_pattern  # noqa: E402

pytestmark = pytest.mark.slow

TERMS = glossary_terms(ROOT / "book" / "glossary.md")
# Where a word stops being running text.
SKIPPED_TAGS = {
    "pre",
    "code",
    "script",
    "style",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figure",
    "figcaption",
    "table",
    "dt",
    "mjx-container",
    "nav",
    "header",
    "footer",
    "button",
}


def chapters():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    docs = [entry["file"] for part in toc["parts"] for entry in part["chapters"]]
    return [doc for doc in docs if doc.startswith("book/") and doc not in SKIPPED]


class FirstUses(HTMLParser):
    """Records, for each term, whether its first use in the article's running text
    is a glossary link."""

    def __init__(self):
        super().__init__()
        self.stack, self.first, self.in_article = [], {}, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self.in_article = True
        classes = attrs.get("class") or ""
        if tag in {"br", "img", "hr", "input", "meta", "link", "wbr"}:
            return
        self.stack.append((tag, classes, attrs.get("href") or ""))

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article = False
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def _skipped(self):
        skipped_classes = {
            "math",
            "cell",
            "headerlink",
            "admonition-title",
            "caption-number",
        }
        return any(
            tag in SKIPPED_TAGS or skipped_classes & set(classes.split())
            for tag, classes, _ in self.stack
        )

    def _linked(self):
        return any(
            tag == "a" and "glossary.html#term-" in href for tag, _, href in self.stack
        )

    def _in_other_link(self):
        return any(
            tag == "a" and "glossary.html#term-" not in href
            for tag, _, href in self.stack
        )

    def handle_data(self, data):
        if (
            not self.in_article
            or self._skipped()
            or self._in_other_link()
            or not any(tag == "p" for tag, _, _ in self.stack)
        ):
            return
        for term in TERMS:
            if term not in self.first and term_pattern(term).search(data):
                self.first[term] = self._linked()


def test_the_glossary_defines_at_least_60_terms_each_with_its_section(site):
    page = (site / "book" / "glossary.html").read_text(encoding="utf-8")
    entries = re.findall(
        r'<dt id="term-[^"]*">(.*?)</dt>\s*<dd>(.*?)</dd>', page, flags=re.S
    )
    assert len(entries) >= 60 and len(entries) == len(TERMS)
    without_link = [
        html.unescape(re.sub(r"<[^>]+>", "", term))
        for term, definition in entries
        if not re.search(
            r'<a class="reference internal" href="[^"#]+\.html#?[^"]*"', definition
        )
    ]
    assert not without_link


@pytest.mark.parametrize("chapter", chapters())
def test_the_first_use_of_every_term_links_to_the_glossary(site, chapter):
    parser = FirstUses()
    parser.feed((site / f"{chapter}.html").read_text(encoding="utf-8"))
    unlinked = sorted(term for term, linked in parser.first.items() if not linked)
    assert not unlinked


def index_entries(site):
    page = (site / "genindex.html").read_text(encoding="utf-8")
    body = page.split('<h1 id="index">', 1)[-1]
    return [
        html.unescape(entry).strip()
        for entry in re.findall(r"<li>(?:<a [^>]*>)?(?:<strong>)?([^<]+)", body)
    ]


def test_the_index_has_at_least_200_entries_and_is_in_the_toc(site):
    assert len(index_entries(site)) >= 200
    intro = (site / "book" / "intro.html").read_text(encoding="utf-8")
    assert re.search(
        r'<a class="reference internal" href="../genindex.html">\s*Index', intro
    )


@pytest.mark.parametrize(
    "entry", ["softmax", "epoch", "glorot", "dense()", "fit()", "backpropagation"]
)
def test_the_index_lists(site, entry):
    entries = " ".join(index_entries(site)).lower()
    assert entry in entries
