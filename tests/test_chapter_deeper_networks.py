"""The built chapter "Deeper networks" (book/deeper-networks.md).

It shows the course notes' numbers in its executed outputs and its Common
mistake box.

What every chapter shares (figures, verified identities, exercises,
voice) is checked in test_chapters.py.
"""

import pytest

from chapterpage import outputs, page

CHAPTER = "deeper-networks"
SEED_NUMBERS = [
    "[26  0]",
    "[ 0 52]",
    "364",
    "182",
    "5.156918698599194",
    "[7.1 7.2 7.3]",
    "[0.99917558 0.99925397 0.99932492]",
    "[1.5 3.4 5.3 1.3 3.1]",
    "[4.59 9.2  4.79 9.4 ]",
    "[0.00443583 0.44573018 0.00541793 0.54441607]",
    "[6.78]",
    "[0.99886501]",
    "[0.41492192 0.42604313 0.5002434 ]",
    "[0.49815196 0.48539772]",
]


@pytest.mark.parametrize("number", SEED_NUMBERS)
def test_chapter_shows_the_seed_number(site, number):
    assert number in outputs(page(site, CHAPTER))


@pytest.mark.parametrize("title", ["summing the wrong layer"])
def test_no_common_mistake_is_missing_from_the_chapter(site, title):
    assert f"Common mistake: {title}" in page(site, CHAPTER)
