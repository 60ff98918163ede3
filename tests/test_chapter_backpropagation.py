"""The built chapter "The chain rule and backpropagation" shows what it promises.

The chapter's own hidden cells assert the numbers; these tests check that the
reader sees them in the page's outputs.

What every chapter shares (figures, verified identities, exercises,
voice) is checked in test_chapters.py.
"""

import re

import pytest

CHAPTER = "book/backpropagation.html"

# Seed 004 (the worked backpropagation step) and its single-unit step, as NumPy
# prints them.
SEED_NUMBERS = [
    "[-0.0039638  -0.01189141]",
    "[0.00804047 0.00555918]",
    "[[ 1.77005547e-04 -5.11178506e-04]",
    " [ 3.54011093e-05 -1.02235701e-04]",
    " [-7.08022187e-05  2.04471402e-04]]",
]


def cell_outputs(html):
    return " ".join(
        re.findall(r'<div class="cell_output.*?</div>\s*</div>', html, flags=re.S)
    )


@pytest.mark.parametrize("number", SEED_NUMBERS)
def test_chapter_shows_the_seed_004_numbers(site, number):
    html = (site / CHAPTER).read_text(encoding="utf-8")
    assert number in cell_outputs(html)


def test_chapter_shows_the_notes_backward_failing_on_a_1d_input(site):
    html = (site / CHAPTER).read_text(encoding="utf-8")
    assert "ValueError" in html and "shapes (5,) and (4,) not aligned" in html


def test_chapter_includes_the_package_gradients(site):
    html = (site / CHAPTER).read_text(encoding="utf-8")
    assert (
        "Backward pass, last layer first" in html
    )  # the literalinclude of MLP._backpropagate
