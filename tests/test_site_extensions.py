"""The book's own Sphinx extensions for the site (book/_ext), without a build.

`notebook_download` offers the executed notebook as the page shows it, and
warns (failing the strict build) about a cell that was not executed;
`static_files` must notice an edited style sheet; `prefill` must stage each
page under the cache key myst-nb looks up; `collector` keeps the garbage
collector off the objects that live as long as the build.
"""

import gc
import sys
from types import SimpleNamespace

import pytest

pytest.importorskip("myst_nb", reason="the book's packages (make setup)")
import myst_nb.core.render  # noqa: E402
import nbformat  # noqa: E402

from bookcopy import ROOT, markdown_page  # noqa: E402
from sitecheck import is_notebook, toc_pages  # noqa: E402

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import collector  # noqa: E402
import freshness  # noqa: E402
import notebook_download  # noqa: E402
import prefill  # noqa: E402
import static_files  # noqa: E402
import streams  # noqa: E402


def fake_app(**config):
    env = SimpleNamespace(metadata={}, mystnb_config=SimpleNamespace(**config))
    return SimpleNamespace(env=env)


def _write_notebook(folder, docname, *cells):
    notebook = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {
                "name": "python3",
                "display_name": "Python 3",
                "language": "python",
            }
        }
    )
    notebook.cells = list(cells)
    path = folder / f"{docname}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return notebook


def test_the_offered_notebook_joins_printed_pieces_and_numbers_its_cells(
    tmp_path, monkeypatch
):
    printed = nbformat.v4.new_code_cell(
        "print(1); print(2)",
        execution_count=1,
        outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="1\n"),
            nbformat.v4.new_output("stream", name="stdout", text="2\n"),
        ],
    )
    _write_notebook(
        tmp_path, "book/chapter", nbformat.v4.new_markdown_cell("# A chapter"), printed
    )
    # printed output joined as the build joins it (book/_ext/streams.py)
    monkeypatch.setattr(
        myst_nb.core.render, "coalesce_streams", streams.join_streams_exactly
    )
    app = fake_app(output_folder=str(tmp_path), merge_streams=True)
    app.env.metadata["book/chapter"] = {"kernelspec": {"name": "python3"}}

    offered = notebook_download.executed_notebook(app, "book/chapter")

    nbformat.validate(offered)
    assert [cell.id for cell in offered.cells] == ["cell-0", "cell-1"]
    assert [(o.name, o.text) for o in offered.cells[1].outputs] == [
        ("stdout", "1\n2\n")
    ]


def test_an_unexecuted_cell_in_the_offered_notebook_is_a_warning(tmp_path, caplog):
    _write_notebook(tmp_path, "book/chapter", nbformat.v4.new_code_cell("1 + 1"))
    app = fake_app(output_folder=str(tmp_path), merge_streams=True)
    app.env.metadata["book/chapter"] = {"kernelspec": {"name": "python3"}}

    notebook_download.executed_notebook(app, "book/chapter")

    assert any(
        "was not executed" in record.getMessage()
        for record in caplog.records
        if record.levelname == "WARNING"
    )


def test_a_plain_page_offers_no_notebook(tmp_path):
    app = fake_app(output_folder=str(tmp_path))
    app.env.metadata["book/plain"] = {}
    assert notebook_download.executed_notebook(app, "book/plain") is None


def test_an_edited_static_file_is_noticed(tmp_path):
    source, out = tmp_path / "book" / "_static", tmp_path / "_build" / "html"
    source.mkdir(parents=True)
    (source / "book.css").write_text("p { color: black; }")
    app = SimpleNamespace(
        outdir=str(out),
        confdir=str(tmp_path),
        config=SimpleNamespace(html_static_path=["book/_static"]),
    )

    assert static_files.stale_static_files(app) == [source / "book.css"]  # never copied
    (out / "_static").mkdir(parents=True)
    (out / "_static" / "book.css").write_text("p { color: black; }")
    assert static_files.stale_static_files(app) == []
    (source / "book.css").write_text("p { color: navy; }")
    assert static_files.stale_static_files(app) == [source / "book.css"]


BOOK_MYST = {
    "amsmath",
    "dollarmath",
    "colon_fence",
}  # _config.yml's myst_enable_extensions


def _page(folder, name, *cells):
    page = folder / f"{name}.md"
    page.write_text(markdown_page(name, *cells))
    return page


@pytest.mark.parametrize("docname", [page for page in toc_pages() if is_notebook(page)])
def test_prefill_stages_a_page_under_the_key_myst_nb_looks_up(docname, tmp_path):
    """One cache key for a page, whoever reads it.

    jupyter-cache reads a page with myst-nb's reader plugin, myst-nb with the
    book's configuration: a different key would waste the prefill.
    """
    from jupyter_cache import get_cache
    from myst_nb.core.read import read_myst_markdown_notebook
    from myst_parser.config.main import MdParserConfig

    path = ROOT / f"{docname}.md"
    cache = get_cache(str(tmp_path))
    staged = cache.get_project_notebook(
        cache.add_nb_to_project(str(path), read_data=prefill.MYST_READER).pk
    ).nb
    as_myst_nb_reads = read_myst_markdown_notebook(
        path.read_text(encoding="utf8"),
        config=MdParserConfig(enable_extensions=BOOK_MYST),
        add_source_map=True,
        path=str(path),
    )
    _, staged_key = cache.create_hashed_notebook(staged)
    _, build_key = cache.create_hashed_notebook(as_myst_nb_reads)
    assert staged_key == build_key


