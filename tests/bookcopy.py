"""Throwaway copies of the book, for tests that must break or change it."""

import os
import re
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
    for name, text in (extra_pages or {}).items():
        (destination / "book" / name).write_text(text)
    # the intro links to the API reference and cites the bibliography
    built = [*pages, "verified-equations", "api", "bibliography"]
    # Every other page of the book becomes a stub that keeps its labels, so
    # that the cross-references of the pages built still resolve.
    stubs = [page for page in book_pages() if page not in built]
    for page in stubs:
        path = destination / "book" / f"{page}.md"
        path.write_text(labels_only(path.read_text(encoding="utf-8")))
    chapters = "".join(f"  - file: book/{page}\n" for page in [*built, *stubs])
    (destination / "_toc.yml").write_text(
        f"format: jb-book\nroot: book/intro\nchapters:\n{chapters}"
    )
    return destination


def book_pages():
    """The pages under book/ that `_toc.yml` lists, but the root and the glossary.

    Without the glossary, a copy links no terms (book/_ext/terms.py).
    """
    names = re.findall(r"file: book/([\w-]+)", (ROOT / "_toc.yml").read_text())
    return [name for name in names if name not in ("intro", "glossary")]


def labels_only(text):
    """A page that holds just the labels of `text`, each with its heading."""
    lines, stub = text.splitlines(), []
    for number, line in enumerate(lines):
        if re.fullmatch(r"\([\w-]+\)=", line.strip()):
            heading = next(
                (later for later in lines[number + 1 :] if later.startswith("#")),
                "# Page",
            )
            stub += [line.strip(), heading if stub else "# " + heading.lstrip("# "), ""]
    return "\n".join(stub) or "# Page\n"


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
