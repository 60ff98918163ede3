"""The API reference documents the errors: every public callable has a ``Raises`` section.

The docstrings are the API reference (book/api.md renders them), so a public
function or method that can raise must say what it raises and when. The few
that cannot are listed, each with the reason.
"""

import inspect
import re

import pytest

from nnscratch import activations, autodiff, gradcheck, layers, losses, network, optim, perceptron, plotting, train

MODULES = [activations, layers, perceptron, losses, gradcheck, network, optim, train, plotting,
           autodiff]

# qualified name: why it raises nothing of its own
NEVER_RAISES = {
    "plotting.use_book_style": "takes no arguments; sets matplotlib's style",
    "autodiff.Tensor.shape": "reads the shape of an array",
    "autodiff.Tensor.dtype": "reads the dtype of an array",
    "autodiff.Tensor.T": "every array has a transpose",
    "autodiff.Tensor.tanh": "finite, with a finite derivative, for every finite input",
    "autodiff.Tensor.relu": "finite, with a finite derivative, for every finite input",
    "autodiff.Tensor.sigmoid": "finite, with a finite derivative, for every finite input",
    "autodiff.Tensor.zero_grad": "only writes zeros",
}


def public_callables():
    """(qualified name, object) for every public function, class, method and property."""
    for module in MODULES:
        short = module.__name__.removeprefix("nnscratch.")
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
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
    for expected in ["network.MLP", "network.MLP.gradients", "network.MLP.weights", "train.fit",
                     "optim.Adam", "optim.Optimizer.step", "losses.get_loss", "layers.dense",
                     "activations.softmax", "gradcheck.numerical_gradient", "plotting.draw_network"]:
        assert expected in CALLABLES
    assert set(NEVER_RAISES) <= set(CALLABLES)


@pytest.mark.parametrize("name", sorted(set(CALLABLES) - set(NEVER_RAISES)))
def test_every_public_callable_documents_what_it_raises(name):
    doc = inspect.getdoc(CALLABLES[name]) or ""
    assert "\nRaises\n------\n" in doc, f"{name} has no Raises section"
    section = doc.split("\nRaises\n------\n", 1)[1]
    assert section.split()[0].rstrip(",") in {"ValueError", "FloatingPointError", "TypeError"}



def test_the_built_api_page_shows_the_raises_sections(site):
    page = (site / "book" / "api.html").read_text()
    starts = [(m.start(), m.group(1)) for m in re.finditer(r'<dt class="sig sig-object py" id="([^"]+)"', page)]
    shown = {}
    for (start, name), (end, _) in zip(starts, starts[1:] + [(len(page), None)]):
        shown[name.removeprefix("nnscratch.")] = "Raises" in page[start:end]
    # every callable is on the page (data such as ELEMENTWISE has no Raises)
    assert set(CALLABLES) <= set(shown)
    missing = [name for name in CALLABLES if name not in NEVER_RAISES and not shown[name]]
    assert missing == []
