"""The guard of the extensions that patch myst-nb: another version fails the build.

``streams.py`` and ``cached_outputs.py`` replace a function of myst-nb's
internals. An upgrade of myst-nb could change that function (and undo or break
the correction without a word), so each checks at set-up that the installed
myst-nb is the version it was written for, and stops the build if not: read
the upstream code again, then raise the version here.
"""

import myst_nb
from sphinx.errors import ExtensionError

WRITTEN_FOR = "1.4.0"


def require(extension, installed=None):
    """Raise ExtensionError unless myst-nb is the version `extension` is written for."""
    installed = myst_nb.__version__ if installed is None else installed
    if installed != WRITTEN_FOR:
        raise ExtensionError(
            f"book/_ext/{extension}.py patches myst-nb {WRITTEN_FOR}'s internals, but "
            "myst-nb "
            f"{installed} is installed: check that the upstream behaviour it corrects "
            "is "
            "unchanged (see its docstring), then update WRITTEN_FOR in "
            "book/_ext/myst_nb_version.py"
        )
