"""Build speed: `make book` timed in five situations on a throwaway copy.

The repository (less .venv, _build and .git) is copied to a temporary folder,
and `make book` runs there with this checkout's virtual environment and the
copy's own package (`PYTHONPATH=<copy>/code`, as tests/bookcopy.py does):

1. cold: no _build at all;
2. no change: straight after;
3. markdown edit: one sentence added to the prose of one page;
4. code-cell edit: one code cell of the same page changed (that page re-executes);
5. package change: a comment added to code/nnscratch (every page re-executes).

Each step prints its time against the goal; per-page execution times of the
cold build come from the prefill step's log. With ``--each-page``, step 4 is
then repeated for every executed page, one at a time: the page-by-page table
of benchmarks/README.md. The goal of such an edit is 8 s for a page whose own
execution takes under 4 s, and the execution plus 4 s for a page that takes
longer (the pages that train).

Usage:  python benchmarks/build_time.py [--page book/training.md] [--each-page]
        python benchmarks/build_time.py --table   (the README table of the record)
Writes: benchmarks/results/build_time.json (by default)
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from quiet import CpuAccount

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GOALS = {"cold": 120.0, "no change": 3.0, "code-cell edit": 8.0}
# an edit of a page executing longer than this may take its execution time
# plus the same margin
OWN_EXECUTION = 4.0
IGNORED = shutil.ignore_patterns(
    ".venv*",
    "_build",
    ".git",
    "__pycache__",
    "*.egg-info",
    ".pytest_cache",
    ".hypothesis",
)


def copy_repository(destination):
    shutil.copytree(ROOT, destination, ignore=IGNORED, dirs_exist_ok=True)
    return destination


def make_book(copy, venv):
    env = dict(os.environ, PYTHONPATH=str(copy / "code"))
    start = time.perf_counter()
    done = subprocess.run(
        ["make", "-C", str(copy), "html", f"VENV={venv}", "SETUP="],
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(
            f"make book failed in {copy}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    pages = {
        m[1]: float(m[2])
        for m in re.finditer(r"prefill: (\S+) executed in ([\d.]+) s", done.stdout)
    }
    return seconds, pages


def edit_markdown(page):
    text = page.read_text()
    page.write_text(
        text.rstrip("\n") + "\n\nA sentence added by the build-time benchmark.\n"
    )


def edit_code_cell(page):
    """A comment line at the end of the page's last code cell: its code changed."""
    text = page.read_text()
    cell = text.rindex("```{code-cell} ipython3\n")
    end = text.index("\n```\n", cell)
    page.write_text(text[:end] + "\n# edited by the build-time benchmark" + text[end:])


def edit_package(copy):
    module = copy / "code" / "nnscratch" / "layers.py"
    module.write_text(module.read_text() + "\n# edited by the build-time benchmark\n")


def edit_goal(execution):
    """The goal of a code-cell edit of a page whose execution takes `execution` s."""
    if execution < OWN_EXECUTION:
        return GOALS["code-cell edit"]
    return execution + OWN_EXECUTION


def each_page(copy, venv, record):
    """{page: seconds, execution, goal, met} for a code-cell edit of each page."""
    table = {}
    for name in sorted(record["executed_pages"]["cold"]):
        edit_code_cell(copy / name)
        seconds, pages = make_book(copy, venv)
        execution = pages.get(name, 0.0)
        goal = edit_goal(execution)
        table[name] = {
            "seconds": seconds,
            "execution": execution,
            "goal": goal,
            "met": seconds <= goal,
        }
        verdict = "met" if seconds <= goal else "NOT MET"
        print(
            f"  edit {name:<32} {seconds:6.1f} s (executes {execution:4.1f} s)  "
            f"goal at most {goal:4.1f}  {verdict}",
            flush=True,
        )
    return table


