"""The built site as a reader meets it: pages opened in a real browser.

Debian's chromium, driven by Playwright, opens each page. Every request that
leaves 127.0.0.1 (or the local file system) is blocked and reported. Each
check returns a list of problems, sentences a reader could act on; an empty
list means the page passed. The tests call the checks on the real site, and on
broken copies of it to prove that the checks catch what they claim to.
"""

import base64
import contextlib
import functools
import http.server
import io
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import quote_plus, urlparse

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
MATHJAX_TIMEOUT_MS = 20_000


# -- the book's pages --------------------------------------------------------


def toc_pages(root=ROOT):
    """The docnames `_toc.yml` lists (root first), in reading order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]

    def collect(entries):
        for entry in entries or []:
            # genindex is Sphinx's generated index, listed only to be in the toc
            if "file" in entry and entry["file"] != "genindex":
                pages.append(entry["file"])
            for key in ("parts", "chapters", "sections"):
                collect(entry.get(key))

    for key in ("parts", "chapters", "sections"):
        collect(toc.get(key))
    return [re.sub(r"\.(md|ipynb|rst)$", "", page) for page in pages]


def source_file(docname, root=ROOT):
    """The source file of a page: `book/intro` -> `<root>/book/intro.md`."""
    for suffix in (".md", ".ipynb", ".rst"):
        path = root / f"{docname}{suffix}"
        if path.is_file():
            return path
    raise FileNotFoundError(f"no source for {docname} under {root}")


def is_notebook(docname, root=ROOT):
    """Whether a page is executed: a MyST notebook (with a kernelspec) or an .ipynb."""
    path = source_file(docname, root)
    if path.suffix == ".ipynb":
        return True
    header = re.match(
        r"---\n(.*?)\n---\n", path.read_text(encoding="utf-8"), flags=re.S
    )
    return bool(header and "kernelspec" in (yaml.safe_load(header.group(1)) or {}))


def copy_site(site, destination, without=()):
    """A copy of the built site in `destination`, leaving out the paths in `without`."""
    skip = {Path(site, path).resolve() for path in without}
    shutil.copytree(
        site,
        destination,
        ignore=lambda folder, names: [
            name for name in names if Path(folder, name).resolve() in skip
        ],
    )
    return Path(destination)


def screenshot_path(directory, docname, device):
    """Where the screenshot of `docname` at `device` ("desktop" or "phone") goes."""
    return Path(directory) / f"{docname.replace('/', '--')}--{device}.png"


# -- serving and browsing -----------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve(directory):
    """Serve `directory` on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextlib.contextmanager
