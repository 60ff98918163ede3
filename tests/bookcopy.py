"""Throwaway copies of the book, for tests that must break or change it."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The virtual environment running the tests builds the copies too.
VENV = Path(sys.prefix)


def make_book_copy(destination, pages, extra_pages=None):
    """A throwaway copy of the book that builds only `pages` (and the appendix).

    `extra_pages` maps a file name under book/ to its text. The copy's
    `make book` uses this checkout's virtual environment and the copy's own
    package (see `run_make_book`).
    """
    for name in [
        "_config.yml",
        "Makefile",
        "requirements.txt",
        "constraints.txt",
        "pyproject.toml",
    ]:
        shutil.copy2(ROOT / name, destination / name)
    shutil.copytree(ROOT / "book", destination / "book")
    shutil.copytree(
        ROOT / "code",
        destination / "code",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    # the chapter on speed reads the last benchmark results
    shutil.copytree(
        ROOT / "benchmarks" / "results", destination / "benchmarks" / "results"
    )
    for name, text in (extra_pages or {}).items():
        (destination / "book" / name).write_text(text)
    # the intro links to the API reference and cites the bibliography
    chapters = "".join(
        f"  - file: book/{page}\n"
        for page in [*pages, "verified-equations", "api", "bibliography"]
    )
    (destination / "_toc.yml").write_text(
        f"format: jb-book\nroot: book/intro\nchapters:\n{chapters}"
    )
    return destination


def run_make_book(copy):
    """`make book` in a copy, importing the copy's package: the CompletedProcess."""
    env = dict(os.environ, PYTHONPATH=str(copy / "code"))
    return subprocess.run(
        # SETUP= skips the set-up step: a copy must never rebuild the shared venv
        ["make", "-C", str(copy), "html", f"VENV={VENV}", "SETUP="],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def markdown_page(title, *cells):
    """A MyST notebook page with the given code cells."""
    header = (
        "---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: "
        "myst\n"
        "kernelspec:\n  display_name: Python 3\n  language: python\n  name: "
        "python3\n---\n\n"
    )
    body = "".join(f"```{{code-cell}} ipython3\n{cell}\n```\n\n" for cell in cells)
    return f"{header}# {title}\n\n{body}"
