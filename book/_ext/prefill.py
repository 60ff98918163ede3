"""Execute the pages Sphinx is about to read on all cores, into the execution cache.

Sphinx reads (and myst-nb executes) the pages one after another. When Sphinx
knows which pages it is about to read (``env-before-read-docs``), this
extension stages every notebook among them in jupyter-cache's project and
starts executing those that have no cache entry for their code with
jupyter-cache's own worker, one process per core. Sphinx, meanwhile, reads
the other pages, then the executed ones in the order they are executed,
each as soon as its outputs are in the cache (``source-read`` waits for
it), where myst-nb finds them. A page that fails here is left out of the
cache, so myst-nb executes it again and reports its error exactly as
without this extension: nothing is less strict. A build with nothing to
read does nothing here, and imports nothing.

Why not jupyter-cache's ``local-parallel`` executor as it is: it hands the
pages to ``Pool.map``, which deals them out three at a time in name order,
so one process can be left with the two pages that train longest while the
other idles (a cold build of the book took 20 s longer). Here each process
takes the next page when it is free, the longest first: the time an earlier
version of the page took, from the cache, and for a page never executed its
place in the book, the last chapters first, since they train the most.

Why not ``sphinx-build -j 2`` instead: Sphinx reads in parallel only when
every extension declares that it may, and two that Jupyter Book loads
(``sphinx_multitoc_numbering``, ``sphinx-mathjax-offline``) declare nothing,
so Sphinx warns and reads serially, and the strict build fails on the
warning; ``jupyter-book build`` has no ``-j`` either.
"""

import math
import multiprocessing
import os
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

# jupyter-cache reads a MyST notebook with myst-nb's reader, as myst-nb does.
MYST_READER = {"name": "myst_nb_md", "type": "plugin"}

# The environment of every kernel started here: one thread for the matrix
# products (OpenBLAS, and OpenMP where a library uses it). Two pages execute
# side by side on two cores, and a library with two threads of its own keeps
# them spinning between products, taking the processor from the other page: a
# cold build spent 201 s of processor time with them and 130 s without, and
# took 111 s instead of 73. A page alone is no slower with one thread, and its
# outputs then do not depend on how many pages executed beside it. (The
# chapters that multiply large matrices already ask for one thread.)
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}


def notebook_pages(env, docnames):
    """The source files of `docnames` that are MyST notebooks, in the book's order.

    The order is the table of contents' (sphinx-external-toc's site map);
    pages it does not list come last, in name order.
    """
    from myst_nb.core.read import is_myst_markdown_notebook

    book = list(getattr(env, "external_site_map", None) or [])
    place = {docname: number for number, docname in enumerate(book)}
    ordered = sorted(docnames, key=lambda name: (place.get(name, len(book)), name))
    paths = (Path(env.doc2path(docname)) for docname in ordered)
    return [
        path
        for path in paths
        if path.suffix == ".md"
        and is_myst_markdown_notebook(path.read_text(encoding="utf8"))
    ]


def longest_first(cache, pages):
    """`pages` (in the book's order) in the order to execute them.

    First the pages never executed, in the reverse of the book's order; then
    the others, by the seconds their newest cached version took, longest
    first.
    """
    seconds = {}
    for record in sorted(cache.list_cache_records(), key=lambda r: r.pk):
        seconds[record.uri] = record.data.get("execution_seconds", 0.0)
    ordered = list(reversed(pages))
    return sorted(ordered, key=lambda path: -seconds.get(str(path), math.inf))


def _one_thread_per_kernel():
    """In each pool process, so that the kernels it starts inherit `ONE_THREAD`."""
    os.environ.update(ONE_THREAD)


def _execute(data):
    """Execute one page (`data`: jupyter-cache's ``ProcessData``) in a pool process.

    This is jupyter-cache's own worker, except that each kernel is stopped at
    once when its page is done, since every output has been received by then.
    Its graceful stop asks the kernel to exit and waits until it has: 0.2 s a
    page at best, and 2.6 s when the page turned warnings into errors (the
    kernel's exit then raises ipykernel's PendingDeprecationWarning, so it is
    killed after a wait); about one stop in six took 3.3 s here in any case.
    """
    from jupyter_cache.executors.basic import ExecutionWorkerLocalMProc
    from jupyter_cache.executors.utils import single_nb_execution

    class Worker(ExecutionWorkerLocalMProc):
        @staticmethod
        def execute(project_nb, data):
            return single_nb_execution(
                project_nb.nb,
                cwd=str(Path(project_nb.uri).parent),
                timeout=data.timeout,
                allow_errors=data.allow_errors,
                shutdown_kernel="immediate",
            )

    return Worker()(data)


