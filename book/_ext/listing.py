"""Show the package's code as computation: ``literalinclude`` without docstrings.

A chapter includes a function of the package with Sphinx's own directive::

    ```{literalinclude} ../code/nnscratch/layers.py
    :pyobject: dense
    ```

The docstring of a function is written for the API reference (its
parameters, shapes and errors); on the page, next to the prose that derives
the formula, it would hide the few lines of computation. This replaces
``literalinclude`` with a subclass that, for a ``:pyobject:`` of a Python
file, drops the docstrings of the object and of everything defined inside it
(the flag ``:keep-docstrings:`` keeps them). The file itself stays the one
source of truth. Every such listing carries the class ``package-listing``, so
that tests can find what the pages show of the package.
"""

import ast
import re
import textwrap

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.directives.code import LiteralInclude

LISTING_CLASS = "package-listing"


def docstring_lines(source):
    """Line numbers (1-based) of the docstrings in `source`, a piece of Python.

    Returns an empty set if `source` does not parse on its own (a listing cut
    by ``:start-at:`` or ``:lines:``, say).
    """
    try:
        tree = ast.parse(textwrap.dedent(source))
    except SyntaxError:
        return set()
    lines = set()
    for node in ast.walk(tree):
        if isinstance(
            node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module)
        ):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                lines.update(range(body[0].lineno, body[0].end_lineno + 1))
    return lines


def without_tool_comments(source):
    """`source` without the formatter's ``# fmt: skip`` markers, which teach nothing."""
    return re.sub(r"[ \t]+# fmt: skip$", "", source, flags=re.M)


def without_docstrings(source):
    """`source` with its docstrings removed, and the blank line after each one."""
    drop = docstring_lines(source)
    if not drop:
        return source
    kept = []
    source_lines = source.splitlines()
    for number, line in enumerate(source_lines, start=1):
        if number in drop:
            continue
        if not line.strip() and number - 1 in drop:
            continue
        kept.append(line)
    return "\n".join(kept) + ("\n" if source.endswith("\n") else "")


class PackageLiteralInclude(LiteralInclude):
    option_spec = dict(
        LiteralInclude.option_spec, **{"keep-docstrings": directives.flag}
    )

    def run(self):
        result = super().run()
        strip = (
            "pyobject" in self.options
            and self.arguments[0].endswith(".py")
            and "keep-docstrings" not in self.options
        )
        for node in result:
            for block in node.findall(nodes.literal_block):
                block["classes"].append(LISTING_CLASS)
                if strip:
                    text = without_docstrings(without_tool_comments(block.astext()))
                    block.children = [nodes.Text(text)]
                    block.rawsource = text
        return result


def setup(app):
    app.add_directive("literalinclude", PackageLiteralInclude, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
