"""The README's example runs as shown, and the package's long description is its own."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
PACKAGE_README = ROOT / "code" / "README.md"


def python_blocks(path):
    return re.findall(r"```python\n(.*?)```", path.read_text(), re.S)


def expected_output(code):
    """The lines the example's comments after print(...) promise, in order."""
    return [m.group(1) for m in re.finditer(r"^print\(.*\)\s+# (.*)$", code, re.M)]


@pytest.mark.parametrize(
    "path", [README, PACKAGE_README], ids=["README", "code/README"]
)
def test_the_training_example_runs_and_prints_what_its_comments_say(path, tmp_path):
    (code,) = python_blocks(path)
    for step in [
        "load_iris",
        "split(",
        "standardize(",
        "MLP(",
        "fit(",
        "validation=",
        ".predict(",
        "accuracy(",
        "plot_history(",
        ".save(",
        "load(",
    ]:
        assert step in code, f"the example lacks {step}"
    result = subprocess.run(
        [
            sys.executable,
            "-W",
            "error",
            "-c",
            "import matplotlib; matplotlib.use('Agg')\n" + code,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == expected_output(code)
    assert (tmp_path / "history.png").is_file() and (tmp_path / "iris.npz").is_file()
    assert max(len(line) for line in code.splitlines()) <= 80


def test_both_readmes_show_the_same_example():
    assert python_blocks(README) == python_blocks(PACKAGE_README)


def test_the_long_description_is_the_package_readme_and_the_changelog():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "readme" in project["project"]["dynamic"]
    readme = project["tool"]["setuptools"]["dynamic"]["readme"]
    assert readme["file"] == ["code/README.md", "CHANGELOG.md"]
    text = PACKAGE_README.read_text()
    assert "make book" not in text and "pip install" in text
    changelog = (ROOT / "CHANGELOG.md").read_text()
    version = project["project"]["version"]
    assert changelog.startswith("# Changelog") and f"## {version}" in changelog
    import nnscratch

    assert nnscratch.__version__ == version


def test_the_extras_are_declared_with_lower_bounds():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    assert extras["plot"] == ["matplotlib>=3.8"]
    assert extras["data"] == ["scikit-learn>=1.3"]
    assert extras["progress"] == ["tqdm>=4.60"]
    assert extras["all"] == ["nnscratch[plot,data,progress]"]
    assert project["dependencies"] == ["numpy>=2.0"]
