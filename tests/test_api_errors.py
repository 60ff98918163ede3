"""The API reference documents the errors: every public callable has ``Raises``.

The docstrings are the API reference (book/api.rst renders them), so a public
function or method that can raise must say what it raises and when. Errors
that every function of a module shares are stated once, in the module's
docstring (activations.py); a callable of such a module needs a section of
its own only for errors of its own. The few that cannot raise are listed,
each with the reason.
"""

import inspect
import re

import pytest

from nnscratch import (
    activations,
    autodiff,
    gradcheck,
    layers,
    losses,
    network,
    optim,
    perceptron,
    schedules,
    train,
)

plotting = pytest.importorskip(
    "nnscratch.plotting", reason="nnscratch.plotting needs matplotlib"
)
MODULES = [
    activations,
    layers,
    perceptron,
    losses,
    gradcheck,
    network,
    optim,
    train,
    plotting,
    autodiff,
    schedules,
]

# qualified name: why it raises nothing of its own
NEVER_RAISES = {
    "plotting.use_book_style": "takes no arguments; sets matplotlib's style",
    "train.History": "a dict that fit builds; fit checks a history passed back in",
    "autodiff.Tensor.shape": "reads the shape of an array",
    "autodiff.Tensor.dtype": "reads the dtype of an array",
    "autodiff.Tensor.T": "every array has a transpose",
    "autodiff.Tensor.tanh": "finite, with a finite derivative, for every finite input",
    "autodiff.Tensor.relu": "finite, with a finite derivative, for every finite input",
    "autodiff.Tensor.sigmoid": "finite, with a finite derivative, for any finite input",
    "autodiff.Tensor.zero_grad": "only writes zeros",
}


def public_callables():
    """(qualified name, object) of every public function, class, method, property."""
    for module in MODULES:
        short = module.__name__.removeprefix("nnscratch.")
        for name, obj in vars(module).items():
            if (
                name.startswith("_")
                or getattr(obj, "__module__", None) != module.__name__
            ):
                continue
            if inspect.isfunction(obj):
                yield f"{short}.{name}", obj
            elif inspect.isclass(obj):
                yield f"{short}.{name}", obj  # the constructor, documented on the class
                for member_name, member in vars(obj).items():
                    if member_name.startswith("_"):
                        continue
                    if inspect.isfunction(member) or isinstance(member, property):
                        yield f"{short}.{name}.{member_name}", member


CALLABLES = dict(public_callables())


def test_the_walk_finds_the_package():
    for expected in [
        "network.MLP",
        "network.MLP.gradients",
        "network.MLP.weights",
        "train.fit",
        "optim.Adam",
        "optim.Optimizer.step",
        "losses.get_loss",
        "layers.dense",
        "activations.softmax",
        "gradcheck.numerical_gradient",
        "plotting.draw_network",
    ]:
        assert expected in CALLABLES
    assert set(NEVER_RAISES) <= set(CALLABLES)


RAISES = "\nRaises\n------\n"
ERRORS = {"ValueError", "FloatingPointError", "TypeError"}


def raises_section(obj):
    """The text after the ``Raises`` heading of `obj`'s docstring, or None."""
    doc = inspect.getdoc(obj) or ""
    return doc.split(RAISES, 1)[1] if RAISES in doc else None


def module_of(name):
    return next(
        module
        for module in MODULES
        if module.__name__ == f"nnscratch.{name.split('.')[0]}"
    )


@pytest.mark.parametrize("name", sorted(set(CALLABLES) - set(NEVER_RAISES)))
def test_every_public_callable_documents_what_it_raises(name):
    section = raises_section(CALLABLES[name]) or raises_section(module_of(name))
    assert section, f"{name} has no Raises section, nor has its module"
    assert section.split()[0].rstrip(",") in ERRORS


def test_activations_state_their_shared_error_once():
    assert raises_section(activations) is not None
    own = [
        name
        for name in CALLABLES
        if name.startswith("activations.") and raises_section(CALLABLES[name])
    ]
    assert sorted(own) == [
        "activations.get_activation",
        "activations.softmax",
        "activations.softmax_grad",
    ]


def test_the_built_api_page_shows_the_raises_sections(site):
    page = (site / "book" / "api.html").read_text()
    starts = [
        (m.start(), m.group(1))
        for m in re.finditer(r'<dt class="sig sig-object py" id="([^"]+)"', page)
    ]
    shown = {}
    for (start, name), (end, _) in zip(starts, starts[1:] + [(len(page), None)]):
        shown[name.removeprefix("nnscratch.")] = "Raises" in page[start:end]
    # every callable is on the page (data such as ELEMENTWISE has no Raises)
    assert set(CALLABLES) <= set(shown)
    # a module's own Raises section comes before its first member (as a
    # "raises ValueError:" field: outside an object, Sphinx does not group it)
    covered = {
        module.__name__.removeprefix("nnscratch.")
        for module in MODULES
        if re.search(
            r'<dt class="field-\w+">[Rr]aises',
            page.split(f'id="module-{module.__name__}"', 1)[1].split(
                '<dt class="sig', 1
            )[0],
        )
    }
    missing = [
        name
        for name in CALLABLES
        if name not in NEVER_RAISES
        and not shown[name]
        and name.split(".")[0] not in covered
    ]
    assert missing == []
    assert "activations" in covered
