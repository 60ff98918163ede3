"""Deterministic printed output: join a cell's stream pieces exactly.

The kernel sends what a cell prints in pieces whose boundaries depend on
timing (its buffer is flushed on a timer). myst-nb 1.4's ``coalesce_streams``
(``myst_nb/core/utils.py``, called by ``NbElementRenderer`` in
``myst_nb/core/render.py`` when ``nb_merge_streams`` is on;
https://github.com/executablebooks/MyST-NB/blob/v1.4.0/myst_nb/core/utils.py)
``rstrip``s every piece and adds a newline before joining them (see also
https://github.com/executablebooks/MyST-NB/pull/640), so a boundary that falls
inside a line or next to a newline changes the rendered text, and two builds
of the same page can differ. Joining the pieces of each stream exactly first
leaves it one piece per stream, whose rendering does not depend on the
boundaries. Written for myst-nb 1.4.0: another version stops the build
(``myst_nb_version.py``).
"""

import copy

import myst_nb.core.render as render

import myst_nb_version

_original = render.coalesce_streams


def join_streams(outputs):
    """One output per stream name, its text the exact concatenation of the pieces.

    A piece's text may be a string or, as in a saved notebook, a list of lines.
    The outputs given are not changed.
    """
    joined, streams = [], {}
    for output in outputs or []:
        if output.get("output_type") == "stream":
            text = (
                "".join(output["text"])
                if isinstance(output["text"], list)
                else output["text"]
            )
            if output["name"] in streams:
                streams[output["name"]]["text"] += text
                continue
            output = copy.deepcopy(output)
            output["text"] = text
            streams[output["name"]] = output
        joined.append(output)
    return joined


def join_streams_exactly(outputs):
    """myst-nb's ``coalesce_streams`` of the exactly joined streams."""
    return _original(join_streams(outputs))


def setup(app):
    myst_nb_version.require("streams")
    render.coalesce_streams = join_streams_exactly
    return {"parallel_read_safe": True, "parallel_write_safe": True}
