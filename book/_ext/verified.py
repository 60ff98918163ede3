"""Tie every identity the book states to the executed check that proves it.

Convention (CONTRIBUTING.md):

- An equation that states an identity (a derivative, a gradient, two forms
  being equal) gets a label starting with ``id-``:
  ``$$ ... $$ (id-sigmoid-grad)``. Definitions keep ``eq-`` labels.
- The cell whose asserts prove it ends by recording the result with glue,
  under the key ``verified:<label>``:
  ``glue("verified:id-sigmoid-grad", "SymPy = package = finite differences",
  display=False)``.
  The record exists only if the asserts before it passed.

The directive ``{verified-equations}`` renders the table of every identity,
where it is proved and what the check found. An ``id-`` label with no record,
or a record naming no ``id-`` equation, is a build warning (so, under
``--warningiserror``, a failed build).
"""

import ast
import json
from pathlib import Path

from docutils import nodes
from sphinx.builders.latex.nodes import math_reference
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

LABEL_PREFIX = "id-"
GLUE_PREFIX = "verified:"


class verified_table(nodes.General, nodes.Element):
    """Placeholder, replaced by the table once every page has been read."""


class VerifiedEquations(SphinxDirective):
    def run(self):
        pages = getattr(self.env, "verified_table_docs", set())
        pages.add(self.env.docname)
        self.env.verified_table_docs = pages
        return [verified_table()]


def _records(app, env):
    """{label: (docname, text)} of every verified:<label> glued by an executed page."""
    folder = Path(app.outdir).parent / "jupyter_execute"
    records = {}
    for docname in sorted(env.all_docs):
        glue_file = folder / f"{docname}.glue.json"
        if not glue_file.is_file():
            continue
        for key, value in json.loads(glue_file.read_text(encoding="utf8")).items():
            if key.startswith(GLUE_PREFIX):
                text = value["data"].get("text/plain", "''")
                records[key[len(GLUE_PREFIX) :]] = (
                    docname,
                    str(ast.literal_eval(text)),
                )
    return records


def _identities(env):
    """{label: docname} of every equation labelled as an identity."""
    equations = env.get_domain("math").equations
    return {
        label: doc
        for label, (doc, _) in equations.items()
        if label.startswith(LABEL_PREFIX)
    }


def _check(app, env):
    identities, records = _identities(env), _records(app, env)
    for label, docname in sorted(identities.items()):
        if label not in records:
            logger.warning(
                f"identity {label!r} has no check: glue 'verified:{label}' after its "
                "asserts",
                location=docname,
            )
    for label, (docname, _) in sorted(records.items()):
        if label not in identities:
            logger.warning(
                f"check 'verified:{label}' names no equation labelled {label!r}",
                location=docname,
            )


def _fingerprint(app, env):
    """What the table shows: every identity's page, title, number and record."""
    identities, records = _identities(env), _records(app, env)
    return repr(
        sorted(
            (
                label,
                docname,
                env.titles[docname].astext() if docname in env.titles else "",
                _number_parts(env, docname, label),
                records.get(label),
            )
            for label, docname in identities.items()
        )
    )


def _rewrite_tables_if_changed(app, env):
    """The table pages, when what their table shows has changed since the last build.

    The table is made when a page is written (``doctree-resolved``), so the
    pages need writing, not reading, and only when the identities, their
    numbers or their checks' records differ.
    """
    fingerprint = _fingerprint(app, env)
    if fingerprint == getattr(env, "verified_table_fingerprint", None):
        return []
    env.verified_table_fingerprint = fingerprint
    return sorted(getattr(env, "verified_table_docs", set()))


def _purge(app, env, docname):
    getattr(env, "verified_table_docs", set()).discard(docname)


def _merge(app, env, docnames, other):
    """After a parallel read: the table pages another process read join ours."""
    theirs = getattr(other, "verified_table_docs", set()) & set(docnames)
    env.verified_table_docs = getattr(env, "verified_table_docs", set()) | theirs


def _number_parts(env, docname, label):
    """The equation's number as its page shows it: (chapter, n) in numbered chapters."""
    numbers = (
        env.toc_fignumbers.get(docname, {})
        .get("displaymath", {})
        .get(f"equation-{label}")
    )
    return tuple(numbers) if numbers else (env.get_domain("math").equations[label][1],)


def _equation_number(env, docname, label):
    return ".".join(map(str, _number_parts(env, docname, label)))


def _table(app, fromdoc):
    env = app.env
    identities, records = _identities(env), _records(app, env)
    proved = [label for label in identities if label in records]
    rows = sorted(
        proved, key=lambda label: _number_parts(env, identities[label], label)
    )
    # colwidths-given: in the PDF, the columns get these widths and the text wraps
    table = nodes.table(classes=["verified-equations", "colwidths-given"])
    group = nodes.tgroup(cols=3)
    table += group
    for width in (12, 28, 60):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row(
        [
            nodes.Text("Equation"),
            nodes.Text("Stated in"),
            nodes.Text("What the check found"),
        ]
    )
    group += head
    body = nodes.tbody()
    for label in rows:
        docname = identities[label]
        uri = app.builder.get_relative_uri(fromdoc, docname)
        equation = _equation_link(app, uri, docname, label)
        title = env.titles[docname].astext() if docname in env.titles else docname
        page = nodes.reference("", title, refuri=uri, internal=True)
        body += _row([equation, page, nodes.Text(records[label][1])])
    group += body
    summary = nodes.paragraph(
        text=f"{len(proved)} of {len(identities)} identities verified."
    )
    return [summary, table]


def _equation_link(app, uri, docname, label):
    """A link to the equation: an anchor on the site, its label in the PDF."""
    if app.builder.format == "latex":
        return math_reference("", "", docname=docname, target=label)
    return nodes.reference(
        "",
        f"({_equation_number(app.env, docname, label)})",
        refuri=f"{uri}#equation-{label}",
        internal=True,
    )


def _row(cells):
    row = nodes.row()
    for content in cells:
        entry = nodes.entry()
        paragraph = nodes.paragraph()
        paragraph += content
        entry += paragraph
        row += entry
    return row


def _fill_tables(app, doctree, docname):
    for placeholder in doctree.findall(verified_table):
        placeholder.replace_self(_table(app, docname))


def setup(app):
    app.add_node(verified_table)
    app.add_directive("verified-equations", VerifiedEquations)
    # after Sphinx's own listener, which numbers the equations
    app.connect("env-get-updated", _rewrite_tables_if_changed)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-check-consistency", _check)
    app.connect("doctree-resolved", _fill_tables)
    # the set of table pages lives on the environment, merged after parallel reads
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
