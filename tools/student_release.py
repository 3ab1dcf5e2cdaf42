"""Write the series as students get it, without what only instructors should have.

``make student-release`` (or ``python tools/student_release.py [--out DIR]``) copies every
file git tracks into ``build/student-release/`` (default) except:

- ``notebooks/solutions/``: the reference solutions;
- ``docs/instructors/``: the instructor's guides;
- the instructor's tools and their tests (``INSTRUCTOR_ONLY`` below), and the Makefile's
  instructor targets (the lines between ``# instructors: begin`` and ``# instructors: end``);
- every test that reads ``notebooks/solutions`` (the checkers' tests run the solutions).

What stays, and what a student can still learn from it, is said in
``docs/instructors/student-release.md``: the checkers in ``helpers/exercises`` hold each
exercise's reference, and ``helpers`` implements what most exercises ask.

The copy runs top to bottom as the checkout does (tests/test_student_release.py executes a
notebook of it from a fresh kernel). Give students the folder (a zip, or push it as a
repository of its own: it is not a git checkout); never a branch of this repository, whose
history holds the solutions.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "student-release"

INSTRUCTOR_ONLY = (
    "notebooks/solutions/",
    "docs/instructors/",
    "tools/assignments.py",
    "tools/grade.py",
    "tools/hidden_tests.py",
    "tools/student_release.py",
    "tools/nbgitpuller_links.py",
    "tests/test_grading.py",
    "tests/test_student_release.py",
    ".github/workflows/image.yml",
)
READS_SOLUTIONS = re.compile(r"""["']solutions["']|solutions/ex""")


def tracked_files(root: Path = ROOT) -> list[str]:
    """Every file git tracks, plus new files not yet committed (not the ignored ones)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return sorted({f for f in listed if (root / f).is_file()})


def for_instructors(path: str, root: Path = ROOT) -> bool:
    """Whether ``path`` (relative to the checkout) stays out of the student release."""
    if path.startswith(INSTRUCTOR_ONLY) or path in INSTRUCTOR_ONLY:
        return True
    if path.startswith("tests/") and path.endswith(".py"):
        return bool(READS_SOLUTIONS.search((root / path).read_text(errors="replace")))
    return False


def strip_instructor_lines(text: str) -> str:
    """The Makefile without its instructor targets and help lines."""
    out, skipping = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith("# instructors: begin"):
            skipping = True
        elif line.startswith("# instructors: end"):
            skipping = False
        elif not skipping and "# instructors" not in line:
            out.append(line)
    text = "".join(out)
    for target in ("assignments", "grade", "student-release"):
        text = re.sub(rf"(^\.PHONY:.*?) {re.escape(target)}\b", r"\1", text, flags=re.MULTILINE)
    return text


def release(out: Path = OUT, root: Path = ROOT) -> list[str]:
    """Write the student release into ``out`` (emptied first); returns the files left out."""
    if out.resolve() == root.resolve() or root.resolve().is_relative_to(out.resolve()):
        raise ValueError(f"out must be a folder outside the checkout's root, got {out}")
    shutil.rmtree(out, ignore_errors=True)
    left_out = []
    for path in tracked_files(root):
        if for_instructors(path, root):
            left_out.append(path)
            continue
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if path == "Makefile":
            target.write_text(strip_instructor_lines((root / path).read_text()))
        else:
            shutil.copy2(root / path, target)
    return left_out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    left_out = release(args.out)
    print(f"wrote {args.out} without {len(left_out)} instructor files:")
    for path in left_out:
        print(f"  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
