"""Training speed: one epoch of nnscratch against PyTorch (CPU) and scikit-learn.

The same network on every side: 784-256-10, ReLU, softmax + cross-entropy,
plain SGD at learning rate 0.1, batch 128, one epoch over seeded random data
(60,000 rows of dimension 784, 10 classes), the same starting weights (the
nnscratch MLP's, copied into the others) and the same batch order (the
permutation ``nnscratch.train.fit`` draws). The epoch losses must agree.

Every run of a side is its own process (one process running both sides skews
the figures: the second one inherits warm caches, a grown heap and the first
one's threads). Runs are interleaved A B A B ... for ``--pairs`` pairs, so a
change in the machine's load hits both sides alike; the table shows the
median and range of the paired ratio nnscratch / PyTorch. The achieved
GFLOP/s of a training epoch is compared with the best of several 2048 x 2048
matrix products measured in the same run (the machine's practical peak for
that dtype). scikit-learn's ``MLPClassifier`` runs one epoch once per pair.

Usage:  python benchmarks/train_vs_torch.py [--pairs 5] [--samples 60000]
        [--dtypes float32 float64] [--threads N] [--output PATH]
Writes: benchmarks/results/train_vs_torch.json (by default)
"""

import argparse
import datetime
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

from quiet import CpuAccount, machine_description

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZES = [784, 256, 10]
BATCH = 128
LEARNING_RATE = 0.1
SEED = 0
GOALS = {
    # what: (limit, "at most" or "at least")
    "ratio float32": (1.0, "at most"),
    "ratio float64": (1.05, "at most"),
    "peak share float32": (0.35, "at least"),
    "process time ratio": (1.0, "at most"),
    "peak memory ratio": (1.0, "at most"),
}


def epoch_flops(n_samples, sizes=SIZES):
    """Floating-point operations of the matrix products in one epoch.

    Per example and layer ``n_in x n_out``: the forward product and the
    weight gradient ``a.T @ delta`` cost ``2 n_in n_out`` each, and every
    layer but the first passes ``delta @ W.T`` down, another ``2 n_in n_out``.
    """
    total = 0
    for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        products = 3 if layer > 0 else 2
        total += products * 2 * n_in * n_out
    return total * n_samples


# --- the worker processes -----------------------------------------------------