def markdown_table(record):
    """The page-by-page table of benchmarks/README.md, from a record."""
    quiet = record["quiet"]
    when = record["date"][:16].replace("T", " ")
    verdict = "quiet" if quiet["quiet"] else "NOT quiet: not representative"
    lines = [
        f"Run of {when} on {record['machine']['cores']} cores: other programs took "
        f"{100 * quiet['other_share']:.0f} % of the processors ({verdict}).",
        "",
        "| step | seconds | goal |",
        "| --- | ---: | ---: |",
    ]
    for name, seconds in record["seconds"].items():
        goal = GOALS.get(name)
        if name == "code-cell edit":  # the edited page's own goal
            execution = record["executed_pages"][name].get(record["page"], 0.0)
            goal = edit_goal(execution)
        lines.append(f"| {name} | {seconds:.1f} | {'' if goal is None else goal} |")
    table = record.get("code-cell edit by page", {})
    if table:
        lines += [
            "",
            "| page | own execution (s) | code-cell edit (s) | goal (s) | met |",
            "| --- | ---: | ---: | ---: | --- |",
        ]
        for name, row in table.items():
            lines.append(
                f"| {name} | {row['execution']:.1f} | {row['seconds']:.1f} | "
                f"{row['goal']:.1f} | {'yes' if row['met'] else 'no'} |"
            )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", default="book/training.md", help="the page to edit")
    parser.add_argument("--venv", default=str(Path(sys.prefix)))
    parser.add_argument(
        "--keep", action="store_true", help="keep the copy (its path is printed)"
    )
    parser.add_argument(
        "--each-page", action="store_true", help="time a code-cell edit of every page"
    )
    parser.add_argument("--output", default=str(HERE / "results" / "build_time.json"))
    parser.add_argument(
        "--table", action="store_true", help="print the README's table of --output"
    )
    args = parser.parse_args()
    if args.table:
        print(markdown_table(json.loads(Path(args.output).read_text())))
        return

    folder = Path(tempfile.mkdtemp(prefix="nnscratch-build-time-"))
    copy = copy_repository(folder / "book-copy")
    page = copy / args.page
    steps = [
        ("cold", lambda: None),
        ("no change", lambda: None),
        ("markdown edit", lambda: edit_markdown(page)),
        ("code-cell edit", lambda: edit_code_cell(page)),
        ("package change", lambda: edit_package(copy)),
    ]
    record = {
        "benchmark": "build_time",
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": {
            "cpu": platform.processor() or platform.machine(),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
        },
        "load_average_before": os.getloadavg(),
        "page": args.page,
        "seconds": {},
        "executed_pages": {},
    }
    try:
        with CpuAccount() as account:
            for name, change in steps:
                change()
                seconds, pages = make_book(copy, args.venv)
                record["seconds"][name] = seconds
                record["executed_pages"][name] = pages
                goal = GOALS.get(name)
                verdict = (
                    ""
                    if goal is None
                    else (
                        f"goal at most {goal:<5} "
                        f"{'met' if seconds <= goal else 'NOT MET'}"
                    )
                )
                print(
                    f"{name:<16} {seconds:7.1f} s   {len(pages):2d} page(s) executed  "
                    f" {verdict}",
                    flush=True,
                )
            if args.each_page:
                record["code-cell edit by page"] = each_page(copy, args.venv, record)
    finally:
        if args.keep:
            print(f"copy kept in {copy}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    record["load_average_after"] = os.getloadavg()
    record["quiet"] = account.summary()
    expected = len(record["executed_pages"]["cold"])
    if len(record["executed_pages"]["package change"]) != expected:
        raise SystemExit("a change in code/ did not re-execute every page")
    print("per-page execution seconds (cold build, in parallel):")
    for name, seconds in sorted(
        record["executed_pages"]["cold"].items(), key=lambda kv: -kv[1]
    ):
        print(f"  {seconds:6.1f}  {name}")
    print(
        f"load average {record['load_average_before'][0]:.2f} before, "
        f"{record['load_average_after'][0]:.2f} after, on {os.cpu_count()} cores"
    )
    print(account.line())
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(record, indent=1) + "\n")
    print(f"wrote {output.name}")


if __name__ == "__main__":
    main()
