"""The built chapter "Activation functions" (book/activation-functions.md).

It shows the course notes' numbers in its executed outputs and its Common
mistake boxes.

What every chapter shares (figures, verified identities, exercises,
voice) is checked in test_chapters.py.
"""

import pytest

from chapterpage import outputs, page

CHAPTER = "activation-functions"
SEED_NUMBERS = ["[0.9999092  0.76159416]", "1.2382242525694254", "[3 9]", "-3"]


@pytest.mark.parametrize("number", SEED_NUMBERS)
def test_chapter_shows_the_seed_number(site, number):
    assert number in outputs(page(site, CHAPTER))


@pytest.mark.parametrize(
    "title",
    [
        "two conventions for the step at 0",
        "the sigmoid’s derivative by the quotient rule",
    ],
)
def test_no_common_mistake_is_missing_from_the_chapter(site, title):
    assert f"Common mistake: {title}" in page(site, CHAPTER)
