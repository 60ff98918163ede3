"""Executed notebooks keep their outputs when they come from the cache.

myst-nb writes each page's notebook to ``_build/jupyter_execute/`` after the
page is rendered. When the outputs come from the execution cache (every page
does since ``prefill.py`` fills it before the Sphinx pass, and any page whose
code did not change), myst-nb 1.4's cache client puts the outputs into a *new*
notebook (``_, self._notebook = cache.merge_match_into_notebook(...)`` in
``NotebookClientCache.start_client``,
https://github.com/executablebooks/MyST-NB/blob/v1.4.0/myst_nb/core/execute/cache.py#L37)
and the parser then saves the notebook it read, without outputs
(``nbformat.writes(notebook)`` in ``Parser.parse``,
https://github.com/executablebooks/MyST-NB/blob/v1.4.0/myst_nb/sphinx_.py#L183).
The saved notebooks are what ``tests/test_determinism.py`` compares and what a
reader downloads, so they must hold what the page shows. This extension makes
the cache client fill the original notebook in place instead. Written for
myst-nb 1.4.0: another version stops the build (``myst_nb_version.py``).
"""

from myst_nb.core.execute.cache import NotebookClientCache

import myst_nb_version

_original_start_client = NotebookClientCache.start_client


def start_client_in_place(self):
    """Run myst-nb's cache client, then copy the merged outputs into the original."""
    original = self.notebook
    _original_start_client(self)
    merged = self.notebook
    if merged is not original:
        # the notebook myst-nb renders and the one it saves now hold the same cells
        original.cells = merged.cells
        original.metadata = merged.metadata


def setup(app):
    myst_nb_version.require("cached_outputs")
    NotebookClientCache.start_client = start_client_in_place
    return {"parallel_read_safe": True, "parallel_write_safe": True}
