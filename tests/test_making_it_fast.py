"""The chapter "Making it fast", the execution statistics and the benchmarks' records.

Timings are never asserted (these machines are shared and noisy); what is
tested is that the chapter shows and explains its measurements without the
benchmark's verdicts, and that the benchmarks record what their README says.
"""

import importlib.util
import json
import re
import sys

import pytest

from bookcopy import ROOT

RESULTS = ROOT / "benchmarks" / "results" / "train_vs_torch.json"


def load_benchmark(name):
    # The benchmarks import each other as scripts in one folder do.
    if str(ROOT / "benchmarks") not in sys.path:
        sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_committed_benchmark_record_says_when_where_and_under_what_load():
    record = json.loads(RESULTS.read_text())
    assert {"date", "machine", "load_average_before", "load_average_after", "quiet"} <= set(record)
    assert {"other_share", "steal_share", "quiet"} <= set(record["quiet"])
    assert set(record["dtypes"]) == {"float32", "float64"}
    for entry in record["dtypes"].values():
        assert entry["loss_relative_difference"] < 1e-4


def test_committed_benchmark_record_judges_every_goal_by_its_limit():
    record = json.loads(RESULTS.read_text())
    goals = load_benchmark("train_vs_torch").GOALS
    judged = set()
    for dtype, entry in record["dtypes"].items():
        for name, goal in entry["goals"].items():
            assert (goal["limit"], goal["sense"]) == goals[name]
            within = goal["value"] <= goal["limit"] if goal["sense"] == "at most" else goal["value"] >= goal["limit"]
            assert goal["met"] == within
            judged.add(name)
    assert judged == set(goals)


CHAPTER = "book/making-it-fast.html"


@pytest.mark.slow
def test_chapter_teaches_performance_and_leaves_the_benchmark_verdicts_out(site):
    page = (site / CHAPTER).read_text(encoding="utf-8")
    text = text_of(page)
    for topic in ["arithmetic intensity", "roofline", "BLAS", "Float32 against float64",
                  "Where a training step spends its time"]:
        assert topic in text
    for report in ["PyTorch", "NOT MET", "goals", "benchmarks/"]:
        assert report not in text


@pytest.mark.slow
@pytest.mark.parametrize("name", ["fig-fast-loops", "fig-fast-shapes", "fig-fast-step"])
def test_chapter_figures_have_captions_and_alt_text(site, name):
    from chapterpage import has_captioned_figure

    assert has_captioned_figure((site / CHAPTER).read_text(encoding="utf-8"), name)


@pytest.mark.slow
def test_chapter_shows_the_measurements_it_explains(site):
    from chapterpage import count_exercises_and_solutions, visible_outputs

    page = (site / CHAPTER).read_text(encoding="utf-8")
    shown = visible_outputs(page)
    for line in ["Python loops", "level 1", "level 2", "level 3", "square product: float32",
                 "X.T @ Delta1", "A1 @ W2", "the rest", "backward / forward: 1.013"]:
        assert line in shown
    # the step's rate is explained by its products' rates and their share of the time
    text = text_of(page)
    assert re.search(r"The products take \d+ % of that time, and they run at \d+ % of the "
                     r"square product.s rate together; the slowest, .* at \d+ %", text)
    exercises, solutions = count_exercises_and_solutions(page)
    assert exercises >= 3 and solutions >= 3


def test_backward_pass_of_the_784_256_10_network_does_1_01_times_the_forward_arithmetic():
    forward = 2 * 128 * (784 * 256 + 256 * 10)
    backward = 2 * 128 * (784 * 256 + 2 * 256 * 10)  # no delta into the inputs
    assert round(backward / forward, 3) == 1.013


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


def test_quiet_counts_work_of_other_processes_but_not_of_our_own_children():
    import subprocess
    import time

    quiet = load_benchmark("quiet")
    spin = [sys.executable, "-c", "import time\nend = time.time() + 1.5\nwhile time.time() < end: pass"]
    with quiet.CpuAccount() as ours:
        subprocess.run(spin, check=True)  # a child we wait for: our own work
    other = subprocess.Popen(spin)  # not waited for inside the block: someone else's
    try:
        with quiet.CpuAccount() as theirs:
            time.sleep(1.0)
    finally:
        other.wait()
    assert theirs.summary()["other_share"] > 0.25  # one core of two, or more
    assert ours.summary()["other_share"] < theirs.summary()["other_share"]
    assert not theirs.summary()["quiet"]
