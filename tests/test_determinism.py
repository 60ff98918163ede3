"""Two builds give the same book: every executed cell's outputs compared.

The site `make book` built for this test run is compared with a cold build of
a throwaway copy of the whole book. Cells tagged `timing` (their output is a
measurement of this machine) are skipped; paths of the two checkouts are
folded to one placeholder.
"""

import json
import sys

import pytest

yaml = pytest.importorskip("yaml", reason="the book's packages (make setup)")

from bookcopy import ROOT, make_book_copy, run_make_book

sys.path.insert(0, str(ROOT / "book" / "_ext"))
# The kernel flushes what a cell prints on a timer, so a slow cell's printed
# lines may arrive as one stream output or as two; the build joins them before
# rendering (book/_ext/streams.py), and so does this comparison.
from streams import join_streams  # noqa: E402

pytestmark = pytest.mark.slow


def toc_pages():
    """Every chapter page of _toc.yml (the copy adds the intro and the appendix)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [
        entry["file"] for part in toc.get("parts", []) for entry in part["chapters"]
    ]
    appendix = {
        "book/verified-equations",
        "book/seed-map",
        "book/execution-statistics",
        "book/api",
        "book/bibliography",
        "book/glossary",
        "genindex",
    }
    return [page.removeprefix("book/") for page in pages if page not in appendix]


def executed_outputs(build_dir, root):
    """{notebook: [(cell index, outputs)]} of every executed page, less timing cells."""
    result = {}
    for notebook in sorted((build_dir / "jupyter_execute").rglob("*.ipynb")):
        cells = json.loads(notebook.read_text())["cells"]
        outputs = []
        for index, cell in enumerate(cells):
            if cell["cell_type"] != "code" or "timing" in cell.get("metadata", {}).get(
                "tags", []
            ):
                continue
            outputs_joined = join_streams(cell.get("outputs", []))
            text = json.dumps(outputs_joined, sort_keys=True).replace(
                str(root), "<ROOT>"
            )
            outputs.append((index, text))
        result[notebook.relative_to(build_dir).as_posix()] = outputs
    return result


def differing_cells(ours, theirs):
    """[(notebook, cell index)] whose outputs differ (theirs must all be in ours)."""
    differences = []
    for notebook, cells in theirs.items():
        mine = dict(ours.get(notebook, []))
        differences += [
            (notebook, index) for index, text in cells if mine.get(index) != text
        ]
    return differences


def test_two_builds_give_identical_outputs(site, tmp_path):
    copy = make_book_copy(tmp_path, toc_pages())
    result = run_make_book(copy)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

    ours = executed_outputs(ROOT / "_build", ROOT)
    theirs = executed_outputs(copy / "_build", copy)
    assert len(theirs) >= len(toc_pages())
    # Not vacuous: every executed notebook holds outputs (book/_ext/cached_outputs.py).
    for build in (ours, theirs):
        assert all(
            any(text != "[]" for _, text in cells) for cells in build.values()
        ), build.keys()
    assert differing_cells(ours, theirs) == []

    # The comparison itself can fail: one changed output is found.
    notebook = sorted(theirs)[-1]
    index, text = theirs[notebook][-1]
    theirs[notebook][-1] = (index, text + " ")
    assert differing_cells(ours, theirs) == [(notebook, index)]


def test_stream_pieces_are_joined_before_comparing():
    pieces = [
        {"name": "stdout", "output_type": "stream", "text": ["a\n", "b\n"]},
        {"name": "stdout", "output_type": "stream", "text": ["c\n"]},
    ]
    whole = [{"name": "stdout", "output_type": "stream", "text": "a\nb\nc\n"}]
    assert join_streams(pieces) == join_streams(whole) == whole
