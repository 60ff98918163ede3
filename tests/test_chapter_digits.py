"""The chapter "Handwritten digits" (book/digits.md) as built.

The page asserts its accuracies while it executes; these tests check what the
reader sees: the accuracies, the progress bars as plain text, and the
chapter's place in Part III.

What every chapter shares (figures, verified identities, exercises,
voice) is checked in test_chapters.py.
"""

import html
import re

CHAPTER = "book/digits.html"


def page_text(site):
    return (site / CHAPTER).read_text(encoding="utf-8")


def visible_outputs(page):
    """The text of every printed output block (stdout and stderr) of the page."""
    outputs = re.findall(
        r'<div class="output (?:stream|stderr)[^"]*">.*?</pre>', page, flags=re.S
    )
    return html.unescape(re.sub(r"<[^>]+>", "", "\n".join(outputs)))


def test_digits_chapter_shows_both_test_accuracies_above_their_targets(site):
    outputs = visible_outputs(page_text(site))
    digits, mnist = re.findall(r"^test accuracy: (0\.\d{4})$", outputs, flags=re.M)
    assert float(digits) >= 0.97
    assert float(mnist) >= 0.98


def test_digits_chapter_progress_bars_render_as_finished_text(site):
    outputs = visible_outputs(page_text(site))
    bars = re.findall(
        r"^training: 100%\|█+\| (\d)/\1 \[.*loss=[0-9.e-]+\]$", outputs, flags=re.M
    )
    assert bars == ["4", "1"]
    # no half-drawn bars, and no widget fallback warning from tqdm
    assert (
        "  0%|" not in outputs
        and "IProgress" not in outputs
        and "TqdmWarning" not in outputs
    )


def test_digits_chapter_is_in_part_three(site):
    nav_page = (site / "book" / "verified-equations.html").read_text(encoding="utf-8")
    captions = re.findall(r'<span class="caption-text">(.*?)</span>', nav_page)
    assert "Part III: networks at work" in captions
    assert (
        captions.index("Part III: networks at work")
        == captions.index("Part II: networks that learn") + 1
    )
    part_three = nav_page.split("Part III: networks at work", 1)[1]
    next_caption = captions[captions.index("Part III: networks at work") + 1]
    part_three = part_three.split(next_caption, 1)[0]
    links = re.findall(
        r'<a class="reference internal" href="([^"]+)">(.*?)</a>', part_three
    )
    assert "digits.html" in [href for href, _ in links]
    assert any(title.endswith("Handwritten digits") for _, title in links)
