"""Find a Python interpreter of a given X.Y version, for the tools that need one.

``tools/binder_replay.py`` replays Binder on its Python (3.12 where pyenv has it) and
``tools/min_versions.py`` needs 3.11 for ``locks/min-py311.txt``. Both look in the same
places, in this order: ``extra`` (an override such as ``$BINDER_PYTHON``), this interpreter,
``pythonX.Y`` on PATH, pyenv's versions, then /usr/local/bin and /usr/bin.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path


def version_of(exe: str) -> str | None:
    """``"X.Y"`` of the interpreter ``exe``, or None if it does not run."""
    try:
        out = subprocess.run(
            [exe, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def find_python(version: str, extra: tuple[str, ...] = ()) -> str | None:
    """An interpreter for Python ``version`` ("3.11"), or None if there is none here."""
    candidates = [exe for exe in extra if exe]
    if f"{sys.version_info[0]}.{sys.version_info[1]}" == version:
        candidates.append(sys.executable)
    pyenv = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    if shutil.which(f"python{version}"):
        candidates.append(shutil.which(f"python{version}"))
    candidates += sorted(glob.glob(f"{pyenv}/versions/{version}.*/bin/python{version}"))
    candidates += [f"/usr/local/bin/python{version}", f"/usr/bin/python{version}"]
    for exe in candidates:
        if version_of(exe) == version:
            return exe
    return None
