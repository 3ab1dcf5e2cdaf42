"""The student release: the series without what only instructors should have, still running.

Fast: the release holds every notebook and helper, and none of the solutions, the
instructor's guides and tools, the tests that read the solutions or the Makefile's
instructor targets. Slow (CI, or RUN_SLOW=1): a notebook of the release runs top to bottom
from a fresh kernel in a temporary folder, importing the release's own ``helpers``.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import student_release  # noqa: E402

RUN_SLOW = os.environ.get("CI") == "true" or os.environ.get("RUN_SLOW") == "1"


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    out = tmp_path_factory.mktemp("release") / "backprop-by-hand"
    left_out = student_release.release(out)
    return out, left_out


def test_release_has_the_series(release):
    out, _ = release
    for nb in ROOT.glob("notebooks/[0-9][0-9]_*.ipynb"):
        assert (out / "notebooks" / nb.name).is_file(), nb.name
    for module in ROOT.glob("helpers/**/*.py"):
        assert (out / module.relative_to(ROOT)).is_file(), module
    assert (out / "pyproject.toml").is_file() and (out / "requirements.txt").is_file()


def test_release_has_nothing_for_instructors(release):
    out, left_out = release
    assert not (out / "notebooks" / "solutions").exists()
    assert not (out / "docs" / "instructors").exists()
    for path in student_release.INSTRUCTOR_ONLY:
        assert not (out / path).exists(), path
    assert "notebooks/solutions/README.md" in left_out
    assert "tests/test_exercises.py" in left_out  # it runs the solutions
    assert "tests/test_grading.py" in left_out  # it imports tools/assignments.py
    assert (out / "tests" / "test_mlp.py").is_file()  # a test that does not stays
    for test in (out / "tests").glob("*.py"):
        assert not student_release.READS_SOLUTIONS.search(test.read_text()), test.name
    for path in out.rglob("*.py"):
        assert "Kept for instructors" not in path.read_text(errors="replace"), path


def test_release_tests_import_only_tools_that_are_released(release):
    out, _ = release
    tools = {p.stem for p in (ROOT / "tools").glob("*.py")}
    for test in (out / "tests").glob("*.py"):
        imported = set(re.findall(r"^\s*import (\w+)", test.read_text(), flags=re.MULTILINE))
        for name in imported & tools:
            assert (out / "tools" / f"{name}.py").is_file(), f"{test.name} imports tools/{name}.py"


def test_makefile_without_instructor_targets():
    text = (ROOT / "Makefile").read_text()
    stripped = student_release.strip_instructor_lines(text)
    for target in ("assignments:", "grade:", "student-release:"):
        assert f"\n{target}" not in stripped
    assert "\nlab:" in stripped and "\ntest:" in stripped
    phony = next(line for line in stripped.splitlines() if line.startswith(".PHONY"))
    assert " grade" not in phony and " lab" in phony


def test_release_refuses_the_checkout_itself():
    with pytest.raises(ValueError, match="outside"):
        student_release.release(ROOT)


@pytest.mark.slow
@pytest.mark.skipif(not RUN_SLOW, reason="slow: runs with CI=true or RUN_SLOW=1")
def test_a_release_notebook_runs_top_to_bottom(release, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    out, _ = release
    path = out / "notebooks" / "01_forward_pass.ipynb"
    nb = nbformat.read(path, as_version=4)
    probe = "import helpers, os\nprint(os.path.dirname(os.path.dirname(helpers.__file__)))"
    nb.cells.append(nbformat.v4.new_code_cell(probe))
    monkeypatch.setenv("PYTHONPATH", str(out))  # the release's helpers, not the checkout's
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    where = "".join(o.get("text", "") for o in nb.cells[-1].outputs).strip()
    assert Path(where).resolve() == out.resolve()
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert errors == []
    assert json.loads(path.read_text())["cells"]  # the file on disk is untouched and readable


def test_nbgitpuller_links_open_each_notebook_of_the_student_repository():
    import nbgitpuller_links as links

    repo = "https://github.com/a-course/bbh-students.git"
    url = links.link("https://hub.example.edu/", repo, "main", "notebooks/01_forward_pass.ipynb")
    assert url.startswith(
        "https://hub.example.edu/hub/user-redirect/git-pull?"
        "repo=https%3A%2F%2Fgithub.com%2Fa-course%2Fbbh-students.git&branch=main&"
    )
    assert url.endswith("urlpath=lab%2Ftree%2Fbbh-students%2Fnotebooks%2F01_forward_pass.ipynb")
    classic = links.link("https://hub.example.edu", repo, "main", "notebooks/x.ipynb", "notebook")
    assert "urlpath=tree%2Fbbh-students%2F" in classic
    rows = links.table("https://hub.example.edu", repo, "main").splitlines()[2:]
    assert len(rows) == len(list(ROOT.glob("notebooks/[0-9][0-9]_*.ipynb")))
    with pytest.raises(ValueError, match="hub must be an http"):
        links.link("hub.example.edu", repo, "main", "notebooks/x.ipynb")
    with pytest.raises(ValueError, match="interface"):
        links.link("https://h.edu", repo, "main", "notebooks/x.ipynb", "classic")
