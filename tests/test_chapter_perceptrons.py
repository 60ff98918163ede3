"""The built chapter "Perceptrons and logic gates" (book/perceptrons.md).

It has numbered equations, exercises with solutions, its figures, and the
identities it proves in the verified-equations appendix.
"""

import re

import pytest

from chapterpage import is_verified

CHAPTER = "perceptrons"
SPEC = {
    "seed_numbers": [],
    "figures": [
        "fig-perc-gates",
        "fig-perc-xor",
        "fig-perc-learned-xor",
        "fig-perc-learning",
        "fig-perc-logistic",
    ],
    "identities": [
        "id-perc-bias",
        "id-perc-xor-sums",
        "id-perc-rule-step",
        "id-perc-log-odds",
    ],
}


def page(site, name):
    return (site / "book" / f"{name}.html").read_text(encoding="utf-8")


def outputs(html):
    cells = re.findall(r'<div class="cell_output.*?</div>\s*</div>', html, flags=re.S)
    return " ".join(cells).replace("&#39;", "'")


def test_chapter_has_numbered_equations(site):
    html = page(site, CHAPTER)
    assert len(re.findall(r'class="eqno"', html)) >= 5


@pytest.mark.parametrize("figure", SPEC["figures"])
def test_chapter_figure_is_rendered_with_caption_and_alt_text(site, figure):
    html = page(site, CHAPTER)
    match = re.search(rf'<figure[^>]*id="{figure}".*?</figure>', html, flags=re.S)
    assert match, f"no figure {figure}"
    image = re.search(r"<img[^>]*>", match.group(0))
    assert image, f"figure {figure} has no image"
    source = re.search(r'src="([^"]+\.png)"', image.group(0))
    alt = re.search(r'alt="([^"]{20,})"', image.group(0))
    assert source and alt, f"figure {figure} needs a PNG and alt text"
    assert (site / "book" / source.group(1)).resolve().is_file()
    assert "<figcaption" in match.group(0)


@pytest.mark.parametrize("label", SPEC["identities"])
def test_identity_is_listed_as_verified(site, label):
    assert is_verified(site, f"book/{CHAPTER}.html", label)