@pytest.mark.slow
def test_prefill_caches_what_ran_and_leaves_a_failing_page_to_myst_nb(tmp_path):
    """A page whose cell raises is not cached (myst-nb executes it again and reports
    the error); the page that ran is, and a second prefill executes nothing."""
    from jupyter_cache import get_cache

    good = _page(tmp_path, "good", "x = 6 * 7\nprint(x)")
    bad = _page(tmp_path, "bad", "raise RuntimeError('this cell fails')")
    cache = get_cache(str(tmp_path / "cache"))

    seconds = prefill.prefill(cache, [bad, good], timeout=60)

    assert list(seconds) == [str(good)]
    assert cache.get_cached_project_nb(str(good)) is not None
    assert cache.get_cached_project_nb(str(bad)) is None
    assert prefill.prefill(cache, [good], timeout=60) == {}


@pytest.mark.slow
def test_prefill_executes_the_longest_pages_first(tmp_path):
    """Pages never executed go in the reverse of the book's order (the last
    chapters train the most); the rest by what their last version took."""
    from jupyter_cache import get_cache

    quick = _page(tmp_path, "quick", "x = 1")
    slow = _page(tmp_path, "slow", "import time\ntime.sleep(4)")
    cache = get_cache(str(tmp_path / "cache"))
    assert prefill.longest_first(cache, [quick, slow]) == [slow, quick]

    seconds = prefill.prefill(cache, [quick, slow], timeout=60)
    assert seconds.keys() == {str(quick), str(slow)}
    assert seconds[str(slow)] > seconds[str(quick)], seconds
    for page, cell in ((quick, "x = 2"), (slow, "import time\ntime.sleep(5)")):
        page.write_text(markdown_page(page.stem, cell))
    assert prefill.longest_first(cache, [slow, quick]) == [slow, quick]
    assert prefill.longest_first(cache, [quick, slow]) == [slow, quick]


@pytest.mark.slow
def test_prefill_gives_each_kernel_one_thread_for_matrix_products(tmp_path):
    """Two pages side by side on two cores: extra threads only take the other's."""
    from jupyter_cache import get_cache

    cell = (
        "import os\n"
        "print(os.environ['OPENBLAS_NUM_THREADS'], os.environ['OMP_NUM_THREADS'])"
    )
    page = _page(tmp_path, "threads", cell)
    cache = get_cache(str(tmp_path / "cache"))

    assert list(prefill.prefill(cache, [page], timeout=60)) == [str(page)]
    cached = cache.get_cache_bundle(cache.get_cached_project_nb(str(page)).pk).nb
    code = [c for c in cached.cells if c.cell_type == "code"]
    assert code[0].outputs[0]["text"] == "1 1\n"


def test_prefill_stops_each_kernel_at_once(tmp_path, monkeypatch):
    """Every output is in by then; a graceful stop waits for the kernel to exit."""
    from jupyter_cache import get_cache
    from jupyter_cache.executors import utils
    from jupyter_cache.executors.basic import ProcessData

    page = _page(tmp_path, "page", "x = 1")
    cache = get_cache(str(tmp_path / "cache"))
    record = cache.add_nb_to_project(str(page), read_data=prefill.MYST_READER)
    options = {}

    def execute(nb, **kwargs):
        options.update(kwargs)
        raise RuntimeError("not executed here")

    monkeypatch.setattr(utils, "single_nb_execution", execute)
    data = ProcessData(record.pk, record.uri, cache, 60, False)
    assert prefill._execute(data) == (2, str(page))
    assert options["shutdown_kernel"] == "immediate"
    assert options["cwd"] == str(tmp_path)


def test_the_collector_spares_what_lives_as_long_as_the_build():
    handlers = {}
    app = SimpleNamespace(
        connect=lambda event, handler: handlers.setdefault(event, handler)
    )
    thresholds = gc.get_threshold()
    try:
        collector.setup(app)
        assert gc.get_threshold()[0] == collector.YOUNG_THRESHOLD > thresholds[0]
        assert gc.get_threshold()[1:] == thresholds[1:]
        frozen = gc.get_freeze_count()
        handlers["builder-inited"](app)
        assert gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def test_the_execution_cache_is_keyed_on_the_chapter_helpers_too(tmp_path):
    """The hidden cells import book/booktools.py: a change there re-executes."""
    (tmp_path / "booktools.py").write_text("def glue_count(): ...\n")
    before = freshness.cache_path(tmp_path / "_build", tmp_path)
    assert before == freshness.cache_path(tmp_path / "_build", tmp_path)
    (tmp_path / "booktools.py").write_text("def glue_count(): return 1\n")
    assert freshness.cache_path(tmp_path / "_build", tmp_path) != before
    assert before.parent == (tmp_path / "_build" / ".jupyter_cache").resolve()
