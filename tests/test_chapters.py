"""What every chapter of the book must be, checked on the built site.

Parametrised over the chapters of `_toc.yml` (every part but the appendix):
- the prose talks to the reader about neural networks, not about the course
  notes or the build;
- a *Common mistake* box is short;
- listings of the package show computation, not docstrings or input checks;
- no shown line of code or output is wider than the text column;
- at least three exercises, each with a solution;
- every identity the chapter states is proved and listed in the appendix;
- every figure has its image, an alt text and a caption;
- the cells a reader sees run on their own: the notebook offered for
  download (the page's cells without the hidden ones) is executed again in
  an empty folder, with every cell tagged `remove-input` dropped as well.
"""

import ast
import html
import re
import sys
import textwrap
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")
nbformat = pytest.importorskip("nbformat")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
from chapterpage import (  # noqa: E402
    count_exercises_and_solutions,
    figure_problem,
    identity_labels,
    is_verified,
)
from listing import LISTING_CLASS, docstring_lines  # noqa: E402

pytestmark = pytest.mark.slow

APPENDIX = "Appendix"
LINE_WIDTH = 80
MISTAKE_WORDS = 120
# Phrases that talk about the course notes or about how the book is built.
OFF_TOPIC = [
    r"\b(?:the|these|those|its|their|course|lecture|Japanese|Chinese|Spanish|source|blog)\s+notes?\b",
    r"\bnotes['’]",
    r"\bglue[ds]?\b",
    r"\bassert(?:s|ed|ion|ions)?\b",
    r"\bmake (?:book|test|bench|pdf)\b",
    r"\brepository\b",
    r"\bCI\b",
    r"\bthe build\b",
    r"\bbuild time\b",
    r"\bbuilt the book\b",
    r"\bthe book is built\b",
    r"\bseed map\b",
]


