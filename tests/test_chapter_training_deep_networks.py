"""The chapter "Training deep networks well" (book/training-deep-networks.md) as built.

The page asserts its results while it executes; these tests check what the
reader sees: the figures, the verified batch-norm backward pass, the test
score reported once, and the exercises.
"""

import re

from chapterpage import (
    count_exercises_and_solutions,
    has_captioned_figure,
    is_verified,
    visible_outputs,
)

CHAPTER = "book/training-deep-networks.html"


def page_text(site):
    return (site / CHAPTER).read_text(encoding="utf-8")


def test_batch_norm_backward_is_numbered_and_verified(site):
    assert is_verified(site, CHAPTER, "id-tdn-bn-backward")


def test_training_deep_networks_figures_have_captions_and_alt_text(site):
    page = page_text(site)
    for name in [
        "fig-tdn-batch-norm",
        "fig-tdn-schedules",
        "fig-tdn-range-test",
        "fig-tdn-search",
        "fig-tdn-optimizers",
    ]:
        assert has_captioned_figure(page, name), name


def test_the_test_set_is_reported_once(site):
    outputs = visible_outputs(page_text(site))
    assert len(re.findall(r"test accuracy", outputs)) == 1


def test_training_deep_networks_has_exercises_with_solutions(site):
    exercises, solutions = count_exercises_and_solutions(page_text(site))
    assert exercises >= 3 and solutions >= 3
