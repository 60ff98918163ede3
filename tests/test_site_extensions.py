"""The book's own Sphinx extensions for the site (book/_ext), without a build.

`notebook_download` must offer an executed notebook even when myst-nb wrote
the notebook without outputs (it does when they come from its cache);
`static_files` must notice an edited style sheet.
"""

import sys
from types import SimpleNamespace

import myst_nb.core.render
import nbformat
import pytest

from sitecheck import ROOT, is_notebook, toc_pages

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import notebook_download  # noqa: E402
import static_files  # noqa: E402
import streams  # noqa: E402

NOTEBOOKS = [docname for docname in toc_pages() if is_notebook(docname)]


def fake_app(**config):
    env = SimpleNamespace(metadata={}, mystnb_config=SimpleNamespace(**config))
    return SimpleNamespace(env=env)


@pytest.mark.skipif(not NOTEBOOKS, reason="no notebook page in the book")
def test_outputs_missing_from_the_written_notebook_come_from_the_cache(site, tmp_path, monkeypatch):
    docname = NOTEBOOKS[0]
    offered = nbformat.read(site / "_sources" / f"{docname}.ipynb", as_version=4)
    # what myst-nb writes when the outputs come from its cache: the notebook as read
    as_read = nbformat.from_dict(offered)
    for cell in as_read.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    written = tmp_path / f"{docname}.ipynb"
    written.parent.mkdir(parents=True)
    nbformat.write(as_read, written)

    # printed output joined as the build joins it (book/_ext/streams.py)
    monkeypatch.setattr(myst_nb.core.render, "coalesce_streams", streams.join_streams_exactly)
    # the execution cache of this build (wherever the configuration put it under _build)
    caches = sorted(db.parent for db in site.parent.rglob("global.db"))
    if not caches:
        pytest.skip("the build used no execution cache")
    merged = None
    for cache in caches:
        app = fake_app(output_folder=str(tmp_path), execution_cache_path=str(cache), merge_streams=True)
        app.env.metadata[docname] = {"kernelspec": offered.metadata.kernelspec}
        merged = notebook_download.executed_notebook(app, docname)
        if merged == offered:
            break

    assert merged == offered
    assert [cell.id for cell in merged.cells] == [f"cell-{i}" for i in range(len(merged.cells))]


def test_a_plain_page_offers_no_notebook(tmp_path):
    app = fake_app(output_folder=str(tmp_path), execution_cache_path=None)
    app.env.metadata["book/plain"] = {}
    assert notebook_download.executed_notebook(app, "book/plain") is None


def test_an_edited_static_file_is_noticed(tmp_path):
    source, out = tmp_path / "book" / "_static", tmp_path / "_build" / "html"
    source.mkdir(parents=True)
    (source / "book.css").write_text("p { color: black; }")
    app = SimpleNamespace(outdir=str(out), confdir=str(tmp_path), config=SimpleNamespace(html_static_path=["book/_static"]))

    assert static_files.stale_static_files(app) == [source / "book.css"]  # never copied
    (out / "_static").mkdir(parents=True)
    (out / "_static" / "book.css").write_text("p { color: black; }")
    assert static_files.stale_static_files(app) == []
    (source / "book.css").write_text("p { color: navy; }")
    assert static_files.stale_static_files(app) == [source / "book.css"]
