"""Fill the execution cache on all cores before Sphinx reads the pages.

Sphinx reads (and myst-nb executes) the pages one after another. This
extension runs first, when Sphinx knows which pages it is about to read
(``env-before-read-docs``): every one of them that is a notebook without a
cache entry for its current code (and package version, see freshness.py) is
executed, several at once, and stored in the cache that myst-nb then reads.
A page that fails here is left out of the cache, so myst-nb executes it again
and reports its error exactly as without this extension: nothing is less
strict. A build with nothing to read does nothing here.

It runs inside the Sphinx process, so an unchanged book costs no second
Python start-up with its imports of jupyter-cache and myst-nb.
"""

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution
from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook
from myst_parser.config.main import MdParserConfig
from sphinx.util import logging

logger = logging.getLogger(__name__)


def read_notebook(path, md_config):
    """The page as myst-nb reads it (same cells, same metadata, same cache key)."""
    text = path.read_text(encoding="utf8")
    if not is_myst_markdown_notebook(text):
        return None
    return read_myst_markdown_notebook(text, config=md_config, add_source_map=True, path=str(path))


def execute(path, notebook, timeout):
    """Run one notebook in its own folder; return (path, notebook, seconds, error or None)."""
    result = single_nb_execution(notebook, cwd=str(path.parent), allow_errors=False,
                                 timeout=timeout, meta_override=True)
    error = None if result.err is None else f"{type(result.err).__name__}: {result.err}"
    return path, notebook, result.time, error


def prefill(pages, cache_path, md_config, timeout, workers, root):
    """Execute the pages without a cache entry, ``workers`` at a time, into the cache."""
    cache = get_cache(str(cache_path))
    todo = []
    for path in pages:
        notebook = read_notebook(path, md_config)
        if notebook is None:
            continue
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            todo.append((path, notebook))
    if not todo:
        return
    workers = max(1, min(workers, len(todo)))
    logger.info(f"prefill: executing {len(todo)} page(s) on {workers} worker(s)")
    start = time.perf_counter()
    # fork: the workers start without importing anything again
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(execute, path, notebook, timeout) for path, notebook in todo]
        for future in as_completed(futures):
            path, notebook, seconds, error = future.result()
            name = path.relative_to(root)
            if error is None:
                cache.cache_notebook_bundle(
                    CacheBundleIn(notebook, str(path), data={"execution_seconds": seconds}),
                    check_validity=False, overwrite=True,
                )
                logger.info(f"prefill: {name} executed in {seconds:.1f} s")
            else:
                logger.info(f"prefill: {name} failed ({error.splitlines()[0][:120]}); "
                            "it is executed again and its error reported")
    logger.info(f"prefill: done in {time.perf_counter() - start:.1f} s")


def _prefill_pages_to_read(app, env, docnames):
    if app.config.nb_execution_mode != "cache" or not docnames:
        return
    root = Path(app.srcdir)
    pages = [Path(env.doc2path(name)) for name in sorted(docnames)]
    md_config = MdParserConfig(enable_extensions=set(app.config.myst_enable_extensions))
    prefill([p for p in pages if p.suffix == ".md"], app.config.nb_execution_cache_path,
            md_config, app.config.nb_execution_timeout, os.cpu_count() or 1, root)


def setup(app):
    app.connect("env-before-read-docs", _prefill_pages_to_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
