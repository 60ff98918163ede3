"""The whole book as one PDF (`make pdf`, part of `make book` and `make test`).

The PDF is typeset by Sphinx's LaTeX builder from the same executed pages as
the site. These tests read it as a reader would: its text (pdftotext), its
outline, its figures and where its words stand on the page.
"""

import html
import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")
yaml = pytest.importorskip("yaml")


pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PDF_NAME = "neural-networks-from-scratch.pdf"
LATEX_LOG = ROOT / "_build" / "latex" / "neural-networks-from-scratch.log"
# Words may reach into the right margin by this much (points) before they
# count as cut off: the text block ends 1 inch from the paper's edge.
MARGIN_SLACK = 36


def normalized(text):
    """Text with runs of white space as one space, and none inside brackets' edges."""
    text = re.sub(r"\s+", " ", text.replace("\u2212", "-"))
    return re.sub(r"\[ ", "[", re.sub(r" \]", "]", text))


@pytest.fixture(scope="module")
def pdf(site):
    path = site / PDF_NAME
    if not path.is_file():
        pytest.fail(f"no PDF at {path}: `make pdf` (part of `make book`) builds it")
    return path


@pytest.fixture(scope="module")
def text(pdf):
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: `make tex` installs poppler-utils")
    done = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return "\n".join(without_running_lines(page) for page in done.stdout.split("\f"))


def without_running_lines(page):
    """A page's text without its running head (the book's title) and its foot
    (a page number, beside the chapter or section): a sentence that runs on
    to the next page reads on."""
    lines = page.strip("\n").split("\n")
    if lines and lines[0].strip() == "Neural Networks from Scratch":
        lines = lines[1:]
    if lines and re.search(r"^\s*\d+(\s|$)|\s\d+\s*$", lines[-1]):
        lines = lines[:-1]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def reader(pdf):
    return pypdf.PdfReader(pdf)


def toc():
    return yaml.safe_load((ROOT / "_toc.yml").read_text())


def page_title(site, docname):
    page = (site / f"{docname}.html").read_text(encoding="utf-8")
    article = page[page.index('<article class="bd-article">') :]
    title = re.search(
        r"<h1[^>]*>(.*?)(?:<a class=\"headerlink\"|</h1>)", article, flags=re.S
    ).group(1)
    title = html.unescape(re.sub(r"<[^>]+>", "", title)).strip()
    return re.sub(r"^\d+\.\s+", "", title)


def chapter_docnames():
    return [
        entry["file"]
        for part in toc()["parts"]
        for entry in part["chapters"]
        if entry["file"] != "genindex"
    ]


def test_the_site_links_the_pdf(site, pdf):
    intro = (site / "book" / "intro.html").read_text(encoding="utf-8")
    assert f'href="../{PDF_NAME}"' in intro
    chapter = (site / "book" / "forward-propagation.html").read_text(encoding="utf-8")
    assert f'href="../{PDF_NAME}"' in chapter  # the download menu


def test_every_chapter_title_is_in_the_text(site, text):
    flat = normalized(text).lower()
    missing = [
        page_title(site, doc)
        for doc in chapter_docnames()
        if normalized(page_title(site, doc)).lower() not in flat
    ]
    assert not missing


def seed_numbers(site):
    """The numbers the course notes print, as the appendix on the notes quotes them."""
    page = (site / "book" / "seed-map.html").read_text(encoding="utf-8")
    cells = re.findall(r"<td[^>]*>(.*?)</td>", page, flags=re.S)
    quoted = " ".join(
        html.unescape(re.sub(r"<[^>]+>", "", cell)) for cell in cells[2::5]
    )
    arrays = re.findall(r"\[[-\d. e,]+\]", quoted)
    numbers = re.findall(r"(?<![\w.\[])-?\d+\.\d{3,}(?![\w.])", quoted)
    return sorted(set(arrays + numbers))


def test_every_seed_number_is_in_the_text(site, text):
    numbers = seed_numbers(site)
    assert len(numbers) >= 20
    flat = normalized(text)
    assert [n for n in numbers if normalized(n) not in flat] == []


def test_a_sample_of_glued_numbers_is_in_the_text(site, text):
    glued = []
    for doc in chapter_docnames():
        page = (site / f"{doc}.html").read_text(encoding="utf-8")
        glued += [
            html.unescape(value)
            for value in re.findall(r'<span class="pasted-text">([^<]+)</span>', page)
        ]
    glued = sorted({value.strip() for value in glued if re.search(r"\d", value)})
    assert len(glued) >= 50
    sample = random.Random(0).sample(glued, 40)
    flat = normalized(text)
    assert [value for value in sample if normalized(value) not in flat] == []


def test_no_unresolved_reference_and_no_missing_glyph(text):
    assert "??" not in text
    log = LATEX_LOG.read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log
    assert "undefined references" not in log


def outline_titles(reader):
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(normalized(item.title).lower())

    walk(reader.outline)
    return titles


def test_the_outline_lists_every_part_and_chapter(site, reader):
    titles = outline_titles(reader)
    parts = [part["caption"] for part in toc()["parts"]]
    for name in (
        parts + [page_title(site, doc) for doc in chapter_docnames()] + ["Index"]
    ):
        assert any(normalized(name).lower() in title for title in titles), name


def test_as_many_figures_as_the_site(site, reader):
    figures = sum(
        (site / f"{doc}.html").read_text(encoding="utf-8").count("<figure")
        for doc in chapter_docnames()
    )
    images = 0
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        images += len(xobjects)
    assert images >= figures > 0


def test_no_line_runs_past_the_right_margin(pdf):
    done = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    cut = []
    for page_number, page in enumerate(
        re.findall(r"<page (.*?)</page>", done.stdout, flags=re.S), start=1
    ):
        words = re.findall(r">([^<]+)</word>", page)
        if "GLOSSARY" in words[:12]:
            break  # the chapters end here; the appendix holds wide tables, not code
        width = float(re.match(r'width="([\d.]+)"', page).group(1))
        for x_max, word in re.findall(
            r'<word xMin="[\d.]+" yMin="[\d.]+" '
            r'xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>',
            page,
        ):
            if float(x_max) > width - 72 + MARGIN_SLACK:
                cut.append(f"page {page_number}: {html.unescape(word)}")
    assert not cut, cut[:20]


def test_exercises_come_with_their_solutions(text):
    exercises = len(re.findall(r"^\s*Exercise \d+(?:\.\d+)+", text, flags=re.M))
    solutions = len(
        re.findall(r"^\s*Solution to Exercise \d+(?:\.\d+)+", text, flags=re.M)
    )
    assert exercises >= 30
    assert solutions >= exercises * 0.9


def test_glossary_bibliography_and_index_are_in_the_pdf(reader):
    titles = outline_titles(reader)
    for name in ["glossary", "bibliography", "index"]:
        assert any(name in title for title in titles), name


def test_outputs_match_the_site(site, text):
    """A printed line of a chapter's output is in the PDF too: the same executed
    outputs."""
    notebook = json.loads((site / "_sources" / "book" / "iris.ipynb").read_text())
    printed = [
        "".join(output.get("text", ""))
        for cell in notebook["cells"]
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream"
    ]
    lines = [
        line.strip()
        for text in printed
        for line in text.splitlines()
        if len(line.strip()) > 20
    ]
    flat = normalized(text)
    sample = random.Random(1).sample(lines, min(10, len(lines)))
    assert [line for line in sample if normalized(line) not in flat] == []
