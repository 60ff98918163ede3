"""The chapter "Starting weights and signal propagation" (book/starting-weights.md)
as built.

The page asserts its measurements while it executes; these tests check what
the reader sees: the figures, the verified identities, the exercises, and the
chapter's place at the start of Part IV.
"""

import re

from chapterpage import count_exercises_and_solutions, has_captioned_figure, is_verified

CHAPTER = "book/starting-weights.html"


def page_text(site):
    return (site / CHAPTER).read_text(encoding="utf-8")


def test_starting_weights_identities_are_numbered_and_verified(site):
    for label in ["id-sw-var-sum", "id-sw-var-backward", "id-sw-relu-moment"]:
        assert is_verified(site, CHAPTER, label), label


def test_starting_weights_figures_have_captions_and_alt_text(site):
    page = page_text(site)
    for name in [
        "fig-sw-activations",
        "fig-sw-histograms",
        "fig-sw-gradients",
        "fig-sw-training",
    ]:
        assert has_captioned_figure(page, name), name


def test_starting_weights_has_exercises_with_solutions(site):
    exercises, solutions = count_exercises_and_solutions(page_text(site))
    assert exercises >= 3 and solutions >= 3


def test_starting_weights_opens_part_four(site):
    nav_page = (site / "book" / "verified-equations.html").read_text(encoding="utf-8")
    captions = re.findall(r'<span class="caption-text">(.*?)</span>', nav_page)
    part = "Part IV: networks that generalise"
    assert captions.index(part) == captions.index("Part III: networks at work") + 1
    section = nav_page.split(part, 1)[1]
    links = re.findall(r'<a class="reference internal" href="([^"]+)"', section)
    assert links[0].endswith("starting-weights.html")
