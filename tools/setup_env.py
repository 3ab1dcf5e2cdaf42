"""Set up the series' virtual environment, then start JupyterLab, Notebook 7 or the tests.

This is the one route into the series: `make lab` and `make test` call it, and on Windows
(or anywhere without `make`) you run it yourself::

    python3 tools/setup_env.py lab        # runtime only, then JupyterLab at the index
    python3 tools/setup_env.py notebook   # the same environment, Jupyter Notebook 7
    python3 tools/setup_env.py test       # runtime and test tools, then every test
    py tools/setup_env.py lab             # Windows, with the `py` launcher

Options: ``--venv PATH`` (default ``.venv`` in the repository), ``--install-only`` (set up,
start nothing), and after ``--`` arguments passed on to jupyter or pytest.

What it does, in order, each step saying in one line what it found:

1. checks that this Python is 3.11 or newer;
2. checks the venv: creates it when missing, rebuilds it when its interpreter is gone (for
   example after a Python upgrade), and stops with a one-line fix when the folder is not a
   venv at all;
3. installs the lock file for the venv's Python (``locks/runtime-py311.txt`` for ``lab``,
   ``locks/dev-py311.txt`` for ``test``; ``requirements.txt`` / ``requirements-dev.txt``
   where no lock exists), then the series' own package with ``pip install --no-deps -e .``;
   and ``jupyter/overrides.json`` (it lets arrow keys move a focused slider in Notebook 7,
   see jupyter/README.md); a stamp in the venv records what was installed, so a second run
   installs nothing;
4. starts JupyterLab, Notebook 7 or pytest from the venv.

Only the standard library is used, and nothing before the version check needs more than
Python 3.6, so that an old Python still gets to the line that says what it needs.
"""

import argparse
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINIMUM = (3, 11)
NEED = f"{MINIMUM[0]}.{MINIMUM[1]}"  # "3.11", for messages
INDEX = "notebooks/00_index.ipynb"
OVERRIDES = ROOT / "jupyter" / "overrides.json"  # settings JupyterLab and Notebook 7 start from
STAMP = ".backprop-by-hand-setup.json"  # inside the venv: profile -> hash of what it installed
# What each command installs: the lock's prefix, and the requirements file without a lock.
PROFILES = {
    "lab": ("runtime", "requirements.txt"),
    "notebook": ("runtime", "requirements.txt"),
    "test": ("dev", "requirements-dev.txt"),
}
# $BACKPROP_BY_HAND_FAKE_PYTHON=3.10.13 makes the version check see that version (for tests).
FAKE_VERSION = "BACKPROP_BY_HAND_FAKE_PYTHON"


def say(message: str) -> None:
    """Print one line of the setup's account, marked so it stands out from pip's and jupyter's."""
    print("setup: " + message, flush=True)


def version_problem(version: tuple, executable: str) -> "str | None":
    """The one line to print when ``version`` (major, minor, micro) is too old, else None."""
    if tuple(version[:2]) >= MINIMUM:
        return None
    found = ".".join(str(part) for part in version[:3])
    return (
        f"Backprop by Hand needs Python {NEED} or newer, found Python {found} ({executable}): "
        f"install {NEED}+ and run again with it, e.g. `make lab PYTHON=python{NEED}` "
        f"(Windows: `py -{NEED} tools/setup_env.py lab`)"
    )


def running_version() -> tuple:
    """This interpreter's version, or the one $BACKPROP_BY_HAND_FAKE_PYTHON pretends."""
    fake = os.environ.get(FAKE_VERSION)
    if fake:
        return tuple(int(part) for part in fake.split("."))
    return tuple(sys.version_info[:3])