class Prefill:
    """The `pages` the cache lacks, executing in the background, one per core.

    `pages` are in the order of the book; `order` is the order in which they
    are executed (see `longest_first`), and `wait(path)` returns once a page
    is done (0 if it succeeded), so that Sphinx can read each page as soon as
    its outputs are in the cache while the others still execute.
    """

    def __init__(self, cache, pages, timeout):
        from jupyter_cache.executors.basic import JupyterExecutorLocalMproc, ProcessData

        self.cache, self.results, self.statuses, self.pool = cache, {}, {}, None
        self.order = []
        executor = JupyterExecutorLocalMproc(cache)
        # Staging reads each page (0.1 s): each starts as soon as it is staged.
        for path in longest_first(cache, pages):
            uri = str(cache.add_nb_to_project(str(path), read_data=MYST_READER).uri)
            for record in executor.get_records(filter_uris=[uri]):  # not cached
                if self.pool is None:
                    self.pool = multiprocessing.Pool(
                        min(os.cpu_count() or 1, len(pages)),
                        initializer=_one_thread_per_kernel,
                    )
                data = ProcessData(record.pk, record.uri, cache, timeout, False)
                self.results[path] = self.pool.apply_async(_execute, (data,))
                self.order.append(path)

    def wait(self, path):
        """Block until page `path` has executed; its status (0: cached)."""
        path = Path(path)
        if path not in self.statuses:
            self.statuses[path], uri = self.results[path].get()
            if self.statuses[path] != 0:
                logger.info(
                    f"prefill: {uri} failed; it is executed again and its error "
                    "reported"
                )
        return self.statuses[path]

    def close(self):
        """Wait for every page; {page: seconds} of those that succeeded."""
        statuses = {path: self.wait(path) for path in self.results}
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
        return {
            path: self.cache.get_cached_project_nb(str(path)).data.get(
                "execution_seconds", 0.0
            )
            for path, status in statuses.items()
            if status == 0
        }


def prefill(cache, pages, timeout):
    """Execute the `pages` the cache lacks, in parallel; returns {page: seconds}.

    `pages` are in the order of the book.
    """
    return {
        str(path): time for path, time in Prefill(cache, pages, timeout).close().items()
    }


def _prefill_pages_to_read(app, env, docnames):
    """Start executing the notebooks among `docnames`; read them in that order.

    Sphinx lets this event reorder `docnames` in place: first the pages that
    need no execution, then the others in the order they are executed.
    """
    app.env.nnscratch_prefill = None
    if app.config.nb_execution_mode != "cache" or not docnames:
        return
    pages = notebook_pages(env, docnames)
    if not pages:
        return
    from jupyter_cache import get_cache

    running = Prefill(
        get_cache(app.config.nb_execution_cache_path),
        pages,
        app.config.nb_execution_timeout,
    )
    app.env.nnscratch_prefill = running
    place = {path: number for number, path in enumerate(running.order)}
    docnames.sort(key=lambda name: place.get(Path(env.doc2path(name)), -1))


def _wait_for_page(app, docname, source):
    running = getattr(app.env, "nnscratch_prefill", None)
    path = Path(app.env.doc2path(docname))
    if running is not None and path in running.results:
        running.wait(path)


def _report(app, env):
    running = getattr(env, "nnscratch_prefill", None)
    if running is None:
        return []
    env.nnscratch_prefill = None
    seconds = running.close()
    root = Path(app.srcdir)
    for path, time in sorted(seconds.items(), key=lambda item: -item[1]):
        logger.info(
            f"prefill: {path.relative_to(root).as_posix()} executed in {time:.1f} s"
        )
    return []


def setup(app):
    app.connect("env-before-read-docs", _prefill_pages_to_read)
    app.connect("source-read", _wait_for_page)
    app.connect("env-updated", _report)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
