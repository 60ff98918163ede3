"""The chapter "Generalisation" (book/generalisation.md) as built.

The page asserts its results while it executes; these tests check what the
reader sees: the MNIST test accuracy above 98.5%, the figures, the verified
identities and the exercises.
"""

import re

from chapterpage import (
    count_exercises_and_solutions,
    has_captioned_figure,
    is_verified,
    visible_outputs,
)

CHAPTER = "book/generalisation.html"


def page_text(site):
    return (site / CHAPTER).read_text(encoding="utf-8")


def test_generalisation_shows_the_mnist_test_accuracy_above_98_5(site):
    accuracies = re.findall(
        r"^test accuracy: (0\.\d{4})$", visible_outputs(page_text(site)), flags=re.M
    )
    assert len(accuracies) == 1 and float(accuracies[0]) >= 0.985


def test_generalisation_identities_are_numbered_and_verified(site):
    for label in [
        "id-gen-decay-grad",
        "id-gen-shrink",
        "id-gen-dropout-mean",
        "id-gen-dropout-backward",
    ]:
        assert is_verified(site, CHAPTER, label), label


def test_generalisation_figures_have_captions_and_alt_text(site):
    page = page_text(site)
    for name in [
        "fig-gen-overfitting",
        "fig-gen-learning-curve",
        "fig-gen-remedies",
        "fig-gen-shifts",
    ]:
        assert has_captioned_figure(page, name), name


def test_generalisation_has_exercises_with_solutions(site):
    exercises, solutions = count_exercises_and_solutions(page_text(site))
    assert exercises >= 3 and solutions >= 3
