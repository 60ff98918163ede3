"""Offer the whole book as a PDF in every page's download menu.

sphinx-book-theme's download menu holds the page's source, its notebook and
"Print to PDF", which prints one page. `make pdf` typesets the whole book
with Sphinx's LaTeX builder and copies it into the site as ``PDF_NAME``; this
adds it to the menu of every page (the link is relative, so the site works
from any folder and offline).
"""

PDF_NAME = "neural-networks-from-scratch.pdf"


def _add_book_pdf(app, pagename, templatename, context, doctree):
    for button in context.get("header_buttons", []):
        if button.get("label") != "download-buttons":
            continue
        for item in button["buttons"]:
            if item.get("label") == "download-pdf-button":
                item["tooltip"] = "Print this page to PDF"
        button["buttons"].append(
            {
                "type": "link",
                "url": context["pathto"](PDF_NAME, 1),
                "text": "book .pdf",
                "tooltip": "Download the whole book as a PDF",
                "icon": "fas fa-book",
                "label": "download-book-pdf-button",
            }
        )


def setup(app):
    # after the theme has built its header buttons (priority 501)
    app.connect("html-page-context", _add_book_pdf, priority=502)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