def launch_browser():
    """Debian's chromium under Playwright (which cannot download a browser here)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        raise RuntimeError(f"{CHROMIUM} is missing: `make chromium` installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def _is_local(url):
    parsed = urlparse(url)
    return (
        parsed.scheme in ("file", "data", "blob", "about")
        or parsed.hostname == "127.0.0.1"
    )


class Visit:
    """One page open in a fresh browser context, and what went wrong loading it."""

    def __init__(self, browser, url, viewport=DESKTOP):
        # a reader whose system is in light mode; figure_problems switches themes as
        # a reader would
        self.context = browser.new_context(viewport=viewport, color_scheme="light")
        self.page = self.context.new_page()
        self.problems = []
        self.page.route("**/*", self._route)
        self.page.on("console", self._console)
        self.page.on(
            "pageerror", lambda error: self.problems.append(f"script error: {error}")
        )
        self.page.on("requestfailed", self._failed)
        self.page.on("response", self._response)
        self.page.goto(url, wait_until="load")

    def _route(self, route):
        if _is_local(route.request.url):
            route.continue_()
        else:
            self.problems.append(
                f"request off 127.0.0.1 (blocked): {route.request.url}"
            )
            route.abort()

    def _console(self, message):
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def _failed(self, request):
        if _is_local(request.url):
            self.problems.append(f"request failed ({request.failure}): {request.url}")

    def _response(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def close(self):
        self.context.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# -- checks of one open page (each returns a list of problems) ----------------

_MATH_JS = """async (timeout) => {
  // Sphinx marks math as span.math / div.math; MathJax typesets each into an
  // mjx-container.
  const maths = [...document.querySelectorAll('.math')];
  if (!maths.length) return {expected: false};
  if (!(window.MathJax && MathJax.startup && MathJax.startup.promise))
    return {expected: true, loaded: false};
  const finished = await Promise.race([
    MathJax.startup.promise.then(() => true),
    new Promise(resolve => setTimeout(() => resolve(false), timeout)),
  ]);
  await document.fonts.ready;
  return {
    expected: true, loaded: true, finished,
    typeset: document.querySelectorAll('mjx-container').length,
    errors: [...document.querySelectorAll('mjx-merror')].map(e =>
      e.getAttribute('data-mjx-error') || e.textContent),
    raw: maths.filter(m => !m.querySelector('mjx-container')).map(m =>
      m.textContent.trim().slice(0, 60)),
  };
}"""


def math_problems(page):
    """Where the page has math: MathJax loaded and typeset all of it, with no error."""
    math = page.evaluate(_MATH_JS, MATHJAX_TIMEOUT_MS)
    if not math["expected"]:
        return []
    if not math["loaded"]:
        return ["the page has math but MathJax did not load"]
    problems = []
    if not math["finished"]:
        problems.append(
            f"MathJax did not finish within {MATHJAX_TIMEOUT_MS / 1000:.0f} s"
        )
    if math["typeset"] < 1:
        problems.append("MathJax typeset no equation")
    problems += [f"MathJax error: {error}" for error in math["errors"]]
    problems += [f"math left as TeX: {tex}" for tex in math["raw"]]
    return problems


def font_problems(page):
    """Every web font the page asked for (MathJax's, the icons') loaded."""
    failed = page.evaluate(
        "async () => { await document.fonts.ready;"
        " return [...document.fonts].filter(f => f.status === 'error').map(f => "
        "f.family); }"
    )
    return [f"font failed to load: {family}" for family in failed]


_IMAGES_JS = """async () => {
  const images = [...document.images];
  images.forEach(img => { img.loading = 'eager'; });
  await Promise.all(images.map(img => img.complete ? null : new Promise(done => {
    img.addEventListener('load', done); img.addEventListener('error', done);
  })));
  const looksLikeFile = text => !text
    || /\\.(png|jpe?g|gif|svg|webp)$/i.test(text.trim());
  return images.map(img => {
    const figure = img.closest('figure');
    const caption = figure && figure.querySelector('figcaption');
    return {
      src: img.getAttribute('src'),
      loaded: img.complete && img.naturalWidth > 0,
      content: !!img.closest('.bd-article'),
      described: !looksLikeFile(img.getAttribute('alt')) || !!(caption
        && caption.textContent.trim()),
      natural: [img.naturalWidth, img.naturalHeight],
      shown: [img.clientWidth, img.clientHeight],
    };
  });
}"""


def image_problems(page):
    """Every image loaded; every figure of the text has alt text or a caption."""
    problems = []
    for image in page.evaluate(_IMAGES_JS):
        if not image["loaded"]:
            problems.append(f"image did not load: {image['src']}")
        if image["content"] and not image["described"]:
            problems.append(
                f"figure has neither alt text nor a caption: {image['src']}"
            )
    return problems


def proportion_problems(page):
    """Every image of the text is shown with the proportions it was drawn with.

    A figure narrower on screen than its pixels (a phone, or a figure wider
    than the text) must lose height with its width. Images not on show (a
    solution not yet opened) have no shape to check.
    """
    problems = []
    for image in page.evaluate(_IMAGES_JS):
        (width, height), (shown_width, shown_height) = image["natural"], image["shown"]
        if not image["content"] or 0 in (width, height, shown_width, shown_height):
            continue
        if abs((shown_width / shown_height) / (width / height) - 1) > 0.02:
            problems.append(
                f"image shown out of proportion: {image['src']} "
                f"({width} x {height} pixels shown as {shown_width} x {shown_height})"
            )
    return problems


_LINKS_JS = """async () => {
  const problems = [];
  const byPath = new Map();
  for (const a of document.querySelectorAll('a[href]')) {
    const raw = a.getAttribute('href');
    if (!raw || /^(javascript|mailto):/i.test(raw)) continue;
    const url = new URL(a.href);
    // a link elsewhere, not part of the site
    if (url.origin !== location.origin) continue;
    if (!byPath.has(url.pathname)) byPath.set(url.pathname, []);
    byPath.get(url.pathname).push({raw, id: decodeURIComponent(url.hash.slice(1)),
      text: a.textContent.replace(/\\s+/g, ' ').trim()});
  }
  const number = text => (text.match(/\\d+(\\.\\d+)*/) || [null])[0];
  for (const [path, links] of byPath) {
    let doc = document;
    if (path !== location.pathname) {
      const response = await fetch(path);
      if (!response.ok) {
        problems.push(`link to a missing file (HTTP ${response.status}): `
          + links[0].raw);
        continue;
      }
      if (!(response.headers.get('content-type') || '').includes('html')) continue;
      doc = new DOMParser().parseFromString(await response.text(), 'text/html');
    }
    for (const link of links) {
      if (!link.id) continue;
      const target = doc.getElementById(link.id);
      if (!target) { problems.push(`link to a missing anchor: ${link.raw}`); continue; }
      // Equation and exercise references must name the number of what they point at.
      const wanted = number(link.text);
      if (link.id.startsWith('equation-')) {
        const eqno = target.querySelector('.eqno');
        if (!eqno)
          problems.push(`equation reference ${link.raw} points at no numbered `
            + 'equation');
        else if (wanted && !eqno.textContent.includes(wanted))
          problems.push(`equation reference "${link.text}" points at equation `
            + eqno.textContent.replace('#', '').trim());
      } else if (target.classList.contains('exercise')) {
        const title = (target.querySelector('.admonition-title') || target).textContent;
        if (wanted && !title.includes(wanted))
          problems.push(
            `exercise reference "${link.text}" points at "${title.trim()}"`);
      }
    }
  }
  return problems;
}"""


def link_problems(page):
    """Every link inside the site reaches an existing file (element, for a #fragment).

    A reference to an equation or an exercise also carries the number of the
    equation or exercise it lands on.
    """
    return page.evaluate(_LINKS_JS)


_REFERENCES_JS = """() => {
  // the first reference on the page to an equation, and to an exercise, outside
  // hidden solutions
  const found = {};
  const internal = '.bd-article a.reference.internal[href^="#"]';
  for (const a of document.querySelectorAll(internal)) {
    const target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
    if (!target || !a.checkVisibility({visibilityProperty: true})
      || !a.getClientRects().length) continue;
    const kind = a.hash.startsWith('#equation-') ? 'equation'
      : target.classList.contains('exercise') ? 'exercise' : null;
    if (kind && !found[kind]) found[kind] = {text: a.textContent.trim(), hash: a.hash,
      index: [...document.querySelectorAll('a')].indexOf(a)};
  }
  return found;
}"""

_IN_VIEW_JS = """(id) => {
  const target = document.getElementById(id);
  if (!target) return false;
  const box = target.getBoundingClientRect();
  return box.top >= 0 && box.top < window.innerHeight && box.bottom > 0;
}"""


def reference_landing_problems(page):
    """Clicking an equation or exercise reference scrolls its target into view."""
    problems = []
    for kind, reference in page.evaluate(_REFERENCES_JS).items():
        page.evaluate("window.scrollTo(0, 0)")
        page.locator("a").nth(reference["index"]).click()
        target_id = reference["hash"][1:]
        try:
            page.wait_for_function(_IN_VIEW_JS, arg=target_id, timeout=5000)
        except Exception:
            problems.append(
                f'clicking the {kind} reference "{reference["text"]}" did not bring '
                f"#{target_id} into view"
            )
        if page.evaluate("location.hash") != reference["hash"]:
            problems.append(
                f'clicking the {kind} reference "{reference["text"]}" did not go to '
                f"{reference['hash']}"
            )
    return problems


_SOLUTIONS_JS = """() => [...document.querySelectorAll('.solution')].map(solution => {
  const body = [...solution.children].filter(child =>
    !child.classList.contains('admonition-title'));
  // seen as a reader sees it: displayed, not `visibility: hidden`, and taking up room
  const seen = e => e.checkVisibility({visibilityProperty: true, opacityProperty: true})
    && e.getBoundingClientRect().height > 0;
  return {
    id: solution.id,
    parts: body.length,
    shown: body.filter(seen).length,
    toggles: solution.querySelectorAll('button.toggle-button').length,
  };
})"""


def solution_problems(page):
    """Every exercise solution is hidden until its toggle is clicked, shown after."""
    problems = []
    before = page.evaluate(_SOLUTIONS_JS)
    solutions = page.locator(".solution")
    for i, solution in enumerate(before):
        name = solution["id"]
        if solution["parts"] == 0:
            problems.append(f"solution {name} is empty")
        elif solution["shown"]:
            problems.append(f"solution {name} is shown before the reader asks for it")
        if solution["toggles"] != 1:
            problems.append(f"solution {name} has no toggle button")
        else:
            solutions.nth(i).locator("button.toggle-button").click()
    with contextlib.suppress(Exception):  # any still hidden are reported below
        page.wait_for_function(
            f"() => ({_SOLUTIONS_JS})().every(s => s.toggles !== 1 || s.shown === "
            "s.parts)",
            timeout=5000,
        )
    after = page.evaluate(_SOLUTIONS_JS)
    for solution, now in zip(before, after):
        if solution["toggles"] == 1 and now["shown"] < now["parts"]:
            problems.append(
                f"solution {solution['id']} stays hidden after a click on its toggle"
            )
    return problems


_OVERFLOW_JS = """async () => {
  await document.fonts.ready;  // text takes its final width
  const width = document.documentElement.clientWidth;
  const problems = [];
  if (document.documentElement.scrollWidth > width)
    problems.push(`the page is ${document.documentElement.scrollWidth} px wide `
      + `on a ${width} px screen`);
  const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className.trim() ? '.'
      + e.className.trim().split(/\\s+/).join('.') : '');
  const sticking = new Set();
  for (const e of document.querySelectorAll('body *')) {
    const box = e.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue;
    if (!e.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    // content inside a box that scrolls (code, display math, tables) or clips is fine
    let a = e.parentElement, contained = false;
    for (; a && a !== document.body; a = a.parentElement)
      if (getComputedStyle(a).overflowX !== 'visible') { contained = true; break; }
    if (contained || sticking.has(e.parentElement)) { sticking.add(e); continue; }
    sticking.add(e);
    problems.push(`${describe(e)} reaches ${Math.round(box.right)} px: `
      + `"${e.textContent.trim().slice(0, 40)}"`);
  }
  return problems;
}"""


def overflow_problems(page):
    """Nothing widens the page beyond the screen; wide code and math scroll in a box."""
    return page.evaluate(_OVERFLOW_JS)


# -- figures in light and dark mode ---------------------------------------------

_OPAQUE_JS = """async () => {
  const figures = [...document.querySelectorAll('.bd-article img')].filter(img =>
    img.naturalWidth > 0);
  return figures.map(img => {
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d');
    context.drawImage(img, 0, 0);
    const w = img.naturalWidth - 1, h = img.naturalHeight - 1;
    const alphas = [[0, 0], [w, 0], [0, h], [w, h]].map(([x, y]) =>
      context.getImageData(x, y, 1, 1).data[3]);
    return {src: img.getAttribute('src'), alpha: Math.min(...alphas)};
  });
}"""


def luminance(rgb):
    """Relative luminance (WCAG 2) of sRGB colours as 0-255 integers, last axis RGB."""
    c = np.asarray(rgb, dtype=float)[..., :3] / 255
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def contrast(first, second):
    """WCAG contrast ratio of two colours (1 to 21)."""
    light, dark = sorted([luminance(first), luminance(second)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def set_theme(page, theme):
    """Click the theme switch, as a reader would, until the page shows `theme`."""
    for _ in range(3):
        if page.evaluate("document.documentElement.dataset.theme") == theme:
            return True
        page.locator(".theme-switch-button:visible").first.click()
    return page.evaluate("document.documentElement.dataset.theme") == theme


def _page_background(page):
    colour = page.evaluate("getComputedStyle(document.body).backgroundColor")
    return tuple(int(float(v)) for v in re.findall(r"[\d.]+", colour)[:3])


def figure_problems(page):
    """Every figure keeps its own opaque background and is readable in both themes.

    A figure is opaque: the corners of the image file are not transparent.
    In each theme, the figure as rendered (a screenshot of it) has its dark
    ink at a contrast of at least 4.5 against its own background, and in
    dark mode that background differs from the dark page around it.
    """
    from PIL import Image

    problems = [
        f"figure has a transparent background: {figure['src']}"
        for figure in page.evaluate(_OPAQUE_JS)
        if figure["alpha"] < 255
    ]
    images = page.locator(".bd-article img")
    for theme in ("light", "dark"):
        if not set_theme(page, theme):
            problems.append(f"the theme switch does not reach {theme} mode")
            continue
        page_background = _page_background(page)
        if theme == "dark" and luminance(page_background) > 0.2:
            problems.append(
                f"dark mode left the page background light: {page_background}"
            )
        for i in range(images.count()):
            image = images.nth(i)
            if not image.is_visible():
                continue
            image.scroll_into_view_if_needed()
            pixels = np.asarray(
                Image.open(io.BytesIO(image.screenshot())).convert("RGB")
            )
            inset = page.evaluate(
                "img => { const s = getComputedStyle(img);"
                " return parseFloat(s.paddingLeft) + parseFloat(s.borderLeftWidth); }",
                image.element_handle(),
            )
            corner = int(inset) + 2
            background = tuple(int(v) for v in pixels[corner, corner])
            flat = pixels.reshape(-1, 3)
            ink = tuple(int(v) for v in flat[luminance(flat).argmin()])
            name = image.get_attribute("src")
            if contrast(background, ink) < 4.5:
                problems.append(
                    f"{theme} mode: figure {name} is hard to read: ink {ink} on "
                    f"{background} "
                    f"(contrast {contrast(background, ink):.1f} < 4.5)"
                )
            if theme == "dark" and contrast(background, page_background) < 3:
                problems.append(
                    f"dark mode: figure {name} has no background of its own: "
                    f"{background} on page {page_background}"
                )
    return problems


# -- everything about one page ---------------------------------------------------


def full_page_screenshot(page, path):
    """Save a PNG of the whole page, as wide as the window.

    Chromium captures beyond the window directly (`optimizeForSpeed`), a few
    times faster than Playwright's `full_page`, which matters for chapters tens
    of thousands of pixels long.
    """
    width, height = page.evaluate(
        "[document.documentElement.clientWidth, document.documentElement.scrollHeight]"
    )
    session = page.context.new_cdp_session(page)
    try:
        shot = session.send(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "optimizeForSpeed": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
            },
        )
    finally:
        session.detach()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(base64.b64decode(shot["data"]))


# Resolves once the CSS transitions started by the last change (a resize, a
# scroll) have finished: two animation frames let them start first.
_SETTLED_JS = """async () => {
  await new Promise(resolve => requestAnimationFrame(() =>
    requestAnimationFrame(resolve)));
  const moving = document.getAnimations().filter(a => a instanceof CSSTransition);
  await Promise.all(moving.map(a => a.finished.catch(() => null)));
}"""


def check_page(browser, url, screenshots=None):
    """Open `url` as a reader would, on a phone, then a desktop: the problems by kind.

    The page is loaded once at phone width (375 px): math, images and
    horizontal overflow are checked there; then the window is widened to
    1280 px for links, references, solutions and figures in both themes.
    `screenshots` maps "phone" and "desktop" to the paths of full-page
    screenshots to save, taken before anything on the page is clicked.
    """
    screenshots = screenshots or {}
    with Visit(browser, url, viewport=PHONE) as visit:
        page = visit.page
        report = {"math": math_problems(page), "images": image_problems(page)}
        report["images"] += [f"{p}, on a phone" for p in proportion_problems(page)]
        report["equations"] = page.locator("mjx-container").count()
        report["overflow"] = overflow_problems(page)
        if "phone" in screenshots:
            full_page_screenshot(page, screenshots["phone"])
        page.set_viewport_size(DESKTOP)
        if "desktop" in screenshots:
            # The theme slides its sidebars in after a resize: capture once they
            # have settled, or the picture is cut off at the left.
            page.evaluate("window.scrollTo(0, 0)")
            page.evaluate(_SETTLED_JS)
            full_page_screenshot(page, screenshots["desktop"])
        report["images"] += [f"{p}, on a desktop" for p in proportion_problems(page)]
        report["links"] = link_problems(page)
        report["solutions"] = solution_problems(page)
        report["references"] = reference_landing_problems(page)
        report["figures"] = figure_problems(page)
        report["load"] = visit.problems + font_problems(page)
    return report


def check_offline_file(browser, path, lands_on=None):
    """Open a built page from the file system (no server): its load and math problems.

    `lands_on` is a glob of the URL the page redirects to (index.html does).
    """
    with Visit(browser, Path(path).resolve().as_uri()) as visit:
        if lands_on:
            visit.page.wait_for_url(lands_on, wait_until="load", timeout=10_000)
        math = math_problems(visit.page)
        return {
            "load": visit.problems + font_problems(visit.page),
            "math": math,
            "url": visit.page.url,
        }


def all_problems(report):
    """The problems of a report, as one list of `kind: problem` lines."""
    return [
        f"{kind}: {problem}"
        for kind, problems in report.items()
        if isinstance(problems, list)
        for problem in problems
    ]


def search(browser, base_url, query):
    """The pages (paths relative to the site) Sphinx's search page lists for `query`."""
    with Visit(browser, f"{base_url}/search.html?q={quote_plus(query)}") as visit:
        visit.page.wait_for_function(
            "() => {"
            " const s = document.querySelector('#search-results .search-summary');"
            " return s && s.textContent.trim().length > 0; }",
            timeout=15_000,
        )
        hrefs = visit.page.eval_on_selector_all(
            "#search-results ul.search li a", "links => links.map(a => a.href)"
        )
        problems = list(visit.problems)
    base = urlparse(base_url).path.rstrip("/")
    return sorted({urlparse(href).path[len(base) + 1 :] for href in hrefs}), problems
