"""The built Part I chapters (activation functions, deeper networks, perceptrons).

Each chapter shows the course notes' numbers in its executed outputs, has
numbered equations, exercises with solutions, its figures, and the identities
it proves in the verified-equations appendix.
"""

import re

import pytest

CHAPTERS = {
    "activation-functions": {
        "seed_numbers": ["[0.9999092  0.76159416]", "1.2382242525694254", "[3 9]", "-3"],
        "figures": ["fig-act-step", "fig-act-s-shaped", "fig-act-rectifiers", "fig-act-vanishing"],
        "identities": ["id-act-collapse", "id-act-sigmoid-grad", "id-act-tanh-grad", "id-act-relu-grad",
                       "id-act-rectifier-grads", "id-act-chain", "id-act-stable", "id-act-tails"],
    },
    "deeper-networks": {
        "seed_numbers": [
            "[26  0]", "[ 0 52]", "364", "182", "5.156918698599194", "[7.1 7.2 7.3]",
            "[0.99917558 0.99925397 0.99932492]", "[1.5 3.4 5.3 1.3 3.1]", "[4.59 9.2  4.79 9.4 ]",
            "[0.00443583 0.44573018 0.00541793 0.54441607]", "[6.78]", "[0.99886501]",
            "[0.41492192 0.42604313 0.5002434 ]", "[0.49815196 0.48539772]",
        ],
        "figures": ["fig-deep-354", "fig-deep-representations", "fig-deep-symmetry"],
        "identities": ["id-deep-rows", "id-deep-parameters", "id-deep-symmetry"],
    },
    "perceptrons": {
        "seed_numbers": [],
        "figures": ["fig-perc-gates", "fig-perc-xor", "fig-perc-learned-xor", "fig-perc-learning"],
        "identities": ["id-perc-bias", "id-perc-xor-sums", "id-perc-rule-step"],
    },
}


def page(site, name):
    return (site / "book" / f"{name}.html").read_text(encoding="utf-8")


def outputs(html):
    cells = re.findall(r'<div class="cell_output.*?</div>\s*</div>', html, flags=re.S)
    return " ".join(cells).replace("&#39;", "'")


@pytest.mark.parametrize(
    "chapter, number",
    [(chapter, number) for chapter, spec in CHAPTERS.items() for number in spec["seed_numbers"]],
)
def test_chapter_shows_the_seed_number(site, chapter, number):
    assert number in outputs(page(site, chapter))


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_chapter_has_equations_exercises_and_solutions(site, chapter):
    html = page(site, chapter)
    assert len(re.findall(r'class="eqno"', html)) >= 5
    assert len(re.findall(r'class="[^"]*exercise[^"]*"', html)) >= 3
    assert html.count('class="solution') >= 3


@pytest.mark.parametrize(
    "chapter, figure",
    [(chapter, figure) for chapter, spec in CHAPTERS.items() for figure in spec["figures"]],
)
def test_chapter_figure_is_rendered_with_caption_and_alt_text(site, chapter, figure):
    html = page(site, chapter)
    match = re.search(rf'<figure[^>]*id="{figure}".*?</figure>', html, flags=re.S)
    assert match, f"no figure {figure}"
    image = re.search(r"<img[^>]*>", match.group(0))
    assert image, f"figure {figure} has no image"
    source = re.search(r'src="([^"]+\.png)"', image.group(0))
    alt = re.search(r'alt="([^"]{20,})"', image.group(0))
    assert source and alt, f"figure {figure} needs a PNG and alt text"
    assert (site / "book" / source.group(1)).resolve().is_file()
    assert "<figcaption" in match.group(0)


@pytest.mark.parametrize(
    "chapter, label",
    [(chapter, label) for chapter, spec in CHAPTERS.items() for label in spec["identities"]],
)
def test_identity_is_listed_as_verified(site, chapter, label):
    appendix = (site / "book" / "verified-equations.html").read_text(encoding="utf-8")
    assert label in appendix and f"{chapter}.html" in appendix


def test_no_common_mistake_is_missing_from_the_chapters(site):
    mistakes = {
        "activation-functions": ["two conventions for the step at 0",
                                 "the sigmoid’s derivative by the quotient rule"],
        "deeper-networks": ["summing the wrong layer"],
    }
    for chapter, titles in mistakes.items():
        html = page(site, chapter)
        for title in titles:
            assert f"Common mistake: {title}" in html, (chapter, title)
