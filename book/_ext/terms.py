"""Link the first use of every glossary term in each chapter, and index it.

The glossary (``book/glossary.md``) defines the book's terms. A reader who
meets "epoch" or "softmax" in a chapter should be one click from its
definition, and the index should list every chapter that uses a term. Writing
``{term}`` by hand at every first use drifts as chapters change, so this does
it when a page is read: in each chapter's running text (paragraphs, lists,
admonitions; not headings, code, math, captions or existing links), the first
occurrence of each term, in the singular or the plural and in any case,
becomes a ``{term}`` reference, and an index entry for the term points at it.
"""

import hashlib
import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

GLOSSARY = "book/glossary"
# Pages that are not chapters: reference material, or the glossary itself.
SKIPPED = {
    GLOSSARY,
    "book/api",
    "book/bibliography",
    "book/verified-equations",
    "book/execution-statistics",
    "book/seed-map",
}
# Text inside these is never linked.
EXCLUDED = (
    nodes.literal,
    nodes.literal_block,
    nodes.math,
    nodes.math_block,
    nodes.reference,
    nodes.title,
    nodes.caption,
    nodes.rubric,
    nodes.raw,
    nodes.comment,
    nodes.target,
    nodes.term,
    nodes.field_name,
    addnodes.pending_xref,
    addnodes.index,
    nodes.figure,
    nodes.table,
    nodes.system_message,
    nodes.problematic,
)


def glossary_terms(path):
    """The terms defined in the ``{glossary}`` block of the markdown file at `path`."""
    text = Path(path).read_text(encoding="utf-8")
    block = re.search(r"```\{glossary\}\n(.*?)\n```", text, flags=re.S)
    if not block:
        return []
    return [
        line.strip()
        for line in block.group(1).splitlines()
        if line.strip() and not line[0].isspace()
    ]


def term_pattern(term):
    """A regex for `term` as a whole phrase, singular or plural, any case."""
    words = [re.escape(word) for word in term.split()]
    return re.compile(
        r"(?<![\w-])" + r"\s+".join(words) + r"(?:s|es)?(?![\w-])", flags=re.I
    )


def _linkable_texts(doctree):
    for text in doctree.findall(nodes.Text):
        parent, allowed = text.parent, False
        while parent is not None:
            if isinstance(parent, EXCLUDED) or "cell" in parent.get("classes", []):
                allowed = False
                break
            if isinstance(parent, nodes.paragraph):
                allowed = True
            parent = parent.parent
        if allowed:
            yield text


def _reference(docname, term, text, number):
    target_id = f"term-use-{number}"
    xref = addnodes.pending_xref(
        "",
        refdomain="std",
        reftype="term",
        reftarget=term.lower(),
        refexplicit=True,
        refwarn=True,
        refdoc=docname,
    )
    xref += nodes.inline(text, text, classes=["xref", "std", "std-term", "first-use"])
    index = addnodes.index(entries=[("single", term, target_id, "", None)])
    return [index, nodes.target("", "", ids=[target_id]), xref]


def _join_adjacent_texts(doctree):
    """Join runs of sibling text nodes, so that a term broken across lines is one piece
    of text.
    """
    for element in list(doctree.findall(nodes.Element)):
        children, joined, changed = element.children, [], False
        for child in children:
            if (
                isinstance(child, nodes.Text)
                and joined
                and isinstance(joined[-1], nodes.Text)
            ):
                joined[-1] = nodes.Text(str(joined[-1]) + str(child))
                changed = True
            else:
                joined.append(child)
        if changed:
            element.children = []
            element.extend(joined)


def link_first_uses(docname, doctree, terms):
    """Replace the first use of each term in `doctree` with a reference; returns the
    entries made.
    """
    _join_adjacent_texts(doctree)
    patterns = sorted(
        ((term, term_pattern(term)) for term in terms), key=lambda tp: -len(tp[0])
    )
    remaining = dict(patterns)
    entries, number = [], 0
    for text in list(_linkable_texts(doctree)):
        if not remaining:
            break
        source = str(text)
        matches, taken = [], []
        for term, pattern in list(remaining.items()):
            match = pattern.search(source)
            if match and not any(
                match.start() < end and start < match.end() for start, end in taken
            ):
                matches.append((match.start(), match.end(), term))
                taken.append((match.start(), match.end()))
        if not matches:
            continue
        pieces, position = [], 0
        for start, end, term in sorted(matches):
            pieces.append(nodes.Text(source[position:start]))
            number += 1
            pieces += _reference(docname, term, source[start:end], number)
            entries.append(("single", term, f"term-use-{number}", "", None))
            position = end
            del remaining[term]
        pieces.append(nodes.Text(source[position:]))
        text.parent.replace(
            text,
            [
                piece
                for piece in pieces
                if not (isinstance(piece, nodes.Text) and not str(piece))
            ],
        )
    return entries


def _link_terms(app, doctree):
    docname = app.env.docname
    if (
        docname in SKIPPED
        or not docname.startswith("book/")
        or GLOSSARY not in app.env.found_docs
    ):
        return
    entries = link_first_uses(docname, doctree, app.env.glossary_terms)
    # The index domain collected the page's index entries before this event.
    app.env.get_domain("index").entries.setdefault(docname, []).extend(entries)


def _signature(terms):
    """What the links depend on besides the pages: the terms, and this file's rules."""
    return hashlib.sha256(
        "\n".join([*terms, Path(__file__).read_text()]).encode()
    ).hexdigest()


def _read_glossary(app):
    app.env.glossary_terms = glossary_terms(Path(app.srcdir, GLOSSARY + ".md"))


def _reread_all_if_terms_changed(app, env, added, changed, removed):
    signature = _signature(env.glossary_terms)
    if getattr(env, "glossary_signature", None) != signature:
        env.glossary_signature = signature
        return sorted(env.found_docs)
    return []


def setup(app):
    app.connect("builder-inited", _read_glossary)
    app.connect("env-get-outdated", _reread_all_if_terms_changed)
    app.connect("doctree-read", _link_terms)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
