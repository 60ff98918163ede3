"""Executed notebooks keep their outputs when they come from the cache.

myst-nb writes each page's notebook to ``_build/jupyter_execute/`` after the
page is rendered. When the outputs come from the execution cache (every page
does since ``prefill.py`` fills it before the Sphinx pass, and any page whose
code did not change), myst-nb 1.4's cache client puts the outputs into a *new*
notebook and the writer saves the original one, without outputs. The saved
notebooks are what ``tests/test_determinism.py`` compares and what a reader
downloads, so they must hold what the page shows. This extension makes the
cache client fill the original notebook in place instead.
"""

from myst_nb.core.execute.cache import NotebookClientCache

_original_start_client = NotebookClientCache.start_client


def start_client_in_place(self):
    """Run myst-nb's cache client, then copy the merged outputs into the original notebook."""
    original = self._notebook
    _original_start_client(self)
    merged = self._notebook
    if merged is not original:
        original.cells = merged.cells
        original.metadata = merged.metadata
        self._notebook = original


def setup(app):
    NotebookClientCache.start_client = start_client_in_place
    return {"parallel_read_safe": True, "parallel_write_safe": True}
