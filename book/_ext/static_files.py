"""Rewrite the pages when a file of the book's static folder changes.

Sphinx copies ``html_static_path`` (``book/_static``: the style sheet, logo,
favicon) into ``_build/html/_static`` only when it writes at least one page,
and it writes a page only when its source, a template or the configuration
changed. An edit to ``book/_static/book.css`` alone would leave the old style
sheet in the site. When a static file differs from its copy in the site (or
has none), this marks every page for writing; nothing is re-read or
re-executed, and writing the pages copies the static files again.
"""

import filecmp
from pathlib import Path


def stale_static_files(app):
    """Files of ``html_static_path`` whose copy in the site is missing or differs."""
    site_static = Path(app.outdir, "_static")
    stale = []
    for entry in app.config.html_static_path:
        source = Path(app.confdir, entry)
        files = sorted(source.rglob("*")) if source.is_dir() else [source]
        for path in files:
            if not path.is_file() or path.name.endswith(("_t", ".jinja")):
                continue  # templates are rendered, not copied
            relative = path.relative_to(source) if source.is_dir() else Path(path.name)
            copy = site_static / relative
            if not copy.is_file() or not filecmp.cmp(path, copy, shallow=False):
                stale.append(path)
    return stale


def _write_all_pages_if_stale(app, env):
    if app.builder.format == "html" and stale_static_files(app):
        return sorted(env.found_docs)
    return []


def setup(app):
    app.connect("env-get-updated", _write_all_pages_if_stale)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
