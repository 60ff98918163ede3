"""The API page renders the docstrings as written: no napoleon artefacts.

Napoleon reads the first line of a module attribute's docstring as
``type: description`` when it holds a colon outside a role or literal, so
``LARGE_INPUT = 1e4`` with the docstring "Inputs larger than this ... warn:
standardise them." rendered as "Type: Inputs larger than this ...". The
test builds what napoleon builds from every attribute docstring of the
package and looks for a ``:type:`` field.
"""

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest
from sphinx.ext.napoleon import Config, NumpyDocstring

import nnscratch

MODULES = [
    name
    for _, name, _ in pkgutil.iter_modules(nnscratch.__path__, "nnscratch.")
    if not name.rsplit(".", 1)[-1].startswith("_")
]


def attribute_docstrings(module_name):
    """(name, docstring) of every module-level assignment followed by a string."""
    module = importlib.import_module(module_name)
    tree = ast.parse(Path(module.__file__).read_text())
    for node, following in zip(tree.body, tree.body[1:]):
        if (
            isinstance(node, (ast.Assign, ast.AnnAssign))
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            yield target.id, following.value.value


CASES = [(m, name, doc) for m in MODULES for name, doc in attribute_docstrings(m)]


def test_the_walk_finds_the_attributes():
    names = {f"{m}.{name}" for m, name, _ in CASES}
    assert {
        "nnscratch.network.LARGE",
        "nnscratch.train.DIVERGED",
        "nnscratch.optim.OPTIMIZERS",
    } <= names


@pytest.mark.parametrize(
    "module, name, doc", CASES, ids=[f"{m}.{n}" for m, n, _ in CASES]
)
def test_an_attribute_docstring_renders_without_a_type_field(module, name, doc):
    rendered = str(
        NumpyDocstring(
            doc, Config(napoleon_numpy_docstring=True), what="attribute", name=name
        )
    )
    assert ":type:" not in rendered, rendered


def test_the_old_artefact_is_caught():
    doc = "Inputs larger than this in size make :func:`fit` warn: standardise them."
    rendered = str(NumpyDocstring(doc, Config(), what="attribute", name="LARGE_INPUT"))
    assert ":type:" in rendered


def property_docstrings():
    """(qualified name, docstring) of every public property of the package's classes."""
    import inspect

    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for class_name, cls in vars(module).items():
            if (
                not inspect.isclass(cls)
                or cls.__module__ != module_name
                or class_name.startswith("_")
            ):
                continue
            for name, member in vars(cls).items():
                if (
                    isinstance(member, property)
                    and not name.startswith("_")
                    and member.__doc__
                ):
                    yield (
                        f"{module_name}.{class_name}.{name}",
                        inspect.cleandoc(member.__doc__),
                    )


# Found on the built page, in a module of another change: reported, not fixed here.
KNOWN = {
    "nnscratch.autodiff.Tensor.dtype": (
        "'The dtype of data and grad: float64 or float32.'"
    )
}
PROPERTIES = [
    pytest.param(
        name,
        doc,
        id=name,
        marks=[pytest.mark.xfail(strict=True, reason=KNOWN[name])]
        if name in KNOWN
        else [],
    )
    for name, doc in property_docstrings()
]


@pytest.mark.parametrize("name, doc", PROPERTIES)
def test_a_property_docstring_renders_without_a_type_field(name, doc):
    rendered = str(
        NumpyDocstring(
            doc,
            Config(napoleon_numpy_docstring=True),
            what="property",
            name=name.rsplit(".", 1)[-1],
        )
    )
    assert ":type:" not in rendered, rendered
