"""tools/setup_env.py, the one setup behind `make lab`, `make test` and the Windows route.

The fast tests check each step's one-line account: an old Python (a real python3.10 where
one exists, and a pretended one everywhere), a folder that is not a venv, a venv whose
Python is gone, which lock each profile installs. The slow one runs the Windows route
itself (the script run directly, not through make) into a fresh venv that starts broken,
then starts Notebook 7 and JupyterLab from it. It needs the network or pip's cache, as
`make lab` does; it is never skipped.
"""

import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "setup_env.py"
TOKEN = "setup-test"


def load_setup_env():
    spec = importlib.util.spec_from_file_location("setup_env", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


setup_env = load_setup_env()


def run_script(*args, python=sys.executable, env=None, timeout=900):
    """Run the script as a user would; returns the CompletedProcess (text)."""
    environment = {k: v for k, v in os.environ.items() if k != setup_env.FAKE_VERSION}
    environment.update(env or {})
    return subprocess.run(
        [str(python), str(SCRIPT), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=timeout,
    )


def old_pythons() -> list[str]:
    """A real Python 3.10 on this machine (PATH or pyenv), if there is one."""
    found = shutil.which("python3.10")
    pyenv = sorted(Path.home().glob(".pyenv/versions/3.10.*/bin/python3.10"))
    candidates = [str(p) for p in pyenv] + ([found] if found else [])
    for candidate in candidates:
        check = subprocess.run([candidate, "--version"], capture_output=True, text=True)
        if check.returncode == 0 and "3.10" in check.stdout + check.stderr:
            return [candidate]
    return []


# ---- the Python version ---------------------------------------------------------------


def test_version_problem_is_one_line_with_what_is_needed_and_found():
    line = setup_env.version_problem((3, 10, 13), "/usr/bin/python3.10")
    assert "\n" not in line
    assert "3.11 or newer" in line and "3.10.13" in line and "/usr/bin/python3.10" in line
    assert "py -3.11 tools/setup_env.py lab" in line  # the Windows way out too
    assert setup_env.version_problem((3, 11, 0), "x") is None
    assert setup_env.version_problem((3, 12, 1), "x") is None


@pytest.mark.parametrize("how", ["pretended", *(["real"] if old_pythons() else [])])
def test_an_old_python_gets_one_line_and_nothing_is_created(how, tmp_path):
    venv = tmp_path / "venv"
    if how == "real":
        result = run_script("lab", "--venv", str(venv), python=old_pythons()[0])
        found = "3.10."
    else:
        result = run_script("lab", "--venv", str(venv), env={setup_env.FAKE_VERSION: "3.10.13"})
        found = "3.10.13"
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("setup: ") and "3.11 or newer" in lines[0] and found in lines[0]
    assert not venv.exists()


def test_make_lab_with_an_old_python_says_the_same_line(tmp_path):
    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS")}
    env[setup_env.FAKE_VERSION] = "3.9.18"
    result = subprocess.run(
        ["make", "--no-print-directory", "lab", f"VENV={venv}", f"PYTHON={sys.executable}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode != 0
    ours = [line for line in result.stderr.splitlines() if line.startswith("setup: ")]
    assert len(ours) == 1 and "found Python 3.9.18" in ours[0], result.stderr
    assert not venv.exists()


def test_options_may_stand_before_or_after_the_profile_and_the_rest_goes_on():
    for argv in (["lab", "--venv", "v", "--", "--port=1", "-k"], ["--venv", "v", "lab", "--"]):
        args = setup_env.parse(argv)
        assert (args.profile, args.venv) == ("lab", "v")
        assert args.extra == argv[argv.index("--") + 1 :]
    assert setup_env.parse(["test"]).extra == []


# ---- the venv's state ------------------------------------------------------------------


def broken_venv(path: Path) -> Path:
    """A venv whose interpreter is gone: pyvenv.cfg, and bin/python pointing nowhere."""
    (path / "bin").mkdir(parents=True)
    (path / "pyvenv.cfg").write_text("home = /nonexistent/python/bin\nversion = 3.11.0\n")
    (path / "bin" / "python").symlink_to("/nonexistent/python/bin/python3.11")
    return path


def test_check_venv_tells_the_states_apart(tmp_path):
    assert setup_env.check_venv(tmp_path / "nothing") == "missing"
    (tmp_path / "folder").mkdir()
    assert setup_env.check_venv(tmp_path / "folder") == "not a venv"
    assert setup_env.check_venv(broken_venv(tmp_path / "broken")) == "broken"
    if (Path(sys.prefix) / "pyvenv.cfg").is_file():  # the venv these tests run in
        assert setup_env.check_venv(Path(sys.prefix)) == "ok"


def test_a_folder_that_is_not_a_venv_gets_a_one_line_fix_and_is_kept(tmp_path):
    folder = tmp_path / "venv"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    result = run_script("lab", "--venv", str(folder))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "not a virtual environment" in lines[0], result.stderr
    assert "--venv" in lines[0] and "VENV=" in lines[0]  # the fix
    assert (folder / "notes.txt").read_text() == "mine"


# ---- what each profile installs ---------------------------------------------------------


def test_each_profile_installs_its_lock_or_says_it_falls_back(capsys):
    locks = ROOT / "locks"
    assert setup_env.requirement_file("lab", (3, 11)) == locks / "runtime-py311.txt"
    assert setup_env.requirement_file("notebook", (3, 12)) == locks / "runtime-py312.txt"
    assert setup_env.requirement_file("test", (3, 11)) == locks / "dev-py311.txt"
    assert capsys.readouterr().out == ""
    assert setup_env.requirement_file("lab", (3, 99)) == ROOT / "requirements.txt"
    assert setup_env.requirement_file("test", (3, 99)) == ROOT / "requirements-dev.txt"
    said = capsys.readouterr().out.splitlines()
    assert len(said) == 2 and all("no lock for Python 3.99" in line for line in said)


def test_the_stamp_depends_on_what_is_installed():
    runtime = setup_env.inputs_hash(ROOT / "locks" / "runtime-py311.txt", (3, 11))
    assert runtime == setup_env.inputs_hash(ROOT / "locks" / "runtime-py311.txt", (3, 11))
    assert runtime != setup_env.inputs_hash(ROOT / "locks" / "dev-py311.txt", (3, 11))
    assert runtime != setup_env.inputs_hash(ROOT / "locks" / "runtime-py312.txt", (3, 12))


# ---- the Windows route, for real ---------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serves(profile: str, venv: Path, landing: str, page_text: bytes) -> None:
    """Start ``setup_env.py <profile>`` on a free port; check where / lands and the page."""
    port = free_port()
    args = ["--no-browser", "--ip=127.0.0.1", f"--port={port}", f"--IdentityProvider.token={TOKEN}"]
    server = subprocess.Popen(
        [sys.executable, str(SCRIPT), profile, "--venv", str(venv), "--", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, server.stdout.read().decode(errors="replace")[-2000:]
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=5):
                    break
            except OSError:
                assert time.monotonic() < deadline, f"{profile} did not start within 120 s"
                time.sleep(0.5)
        with urllib.request.urlopen(f"{base}/?token={TOKEN}", timeout=10) as response:
            assert landing in response.geturl()
            assert response.status == 200 and page_text in response.read()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_the_windows_route_sets_up_a_broken_venv_and_starts_both_jupyters(tmp_path):
    venv = broken_venv(tmp_path / "venv")
    minor = f"{sys.version_info[0]}{sys.version_info[1]}"
    start = time.perf_counter()
    first = run_script("lab", "--venv", str(venv), "--install-only")
    seconds = time.perf_counter() - start
    said = [line for line in first.stdout.splitlines() if line.startswith("setup: ")]
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert "is gone; rebuilding it" in said[0], said
    assert any(f"installing the runtime from locks/runtime-py{minor}.txt" in s for s in said)
    assert said[-1].endswith("is ready")
    python = setup_env.venv_python(venv)
    check = subprocess.run(
        [
            str(python),
            "-c",
            "import helpers, jupyterlab, notebook, ipywidgets, importlib.util as u;"
            "print(helpers.__file__); print(u.find_spec('pytest') is None)",
        ],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    where, no_pytest = check.stdout.split()
    assert Path(where).is_relative_to(ROOT)  # the editable install of this checkout
    assert no_pytest == "True"  # `lab` installs the runtime only
    installed = venv / "share/jupyter/lab/settings/overrides.d/backprop-by-hand.json"
    assert installed.read_text() == (ROOT / "jupyter" / "overrides.json").read_text()
    # a second run finds the stamp and installs nothing
    second = run_script("lab", "--venv", str(venv), "--install-only")
    assert second.returncode == 0
    assert second.stdout.splitlines() == [
        f"setup: {venv} is up to date (locks/runtime-py{minor}.txt)"
    ]
    serves("notebook", venv, "/notebooks/notebooks/00_index.ipynb", b"Jupyter Notebook")
    serves("lab", venv, "/lab/tree/notebooks/00_index.ipynb", b"JupyterLab")
    print(f"\nWindows route into a fresh venv: {seconds:.0f} s (setup only)")
    shutil.rmtree(venv)  # about 730 MB
