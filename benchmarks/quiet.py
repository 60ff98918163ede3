"""The machine a benchmark ran on, and how quiet it was while it ran.

The load average cannot say: its one-minute figure after a run counts the
benchmark's own processes. What can is the processor time of the whole
machine (``/proc/stat``) minus the time this process and its finished child
processes used (``getrusage``): the rest went to other work. ``steal`` is time
the hypervisor gave to other virtual machines on the same host, which slows a
benchmark just as much and shows in no load average.

Usage::

    with CpuAccount() as account:
        ...  # the benchmark, its child processes waited for
    account.summary()  # {"other_share": ..., "steal_share": ..., "quiet": ...}
"""

import importlib.metadata
import os
import platform
import resource
import time
from pathlib import Path

# Above this share of the machine's processor time, other work competed.
QUIET_LIMIT = 0.05


def _machine_seconds():
    """(busy, steal) processor seconds of all cores since boot, from /proc/stat."""
    fields = [
        int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    ]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    ticks = os.sysconf("SC_CLK_TCK")
    return (user + nice + system + irq + softirq) / ticks, steal / ticks


def _own_seconds():
    """Processor seconds used by this process and its finished children."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


class CpuAccount:
    """The machine's processor time during a ``with`` block: ours and the rest."""

    def __enter__(self):
        self.start = (time.perf_counter(), *_machine_seconds(), _own_seconds())
        return self

    def __exit__(self, *exc):
        self.end = (time.perf_counter(), *_machine_seconds(), _own_seconds())
        return False

    def summary(self):
        wall, busy, steal, own = (b - a for a, b in zip(self.start, self.end))
        capacity = wall * (os.cpu_count() or 1)
        other = max(busy - own, 0.0)
        result = {
            "seconds": wall,
            "other_share": other / capacity,
            "steal_share": steal / capacity,
        }
        result["quiet"] = (
            max(result["other_share"], result["steal_share"]) <= QUIET_LIMIT
        )
        return result

    def line(self):
        s = self.summary()
        return (
            f"other work used {s['other_share']:.1%} and other virtual machines "
            f"{s['steal_share']:.1%} of the processors during the run: "
            + (
                "quiet"
                if s["quiet"]
                else "NOT quiet, the figures are not representative"
            )
        )


def machine_description():
    """The processor, cores, system, Python and NumPy a record was taken with."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "system": platform.platform(),
        "python": platform.python_version(),
        "numpy": importlib.metadata.version("numpy"),
    }
