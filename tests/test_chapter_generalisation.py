"""The chapter "Generalisation" (book/generalisation.md) as built.

The page asserts its results while it executes; this test checks that the
reader sees the MNIST test accuracy above 98.5%.

What every chapter shares (figures, verified identities, exercises,
voice) is checked in test_chapters.py.
"""

import re

from chapterpage import visible_outputs

CHAPTER = "book/generalisation.html"


def page_text(site):
    return (site / CHAPTER).read_text(encoding="utf-8")


def test_generalisation_shows_the_mnist_test_accuracy_above_98_5(site):
    accuracies = re.findall(
        r"^test accuracy: (0\.\d{4})$", visible_outputs(page_text(site)), flags=re.M
    )
    assert len(accuracies) == 1 and float(accuracies[0]) >= 0.985
