"""The built seed-map appendix: every exercise of the source notes, each with a
working link.

The list below is kept by hand from the five files of `../shared/seeds/`: one pair
(source file, the notes' heading or label) per exercise, worked example, code listing
or question. The page's tables must hold exactly these rows, and every link on the
page must land on an element that exists.
"""

import functools
import html
import re
from html.parser import HTMLParser
from pathlib import PurePosixPath

import pytest

PAGE = "book/seed-map.html"

SEED_EXERCISES = [
    # 000: blog notes on the DataCamp course
    ("000", "1. Coding the forward propagation algorithm"),
    ("000", "2. Activation functions"),
    ("000", "3. The Rectified Linear Activation Function"),
    ("000", "4. Applying the network to many observations/rows of data"),
    ("000", "5. Multi-layer neural networks"),
    ("000", "6. Coding how weight changes affect accuracy"),
    ("000", "7. Scaling up to multiple data points"),
    ("000", "Gradient descent"),
    ("000", "Calculating slopes"),
    ("000", "Improving model weights"),
    ("000", "Making multiple updates to weights"),
    # 001: the same course, condensed
    ("001", "Forward propagation"),
    ("001", "Activation functions"),
    ("001", "The rectified linear activation function (ReLU)"),
    ("001", "Applying the network to many observations/rows of data"),
    ("001", "Multi-layer neural networks"),
    ("001", "How weight changes affect accuracy"),
    ("001", "Scaling up to multiple data points"),
    ("001", "Gradient descent"),
    ("001", "Gradient descent_01 Calculating slopes"),
    ("001", "Gradient descent_02 Improving model weights"),
    ("001", "Gradient descent_03 Making multiple updates to weights"),
    # 002: notebook of the course with other weights
    ("002", "Coding the forward propagation algorithm"),
    ("002", "The Rectified Linear Activation Function"),
    ("002", "Applying the network to many observations/rows of data"),
    ("002", "Deeper networks"),
    ("002", "Multi-layer neural networks"),
    # 003: lecture summary, its code listings ...
    ("003", "Section2 step_function"),
    ("003", "Section2 sigmoid"),
    ("003", "Section2 relu"),
    ("003", "Section3 3-1 Error function"),
    ("003", "Section3 3-2 cross_entropy_error"),
    ("003", "Section4 Gradient descent method"),
    ("003", "Section5 backward"),
    # ... its confirmation tests ...
    ("003", "[P10] What deep learning tries to do"),
    ("003", "[P12] Put the network on paper"),
    ("003", "[P19] Animal classification in the diagram"),
    ("003", "[P21] u = Wx + b in Python"),
    ("003", "[P23] The code of the middle layer"),
    ("003", "[P26] Linear and non-linear"),
    ("003", "[P34] Single layer, multiple nodes"),
    ("003", "[P34] Square error"),
    ("003", "[P51] Softmax function"),
    ("003", "[P53] Cross entropy"),
    ("003", "[P56] Code of the gradient descent"),
    ("003", "[P65] Online learning"),
    ("003", "[P69] Mini-batch gradient descent"),
    ("003", "[P78] Reuse in backpropagation"),
    ("003", "[P83] The two blanks of the chain rule"),
    # ... and its Jupyter exercises
    ("003", "DN06 Jupyter exercise: single layer, single unit"),
    ("003", "DN06 Jupyter exercise: single layer, multiple units"),
    ("003", "DN06 Jupyter exercise: multi-class classification 3-5-4"),
    ("003", "DN06 Jupyter exercise: regression 3-5-4"),
    ("003", "DN06 Jupyter exercise: binary classification 5-10-1"),
    ("003", "DN15 Jupyter Exercise 2"),
    ("003", "DN16 Completion assignment"),
    ("003", "DN16 Q1 Purpose of the assignment"),
    ("003", "DN16 Q2 Why a classification task"),
    ("003", "DN16 Q3 What is the iris data"),
    # 004: week-2 notes
    ("004", "矩阵乘法 (matrix product)"),
    ("004", "矩阵转置 (matrix transpose)"),
    ("004", "Logistic Regression (逻辑回归)"),
    ("004", "神经网络图示 (a neural network drawn)"),
    ("004", "Perceptron (感知器)"),
    ("004", "单位阶跃函数 (Heaviside step function)"),
    ("004", "偏置项 (bias)"),
    ("004", "AND感知器 (AND perceptron)"),
    ("004", "OR感知器 (OR perceptron)"),
    ("004", "XOR感知器 (XOR perceptron)"),
    ("004", "sigmoid(对数几率)激活函数 (sigmoid activation)"),
    ("004", "梯度下降 (gradient descent)"),
    ("004", "梯度下降-数学 (gradient descent: the maths)"),
    ("004", "高数求导 - 链式法则 (the chain rule)"),
    ("004", "梯度下降-代码 (gradient descent: code)"),
    ("004", "实现梯度下降 (implementing gradient descent)"),
    ("004", "多层感知器 (multilayer perceptron)"),
    ("004", "反向传播 (backpropagation): 具体例子 (worked example)"),
    ("004", "Implementing BackPropagation"),
]

