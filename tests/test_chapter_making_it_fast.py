"""The chapter "Making it fast" (book/making-it-fast.md) as built.

Timings are never asserted (these machines are shared and noisy); what is
tested is that the chapter shows and explains its measurements without the
benchmark's verdicts (those stay in benchmarks/README.md).
"""

import re

import pytest

from chapterpage import visible_outputs

CHAPTER = "book/making-it-fast.html"


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.slow
def test_chapter_teaches_performance_and_leaves_the_benchmark_verdicts_out(site):
    page = (site / CHAPTER).read_text(encoding="utf-8")
    text = text_of(page)
    for topic in [
        "arithmetic intensity",
        "roofline",
        "BLAS",
        "Float32 against float64",
        "Where a training step spends its time",
    ]:
        assert topic in text
    for report in ["PyTorch", "NOT MET", "goals", "benchmarks/"]:
        assert report not in text


@pytest.mark.slow
def test_chapter_shows_the_measurements_it_explains(site):
    page = (site / CHAPTER).read_text(encoding="utf-8")
    shown = visible_outputs(page)
    for line in [
        "Python loops",
        "level 1",
        "level 2",
        "level 3",
        "square product: float32",
        "X.T @ Delta1",
        "A1 @ W2",
        "the rest",
        "backward / forward: 1.013",
    ]:
        assert line in shown
    # the step's rate is explained by its products' rates and their share of the time
    text = text_of(page)
    assert re.search(
        r"The products take \d+ % of that time, and they run at \d+ % of the "
        r"square product.s rate together; the slowest, .* at \d+ %",
        text,
    )


def test_backward_pass_of_784_256_10_is_1_01_times_the_forward_arithmetic():
    forward = 2 * 128 * (784 * 256 + 256 * 10)
    backward = 2 * 128 * (784 * 256 + 2 * 256 * 10)  # no delta into the inputs
    assert round(backward / forward, 3) == 1.013
