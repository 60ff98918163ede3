"""Offer every executed chapter as a notebook download, outputs included.

sphinx-book-theme's download menu (``use_download_button``) lists a ``.ipynb``
when the page context has ``ipynb_source``, but the theme sets it, and copies
the notebook, only when launch buttons (Binder, Colab, ...) are configured,
which this offline book has none of. This writes each notebook page's executed
notebook (myst-nb's ``<build>/jupyter_execute/<docname>.ipynb``, which keeps
its outputs on cache hits thanks to ``cached_outputs.py``) into ``_sources/``
next to the page's source, and sets ``ipynb_source``, so the menu offers the
source ``.md`` and the ``.ipynb``. The notebook holds the cells the page
shows (cells tagged ``remove-cell`` only check and glue, and are left out), so
it runs on its own, anywhere. As on the page, what a cell printed is
joined into one output per stream (``nb_merge_streams``), and cell ids are
numbered, so two builds offer the same file. A notebook with a cell that was
not executed is a warning, so the strict build fails rather than offer it.
"""

from pathlib import Path

import myst_nb.core.render as render
import nbformat
from sphinx.util import logging

logger = logging.getLogger(__name__)

# Cells the page does not show at all.
HIDDEN_TAGS = {"remove-cell"}


def executed_notebook(app, docname):
    """The executed notebook of a page, ready to download (None for a plain page)."""
    if "kernelspec" not in app.env.metadata.get(docname, {}):
        return None
    config = app.env.mystnb_config
    path = Path(config.output_folder, docname + ".ipynb")
    if not path.is_file():
        logger.warning(f"no executed notebook at {path}", location=docname)
        return None
    notebook = nbformat.read(path, as_version=4)
    # The reader gets the cells the page shows: hidden cells only check and
    # glue, and need the book's own helpers (book/booktools.py).
    notebook.cells = [
        cell
        for cell in notebook.cells
        if not HIDDEN_TAGS & set(cell.metadata.get("tags", []))
    ]
    for number, cell in enumerate(notebook.cells):
        cell.id = f"cell-{number}"
        if cell.cell_type != "code":
            continue
        if cell.get("execution_count") is None:
            logger.warning(
                f"cell {number} of the notebook offered for download was not executed",
                location=docname,
            )
        if getattr(config, "merge_streams", False):
            # looked up at call time: book/_ext/streams.py replaces it
            cell.outputs = render.coalesce_streams(cell.outputs)
    return notebook


def _offer_notebook(app, pagename, templatename, context, doctree):
    if doctree is None:
        return
    notebook = executed_notebook(app, pagename)
    if notebook is None:
        return
    target = Path(app.outdir, "_sources", pagename + ".ipynb")
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    context["ipynb_source"] = pagename + ".ipynb"


def setup(app):
    # before the theme builds its header buttons (priority 501)
    app.connect("html-page-context", _offer_notebook, priority=500)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