# The exercises the book has no section for: the page must say so, for these only.
NOT_COVERED = set()

SOURCES = ["000", "001", "002", "003", "004"]


class _Page(HTMLParser):
    """Collects the rows of every table (cell text and cell links) and every id and
    link."""

    def __init__(self):
        super().__init__()
        self.rows, self.ids, self.links = [], set(), []
        self._row = self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = {"tag": tag, "text": "", "links": []}
        elif tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
            if self._cell is not None:
                self._cell["links"].append(attrs["href"])

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._cell["text"] = " ".join(html.unescape(self._cell["text"]).split())
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._row and all(cell["tag"] == "td" for cell in self._row):
                self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data


@functools.lru_cache(maxsize=None)
def _parse(path):
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def page(site):
    return _parse(site / PAGE)


@pytest.fixture(scope="module")
def rows(page):
    """The table rows as (source, heading, what, where-cell, correction-cell)."""
    assert page.rows, "the seed map has no table rows"
    assert all(len(row) == 5 for row in page.rows), "every row has five columns"
    return page.rows


def _internal(href):
    return not re.match(r"[a-z]+:", href) and not href.startswith("#")


def _resolve(site, href):
    """(file, anchor) of an internal link, relative to the seed-map page."""
    target, _, anchor = href.partition("#")
    path = PurePosixPath(PAGE).parent / target
    parts = []
    for part in path.parts:
        if part == "..":
            parts.pop()
        else:
            parts.append(part)
    return site.joinpath(*parts), anchor


def test_hand_list_has_no_duplicates():
    assert len(set(SEED_EXERCISES)) == len(SEED_EXERCISES)
    assert NOT_COVERED <= set(SEED_EXERCISES)


def test_every_exercise_of_the_notes_has_exactly_one_row(rows):
    on_page = [(row[0]["text"], row[1]["text"]) for row in rows]
    missing = [pair for pair in SEED_EXERCISES if pair not in on_page]
    extra = [pair for pair in on_page if pair not in SEED_EXERCISES]
    assert not missing, f"exercises of the notes missing from the seed map: {missing}"
    assert not extra, f"rows of the seed map not in the hand-kept list: {extra}"
    assert len(on_page) == len(set(on_page)), "a row appears twice"
    assert len(rows) >= len(SEED_EXERCISES)


def test_every_source_file_appears(rows):
    sources = {row[0]["text"] for row in rows}
    assert sources == set(SOURCES)


def test_every_row_links_to_a_section_that_exists(site, rows):
    for row in rows:
        where = [href for href in row[3]["links"] if _internal(href)]
        assert where, (
            f"no link to the book in the row {row[0]['text']} {row[1]['text']}"
        )
        for href in where + [href for href in row[4]["links"] if _internal(href)]:
            target, anchor = _resolve(site, href)
            assert target.is_file(), f"{href}: no page {target}"
            assert anchor, f"{href}: links to a page, not a section"
            assert anchor in _parse(target).ids, (
                f"{href}: no element with id {anchor!r}"
            )


def test_every_link_on_the_page_resolves(site, page):
    for href in filter(_internal, page.links):
        target, anchor = _resolve(site, href)
        assert target.is_file(), f"{href}: no page {target}"
        if anchor:
            assert anchor in _parse(target).ids, (
                f"{href}: no element with id {anchor!r}"
            )


def test_only_the_uncovered_exercises_say_not_covered(rows):
    said = {
        (row[0]["text"], row[1]["text"])
        for row in rows
        if "not covered" in row[3]["text"]
    }
    assert said == NOT_COVERED
