"""The chapter "A one-neuron classifier" (book/logistic-regression.md) as built.

The page asserts its numbers while it executes; these tests check what the
reader sees: the common mistake of a loss printed from one record, counts
that agree with their nouns, the scikit-learn baseline, and the chapter's
place as the first of Part III.

What every chapter shares (figures, verified identities, exercises,
voice) is checked in test_chapters.py.
"""

import re

CHAPTER = "book/logistic-regression.html"


def test_logistic_regression_warns_of_the_loss_from_one_record(site):
    page = (site / CHAPTER).read_text(encoding="utf-8")
    assert "Common mistake: a loss computed from the loop variable" in page
    assert "WARNING - Loss Increasing" in page
    appendix = (site / "book" / "seed-map.html").read_text(encoding="utf-8")
    assert "not available offline" in appendix


def test_logistic_regression_counts_agree_with_their_nouns(site):
    text = " ".join(
        re.sub(r"<[^>]+>", " ", (site / CHAPTER).read_text(encoding="utf-8")).split()
    )
    for number, verb in re.findall(
        r"\b(\d+) (?:benign )?tumours? (was|were) called", text
    ) + re.findall(r"\b(\d+) (was|were) called benign", text):
        assert (verb == "was") == (number == "1"), f"{number} ... {verb}"


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
    first_link = re.search(
        r'<a class="reference internal" href="([^"]+)">(.*?)</a>', part_three
    )
    assert first_link.group(1) == "logistic-regression.html"
    assert first_link.group(2).endswith("A one-neuron classifier")
