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
executed again, never shown stale. To start sooner still, the early look needs
neither jupyter-cache (whose database layer takes 0.3 s to import) nor its
executor: it computes jupyter-cache's key of a page itself (``cache_key``,
checked against jupyter-cache's own in tests/test_site_extensions.py) and runs
the notebook with nbclient as jupyter-cache would.
"""

import copy
import hashlib
import json
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import nbformat
from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook
from myst_parser.config.main import MdParserConfig
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError
from sphinx.util import logging

import freshness

logger = logging.getLogger(__name__)


def read_notebook(path, md_config):
    """The page as myst-nb reads it (same cells, same metadata, same cache key)."""
    text = path.read_text(encoding="utf8")
    if not is_myst_markdown_notebook(text):
        return None
    return read_myst_markdown_notebook(text, config=md_config, add_source_map=True, path=str(path))


def cache_key(notebook):
    """jupyter-cache's key of a notebook: the MD5 of its kernelspec and code cells.

    As ``JupyterCacheBase.create_hashed_notebook`` computes it; the executed
    notebook of key ``k`` is stored as ``<cache>/executed/k/base.ipynb``.
    """
    notebook = nbformat.convert(copy.deepcopy(notebook), to_version=4)
    hashed = nbformat.from_dict({
        "nbformat": notebook.nbformat,
        "nbformat_minor": 4,
        "metadata": {k: v for k, v in notebook.metadata.items() if k == "kernelspec"},
        "cells": [{"cell_type": cell.cell_type, "source": cell.source, "metadata": dict(cell.metadata),
                   "execution_count": None, "outputs": []}
                  for cell in notebook.cells if cell.cell_type == "code"],
    })
    return hashlib.md5(nbformat.writes(hashed, nbformat.NO_CONVERT).encode()).hexdigest()


def execute(path, notebook, timeout):
    """Run one notebook in its own folder; return (path, notebook, seconds, error or None).

    What jupyter-cache's ``single_nb_execution`` does, without importing it.
    The kernel is killed once the last cell has run ("immediate"): its
    outputs are all in by then, and a graceful shutdown waits for it to exit
    on its own, 0.5 s usually and up to several seconds after a large page.
    """
    allow_errors = False
    if "execution" in notebook.metadata:
        timeout = notebook.metadata.execution.get("timeout", timeout)
        allow_errors = notebook.metadata.execution.get("allow_errors", allow_errors)
    start = time.perf_counter()
    error = None
    try:
        NotebookClient(notebook, timeout=timeout, allow_errors=allow_errors, record_timing=False,
                       resources={"metadata": {"path": str(path.parent)}},
                       shutdown_kernel="immediate").execute()
    except (CellExecutionError, CellTimeoutError) as err:
        error = f"{type(err).__name__}: {err}"
    return path, notebook, time.perf_counter() - start, error


class Prefill:
    """The pages without a cache entry, executed ``workers`` at a time into the cache."""

    def __init__(self, cache_path, md_config, timeout, workers, root):
        self.cache_path = Path(cache_path)
        self.md_config, self.timeout, self.workers, self.root = md_config, timeout, workers, root
        self.pool, self.running, self.finished, self.start = None, {}, set(), None
        self._cache = None
        # How long each page took last time, kept beside the caches of all
        # package versions: the longest pages start first, so that no long
        # page is left running alone at the end while the other cores idle.
        self.durations_file = self.cache_path.parent / "durations.json"
        try:
            self.durations = json.loads(self.durations_file.read_text())
        except (OSError, ValueError):
            self.durations = {}

    @property
    def cache(self):
        """jupyter-cache's cache, opened (and jupyter-cache imported) when first needed."""
        if self._cache is None:
            from jupyter_cache import get_cache

            self._cache = get_cache(str(self.cache_path))
        return self._cache

    def is_cached(self, notebook, quick):
        """Whether the cache holds the notebook's code: ``quick`` looks for the file only."""
        if quick:
            return (self.cache_path / "executed" / cache_key(notebook) / "base.ipynb").is_file()
        try:
            self.cache.match_cache_notebook(notebook)
        except KeyError:
            return False
        return True

    def missing(self, pages, quick):
        """(path, notebook) of the notebook pages that have no cache entry for their code.

        Pages come one at a time, so that the first can start before the others
        are read: the longest last time first, then the most recently changed.
        """
        def order(path):
            return -self.durations.get(path.relative_to(self.root).as_posix(), 0), -path.stat().st_mtime

        for path in sorted(pages, key=order):
            notebook = read_notebook(path, self.md_config)
            if notebook is not None and not self.is_cached(notebook, quick):
                yield path, notebook

    def submit(self, pages, quick=False):
        """Start executing those of ``pages`` that are neither cached nor already running."""
        submitted = 0
        pages = [p for p in pages if p not in self.running and p not in self.finished]
        for path, notebook in self.missing(pages, quick):
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
        from jupyter_cache.base import CacheBundleIn

        pages = {future: path for path, future in self.running.items()}
        for future in as_completed(pages):
            path = pages[future]
            try:
                _, notebook, seconds, error = future.result()
            except Exception as crash:  # the kernel or the worker died, not a cell
                notebook, seconds, error = None, 0.0, f"{type(crash).__name__}: {crash}"
            del self.running[path]
            self.finished.add(path)
            name = path.relative_to(self.root)
            if error is None:
                self.cache.cache_notebook_bundle(
                    CacheBundleIn(notebook, str(path), data={"execution_seconds": seconds}),
                    check_validity=False, overwrite=True,
                )
                logger.info(f"prefill: {name} executed in {seconds:.1f} s")
                self.durations[name.as_posix()] = round(seconds, 1)
            else:
                first_line = (error.splitlines() or [""])[0]
                logger.info(f"prefill: {name} failed ({first_line[:200]}); "
                            "it is executed again and its error reported")
        self.pool.shutdown()
        self.pool = None
        try:
            self.durations_file.write_text(json.dumps(self.durations, indent=1, sort_keys=True) + "\n")
        except OSError:
            pass  # only the order of the next build's pages depends on it
        logger.info(f"prefill: done in {time.perf_counter() - self.start:.1f} s")

    def cancel(self):
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None


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
    runs.submit(pages, quick=True)
    app.prefill_runs = runs


def _prefill_pages_to_read(app, env, docnames):
    runs = getattr(app, "prefill_runs", None)
    if app.config.nb_execution_mode != "cache" or (runs is None and not docnames):
        return
    root = Path(app.srcdir)
    md_config = MdParserConfig(enable_extensions=set(app.config.myst_enable_extensions))
    if runs is None or runs.cache_path != Path(app.config.nb_execution_cache_path) \
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
