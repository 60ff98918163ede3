"""The built chapter "Forward propagation" (book/forward-propagation.md).

The chapter asserts the course notes' numbers while it executes; these tests
check that the reader sees them.

What every chapter shares (figures, verified identities, exercises,
voice) is checked in test_chapters.py.
"""

import re

import pytest

CHAPTER = "book/forward-propagation.html"

SEED_NUMBERS = [
    "[5 1]",
    "9",
    "-39",
    "[0.9999092  0.76159416]",
    "1.2382242525694254",
    "[3 9]",
    "-3",
    "52",
    "[20, 6, 0, 44]",
    "[52, 63, 0, 148]",
    "[26  0]",
    "[ 0 52]",
    "364",
    "182",
]


@pytest.mark.parametrize("number", SEED_NUMBERS)
def test_chapter_shows_every_seed_number(site, number):
    html = (site / CHAPTER).read_text(encoding="utf-8")
    outputs = " ".join(
        re.findall(r'<div class="cell_output.*?</div>\s*</div>', html, flags=re.S)
    )
    assert number in outputs.replace("&#39;", "'")
