"""The chapter "Classifying irises" (book/iris.md) as built.

The page asserts its numbers while it executes; these tests check what the
reader sees: the first run's printed lines, the scikit-learn baselines, the
common-mistake box, the citation of He initialisation, a summary that agrees
with the confusion counts, and the executed solutions.

What every chapter shares (figures, verified identities, exercises,
voice) is checked in test_chapters.py.
"""

import re

from chapterpage import visible_outputs

CHAPTER = "book/iris.html"


def test_iris_shows_the_first_runs_printed_lines(site):
    outputs = visible_outputs((site / CHAPTER).read_text(encoding="utf-8"))
    assert re.search(r"Before learning = \d+ / 100", outputs)
    assert len(re.findall(r"^L= \d+\.\d+", outputs, flags=re.M)) == 10
    assert re.search(r"L value of final training data = 0\.\d+", outputs)
    assert re.search(r"After learning = \d+ / 100", outputs)


def test_iris_reports_mean_and_spread_with_both_baselines(site):
    outputs = visible_outputs((site / CHAPTER).read_text(encoding="utf-8"))
    for model in [
        "nnscratch MLP 4-6-3",
        "scikit-learn MLPClassifier",
        "scikit-learn LogisticRegression",
    ]:
        assert re.search(
            rf"{model}\s+test accuracy 0\.\d{{3}} \+- 0\.\d{{3}}", outputs
        ), model


def test_iris_warns_of_the_split_the_wrong_way_round(site):
    page = (site / CHAPTER).read_text(encoding="utf-8")
    assert "Common mistake: a split the wrong way round" in page
    assert "Correction:" not in page


def test_iris_cites_he_for_he_initialisation(site):
    page = (site / CHAPTER).read_text(encoding="utf-8")
    he = re.search(
        r"He initialisation(?:</span></a>)?</em>\s*"
        r'<span class="bibtex-citation"[^>]*>\[<a[^>]*title="([^"]*)"',
        page,
        flags=re.S,
    )
    assert he and he.group(1).startswith("Kaiming He"), (
        "He initialisation is not cited to He et al."
    )


def test_iris_summary_agrees_with_the_confusion_counts(site):
    text = re.sub(r"<[^>]+>", " ", (site / CHAPTER).read_text(encoding="utf-8"))
    text = " ".join(text.split())
    setosa = re.search(r"(\d+) (?:involves|involve) setosa", text)
    assert setosa, "the count of mistakes involving setosa is not shown"
    says_every = "every mistake is between versicolor and virginica" in text
    assert says_every == (setosa.group(1) == "0")


def test_iris_solutions_are_executed(site):
    page = (site / CHAPTER).read_text(encoding="utf-8")
    assert page.count('class="cell_output') >= 10
