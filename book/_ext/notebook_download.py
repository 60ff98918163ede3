"""Offer every executed chapter as a notebook download, outputs included.

sphinx-book-theme's download menu (``use_download_button``) lists a ``.ipynb``
when the page context has ``ipynb_source``, but the theme sets it, and copies
the notebook, only when launch buttons (Binder, Colab, ...) are configured,
which this offline book has none of. This writes each notebook page's executed
notebook into ``_sources/`` next to the page's source and sets
``ipynb_source``, so the menu offers the source ``.md`` and the ``.ipynb``.

myst-nb writes the notebook it rendered to ``<build>/jupyter_execute/``, but
when the outputs come from the execution cache (myst-nb 1.4, execution mode
``cache``) that file is the notebook as read, without outputs. The outputs
are then merged in from the same cache myst-nb used. As on the page, what a
cell printed is joined into one output per stream (``nb_merge_streams``), and
cell ids are numbered, so two builds offer the same file.
"""

from contextlib import suppress
from pathlib import Path

import myst_nb.core.render as render
import nbformat
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _executed(notebook):
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    return all(cell.get("execution_count") is not None for cell in code)


def executed_notebook(app, docname):
    """The executed notebook of a page, or None if the page is not a notebook."""
    if "kernelspec" not in app.env.metadata.get(docname, {}):
        return None
    config = app.env.mystnb_config
    path = Path(config.output_folder, docname + ".ipynb")
    if not path.is_file():
        logger.warning(f"no executed notebook at {path}", location=docname)
        return None
    notebook = nbformat.read(path, as_version=4)
    if not _executed(notebook) and config.execution_cache_path:
        from jupyter_cache import get_cache

        with suppress(KeyError):
            _, notebook = get_cache(config.execution_cache_path).merge_match_into_notebook(notebook)
    if not _executed(notebook):
        logger.warning("the notebook offered for download has cells that were not executed", location=docname)
    for number, cell in enumerate(notebook.cells):
        cell.id = f"cell-{number}"
        if cell.cell_type == "code" and getattr(config, "merge_streams", False):
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
