"""What a reader sees on a built chapter page: helpers for the chapter tests."""

import html
import re


def visible_outputs(page):
    """The text of every cell output of an HTML page, tags removed."""
    outputs = re.findall(r'<div class="cell_output.*?</div>\s*</div>', page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", "\n".join(outputs)))


def is_verified(site, chapter, label):
    """True if equation `label` is numbered on `chapter` and listed in the appendix."""
    page = (site / chapter).read_text(encoding="utf-8")
    appendix = (site / "book" / "verified-equations.html").read_text(encoding="utf-8")
    name = chapter.removeprefix("book/")
    return f'id="equation-{label}"' in page and f"{name}#equation-{label}" in appendix


def identity_labels(page):
    """The labels of the identities (``id-`` equations) numbered on a page."""
    return re.findall(r'id="equation-(id-[^"]+)"', page)


def count_exercises_and_solutions(page):
    """(number of exercises, number of solutions) on a page."""
    return len(re.findall(r'class="[^"]*exercise[^"]*"', page)), page.count(
        'class="solution'
    )


def page(site, name):
    """The built HTML of chapter `name` (a file name under book/, without .html)."""
    return (site / "book" / f"{name}.html").read_text(encoding="utf-8")


def outputs(html):
    """The cell outputs of a page, as one string of HTML."""
    cells = re.findall(r'<div class="cell_output.*?</div>\s*</div>', html, flags=re.S)
    return " ".join(cells).replace("&#39;", "'")


def figure_problem(site, html, figure):
    """What is wrong with figure `figure` on a page; None if it has all it needs.

    A figure needs a PNG that exists, alt text of 20 characters or more and a
    caption.
    """
    match = re.search(rf'<figure[^>]*id="{figure}".*?</figure>', html, flags=re.S)
    if not match:
        return f"no figure {figure}"
    image = re.search(r"<img[^>]*>", match.group(0))
    if not image:
        return f"figure {figure} has no image"
    source = re.search(r'src="([^"]+\.png)"', image.group(0))
    alt = re.search(r'alt="([^"]{20,})"', image.group(0))
    if not (source and alt):
        return f"figure {figure} needs a PNG and alt text"
    if not (site / "book" / source.group(1)).resolve().is_file():
        return f"figure {figure}: {source.group(1)} is missing"
    if "<figcaption" not in match.group(0):
        return f"figure {figure} has no caption"
    return None
