"""book/_ext/streams.py: printed output does not depend on how the kernel split it.

And the two patches of myst-nb (streams.py, cached_outputs.py) stop the build
when myst-nb is not the version they were written for."""

import importlib
import re
import sys

import pytest

myst_nb = pytest.importorskip("myst_nb", reason="the book's packages (make setup)")
import myst_nb.core.render as render  # noqa: E402
import nbformat  # noqa: E402
from myst_nb.core.execute.cache import NotebookClientCache  # noqa: E402

from bookcopy import ROOT  # noqa: E402

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import myst_nb_version  # noqa: E402
import streams  # noqa: E402


def stream(text, name="stdout"):
    return nbformat.v4.new_output("stream", name=name, text=text)


def test_pieces_split_anywhere_render_the_same():
    whole = "[5 1]\n9\n"
    reference = streams.join_streams_exactly([stream(whole)])
    for cut in range(1, len(whole)):
        pieces = [stream(whole[:cut]), stream(whole[cut:])]
        assert streams.join_streams_exactly(pieces) == reference, cut


def test_other_outputs_and_stderr_are_kept():
    image = nbformat.v4.new_output("display_data", data={"text/plain": "<Figure>"})
    outputs = streams.join_streams_exactly(
        [stream("a"), stream("warn\n", "stderr"), stream("b\n"), image]
    )
    texts = {o["name"]: o["text"] for o in outputs if o["output_type"] == "stream"}
    assert texts == {"stdout": "ab\n", "stderr": "warn\n"}
    assert outputs[-1]["output_type"] == "display_data"


def test_saved_notebook_pieces_given_as_lists_of_lines_are_joined_too():
    pieces = [
        {"name": "stdout", "output_type": "stream", "text": ["a\n", "b"]},
        {"name": "stdout", "output_type": "stream", "text": "c\n"},
    ]
    assert streams.join_streams(pieces) == [
        {"name": "stdout", "output_type": "stream", "text": "a\nbc\n"}
    ]
    assert pieces[0]["text"] == ["a\n", "b"]  # the outputs given are not changed


@pytest.mark.parametrize("extension", ["streams", "cached_outputs"])
def test_a_patch_of_myst_nb_stops_the_build_on_another_myst_nb(extension, monkeypatch):
    from sphinx.errors import ExtensionError

    module = importlib.import_module(extension)
    patched, replacement = {
        "streams": ((render, "coalesce_streams"), "join_streams_exactly"),
        "cached_outputs": (
            (NotebookClientCache, "start_client"),
            "start_client_in_place",
        ),
    }[extension]
    monkeypatch.setattr(*patched, getattr(*patched))  # restored after the test
    monkeypatch.setattr(myst_nb, "__version__", "1.5.0")
    with pytest.raises(
        ExtensionError,
        match=rf"{extension}\.py patches myst-nb 1\.4\.0.*myst-nb 1\.5\.0",
    ):
        module.setup(None)
    monkeypatch.setattr(myst_nb, "__version__", myst_nb_version.WRITTEN_FOR)
    assert getattr(*patched) is not getattr(module, replacement)  # not patched on 1.5.0
    module.setup(None)  # the version it was written for: patched
    assert getattr(*patched) is getattr(module, replacement)


def test_the_patches_are_written_for_the_pinned_myst_nb():
    pinned = re.search(
        r"^myst-nb==(\S+)$", (ROOT / "constraints.txt").read_text(), flags=re.M
    )
    assert (
        pinned and pinned.group(1) == myst_nb_version.WRITTEN_FOR == myst_nb.__version__
    )
