"""Convolution speed: nnscratch.conv against PyTorch's CPU conv2d, in float32.

Two measurements, each side in its own process, interleaved nnscratch,
PyTorch, nnscratch, ... for ``--pairs`` pairs, with the same number of
threads (``--threads``, default all cores):

1. ``conv2d`` forward and backward on the two convolutions of the chapter's
   network, batch 64: ``conv2d(x, W, b)`` against
   ``torch.nn.functional.conv2d`` (no autograd), and ``conv2d_backward``
   (``dx``, ``dW`` and ``db``) against ``torch.autograd.grad`` of the same
   three. Best of ``--repeats`` calls each.
2. One training epoch of the chapter's network (``nnscratch.conv.ConvNet``
   with the settings below, Adam at 0.001, batch 64) over 60,000 seeded
   random images of 1 x 28 x 28 and 10 classes, against the same network in
   PyTorch (``nn.Sequential``), from the same starting weights and in the
   same batch order; the epoch losses must agree (relative difference below
   1e-3 in float32).

Printed: the median and range of the paired ratios nnscratch / PyTorch.
Goals: at most 2.0 for the forward and backward passes and for the epoch.

Usage:  python benchmarks/conv_vs_torch.py [--pairs 3] [--samples 60000]
        [--threads N] [--repeats 20] [--output PATH]
Writes: benchmarks/results/conv_vs_torch.json (by default)
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from quiet import CpuAccount, machine_description

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# The chapter's network (book/convolutional-networks.md).
NETWORK = {
    "image_shape": (1, 28, 28),
    "channels": (16, 32),
    "kernel_size": 5,
    "hidden": 128,
    "n_classes": 10,
}
BATCH = 64
LEARNING_RATE = 0.001
SEED = 0
# The two convolutions of the network on a batch: (x shape, W shape).
LAYERS = {
    "conv1": ((BATCH, 1, 28, 28), (NETWORK["channels"][0], 1, 5, 5)),
    "conv2": (
        (BATCH, NETWORK["channels"][0], 12, 12),
        (NETWORK["channels"][1], NETWORK["channels"][0], 5, 5),
    ),
}
GOALS = {"forward": 2.0, "backward": 2.0, "epoch": 2.0}  # ratios, at most


# --- the worker processes -----------------------------------------------------


def best_of(function, repeats):
    """The shortest wall time and the shortest processor time of ``repeats`` calls."""
    function()  # warm-up: threads started, memory touched
    wall = cpu = float("inf")
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return {"wall": wall, "cpu": cpu}


def layer_arrays(x_shape, W_shape):
    rng = np.random.default_rng(SEED)
    x = rng.standard_normal(x_shape).astype(np.float32)
    W = rng.standard_normal(W_shape).astype(np.float32)
    b = rng.standard_normal(W_shape[0]).astype(np.float32)
    H_out = x_shape[2] - W_shape[2] + 1
    dout = rng.standard_normal((x_shape[0], W_shape[0], H_out, H_out)).astype(
        np.float32
    )
    return x, W, b, dout


def layers_nnscratch(repeats):
    from nnscratch import conv

    times = {}
    for name, (x_shape, W_shape) in LAYERS.items():
        x, W, b, dout = layer_arrays(x_shape, W_shape)
        times[name] = {
            "forward": best_of(lambda x=x, W=W, b=b: conv.conv2d(x, W, b), repeats),
            "backward": best_of(
                lambda dout=dout, x=x, W=W: conv.conv2d_backward(dout, x, W), repeats
            ),
        }
    return times


def layers_torch(repeats):
    import torch

    functional = torch.nn.functional
    times = {}
    for name, (x_shape, W_shape) in LAYERS.items():
        x, W, b, dout = (torch.from_numpy(a) for a in layer_arrays(x_shape, W_shape))
        with torch.no_grad():
            forward = best_of(lambda x=x, W=W, b=b: functional.conv2d(x, W, b), repeats)
        x.requires_grad_(), W.requires_grad_(), b.requires_grad_()
        out = functional.conv2d(x, W, b)
        backward = best_of(
            lambda out=out, x=x, W=W, b=b, dout=dout: torch.autograd.grad(
                out, (x, W, b), dout, retain_graph=True
            ),
            repeats,
        )
        times[name] = {"forward": forward, "backward": backward}
    return times


def epoch_nnscratch(folder):
    from nnscratch import conv, optim

    X, labels = np.load(folder / "X.npy"), np.load(folder / "labels.npy")
    net = conv.ConvNet(**NETWORK, seed=SEED)
    start, start_cpu = time.perf_counter(), time.process_time()
    history = conv.fit(
        net,
        X,
        labels,
        epochs=1,
        batch_size=BATCH,
        optimizer=optim.Adam(LEARNING_RATE),
        seed=SEED,
    )
    seconds = {
        "wall": time.perf_counter() - start,
        "cpu": time.process_time() - start_cpu,
    }
    return seconds, history["loss"][0]


def torch_network(parameters):
    """The chapter's network in PyTorch, with the nnscratch network's weights."""
    import torch

    nn = torch.nn
    C1, C2 = NETWORK["channels"]
    layers = [
        nn.Conv2d(1, C1, 5),
        nn.MaxPool2d(2),
        nn.ReLU(),
        nn.Conv2d(C1, C2, 5),
        nn.MaxPool2d(2),
        nn.ReLU(),
        nn.Flatten(),
    ]
    dense = parameters[4:]
    for i in range(0, len(dense), 2):
        layers += [nn.Linear(*dense[i].shape)] + (
            [nn.ReLU()] if i + 2 < len(dense) else []
        )
    model = nn.Sequential(*layers)
    torch_parameters = list(model.parameters())
    with torch.no_grad():
        for ours, theirs in zip(parameters, torch_parameters):
            # torch keeps a dense layer's W as (n_out, n_in)
            value = ours.T if ours.ndim == 2 else ours
            theirs.copy_(torch.from_numpy(np.ascontiguousarray(value)))
    return model


def epoch_torch(folder):
    import torch

    from nnscratch import conv

    X, labels = np.load(folder / "X.npy"), np.load(folder / "labels.npy")
    model = torch_network(conv.ConvNet(**NETWORK, seed=SEED).parameters)
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    X = torch.from_numpy(X.reshape(-1, 1, 28, 28))
    labels = torch.from_numpy(labels)
    n = X.shape[0]
    start, start_cpu = time.perf_counter(), time.process_time()
    order = torch.from_numpy(np.random.default_rng(SEED).permutation(n))
    total = 0.0
    for first in range(0, n, BATCH):
        rows = order[first : first + BATCH]
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(X[rows]), labels[rows])
        loss.backward()
        optimizer.step()
        total += loss.item() * len(rows)
    seconds = {
        "wall": time.perf_counter() - start,
        "cpu": time.process_time() - start_cpu,
    }
    return seconds, total / n


def worker(args):
    folder = Path(args.data)
    if args.worker == "nnscratch":
        layers = layers_nnscratch(args.repeats)
        seconds, loss = epoch_nnscratch(folder)
        version = f"numpy {np.__version__}"
    else:
        import torch

        torch.set_num_threads(args.threads)
        layers = layers_torch(args.repeats)
        seconds, loss = epoch_torch(folder)
        version = f"torch {torch.__version__}"
    print(
        json.dumps(
            {
                "layers": layers,
                "epoch_seconds": seconds,
                "loss": loss,
                "version": version,
            }
        )
    )


# --- the driver ---------------------------------------------------------------


def make_data(folder, n_samples):
    rng = np.random.default_rng(SEED)
    np.save(folder / "X.npy", rng.standard_normal((n_samples, 784)).astype(np.float32))
    np.save(folder / "labels.npy", rng.integers(0, 10, n_samples))


def launch(side, folder, args):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "code"))
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = str(args.threads)
    command = [
        sys.executable,
        __file__,
        "--worker",
        side,
        "--data",
        str(folder),
        "--threads",
        str(args.threads),
        "--repeats",
        str(args.repeats),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{side} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def summary(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def drive(args):
    record = {
        "benchmark": "conv_vs_torch",
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine_description(),
        "load_average_before": os.getloadavg(),
        "settings": {
            "network": NETWORK,
            "batch_size": BATCH,
            "learning_rate": LEARNING_RATE,
            "optimizer": "adam",
            "dtype": "float32",
            "samples": args.samples,
            "layers": {name: {"x": x, "W": W} for name, (x, W) in LAYERS.items()},
            "pairs": args.pairs,
            "threads": args.threads,
            "repeats": args.repeats,
        },
    }
    runs = {"nnscratch": [], "torch": []}
    with tempfile.TemporaryDirectory() as folder, CpuAccount() as account:
        folder = Path(folder)
        make_data(folder, args.samples)
        for pair in range(args.pairs):
            for side in runs:
                runs[side].append(launch(side, folder, args))
            print(
                f"pair {pair + 1}/{args.pairs}: epoch nnscratch "
                f"{runs['nnscratch'][-1]['epoch_seconds']['wall']:.2f} s, torch "
                f"{runs['torch'][-1]['epoch_seconds']['wall']:.2f} s",
                flush=True,
            )
    record["load_average_after"] = os.getloadavg()
    record["quiet"] = account.summary()
    record["versions"] = {side: rs[0]["version"] for side, rs in runs.items()}

    ours, theirs = runs["nnscratch"][0]["loss"], runs["torch"][0]["loss"]
    difference = abs(ours - theirs) / abs(theirs)
    if difference > 1e-3:
        raise SystemExit(f"epoch losses differ: nnscratch {ours!r}, torch {theirs!r}")
    record["loss"] = {
        "nnscratch": ours,
        "torch": theirs,
        "relative_difference": difference,
    }

    # On a busy machine a call's wall time includes the time it waited for a
    # processor; its processor time does not (with one thread per side, it is
    # the work done). The goals are judged on wall time when the run was
    # quiet, on processor time otherwise.
    basis = "wall" if record["quiet"]["quiet"] else "cpu"
    record["basis"] = basis

    def paired(measure):
        return {
            clock: summary(
                [
                    measure(a, clock) / measure(b, clock)
                    for a, b in zip(runs["nnscratch"], runs["torch"])
                ]
            )
            for clock in ("wall", "cpu")
        }

    ratios = {}
    for name in LAYERS:
        for step in ("forward", "backward"):
            ratios[f"{name} {step}"] = paired(
                lambda r, clock, name=name, step=step: r["layers"][name][step][clock]
            )
    # a pass of the whole network: the two layers' times added
    for step in ("forward", "backward"):
        ratios[step] = paired(
            lambda r, clock, step=step: sum(r["layers"][n][step][clock] for n in LAYERS)
        )
    ratios["epoch"] = paired(lambda r, clock: r["epoch_seconds"][clock])
    record["ratio"] = ratios
    record["seconds"] = {
        side: {
            clock: {
                "epoch": summary([r["epoch_seconds"][clock] for r in rs]),
                **{
                    f"{n} {s}": summary([r["layers"][n][s][clock] for r in rs])
                    for n in LAYERS
                    for s in ("forward", "backward")
                },
            }
            for clock in ("wall", "cpu")
        }
        for side, rs in runs.items()
    }
    record["goals"] = {
        name: {
            "value": ratios[name][basis]["median"],
            "limit": limit,
            "sense": "at most",
            "basis": basis,
            "met": ratios[name][basis]["median"] <= limit,
        }
        for name, limit in GOALS.items()
    }
    record["runs"] = runs

    print(
        f"epoch loss nnscratch {ours:.6f}, torch {theirs:.6f} "
        f"(relative difference {difference:.1e})"
    )
    print(
        f"ratios nnscratch/torch, median (range) of wall time and of processor time; "
        f"goals judged on {basis} time"
    )
    for name, value in ratios.items():
        goal = record["goals"].get(name)
        verdict = (
            f"  goal at most {goal['limit']}: {'met' if goal['met'] else 'NOT MET'}"
            if goal
            else ""
        )
        wall, cpu = value["wall"], value["cpu"]
        print(
            f"{name:<16} wall {wall['median']:5.2f} "
            f"({wall['min']:.2f}-{wall['max']:.2f})  "
            f"cpu {cpu['median']:5.2f} ({cpu['min']:.2f}-{cpu['max']:.2f}){verdict}"
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
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--samples", type=int, default=60_000)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--repeats", type=int, default=20, help="calls per layer (best of)"
    )
    parser.add_argument(
        "--output", default=str(HERE / "results" / "conv_vs_torch.json")
    )
    # internal: one side in its own process
    parser.add_argument("--worker", choices=["nnscratch", "torch"])
    parser.add_argument("--data")
    args = parser.parse_args()
    if args.worker:
        worker(args)
    else:
        drive(args)


if __name__ == "__main__":
    main()
