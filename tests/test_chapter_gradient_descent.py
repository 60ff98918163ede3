"""The built chapter "Gradient descent" shows the course notes' numbers and its checks.

The chapter asserts every number while it executes; these tests make sure the
reader sees them in the page's outputs, and that each identity it states was
verified.
"""

import re

import pytest

from chapterpage import is_verified

CHAPTER = "book/gradient-descent.html"

SEED_NUMBERS = ["[14 28 42]", "7", "5.04", "[-0.0039638  -0.01189141]"]


def cell_outputs(site):
    html = (site / CHAPTER).read_text(encoding="utf-8")
    return " ".join(
        re.findall(r'<div class="cell_output.*?</div>\s*</div>', html, flags=re.S)
    )


@pytest.mark.parametrize("number", SEED_NUMBERS)
def test_gradient_descent_chapter_shows_seed_number(site, number):
    assert number in cell_outputs(site)


def test_gradient_descent_chapter_has_equations_and_figures(site):
    html = (site / CHAPTER).read_text(encoding="utf-8")
    assert len(re.findall(r'class="eqno"', html)) >= 10
    assert len(re.findall(r'<figure[^>]*id="fig-gd-', html)) == 2


def test_every_gradient_descent_identity_is_in_the_verified_table(site):
    for label in [
        "id-gd-squared-error-grad",
        "id-gd-error-contraction",
        "id-gd-sigmoid-unit-grad",
        "id-gd-mse-batch-grad",
        "id-gd-minibatch-mean",
    ]:
        assert is_verified(site, CHAPTER, label), label
