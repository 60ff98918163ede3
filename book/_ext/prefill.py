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

The executions start early: when this extension is loaded (it is listed first
in ``_config.yml``), every page of ``_toc.yml`` without a cache entry starts
executing in the background, while Sphinx goes on loading the other
extensions and its saved environment (about a second). When Sphinx is about
to read, the results are stored in the cache and any page it reads that
still has no entry is executed then, as before. The early start is only a
head start: what a page shows still comes from the cache entry of its code as
myst-nb reads it, so a page run early from a different reading could only be
executed again, never shown stale.
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

import freshness

logger = logging.getLogger(__name__)


def read_notebook(path, md_config):
    """The page as myst-nb reads it (same cells, same metadata, same cache key)."""
    text = path.read_text(encoding="utf8")
    if not is_myst_markdown_notebook(text):
        return None
    return read_myst_markdown_notebook(text, config=md_config, add_source_map=True, path=str(path))


def execute(path, notebook, timeout):
    """Run one notebook in its own folder; return (path, notebook, seconds, error or None)."""
    # The kernel is killed once the last cell has run ("immediate"): its
    # outputs are all in by then, and a graceful shutdown waits for it to exit
    # on its own, 0.5 s usually and up to several seconds after a large page.
    result = single_nb_execution(notebook, cwd=str(path.parent), allow_errors=False,
                                 timeout=timeout, meta_override=True,
                                 shutdown_kernel="immediate")
    error = None if result.err is None else f"{type(result.err).__name__}: {result.err}"
    return path, notebook, result.time, error


class Prefill:
    """The pages without a cache entry, executed ``workers`` at a time into the cache."""

    def __init__(self, cache_path, md_config, timeout, workers, root):
        self.cache = get_cache(str(cache_path))
        self.md_config, self.timeout, self.workers, self.root = md_config, timeout, workers, root
        self.pool, self.running, self.finished, self.start = None, {}, set(), None

    def missing(self, pages):
        """(path, notebook) of the notebook pages that have no cache entry for their code.

        Pages come most recently changed first (the one just edited, usually),
        one at a time, so that its execution can start before the others are read.
        """
        for path in sorted(pages, key=lambda path: -path.stat().st_mtime):
            notebook = read_notebook(path, self.md_config)
            if notebook is None:
                continue
            try:
                self.cache.match_cache_notebook(notebook)
            except KeyError:
                yield path, notebook

    def submit(self, pages):
        """Start executing those of ``pages`` that are neither cached nor already running."""
        submitted = 0
        pages = [p for p in pages if p not in self.running and p not in self.finished]
        for path, notebook in self.missing(pages):
            if self.pool is None:
                self.start = time.perf_counter()
                # fork: the workers start without importing anything again
                context = multiprocessing.get_context("fork")
                self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
            self.running[path] = self.pool.submit(execute, path, notebook, self.timeout)
            submitted += 1
        if submitted:
            logger.info(f"prefill: executing {submitted} page(s) on up to {self.workers} worker(s)")

    def finish(self):
        """Wait for every execution and store the pages that ran without error."""
        if self.pool is None:
            return
        for future in as_completed(list(self.running.values())):
            path, notebook, seconds, error = future.result()
            del self.running[path]
            self.finished.add(path)
            name = path.relative_to(self.root)
            if error is None:
                self.cache.cache_notebook_bundle(
                    CacheBundleIn(notebook, str(path), data={"execution_seconds": seconds}),
                    check_validity=False, overwrite=True,
                )
                logger.info(f"prefill: {name} executed in {seconds:.1f} s")
            else:
                logger.info(f"prefill: {name} failed ({error.splitlines()[0][:120]}); "
                            "it is executed again and its error reported")
        self.pool.shutdown()
        self.pool = None
        logger.info(f"prefill: done in {time.perf_counter() - self.start:.1f} s")

    def cancel(self):
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None


def prefill(pages, cache_path, md_config, timeout, workers, root):
    """Execute the pages without a cache entry, ``workers`` at a time, into the cache."""
    runs = Prefill(cache_path, md_config, timeout, workers, root)
    runs.submit(pages)
    runs.finish()


def _raw_config(app, name, default):
    """A configuration value before the configuration is initialised (None if unsure)."""
    overrides = getattr(app.config, "_overrides", {})
    raw = getattr(app.config, "_raw_config", {})
    return overrides.get(name, raw.get(name, default))


def _toc_pages(root, toc):
    """The ``.md`` files of the pages listed in the table of contents."""
    from sphinx_external_toc.parsing import parse_toc_yaml

    site_map = parse_toc_yaml(root / toc)
    return [root / f"{docname}.md" for docname in sorted(site_map) if (root / f"{docname}.md").is_file()]


def _start_early(app):
    """Start executing the table of contents' uncached pages while Sphinx starts up."""
    if _raw_config(app, "nb_execution_mode", None) != "cache":
        return
    root = Path(app.srcdir)
    try:
        pages = _toc_pages(root, _raw_config(app, "external_toc_path", None) or "_toc.yml")
    except Exception as error:  # no early start; the pages are executed when read
        logger.info(f"prefill: no early start ({type(error).__name__}: {error})")
        return
    # Sphinx reads again the pages changed since it saved its environment, and
    # every page when the package changed (a new cache folder). Only those are
    # worth a look now: an unchanged book costs no reading of its pages here.
    cache_path = freshness.cache_path(Path(app.outdir).parent)
    saved = Path(app.doctreedir, "environment.pickle")
    if cache_path.is_dir() and saved.is_file():
        pages = [path for path in pages if path.stat().st_mtime >= saved.stat().st_mtime]
    if not pages:
        return
    md_config = MdParserConfig(enable_extensions=set(_raw_config(app, "myst_enable_extensions", [])))
    runs = Prefill(cache_path, md_config,
                   _raw_config(app, "nb_execution_timeout", 30), os.cpu_count() or 1, root)
    runs.submit(pages)
    app.prefill_runs = runs


def _prefill_pages_to_read(app, env, docnames):
    runs = getattr(app, "prefill_runs", None)
    if app.config.nb_execution_mode != "cache" or (runs is None and not docnames):
        return
    root = Path(app.srcdir)
    md_config = MdParserConfig(enable_extensions=set(app.config.myst_enable_extensions))
    if runs is None or runs.cache.path != Path(app.config.nb_execution_cache_path) \
            or runs.md_config != md_config:
        if runs is not None:  # started from a different reading of the configuration
            runs.finish()
        runs = app.prefill_runs = Prefill(app.config.nb_execution_cache_path, md_config,
                                          app.config.nb_execution_timeout, os.cpu_count() or 1, root)
    pages = [Path(env.doc2path(name)) for name in sorted(docnames)]
    runs.submit([p for p in pages if p.suffix == ".md"])
    runs.finish()


def _cancel(app, exception):
    runs = getattr(app, "prefill_runs", None)
    if runs is not None:
        runs.cancel()


def setup(app):
    app.connect("env-before-read-docs", _prefill_pages_to_read)
    app.connect("build-finished", _cancel)
    _start_early(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
