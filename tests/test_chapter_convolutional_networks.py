"""The chapter "Convolutional networks" (book/convolutional-networks.md) as built.

The page asserts its results while it executes; these tests check what the
reader sees: the test accuracy, the shifted digits, the package code shown
and the chapter's place in the table of contents.

What every chapter shares (figures, verified identities, exercises,
voice) is checked in test_chapters.py.
"""

import html
import re

from chapterpage import visible_outputs

CHAPTER = "book/convolutional-networks.html"


def page_text(site):
    return (site / CHAPTER).read_text(encoding="utf-8")


def test_the_network_reads_at_least_99_percent_of_the_test_digits(site):
    outputs = visible_outputs(page_text(site))
    accuracy = re.search(r"^test accuracy: (0\.\d{4})$", outputs, flags=re.M)
    assert accuracy and float(accuracy.group(1)) >= 0.99


def test_the_network_beats_the_mlp_on_shifted_digits(site):
    outputs = visible_outputs(page_text(site))
    rows = re.findall(
        r"shifted by (\d) pixels: MLP (0\.\d+), convolutional (0\.\d+)", outputs
    )
    assert [int(s) for s, _, _ in rows] == [0, 1, 2, 3, 4]
    shift3 = rows[3]
    assert float(shift3[2]) - float(shift3[1]) >= 0.2


def test_the_code_shown_is_the_package(site):
    text = html.unescape(re.sub(r"<[^>]+>", "", page_text(site)))
    for core in [
        "_im2col",
        "_conv2d",
        "_conv2d_backward",
        "_col2im",
        "_max_pool2d",
        "_max_pool2d_backward",
        "_forward",
        "_backpropagate",
    ]:
        assert f"def {core}(" in text, core


def test_the_chapter_is_in_part_five(site):
    nav_page = (site / "book" / "verified-equations.html").read_text(encoding="utf-8")
    captions = re.findall(r'<span class="caption-text">(.*?)</span>', nav_page)
    assert "Part V: inside a framework" in captions
    part = nav_page.split("Part V: inside a framework", 1)[1]
    assert (
        "convolutional-networks.html" in part.split('<span class="caption-text">', 1)[0]
    )
