"""Vectorization: the course notes' per-row, per-node loops against one batched pass.

The network is the one of the first course notes (seed 000, chapter
"Forward propagation"): two inputs, two ReLU hidden units, one ReLU output.
The notes predict one row at a time, one node at a time
(``predict_with_network``); the package computes a whole layer for every row
with one matrix product (``nnscratch.dense``). Both run on the same 100,000
seeded rows; their outputs must be equal, and the table shows the speed-up.

Usage:  python benchmarks/loops_vs_vectorized.py [--rows 100000] [--repeats 5]
Writes: benchmarks/results/loops_vs_vectorized.json (by default)
"""

import argparse
import datetime
import json
import os
import platform
import time
from pathlib import Path

import numpy as np

from nnscratch.activations import relu
from nnscratch.layers import dense

HERE = Path(__file__).resolve().parent
GOAL = 100  # at least this speed-up

WEIGHTS = {
    "node_0": np.array([3, 3]),
    "node_1": np.array([1, 5]),
    "output": np.array([2, -1]),
}


def predict_with_network(input_data_row, weights):
    """The notes' version: one row, one node at a time (book/forward-propagation.md)."""
    node_0_output = relu((input_data_row * weights["node_0"]).sum())
    node_1_output = relu((input_data_row * weights["node_1"]).sum())
    hidden_layer_outputs = np.array([node_0_output, node_1_output])
    return relu((hidden_layer_outputs * weights["output"]).sum())


def with_loops(input_data, weights):
    return np.array([predict_with_network(row, weights) for row in input_data])


def vectorized(input_data, weights):
    W1 = np.column_stack([weights["node_0"], weights["node_1"]])
    w2 = weights["output"].reshape(2, 1)
    return relu(dense(relu(dense(input_data, W1)), w2)).ravel()


def best_time(function, repeats):
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5, help="best of this many runs")
    parser.add_argument(
        "--output", default=str(HERE / "results" / "loops_vs_vectorized.json")
    )
    args = parser.parse_args()

    input_data = np.random.default_rng(0).integers(-10, 11, size=(args.rows, 2))
    load_before = os.getloadavg()
    loop_seconds, loop_result = best_time(
        lambda: with_loops(input_data, WEIGHTS), max(1, args.repeats // 2)
    )
    batch_seconds, batch_result = best_time(
        lambda: vectorized(input_data, WEIGHTS), args.repeats
    )
    load_after = os.getloadavg()
    if not np.array_equal(loop_result, batch_result):
        raise SystemExit("the loops and the batched pass disagree")
    speedup = loop_seconds / batch_seconds

    record = {
        "benchmark": "loops_vs_vectorized",
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": {
            "cpu": platform.processor() or platform.machine(),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "numpy": np.__version__,
        },
        "load_average_before": load_before,
        "load_average_after": load_after,
        "rows": args.rows,
        "loop_seconds": loop_seconds,
        "vectorized_seconds": batch_seconds,
        "speedup": speedup,
        "goal": GOAL,
    }
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(record, indent=1) + "\n")
    print(
        f"{args.rows} rows: loops {loop_seconds:.3f} s "
        f"({loop_seconds / args.rows * 1e6:.1f} us a row), batched "
        f"{batch_seconds * 1e3:.2f} ms; "
        f"outputs equal"
    )
    print(
        f"{'speed-up':<20} {speedup:8.0f}   goal at least {GOAL}   "
        f"{'met' if speedup >= GOAL else 'NOT MET'}"
    )
    print(
        f"load average {load_before[0]:.2f} on {os.cpu_count()} cores; wrote "
        f"{output.name}"
    )


if __name__ == "__main__":
    main()