def chapters():
    """Every chapter's docname (book/...) in `_toc.yml`, the appendix left out."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [
        entry["file"]
        for part in toc["parts"]
        if part.get("caption") != APPENDIX
        for entry in part["chapters"]
    ]


CHAPTERS = chapters()


def page_html(site, chapter):
    return (site / f"{chapter}.html").read_text(encoding="utf-8")


def article(page):
    """The main text of a built page, as HTML."""
    match = re.search(r'<article class="bd-article">(.*?)</article>', page, flags=re.S)
    return match.group(1) if match else page


def prose(page):
    """The words of a page's text: code, outputs, math and figures left out."""
    text = article(page)
    for pattern in [
        r'<div class="cell docutils container".*?<!-- end cell -->',
        r'<div class="cell_output.*?</div>\s*</div>',
        r'<div class="highlight.*?</pre></div>',
        r"<pre.*?</pre>",
        r"<code.*?</code>",
        r'<div class="math.*?</div>',
        r'<span class="math.*?</span>',
        r"<figure.*?</figure>",
        r"<script.*?</script>",
        r'<a class="headerlink".*?</a>',
    ]:
        text = re.sub(pattern, " ", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def offered_notebook(site, chapter):
    return nbformat.read(site / "_sources" / f"{chapter}.ipynb", as_version=4)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_prose_talks_about_networks_not_notes_or_build(site, chapter):
    text = re.sub(r"\s+", " ", prose(page_html(site, chapter)))
    found = []
    for pattern in OFF_TOPIC:
        for match in re.finditer(
            pattern, text, flags=re.I if pattern != r"\bCI\b" else 0
        ):
            found.append(text[max(0, match.start() - 60) : match.end() + 60])
    assert not found, "\n".join(found)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_correction_boxes_only_short_common_mistakes(site, chapter):
    page = article(page_html(site, chapter))
    assert "Correction:" not in page
    for box in re.findall(
        r'<div class="admonition common-mistake.*?</div>', page, flags=re.S
    ):
        words = html.unescape(re.sub(r"<[^>]+>", " ", box)).split()
        assert len(words) <= MISTAKE_WORDS, " ".join(words[:12])


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_at_least_three_exercises_each_with_a_solution(site, chapter):
    exercises, solutions = count_exercises_and_solutions(page_html(site, chapter))
    assert exercises >= 3, f"{exercises} exercises"
    assert solutions >= exercises, f"{solutions} solutions for {exercises} exercises"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_identity_is_verified_in_the_appendix(site, chapter):
    labels = identity_labels(page_html(site, chapter))
    unverified = [
        label for label in labels if not is_verified(site, f"{chapter}.html", label)
    ]
    assert not unverified, f"not in the verified-equations appendix: {unverified}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_figure_has_its_image_alt_text_and_caption(site, chapter):
    page = page_html(site, chapter)
    figures = re.findall(r'<figure[^>]*id="([^"]+)"', page)
    problems = [figure_problem(site, page, figure) for figure in figures]
    assert not [problem for problem in problems if problem], problems


def check_lines(source):
    """Line numbers of `source` that check input or handle errors."""
    try:
        tree = ast.parse(textwrap.dedent(source))
    except SyntaxError:
        return {
            n
            for n, line in enumerate(source.splitlines(), 1)
            if re.match(r"\s*raise\b", line)
        }
    lines = set()

    def span(node):
        return range(node.lineno, node.end_lineno + 1)

    def is_check_call(node):
        if not isinstance(node, ast.Call):
            return False
        name = (
            node.func.attr
            if isinstance(node.func, ast.Attribute)
            else getattr(node.func, "id", "")
        )
        return name.startswith(("check_", "_check", "warn")) or name in {
            "positive_int",
            "positive_float",
            "fraction",
            "choice",
            "numeric_array",
            "float_array",
        }

    for node in ast.walk(tree):
        if isinstance(node, (ast.Raise, ast.Try)):
            lines.update(
                span(node)
                if isinstance(node, ast.Raise)
                else [n for handler in node.handlers for n in span(handler)]
            )
        elif (
            isinstance(node, ast.If)
            and all(
                isinstance(child, ast.Raise)
                or (isinstance(child, ast.Expr) and is_check_call(child.value))
                for child in node.body
            )
            and not node.orelse
        ):
            lines.update(span(node))
        elif isinstance(node, (ast.Expr, ast.Assign)) and is_check_call(node.value):
            lines.update(span(node))
    return lines


def listings(page):
    """The text of every listing of the package's code on a page."""
    blocks = re.findall(
        rf'<div class="{LISTING_CLASS}[^"]*">.*?<pre>(.*?)</pre>', page, flags=re.S
    )
    return [html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_listings_show_computation(site, chapter):
    shown = [
        line
        for block in listings(page_html(site, chapter))
        for line in block.splitlines()
    ]
    code = [line for line in shown if line.strip()]
    if not code:
        pytest.skip("no listing of the package on this page")
    docstrings = sum(
        len(docstring_lines(block)) for block in listings(page_html(site, chapter))
    )
    checks = sum(
        len(check_lines(block)) for block in listings(page_html(site, chapter))
    )
    assert docstrings <= 0.10 * len(code), (
        f"{docstrings} of {len(code)} listed lines are docstring"
    )
    assert checks <= 0.10 * len(code), (
        f"{checks} of {len(code)} listed lines check input"
    )
    wide = [line for line in shown if len(line) > LINE_WIDTH]
    assert not wide, wide


def output_text(output):
    if output.get("output_type") == "stream":
        return output.get("text", "")
    return (
        output.get("data", {}).get("text/plain", "")
        if "image/png" not in output.get("data", {})
        else ""
    )


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_shown_code_and_output_fit_the_column(site, chapter):
    notebook = offered_notebook(site, chapter)
    wide = []
    for cell in notebook.cells:
        if cell.cell_type != "code" or "remove-input" in cell.metadata.get("tags", []):
            continue
        texts = [cell.source] + [
            output_text(output) for output in cell.get("outputs", [])
        ]
        wide += [
            line
            for text in texts
            for line in text.splitlines()
            if len(line) > LINE_WIDTH
        ]
    assert not wide, "\n".join(wide)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_first_code_cell_is_visible_and_imports(site, chapter):
    notebook = offered_notebook(site, chapter)
    first = next(cell for cell in notebook.cells if cell.cell_type == "code")
    assert "import" in first.source
    assert not {"remove-input", "remove-cell"} & set(first.metadata.get("tags", []))


def run_visible_cells(path):
    """Run the visible cells of the notebook at `path` in an empty folder; the first
    error or None."""
    import tempfile

    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.read(path, as_version=4)
    notebook.cells = [
        cell
        for cell in notebook.cells
        if not {"remove-cell", "remove-input"} & set(cell.metadata.get("tags", []))
    ]
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    with tempfile.TemporaryDirectory() as folder:
        # a generous start-up time: two kernels start at once on a busy machine
        client = NotebookClient(
            notebook,
            timeout=600,
            startup_timeout=300,
            kernel_name="python3",
            resources={"metadata": {"path": folder}},
        )
        try:
            client.execute()
        except CellExecutionError as error:
            return str(error)[:3000]
    return None


@pytest.fixture(scope="module")
def standalone_runs(site):
    """{chapter: first error or None} of every chapter's visible cells run alone, two
    at a time."""
    paths = {chapter: site / "_sources" / f"{chapter}.ipynb" for chapter in CHAPTERS}
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = dict(zip(paths, pool.map(run_visible_cells, paths.values())))
    return results


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_visible_cells_run_on_their_own(standalone_runs, chapter):
    assert standalone_runs[chapter] is None, standalone_runs[chapter]
