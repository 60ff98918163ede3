"""The chapter "A one-neuron classifier" (book/logistic-regression.md) as built.

The page asserts its numbers while it executes; these tests check what the
reader sees: the identities in the verified-equations appendix, the figures,
the correction of the notes' printed loss, exercises with solutions, and the
chapter's place as the first of Part III.
"""

import re

import pytest

from chapterpage import has_captioned_figure, is_verified

CHAPTER = "book/logistic-regression.html"

IDENTITIES = ["id-logreg-sse-grad", "id-logreg-bce-grad"]
FIGURES = ["fig-logreg-standardize", "fig-logreg-confusion"]


@pytest.mark.parametrize("label", IDENTITIES)
def test_logistic_regression_identities_are_numbered_and_verified(site, label):
    assert is_verified(site, CHAPTER, label)


@pytest.mark.parametrize("name", FIGURES)
def test_logistic_regression_figures_have_captions_and_alt_text(site, name):
    assert has_captioned_figure((site / CHAPTER).read_text(encoding="utf-8"), name)


def test_logistic_regression_corrects_the_notes_printed_loss(site):
    page = (site / CHAPTER).read_text(encoding="utf-8")
    assert "Correction: the printed loss uses only the last record" in page
    assert "WARNING - Loss Increasing" in page
    assert "not available offline" in page


def test_logistic_regression_reports_the_scikit_learn_baseline(site):
    page = (site / CHAPTER).read_text(encoding="utf-8")
    assert re.search(r"scikit-learn\s+: 0\.\d{4}", page)


def test_logistic_regression_opens_part_three(site):
    nav_page = (site / "book" / "verified-equations.html").read_text(encoding="utf-8")
    captions = re.findall(r'<span class="caption-text">(.*?)</span>', nav_page)
    assert captions[:3] == [
        "Part I: networks that compute",
        "Part II: networks that learn",
        "Part III: networks at work",
    ]
    part_three = nav_page.split("Part III: networks at work", 1)[1]
    first_link = re.search(r'<a class="reference internal" href="([^"]+)">(.*?)</a>', part_three)
    assert first_link.group(1) == "logistic-regression.html"
    assert first_link.group(2).endswith("A one-neuron classifier")
