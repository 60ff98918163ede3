"""Fill the execution cache on all cores before the Sphinx pass.

Sphinx executes the pages one after another. This script, run by
`make book` first, executes every page of `_toc.yml` that has no cache entry
for its current code (and package version, see freshness.py), several at
once, and stores the results in the cache the Sphinx pass reads. A page that
fails here is left out of the cache, so the Sphinx pass executes it again and
reports its error exactly as without this script: nothing is less strict.

Usage: python book/_ext/prefill.py [--workers N]   (from the book's root)
"""

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import yaml
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution
from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook
from myst_parser.config.main import MdParserConfig

sys.path.insert(0, str(Path(__file__).resolve().parent))
import freshness  # noqa: E402


def toc_pages(root):
    """The source files of every page in _toc.yml, in reading order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    names = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                names.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return [root / f"{name}.md" for name in names if (root / f"{name}.md").is_file()]


def read_notebook(path, md_config):
    """The page as myst-nb reads it (same cells, same metadata, same cache key)."""
    text = path.read_text(encoding="utf8")
    if not is_myst_markdown_notebook(text):
        return None
    return read_myst_markdown_notebook(text, config=md_config, add_source_map=True, path=str(path))


def execute(path, notebook, timeout):
    """Run one notebook in its own folder; return (path, notebook, seconds, error or None)."""
    result = single_nb_execution(notebook, cwd=str(path.parent), allow_errors=False,
                                 timeout=timeout, meta_override=True)
    error = None if result.err is None else f"{type(result.err).__name__}: {result.err}"
    return path, notebook, result.time, error


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    root = Path.cwd()
    config = yaml.safe_load((root / "_config.yml").read_text())
    timeout = config.get("execute", {}).get("timeout", 30)
    parse = config.get("parse", {})
    md_config = MdParserConfig(enable_extensions=set(parse.get("myst_enable_extensions", [])))
    cache = get_cache(str(freshness.cache_path(root / "_build")))

    todo = []
    for path in toc_pages(root):
        notebook = read_notebook(path, md_config)
        if notebook is None:
            continue
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            todo.append((path, notebook))
    if not todo:
        return
    print(f"prefill: executing {len(todo)} page(s) on {args.workers} worker(s)", flush=True)
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        futures = [pool.submit(execute, path, notebook, timeout) for path, notebook in todo]
        for future in as_completed(futures):
            path, notebook, seconds, error = future.result()
            name = path.relative_to(root)
            if error is None:
                cache.cache_notebook_bundle(
                    CacheBundleIn(notebook, str(path), data={"execution_seconds": seconds}),
                    check_validity=False, overwrite=True,
                )
                print(f"prefill: {name} executed in {seconds:.1f} s", flush=True)
            else:
                print(f"prefill: {name} failed ({error.splitlines()[0][:120]}); "
                      "the build executes it again and reports the error", flush=True)
    print(f"prefill: done in {time.perf_counter() - start:.1f} s", flush=True)


if __name__ == "__main__":
    main()
