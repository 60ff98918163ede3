"""The chapter "Training deep networks well" (book/training-deep-networks.md)
as built: the test set is reported once.

What every chapter shares (figures, verified identities, exercises,
voice) is checked in test_chapters.py.
"""

import re

from chapterpage import visible_outputs

CHAPTER = "book/training-deep-networks.html"


def page_text(site):
    return (site / CHAPTER).read_text(encoding="utf-8")


def test_the_test_set_is_reported_once(site):
    outputs = visible_outputs(page_text(site))
    assert len(re.findall(r"test accuracy", outputs)) == 1
