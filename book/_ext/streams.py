"""Deterministic printed output: join a cell's stream pieces exactly.

The kernel sends what a cell prints in pieces whose boundaries depend on
timing (its buffer is flushed on a timer). myst-nb's ``coalesce_streams``
strips every piece before joining them, so a boundary that falls inside a
line or next to a newline changes the rendered text, and two builds of the
same page can differ. Joining the pieces of each stream exactly first leaves
it one piece per stream, whose rendering does not depend on the boundaries.
"""

import copy

import myst_nb.core.render as render

_original = render.coalesce_streams


def join_streams_exactly(outputs):
    """One output per stream name, its text the exact concatenation of the pieces."""
    joined, streams = [], {}
    for output in outputs or []:
        if output.get("output_type") == "stream":
            if output["name"] in streams:
                streams[output["name"]]["text"] += output["text"]
                continue
            output = copy.deepcopy(output)
            streams[output["name"]] = output
        joined.append(output)
    return _original(joined)


def setup(app):
    render.coalesce_streams = join_streams_exactly
    return {"parallel_read_safe": True, "parallel_write_safe": True}
