"""The chapter "Classifying irises" (book/iris.md) as built.

The page asserts its numbers while it executes; these tests check what the
reader sees: the notes' printed lines, the scikit-learn baselines, the
figures, the correction and the exercises.
"""

import re

import pytest

from chapterpage import has_captioned_figure, visible_outputs

CHAPTER = "book/iris.html"
FIGURES = ["fig-iris-loss", "fig-iris-confusion", "fig-iris-regions"]


def test_iris_shows_the_notes_printed_lines(site):
    outputs = visible_outputs((site / CHAPTER).read_text(encoding="utf-8"))
    assert re.search(r"Before learning = \d+ / 100", outputs)
    assert len(re.findall(r"^L= \d+\.\d+", outputs, flags=re.M)) == 10
    assert re.search(r"L value of final training data = 0\.\d+", outputs)
    assert re.search(r"After learning = \d+ / 100", outputs)


def test_iris_reports_mean_and_spread_with_both_baselines(site):
    outputs = visible_outputs((site / CHAPTER).read_text(encoding="utf-8"))
    for model in ["nnscratch MLP 4-6-3", "scikit-learn MLPClassifier", "scikit-learn LogisticRegression"]:
        assert re.search(rf"{model}\s+test accuracy 0\.\d{{3}} \+- 0\.\d{{3}}", outputs), model


@pytest.mark.parametrize("name", FIGURES)
def test_iris_figures_have_captions_and_alt_text(site, name):
    assert has_captioned_figure((site / CHAPTER).read_text(encoding="utf-8"), name)


def test_iris_corrects_the_notes_split_ratio(site):
    page = (site / CHAPTER).read_text(encoding="utf-8")
    assert "Correction: 50 training and 100 test flowers is a 1:2 split" in page


def test_iris_solutions_are_executed(site):
    page = (site / CHAPTER).read_text(encoding="utf-8")
    assert page.count('class="cell_output') >= 10
