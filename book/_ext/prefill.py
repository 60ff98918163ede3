"""Execute the pages Sphinx is about to read on all cores, into the execution cache.

Sphinx reads (and myst-nb executes) the pages one after another. When Sphinx
knows which pages it is about to read (``env-before-read-docs``), this
extension stages every notebook among them in jupyter-cache's project and
runs jupyter-cache's own parallel executor (``local-parallel``, one process
per core) on those that have no cache entry for their code; myst-nb then
finds their outputs in the cache. A page that fails here is left out of the
cache, so myst-nb executes it again and reports its error exactly as without
this extension: nothing is less strict. A build with nothing to read does
nothing here, and imports nothing.

Why not ``sphinx-build -j 2`` instead: Sphinx reads in parallel only when
every extension declares that it may, and two that Jupyter Book loads
(``sphinx_multitoc_numbering``, ``sphinx-mathjax-offline``) declare nothing,
so Sphinx warns and reads serially, and the strict build fails on the
warning; ``jupyter-book build`` has no ``-j`` either.
"""

from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

# jupyter-cache reads a MyST notebook with myst-nb's reader, as myst-nb does.
MYST_READER = {"name": "myst_nb_md", "type": "plugin"}


def notebook_pages(env, docnames):
    """The source files of `docnames` that are MyST notebooks, in name order."""
    from myst_nb.core.read import is_myst_markdown_notebook

    paths = (Path(env.doc2path(docname)) for docname in sorted(docnames))
    return [
        path
        for path in paths
        if path.suffix == ".md"
        and is_myst_markdown_notebook(path.read_text(encoding="utf8"))
    ]


def prefill(cache, pages, timeout):
    """Execute the `pages` the cache lacks, in parallel; returns {page: seconds}."""
    from jupyter_cache.executors import load_executor

    uris = [
        str(cache.add_nb_to_project(str(path), read_data=MYST_READER).uri)
        for path in pages
    ]
    if not cache.list_unexecuted(filter_uris=uris):
        return {}
    result = load_executor("local-parallel", cache).run_and_cache(
        filter_uris=uris, timeout=timeout
    )
    for uri in result.excepted + result.errored:
        logger.info(
            f"prefill: {uri} failed; it is executed again and its error reported"
        )
    return {
        uri: cache.get_cached_project_nb(uri).data.get("execution_seconds", 0.0)
        for uri in result.succeeded
    }


def _prefill_pages_to_read(app, env, docnames):
    if app.config.nb_execution_mode != "cache" or not docnames:
        return
    pages = notebook_pages(env, docnames)
    if not pages:
        return
    from jupyter_cache import get_cache

    seconds = prefill(
        get_cache(app.config.nb_execution_cache_path),
        pages,
        app.config.nb_execution_timeout,
    )
    root = Path(app.srcdir)
    for uri, time in sorted(seconds.items(), key=lambda item: -item[1]):
        logger.info(
            f"prefill: {Path(uri).relative_to(root).as_posix()} executed in "
            f"{time:.1f} s"
        )


def setup(app):
    app.connect("env-before-read-docs", _prefill_pages_to_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
