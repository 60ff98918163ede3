"""The chapter "Making it fast", the execution statistics and the benchmarks' records.

Timings are never asserted (these machines are shared and noisy); what is
tested is that the reader is told where the benchmark figures come from, and
that the benchmarks count what the chapter says they count.
"""

import importlib.util
import json
import re

import pytest

from bookcopy import ROOT

RESULTS = ROOT / "benchmarks" / "results" / "train_vs_torch.json"


def load_benchmark(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_committed_benchmark_record_says_when_where_and_under_what_load():
    record = json.loads(RESULTS.read_text())
    assert {"date", "machine", "load_average_before", "load_average_after"} <= set(record)
    assert set(record["dtypes"]) == {"float32", "float64"}
    for entry in record["dtypes"].values():
        assert entry["loss_relative_difference"] < 1e-4


@pytest.mark.slow
def test_chapter_shows_the_benchmark_date_machine_and_load(site):
    record = json.loads(RESULTS.read_text())
    text = text_of((site / "book" / "making-it-fast.html").read_text(encoding="utf-8"))
    load = max(record["load_average_before"][0], record["load_average_after"][0])
    assert f"In the run of {record['date'][:10]} on {record['machine']['cpu']}" in text
    assert f"The load average during the run was {load:.1f}" in text


@pytest.mark.slow
def test_execution_statistics_list_every_executed_page(site):
    text = text_of((site / "book" / "execution-statistics.html").read_text(encoding="utf-8"))
    for page in ["forward-propagation", "training", "making-it-fast"]:
        assert f"book/{page}" in text


def test_epoch_flop_count_is_two_products_per_layer_plus_one_to_pass_delta_down():
    train_vs_torch = load_benchmark("train_vs_torch")
    assert train_vs_torch.epoch_flops(1, [3, 4]) == 2 * 2 * 3 * 4
    assert train_vs_torch.epoch_flops(10, [3, 4, 5]) == 10 * (2 * 2 * 3 * 4 + 3 * 2 * 4 * 5)


def test_loop_and_batched_forward_of_the_vectorization_benchmark_agree():
    import numpy as np

    loops_vs_vectorized = load_benchmark("loops_vs_vectorized")
    rows = np.random.default_rng(0).integers(-10, 11, size=(50, 2))
    weights = loops_vs_vectorized.WEIGHTS
    assert np.array_equal(loops_vs_vectorized.with_loops(rows, weights),
                          loops_vs_vectorized.vectorized(rows, weights))
