"""The chapter "Measuring error" (book/loss-functions.md) as built.

The page asserts its numbers while it executes; these tests check that the
reader sees every seed output in a visible cell output, and the chapter's
place in Part II.

What every chapter shares (figures, verified identities, exercises,
voice) is checked in test_chapters.py.
"""

import re
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml", reason="the book's packages (make setup)")

from chapterpage import visible_outputs  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

CHAPTER = "book/loss-functions.html"

SEED_OUTPUTS = [
    "6\n0",
    "Mean squared error with weights_0: 37.500000",
    "Mean squared error with weights_1: 49.890625",
    "8.141525",
    "[0.00443583 0.44573018 0.00541793 0.54441607]",
    "0.6080413107681358",
    "0.608041494451162",
    "[0.99886501]",
    "0.0011355297129812408",
    "0.0011356298266036666",
]


@pytest.mark.parametrize("number", SEED_OUTPUTS)
def test_loss_chapter_shows_every_seed_output(site, number):
    page = (site / CHAPTER).read_text(encoding="utf-8")
    assert number in visible_outputs(page)


def test_loss_chapter_is_first_in_part_two(site):
    nav_page = (site / "book" / "verified-equations.html").read_text(encoding="utf-8")
    captions = re.findall(r'<span class="caption-text">(.*?)</span>', nav_page)
    assert captions[:2] == [
        "Part I: networks that compute",
        "Part II: networks that learn",
    ]
    part_two = nav_page.split("Part II: networks that learn", 1)[1]
    first_link = re.search(
        r'<a class="reference internal" href="([^"]+)">(.*?)</a>', part_two
    )
    # chapters are numbered on across parts: Part II starts after Part I's last
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    part_one = next(
        part
        for part in toc["parts"]
        if part["caption"] == "Part I: networks that compute"
    )
    assert first_link.groups() == (
        "loss-functions.html",
        f"{len(part_one['chapters']) + 1}. Measuring error",
    )
