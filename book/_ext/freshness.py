"""Re-execute every page when the nnscratch package changes.

Jupyter Book's execution cache is keyed on a notebook's code cells only, and
Sphinx re-reads only the pages whose source changed. A change in the package
would leave every page showing outputs of the old code. This extension keys
the execution cache on the package source too: the cache lives in a folder
named after a hash of the files of the ``nnscratch`` the kernel will import,
and of the helper modules beside the chapters (``book/*.py``, such as
``booktools``) that their hidden cells import. A new hash gives an empty
cache, and because ``nb_execution_cache_path`` is a
configuration value that Sphinx records, a changed value makes Sphinx re-read
(and so re-execute) every page.
"""

import hashlib
import importlib.util
import shutil
from pathlib import Path


def _hash_folder(digest, root):
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())


def package_hash(book_dir=None):
    """SHA-256 of the package the kernel will import and the modules of `book_dir`."""
    digest = hashlib.sha256()
    # Found, not imported: the build itself needs neither the package nor NumPy.
    package = importlib.util.find_spec("nnscratch")
    _hash_folder(digest, Path(package.origin).resolve().parent)
    for module in sorted(Path(book_dir).glob("*.py")) if book_dir else []:
        digest.update(module.name.encode())
        digest.update(module.read_bytes())
    return digest.hexdigest()[:16]


def cache_path(build_dir, book_dir=None):
    """The execution-cache folder for the current package and chapter helpers."""
    return Path(build_dir).resolve() / ".jupyter_cache" / package_hash(book_dir)


def _use_keyed_cache(app, config):
    build_dir = Path(app.outdir).parent
    current = cache_path(build_dir, Path(app.srcdir) / "book")
    # Caches of older package versions can never be hit again.
    if current.parent.is_dir():
        for old in current.parent.iterdir():
            if old != current and old.is_dir() and len(old.name) == 16:
                shutil.rmtree(old, ignore_errors=True)
    config.nb_execution_cache_path = str(current)


def setup(app):
    app.connect("config-inited", _use_keyed_cache)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
