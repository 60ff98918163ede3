"""The chapter "Making it fast" (book/making-it-fast.md) as built.

Timings are never asserted (these machines are shared and noisy); what is
tested is that the reader is told where the benchmark figures come from.
"""

import json
import re

import pytest

from bookcopy import ROOT

RESULTS = ROOT / "benchmarks" / "results" / "train_vs_torch.json"


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.slow
def test_chapter_shows_the_benchmark_date_machine_and_how_quiet_it_was(site):
    record = json.loads(RESULTS.read_text())
    text = text_of((site / "book" / "making-it-fast.html").read_text(encoding="utf-8"))
    quiet = record["quiet"]
    assert f"In the run of {record['date'][:10]} on {record['machine']['cpu']}" in text
    assert (
        f"other programs took {100 * quiet['other_share']:.1f} % of the processors"
        in text
    )
    assert (
        f"other virtual machines on the same host {100 * quiet['steal_share']:.1f} %"
        in text
    )
    assert (
        "compare the libraries themselves"
        if quiet["quiet"]
        else "say little about either library"
    ) in text
    verdicts = [
        goal["met"]
        for entry in record["dtypes"].values()
        for goal in entry["goals"].values()
    ]
    assert f"{sum(verdicts)} of its {len(verdicts)} goals were met" in text
