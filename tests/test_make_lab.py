"""`make lab`, the README's first command, really serves the series at the index.

Starts the Makefile's own target (not a hand-written server command) on a free port,
asks the running server for the index notebook, and stops it. `make lab` goes through
tools/setup_env.py; it is pointed at the venv this test runs in (the one `make test` set
up and stamped), so the script finds it up to date and installs nothing.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "make-lab-test"
VENV = Path(sys.prefix)
STAMP = VENV / ".backprop-by-hand-setup.json"  # written by tools/setup_env.py


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


def landing(url: str) -> str:
    """Where the server sends a browser that opens ``url`` (redirects followed)."""
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.geturl()


def test_make_lab_serves_the_index():
    if not STAMP.is_file():  # a venv made by hand: `make lab` would install into it
        message = f"{VENV} was not set up by tools/setup_env.py (run the tests with `make test`)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    args = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={TOKEN}"
    server = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"VENV={VENV}", f"LAB_ARGS={args}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # so the whole group (make and jupyter) can be stopped
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, server.stdout.read().decode(errors="replace")[-2000:]
            try:
                status, _ = get(f"{base}/api/status?token={TOKEN}")
                break
            except OSError:
                assert time.monotonic() < deadline, "JupyterLab did not start within 90 s"
                time.sleep(0.5)
        assert status == 200
        # the address `make lab` opens in the browser, the same as Binder's badge
        assert "/lab/tree/notebooks/00_index.ipynb" in landing(f"{base}/?token={TOKEN}")
        status, page = get(f"{base}/lab/tree/notebooks/00_index.ipynb?token={TOKEN}")
        assert status == 200 and b"JupyterLab" in page
        status, body = get(f"{base}/api/contents/notebooks?token={TOKEN}")
        names = {item["name"] for item in json.loads(body)["content"]}
        assert "00_index.ipynb" in names and "02_chain_rule.ipynb" in names
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    # the first line of the log: the setup script found the environment ready
    log = server.stdout.read().decode(errors="replace")
    first = log.splitlines()[0] if log else ""
    assert first.startswith("setup: ") and "is up to date" in first, log[:2000]
