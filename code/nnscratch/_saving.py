"""The file format of :meth:`MLP.save <nnscratch.network.MLP.save>` (private module).

An ``.npz`` archive (NumPy's zip of ``.npy`` arrays) with an array
``"config"``, a JSON text (a 0-d array of str) of the settings plus a
``"format"`` tag and a format version, and one array per parameter:
``weights_0, ..., weights_{L-1}, biases_0, ..., biases_{L-1}``. Nothing is
pickled, and files are read with ``allow_pickle=False``, so a file from
someone else cannot run code.
"""

import json
import zipfile
from pathlib import Path

import numpy as np

FORMAT = "nnscratch.MLP"
VERSION = 1


def parameter_names(n_layers):
    """The array names of a network with ``n_layers`` layers, weights first."""
    return [f"weights_{i}" for i in range(n_layers)] + [
        f"biases_{i}" for i in range(n_layers)
    ]


def save(config, parameters, path):
    """Write ``config`` (a dict) and ``parameters`` (weights, then biases) to
    ``path``.
    """
    path = Path(path)
    if path.suffix != ".npz":
        path = path.with_name(path.name + ".npz")
    header = {"format": FORMAT, "version": VERSION, **config}
    arrays = dict(zip(parameter_names(len(parameters) // 2), parameters))
    np.savez(path, config=np.array(json.dumps(header)), **arrays)
    return path


def read(path):
    """The settings (a dict without the format tag) and the arrays of a saved
    network.
    """
    not_ours = f"{path} is not a network saved by MLP.save"
    try:
        data = np.load(path, allow_pickle=False)
    except FileNotFoundError:
        raise
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as error:
        raise ValueError(f"{not_ours} (not an .npz archive: {error})") from None
    if not isinstance(data, np.lib.npyio.NpzFile):
        raise ValueError(f"{not_ours} (an .npy array, not an .npz archive)")
    try:
        arrays = {name: data[name] for name in data.files}
    except (OSError, ValueError, zipfile.BadZipFile) as error:
        raise ValueError(
            f"{not_ours} (an array cannot be read: {error})"
        ) from None
    finally:
        data.close()
    return _config(arrays.pop("config", None), not_ours), arrays


def _config(array, not_ours):
    """The settings in the ``config`` array, checked to be ours."""
    if array is None or array.dtype.kind != "U" or array.ndim != 0:
        raise ValueError(f"{not_ours} (it has no 'config' text)")
    try:
        config = json.loads(str(array))
    except json.JSONDecodeError:
        config = None
    if not isinstance(config, dict) or config.pop("format", None) != FORMAT:
        raise ValueError(
            f"{not_ours} (its 'config' is not an nnscratch network's)"
        )
    version = config.pop("version", None)
    if version != VERSION:
        raise ValueError(
            f"{not_ours} in format version {VERSION} (its version is {version!r}): "
            "a newer nnscratch may read it"
        )
    return config


def check_names(path, arrays, names):
    """Raise ``ValueError`` if ``arrays`` lacks one of ``names`` or holds another."""
    missing = [name for name in names if name not in arrays]
    if missing:
        raise ValueError(
            f"{path} lacks the array {missing[0]!r}: a network of "
            f"{len(names) // 2} layers needs {', '.join(names)}"
        )
    extra = sorted(set(arrays) - set(names))
    if extra:
        raise ValueError(
            f"{path} holds arrays its network does not have: {', '.join(extra)}"
        )
