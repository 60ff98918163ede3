"""The built chapter "Deeper networks" (book/deeper-networks.md).

It shows the course notes' numbers in its executed outputs, has
numbered equations, exercises with solutions, its figures, and the identities
it proves in the verified-equations appendix.
"""

import re

import pytest

from chapterpage import figure_problem, is_verified, outputs, page

CHAPTER = "deeper-networks"
SPEC = {
    "seed_numbers": [
        "[26  0]",
        "[ 0 52]",
        "364",
        "182",
        "5.156918698599194",
        "[7.1 7.2 7.3]",
        "[0.99917558 0.99925397 0.99932492]",
        "[1.5 3.4 5.3 1.3 3.1]",
        "[4.59 9.2  4.79 9.4 ]",
        "[0.00443583 0.44573018 0.00541793 0.54441607]",
        "[6.78]",
        "[0.99886501]",
        "[0.41492192 0.42604313 0.5002434 ]",
        "[0.49815196 0.48539772]",
    ],
    "figures": ["fig-deep-354", "fig-deep-representations", "fig-deep-symmetry"],
    "identities": ["id-deep-rows", "id-deep-parameters", "id-deep-symmetry"],
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


@pytest.mark.parametrize("title", ["summing the wrong layer"])
def test_no_common_mistake_is_missing_from_the_chapter(site, title):
    assert f"Common mistake: {title}" in page(site, CHAPTER)
