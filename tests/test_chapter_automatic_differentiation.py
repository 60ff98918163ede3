"""The chapter "Automatic differentiation" (book/automatic-differentiation.md) as built.

The page checks its numbers while it executes; these tests check what the
reader sees: the gradients printed in the visible cells, the package code
listed, and the chapter's place in the table of contents.

What every chapter shares (figures, verified identities, exercises,
voice) is checked in test_chapters.py.
"""

import re
from pathlib import Path

import pytest
import yaml

from chapterpage import visible_outputs

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = "book/automatic-differentiation.html"

SHOWN = [
    # the sigmoid unit: the gradient the chain rule gives by hand
    "[0.00792761 0.02378282]",
    # the same unit with an L2 penalty: Tensor and SymPy agree
    "[-0.07207239  0.07378282]",
    "[-0.07207239384198624, 0.0737828184740413]",
    # accumulation: twice 2w, then once after zero_grad
    "[ 4. -8.]\n[ 2. -4.]",
    # the two-layer network against MLP.gradients
    "loss: 1.231568525761 (by hand 1.231568525761)",
    "W1: relative error",
    "b2: relative error",
]


@pytest.fixture(scope="module")
def page(site):
    return (site / CHAPTER).read_text(encoding="utf-8")


@pytest.mark.parametrize("text", SHOWN)
def test_the_page_shows_the_gradients(page, text):
    assert text in visible_outputs(page)


def test_every_network_gradient_agrees_to_rounding(page):
    errors = re.findall(
        r"\b(?:W1|b1|W2|b2): relative error (\S+)", visible_outputs(page)
    )
    assert len(errors) == 4
    assert all(float(e) < 1e-13 for e in errors)


def test_the_package_code_is_listed(page):
    for name in ["backward", "_unbroadcast", "_topological_order"]:
        assert name in page
    assert page.count("package-listing") >= 5


def test_the_chapter_comes_after_part_three_and_before_making_it_fast():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [entry["file"] for part in toc["parts"] for entry in part["chapters"]]
    assert files.index("book/digits") < files.index("book/automatic-differentiation")
    assert files.index("book/automatic-differentiation") < files.index(
        "book/making-it-fast"
    )
