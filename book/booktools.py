"""Glue helpers for the hidden cells of the chapters.

A chapter's hidden cells (tag ``remove-cell``) only check and glue; the
kernel runs in ``book/``, so they import these with ``from booktools import
...``. The cells a reader sees never need this module.
"""

from IPython.display import Pretty
from myst_nb import glue


def glue_array(name, value):
    """Glue how NumPy prints `value`, for quoting it in the prose."""
    glue(name, Pretty(str(value)), display=False)


def glue_text(name, text):
    """Glue a piece of text, for ``{glue:text}`` in the prose."""
    glue(name, Pretty(str(text)), display=False)


def counted(n, singular, plural=None):
    """`n` with the phrase that agrees with it: "1 tumour was", "3 tumours were".

    `singular` and `plural` are the words after the number; `plural` defaults
    to `singular` with an "s" on its first word. Thousands are separated by
    commas: "50,000 images".
    """
    if plural is None:
        first, _, rest = singular.partition(" ")
        plural = f"{first}s" + (f" {rest}" if rest else "")
    n = int(n)
    return f"{n:,} {singular if n == 1 else plural}"


def glue_count(name, n, singular, plural=None):
    """Glue `n` with the words that agree with it, e.g. "1 tumour was".

    In the prose, ``{glue:text}`name``` then reads right for any value.
    """
    glue(name, Pretty(counted(n, singular, plural)), display=False)
