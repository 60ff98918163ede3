"""The chapter "Regression" (book/regression.md) as built.

The page asserts its numbers (and that its conclusion matches them) while it
executes; these tests check what the reader sees: the three models' scores,
the solution that diverges, and the order of Part III.

What every chapter shares (figures, verified identities, exercises,
voice) is checked in test_chapters.py.
"""

import re

from chapterpage import visible_outputs

CHAPTER = "book/regression.html"


def test_regression_reports_all_three_models_over_ten_splits(site):
    outputs = visible_outputs((site / CHAPTER).read_text(encoding="utf-8"))
    for model in ["nnscratch MLP 10-16-1", "LinearRegression", "MLPRegressor"]:
        assert re.search(
            rf"{model}\s+test R\^2 0\.\d{{3}} \+- 0\.\d{{3}}\s+test MSE\s+\d+\.\d",
            outputs,
        ), model


def test_regression_solution_shows_the_divergence_error(site):
    page = (site / CHAPTER).read_text(encoding="utf-8")
    assert "FloatingPointError: training diverged at epoch" in visible_outputs(page)


def test_part_three_lists_its_chapters_in_order(site):
    nav_page = (site / "book" / "verified-equations.html").read_text(encoding="utf-8")
    part_three = nav_page.split("Part III: networks at work", 1)[1].split(
        "<p aria-level", 1
    )[0]
    links = re.findall(r'<a class="reference internal" href="([^"]+)">', part_three)
    assert links[:3] == ["logistic-regression.html", "iris.html", "regression.html"]