def peak_memory_mb():
    """Peak resident memory of this process, in MB.

    Linux's ``VmHWM`` belongs to the process's own memory and starts afresh at
    exec; ``ru_maxrss`` would be inherited from the (large) parent process.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_data(folder, dtype):
    X = np.load(folder / f"X_{dtype}.npy")
    labels = np.load(folder / "labels.npy")
    start = np.load(folder / "start.npz")
    params = [start[name].astype(dtype) for name in ("W0", "b0", "W1", "b1")]
    return X, labels, params


def run_nnscratch(folder, dtype):
    from nnscratch import MLP
    from nnscratch.train import fit

    X, labels, (W0, b0, W1, b1) = load_data(folder, dtype)
    net = MLP(SIZES, dtype=dtype)
    net.weights, net.biases = [W0, W1], [b0, b1]
    start = time.perf_counter()
    history = fit(
        net,
        X,
        labels,
        epochs=1,
        batch_size=BATCH,
        learning_rate=LEARNING_RATE,
        seed=SEED,
    )
    seconds = time.perf_counter() - start
    assert net.weights[0].dtype == np.dtype(dtype)
    return seconds, history["loss"][0], f"numpy {np.__version__}"


def run_torch(folder, dtype, threads):
    import torch

    torch.set_num_threads(threads)
    X, labels, (W0, b0, W1, b1) = load_data(folder, dtype)
    X, labels = torch.from_numpy(X), torch.from_numpy(labels)
    model = torch.nn.Sequential(
        torch.nn.Linear(SIZES[0], SIZES[1]),
        torch.nn.ReLU(),
        torch.nn.Linear(SIZES[1], SIZES[2]),
    ).to(getattr(torch, dtype))
    with torch.no_grad():  # torch keeps W as (n_out, n_in)
        model[0].weight.copy_(torch.from_numpy(W0.T.copy()))
        model[0].bias.copy_(torch.from_numpy(b0))
        model[2].weight.copy_(torch.from_numpy(W1.T.copy()))
        model[2].bias.copy_(torch.from_numpy(b1))
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    n = X.shape[0]
    start = time.perf_counter()
    order = torch.from_numpy(np.random.default_rng(SEED).permutation(n))
    total = 0.0
    for first in range(0, n, BATCH):
        rows = order[first : first + BATCH]
        X_batch, labels_batch = X[rows], labels[rows]
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(X_batch), labels_batch)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(rows)
    seconds = time.perf_counter() - start
    return seconds, total / n, f"torch {torch.__version__}"


def run_sklearn(folder, dtype):
    import sklearn
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    X, labels, (W0, b0, W1, b1) = load_data(folder, dtype)
    # sklearn draws its own starting weights and batch order: this is "the
    # tool a reader would otherwise use", not a loss-for-loss twin.
    model = MLPClassifier(
        hidden_layer_sizes=(SIZES[1],),
        activation="relu",
        solver="sgd",
        alpha=0.0,
        batch_size=BATCH,
        learning_rate_init=LEARNING_RATE,
        momentum=0.0,
        nesterovs_momentum=False,
        max_iter=1,
        shuffle=True,
        random_state=SEED,
    )
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, labels)
    seconds = time.perf_counter() - start
    return seconds, float(model.loss_curve_[0]), f"scikit-learn {sklearn.__version__}"


def run_matmul(dtype, repeats):
    rng = np.random.default_rng(SEED)
    A = rng.standard_normal((2048, 2048)).astype(dtype)
    B = rng.standard_normal((2048, 2048)).astype(dtype)
    A @ B  # warm-up: threads started, pages touched
    best = min(_timed(lambda: A @ B) for _ in range(repeats))
    return best, 2 * 2048**3 / best / 1e9


def _timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def worker(args):
    folder = Path(args.data)
    if args.worker == "matmul":
        seconds, gflops = run_matmul(args.dtype, args.repeats)
        result = {"seconds": seconds, "gflops": gflops}
    else:
        if args.worker == "nnscratch":
            seconds, loss, version = run_nnscratch(folder, args.dtype)
        elif args.worker == "torch":
            seconds, loss, version = run_torch(folder, args.dtype, args.threads)
        else:
            seconds, loss, version = run_sklearn(folder, args.dtype)
        result = {"seconds": seconds, "loss": loss, "version": version}
    result["peak_memory_mb"] = peak_memory_mb()
    print(json.dumps(result))


# --- the driver ---------------------------------------------------------------


def make_data(folder, n_samples):
    """Seeded inputs, labels and the starting weights of the nnscratch MLP."""
    from nnscratch import MLP

    rng = np.random.default_rng(SEED)
    X = rng.standard_normal((n_samples, SIZES[0]))
    np.save(folder / "X_float64.npy", X)
    np.save(folder / "X_float32.npy", X.astype(np.float32))
    np.save(folder / "labels.npy", rng.integers(0, SIZES[-1], n_samples))
    net = MLP(SIZES, seed=SEED)
    np.savez(
        folder / "start.npz",
        W0=net.weights[0],
        b0=net.biases[0],
        W1=net.weights[1],
        b1=net.biases[1],
    )


def launch(side, dtype, folder, threads, repeats=5):
    """Run one side in a fresh process; its result plus the process's wall time."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "code"))
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = str(threads)
    command = [
        sys.executable,
        __file__,
        "--worker",
        side,
        "--dtype",
        dtype,
        "--data",
        str(folder),
        "--threads",
        str(threads),
        "--repeats",
        str(repeats),
    ]
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{side} {dtype} failed:\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_seconds"] = wall
    return result


