"""The built chapter "Perceptrons and logic gates" (book/perceptrons.md).

It has numbered equations, exercises with solutions, its figures, and the
identities it proves in the verified-equations appendix.
"""

import re

import pytest

from chapterpage import figure_problem, is_verified, page

CHAPTER = "perceptrons"
SPEC = {
    "seed_numbers": [],
    "figures": [
        "fig-perc-gates",
        "fig-perc-xor",
        "fig-perc-learned-xor",
        "fig-perc-learning",
    ],
    "identities": [
        "id-perc-bias",
        "id-perc-xor-sums",
        "id-perc-rule-step",
    ],
}


def test_chapter_has_numbered_equations(site):
    html = page(site, CHAPTER)
    assert len(re.findall(r'class="eqno"', html)) >= 5


@pytest.mark.parametrize("figure", SPEC["figures"])
def test_chapter_figure_is_rendered_with_caption_and_alt_text(site, figure):
    assert figure_problem(site, page(site, CHAPTER), figure) is None


@pytest.mark.parametrize("label", SPEC["identities"])
def test_identity_is_listed_as_verified(site, label):
    assert is_verified(site, f"book/{CHAPTER}.html", label)
