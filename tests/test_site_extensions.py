"""The book's own Sphinx extensions for the site (book/_ext), without a build.

`notebook_download` offers the executed notebook as the page shows it, and
warns (failing the strict build) about a cell that was not executed;
`static_files` must notice an edited style sheet; `prefill` must compute
jupyter-cache's own key of a page.
"""

import sys
from types import SimpleNamespace

import pytest

pytest.importorskip("myst_nb", reason="the book's packages (make setup)")
import myst_nb.core.render  # noqa: E402
import nbformat  # noqa: E402

from bookcopy import ROOT  # noqa: E402

sys.path.insert(0, str(ROOT / "book" / "_ext"))
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


@pytest.mark.parametrize("page", ["training", "api"])
def test_prefill_computes_jupyter_caches_key_of_a_page(page, tmp_path):
    """The early start finds a page in the cache by this key: it must be jupyter-cache's."""
    from jupyter_cache import get_cache
    from myst_parser.config.main import MdParserConfig

    md_config = MdParserConfig(
        enable_extensions={"amsmath", "dollarmath", "colon_fence"}
    )
    notebook = prefill.read_notebook(ROOT / "book" / f"{page}.md", md_config)
    if notebook is None:  # a plain page: make a notebook with a cell of metadata
        notebook = nbformat.v4.new_notebook(
            metadata={
                "kernelspec": {"name": "python3", "display_name": "Python 3"},
                "other": 1,
            }
        )
        notebook.cells = [
            nbformat.v4.new_markdown_cell("text"),
            nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["remove-cell"]}),
        ]
    _, expected = get_cache(str(tmp_path)).create_hashed_notebook(notebook)
    assert prefill.cache_key(notebook) == expected
    edited = nbformat.from_dict(notebook)
    next(
        cell for cell in edited.cells if cell.cell_type == "code"
    ).source += "\n# edited"
    assert prefill.cache_key(edited) != expected


def _kernel_died(path, notebook, timeout):
    raise RuntimeError("Kernel died before replying to kernel_info")


def test_prefill_leaves_a_page_whose_kernel_died_to_myst_nb(tmp_path, monkeypatch):
    """Not a cell's error but a dead kernel or worker: the page is not cached, and the build goes on
    (myst-nb then executes the page itself and reports any error)."""
    from myst_parser.config.main import MdParserConfig

    page = tmp_path / "page.md"
    page.write_text(
        "---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n"
        "kernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n---\n\n"
        "# A page\n\n```{code-cell} ipython3\nx = 1\n```\n"
    )
    monkeypatch.setattr(prefill, "execute", _kernel_died)
    md_config = MdParserConfig(
        enable_extensions={"amsmath", "dollarmath", "colon_fence"}
    )
    runs = prefill.Prefill(tmp_path / "cache", md_config, 30, 1, tmp_path)
    runs.submit([page], quick=True)
    runs.finish()
    assert runs.finished == {page} and not runs.running
    assert not runs.is_cached(prefill.read_notebook(page, md_config), quick=False)