def summary(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def check(name, value, verdicts):
    """A line of the table for goal ``name``; its verdict is added to ``verdicts``."""
    limit, sense = GOALS[name]
    ok = value <= limit if sense == "at most" else value >= limit
    verdicts[name] = {"value": value, "limit": limit, "sense": sense, "met": ok}
    verdict = "met" if ok else "NOT MET"
    return f"{name:<20} {value:8.3f}   goal {sense} {limit:<5} {verdict}"


def drive(args):
    from threadpoolctl import threadpool_info

    n = args.samples
    flops = epoch_flops(n)
    record = {
        "benchmark": "train_vs_torch",
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine_description(),
        "load_average_before": os.getloadavg(),
        "settings": {
            "sizes": SIZES,
            "batch_size": BATCH,
            "learning_rate": LEARNING_RATE,
            "samples": n,
            "pairs": args.pairs,
            "threads": args.threads,
            "epoch_gflop": flops / 1e9,
        },
        "blas": [
            {k: info.get(k) for k in ("internal_api", "version", "num_threads")}
            for info in threadpool_info()
        ],
        "dtypes": {},
    }
    lines = []
    with tempfile.TemporaryDirectory() as folder, CpuAccount() as account:
        folder = Path(folder)
        make_data(folder, n)
        for dtype in args.dtypes:
            peak = [launch("matmul", dtype, folder, args.threads, args.repeats)]
            runs = {"nnscratch": [], "torch": [], "sklearn": []}
            for pair in range(args.pairs):
                for side in (
                    ("nnscratch", "torch", "sklearn")
                    if args.sklearn
                    else ("nnscratch", "torch")
                ):
                    runs[side].append(launch(side, dtype, folder, args.threads))
                print(
                    f"{dtype} pair {pair + 1}/{args.pairs}: nnscratch "
                    f"{runs['nnscratch'][-1]['seconds']:.2f} s, torch "
                    f"{runs['torch'][-1]['seconds']:.2f} s",
                    flush=True,
                )
            peak.append(launch("matmul", dtype, folder, args.threads, args.repeats))
            peak_gflops = max(p["gflops"] for p in peak)

            losses = {side: [r["loss"] for r in rs] for side, rs in runs.items() if rs}
            tolerance = 1e-4 if dtype == "float32" else 1e-9
            difference = abs(losses["nnscratch"][0] - losses["torch"][0]) / abs(
                losses["torch"][0]
            )
            if difference > tolerance:
                raise SystemExit(
                    f"{dtype}: epoch losses differ: nnscratch "
                    f"{losses['nnscratch'][0]!r}, "
                    f"torch {losses['torch'][0]!r} (relative {difference:.2e})"
                )
            ratios = [
                a["seconds"] / b["seconds"]
                for a, b in zip(runs["nnscratch"], runs["torch"])
            ]
            process = [
                a["process_seconds"] / b["process_seconds"]
                for a, b in zip(runs["nnscratch"], runs["torch"])
            ]
            best_nnscratch = min(r["seconds"] for r in runs["nnscratch"])
            entry = {
                "matmul_peak_gflops": peak_gflops,
                "loss": {side: values[0] for side, values in losses.items()},
                "loss_relative_difference": difference,
                "seconds": {
                    side: summary([r["seconds"] for r in rs])
                    for side, rs in runs.items()
                    if rs
                },
                "process_seconds": {
                    side: summary([r["process_seconds"] for r in rs])
                    for side, rs in runs.items()
                    if rs
                },
                "peak_memory_mb": {
                    side: max(r["peak_memory_mb"] for r in rs)
                    for side, rs in runs.items()
                    if rs
                },
                "ratio": summary(ratios),
                "process_ratio": summary(process),
                "gflops": {
                    side: flops / statistics.median([r["seconds"] for r in rs]) / 1e9
                    for side, rs in runs.items()
                    if rs and side != "sklearn"
                },
                "peak_share": flops / best_nnscratch / 1e9 / peak_gflops,
                "runs": runs,
            }
            if runs["sklearn"]:
                entry["sklearn_ratio"] = summary(
                    [
                        a["seconds"] / c["seconds"]
                        for a, c in zip(runs["nnscratch"], runs["sklearn"])
                    ]
                )
            record["versions"] = {
                side: rs[0]["version"] for side, rs in runs.items() if rs
            }
            record["dtypes"][dtype] = entry
            memory = entry["peak_memory_mb"]
            lines += [
                f"--- {dtype}: epoch loss nnscratch {losses['nnscratch'][0]:.6f}, "
                "torch "
                f"{losses['torch'][0]:.6f} (relative difference {difference:.1e})",
                "epoch seconds (median)  nnscratch "
                f"{entry['seconds']['nnscratch']['median']:.3f}  "
                f"torch {entry['seconds']['torch']['median']:.3f}"
                + (
                    f"  sklearn {entry['seconds']['sklearn']['median']:.3f}"
                    if runs["sklearn"]
                    else ""
                ),
                f"ratio nnscratch/torch   median {entry['ratio']['median']:.3f}  range "
                f"{entry['ratio']['min']:.3f} to {entry['ratio']['max']:.3f}",
                f"matmul peak {peak_gflops:.1f} GFLOP/s; nnscratch "
                f"{entry['gflops']['nnscratch']:.1f}, "
                f"torch {entry['gflops']['torch']:.1f} GFLOP/s; best nnscratch epoch "
                "reaches "
                f"{entry['peak_share']:.0%} of the peak",
                "whole process seconds   nnscratch "
                f"{entry['process_seconds']['nnscratch']['median']:.2f}  "
                f"torch {entry['process_seconds']['torch']['median']:.2f}",
                "peak memory MB          "
                + "  ".join(f"{s} {m:.0f}" for s, m in memory.items()),
            ]
            if runs["sklearn"]:
                lines.append(
                    "ratio nnscratch/sklearn median "
                    f"{entry['sklearn_ratio']['median']:.3f}"
                )
            verdicts = entry["goals"] = {}
            lines.append(check(f"ratio {dtype}", entry["ratio"]["median"], verdicts))
            if dtype == "float32":
                lines.append(check("peak share float32", entry["peak_share"], verdicts))
            lines.append(
                check("process time ratio", entry["process_ratio"]["median"], verdicts)
            )
            lines.append(
                check(
                    "peak memory ratio", memory["nnscratch"] / memory["torch"], verdicts
                )
            )
    record["load_average_after"] = os.getloadavg()
    record["quiet"] = account.summary()
    print("\n".join(lines))
    print(
        f"load average before {record['load_average_before'][0]:.2f}, after "
        f"{record['load_average_after'][0]:.2f} on {os.cpu_count()} cores (the "
        "benchmark's own "
        "processes count in the one after)"
    )
    print(account.line())
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(record, indent=1) + "\n")
    print(
        f"wrote {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--samples", type=int, default=60_000)
    parser.add_argument("--dtypes", nargs="+", default=["float32", "float64"])
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--repeats", type=int, default=10, help="matmul repeats (best of)"
    )
    parser.add_argument("--no-sklearn", dest="sklearn", action="store_false")
    parser.add_argument(
        "--output", default=str(HERE / "results" / "train_vs_torch.json")
    )
    # internal: one side in its own process
    parser.add_argument("--worker", choices=["nnscratch", "torch", "sklearn", "matmul"])
    parser.add_argument("--dtype", default="float64")
    parser.add_argument("--data")
    args = parser.parse_args()
    if args.worker:
        worker(args)
    else:
        drive(args)


if __name__ == "__main__":
    main()
