"""book/_ext/streams.py: printed output does not depend on how the kernel split it."""

import sys

import pytest

nbformat = pytest.importorskip("nbformat", reason="the book's packages (make setup)")

from bookcopy import ROOT  # noqa: E402

sys.path.insert(0, str(ROOT / "book" / "_ext"))
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
    outputs = streams.join_streams_exactly([stream("a"), stream("warn\n", "stderr"), stream("b\n"), image])
    texts = {o["name"]: o["text"] for o in outputs if o["output_type"] == "stream"}
    assert texts == {"stdout": "ab\n", "stderr": "warn\n"}
    assert outputs[-1]["output_type"] == "display_data"
