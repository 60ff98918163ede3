"""The built chapter "Activation functions" (book/activation-functions.md).

It shows the course notes' numbers in its executed outputs, has
numbered equations, exercises with solutions, its figures, and the identities
it proves in the verified-equations appendix.
"""

import re

import pytest

from chapterpage import figure_problem, is_verified, outputs, page

CHAPTER = "activation-functions"
SPEC = {
    "seed_numbers": ["[0.9999092  0.76159416]", "1.2382242525694254", "[3 9]", "-3"],
    "figures": [
        "fig-act-step",
        "fig-act-s-shaped",
        "fig-act-rectifiers",
        "fig-act-vanishing",
    ],
    "identities": [
        "id-act-collapse",
        "id-act-sigmoid-grad",
        "id-act-tanh-grad",
        "id-act-relu-grad",
        "id-act-rectifier-grads",
        "id-act-chain",
        "id-act-stable",
        "id-act-tails",
    ],
}


@pytest.mark.parametrize("number", SPEC["seed_numbers"])
def test_chapter_shows_the_seed_number(site, number):
    assert number in outputs(page(site, CHAPTER))


def test_chapter_has_numbered_equations(site):
    html = page(site, CHAPTER)
    assert len(re.findall(r'class="eqno"', html)) >= 5


@pytest.mark.parametrize("figure", SPEC["figures"])
def test_chapter_figure_is_rendered_with_caption_and_alt_text(site, figure):
    assert figure_problem(site, page(site, CHAPTER), figure) is None


@pytest.mark.parametrize("label", SPEC["identities"])
def test_identity_is_listed_as_verified(site, label):
    assert is_verified(site, f"book/{CHAPTER}.html", label)


@pytest.mark.parametrize(
    "title",
    [
        "two conventions for the step at 0",
        "the sigmoid’s derivative by the quotient rule",
    ],
)
def test_no_common_mistake_is_missing_from_the_chapter(site, title):
    assert f"Common mistake: {title}" in page(site, CHAPTER)
