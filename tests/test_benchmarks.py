"""The benchmarks' records, and that the benchmarks count what they say they count.

Timings are never asserted (these machines are shared and noisy); what is
tested is that the benchmarks record what their README says.
"""

import importlib.util
import json
import sys

from bookcopy import ROOT

RESULTS = ROOT / "benchmarks" / "results" / "train_vs_torch.json"


def load_benchmark(name):
    # The benchmarks import each other as scripts in one folder do.
    if str(ROOT / "benchmarks") not in sys.path:
        sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location(
        name, ROOT / "benchmarks" / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_benchmark_record_says_when_where_and_under_what_load():
    record = json.loads(RESULTS.read_text())
    assert {
        "date",
        "machine",
        "load_average_before",
        "load_average_after",
        "quiet",
    } <= set(record)
    assert {"other_share", "steal_share", "quiet"} <= set(record["quiet"])
    assert set(record["dtypes"]) == {"float32", "float64"}
    for entry in record["dtypes"].values():
        assert entry["loss_relative_difference"] < 1e-4


def test_committed_benchmark_record_judges_every_goal_by_its_limit():
    record = json.loads(RESULTS.read_text())
    goals = load_benchmark("train_vs_torch").GOALS
    judged = set()
    for entry in record["dtypes"].values():
        for name, goal in entry["goals"].items():
            assert (goal["limit"], goal["sense"]) == goals[name]
            within = (
                goal["value"] <= goal["limit"]
                if goal["sense"] == "at most"
                else goal["value"] >= goal["limit"]
            )
            assert goal["met"] == within
            judged.add(name)
    assert judged == set(goals)


def test_epoch_flop_count_is_two_products_per_layer_plus_one_to_pass_delta_down():
    train_vs_torch = load_benchmark("train_vs_torch")
    assert train_vs_torch.epoch_flops(1, [3, 4]) == 2 * 2 * 3 * 4
    assert train_vs_torch.epoch_flops(10, [3, 4, 5]) == 10 * (
        2 * 2 * 3 * 4 + 3 * 2 * 4 * 5
    )


def test_loop_and_batched_forward_of_the_vectorization_benchmark_agree():
    import numpy as np

    loops_vs_vectorized = load_benchmark("loops_vs_vectorized")
    rows = np.random.default_rng(0).integers(-10, 11, size=(50, 2))
    weights = loops_vs_vectorized.WEIGHTS
    assert np.array_equal(
        loops_vs_vectorized.with_loops(rows, weights),
        loops_vs_vectorized.vectorized(rows, weights),
    )


def test_quiet_counts_work_of_other_processes_but_not_of_our_own_children():
    import subprocess
    import time

    quiet = load_benchmark("quiet")
    spin = [
        sys.executable,
        "-c",
        "import time\nend = time.time() + 1.5\nwhile time.time() < end: pass",
    ]
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
