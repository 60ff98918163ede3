"""The built chapter "Gradient descent" shows the course notes' numbers.

The chapter asserts every number while it executes; these tests make sure the
reader sees them in the page's outputs.

What every chapter shares (figures, verified identities, exercises,
voice) is checked in test_chapters.py.
"""

import re

import pytest

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