def venv_python(venv: Path) -> Path:
    """The venv's interpreter: Scripts\\python.exe on Windows, bin/python elsewhere."""
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def venv_version(venv: Path) -> "tuple | None":
    """The (major, minor, micro) of the venv's interpreter, or None when it cannot run."""
    python = venv_python(venv)
    try:
        result = subprocess.run(
            [str(python), "-c", "import sys; print(*sys.version_info[:3])"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except OSError:  # the file, or the interpreter its symlink points to, is gone
        return None
    if result.returncode != 0:
        return None
    return tuple(int(part) for part in result.stdout.split())


def home_of(venv: Path) -> str:
    """The interpreter folder the venv was made from (pyvenv.cfg's ``home``), for messages."""
    for line in (venv / "pyvenv.cfg").read_text(errors="replace").splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "home":
            return value.strip()
    return "an unknown folder"


def check_venv(venv: Path) -> str:
    """Say what state ``venv`` is in: "missing", "ok", "broken", "too old" or "not a venv"."""
    if not venv.exists():
        return "missing"
    if not (venv / "pyvenv.cfg").is_file():
        return "not a venv"
    version = venv_version(venv)
    if version is None:
        return "broken"
    return "ok" if version[:2] >= MINIMUM else "too old"


def create_venv(venv: Path) -> None:
    """``python -m venv`` with this interpreter; one line and exit 1 when it cannot."""
    if importlib.util.find_spec("ensurepip") is None:
        minor = f"{sys.version_info[0]}.{sys.version_info[1]}"
        sys.exit(
            f"setup: this Python ({sys.executable}) cannot make a venv with pip "
            f"(no ensurepip); on Debian/Ubuntu: `sudo apt-get install python{minor}-venv`"
        )
    version = ".".join(str(part) for part in sys.version_info[:3])
    say(f"creating {venv} with Python {version} ({sys.executable})")
    result = subprocess.run([sys.executable, "-m", "venv", str(venv)])
    if result.returncode != 0:
        sys.exit(f"setup: `{sys.executable} -m venv {venv}` failed (its message is above)")


def ensure_venv(venv: Path) -> None:
    """Make ``venv`` a working venv of Python 3.11+, rebuilding a broken one."""
    state = check_venv(venv)
    if state == "ok":
        return
    if state == "not a venv":
        sys.exit(
            f"setup: {venv} exists but is not a virtual environment (no pyvenv.cfg): "
            f"move it away, or choose another folder with VENV=... (make) or --venv ..."
        )
    if state in ("broken", "too old"):
        why = (
            f"its Python (from {home_of(venv)}) is gone"
            if state == "broken"
            else f"it was made with a Python older than {NEED}"
        )
        say(f"{venv} cannot be used: {why}; rebuilding it")
        shutil.rmtree(venv)
    create_venv(venv)


def requirement_file(profile: str, version: tuple) -> Path:
    """The lock for ``profile`` and the venv's Python, else the plain requirements file."""
    prefix, fallback = PROFILES[profile]
    lock = ROOT / "locks" / f"{prefix}-py{version[0]}{version[1]}.txt"
    if lock.is_file():
        return lock
    say(
        f"no lock for Python {version[0]}.{version[1]} ({lock.relative_to(ROOT)}), "
        f"installing {fallback} (its own pins; their dependencies float)"
    )
    return ROOT / fallback


def inputs_hash(requirements: Path, version: tuple) -> str:
    """What the stamp records: requirements, pyproject, settings, this script, Python, checkout."""
    digest = hashlib.sha256()
    files = [requirements, ROOT / "pyproject.toml", OVERRIDES, Path(__file__)]
    if requirements.name == "requirements-dev.txt":
        files.append(ROOT / "requirements.txt")  # it includes that file with -r
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(repr((tuple(version[:2]), str(ROOT))).encode())
    return digest.hexdigest()


def read_stamp(venv: Path) -> dict:
    try:
        return json.loads((venv / STAMP).read_text())
    except (OSError, ValueError):
        return {}


def pip(venv: Path, *args: str) -> None:
    """Run the venv's pip quietly; on failure, one line under pip's own message, and exit."""
    command = [str(venv_python(venv)), "-m", "pip", "install", "--quiet"]
    command += ["--disable-pip-version-check", *args]
    if subprocess.run(command).returncode != 0:
        sys.exit(f"setup: `pip install {' '.join(args)}` failed (pip's message is above)")


def ensure_installed(venv: Path, profile: str) -> None:
    """Install the profile's requirements and the editable package, unless the stamp says done."""
    version = venv_version(venv)
    requirements = requirement_file(profile, version)
    wanted = inputs_hash(requirements, version)
    stamp = read_stamp(venv)
    kind = PROFILES[profile][0]
    if stamp.get(kind) == wanted:
        say(f"{venv} is up to date ({requirements.relative_to(ROOT)})")
        return
    what = "the runtime" if kind == "runtime" else "the runtime and the test tools"
    say(f"installing {what} from {requirements.relative_to(ROOT)} (minutes the first time)")
    pip(venv, "-r", str(requirements))
    pip(venv, "--no-deps", "-e", str(ROOT))
    # JupyterLab's and Notebook 7's app settings, one file per package in overrides.d/
    settings = venv / "share" / "jupyter" / "lab" / "settings" / "overrides.d"
    settings.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(OVERRIDES, settings / "backprop-by-hand.json")
    stamp[kind] = wanted
    if kind == "dev":  # the dev lock holds every runtime pin as well
        runtime = requirement_file("lab", version)
        stamp["runtime"] = inputs_hash(runtime, version)
    (venv / STAMP).write_text(json.dumps(stamp, indent=2) + "\n")
    say(f"{venv} is ready")


def command_for(profile: str, venv: Path, extra: list) -> list:
    """The command that starts JupyterLab, Notebook 7 or pytest from the venv."""
    python = str(venv_python(venv))
    # Jupyter refuses to run as root unless told; containers and some lab machines are root.
    root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    if profile == "lab":
        return [
            python,
            "-m",
            "jupyterlab",
            f"--ServerApp.root_dir={ROOT}",
            f"--LabApp.default_url=/lab/tree/{INDEX}",
            *root,
            *extra,
        ]
    if profile == "notebook":
        return [
            python,
            "-m",
            "notebook",
            f"--ServerApp.root_dir={ROOT}",
            f"--JupyterNotebookApp.default_url=/notebooks/{INDEX}",
            *root,
            *extra,
        ]
    return [python, "-m", "pytest", *extra]


def run(command: list) -> int:
    """Replace this process with ``command`` (POSIX), or run it and return its code."""
    sys.stdout.flush()
    if os.name != "nt":
        os.chdir(ROOT)
        os.execv(command[0], command)  # signals (Ctrl-C, make's) reach jupyter directly
    try:
        return subprocess.call(command, cwd=ROOT)
    except KeyboardInterrupt:
        return 130


def parse(argv: list) -> argparse.Namespace:
    """The command line; everything after ``--`` goes to jupyter or pytest as it is."""
    extra = []
    if "--" in argv:  # split by hand, so that options may stand before or after the profile
        extra = argv[argv.index("--") + 1 :]
        argv = argv[: argv.index("--")]
    parser = argparse.ArgumentParser(
        prog="tools/setup_env.py",
        description="Set up the venv, then start JupyterLab (lab), Notebook 7 (notebook) or "
        "the tests (test). Arguments after -- go to jupyter or pytest.",
    )
    parser.add_argument("profile", choices=sorted(PROFILES), help="what to set up and start")
    parser.add_argument("--venv", default=str(ROOT / ".venv"), help="venv folder (.venv)")
    parser.add_argument("--install-only", action="store_true", help="set up, start nothing")
    args = parser.parse_args(argv)
    args.extra = extra
    return args


def main(argv: "list | None" = None) -> int:
    problem = version_problem(running_version(), sys.executable)
    if problem:
        print("setup: " + problem, file=sys.stderr)
        return 1
    args = parse(sys.argv[1:] if argv is None else argv)
    venv = Path(args.venv).absolute()
    ensure_venv(venv)
    ensure_installed(venv, args.profile)
    if args.install_only:
        return 0
    return run(command_for(args.profile, venv, args.extra))


if __name__ == "__main__":
    sys.exit(main())
