"""Execute notebooks in place from a fresh kernel, as nbval will, and save their outputs.

    python tools/execute_notebooks.py notebooks/01_forward_pass.ipynb [more.ipynb ...]

Each notebook runs with its own folder as the working directory, in the current Python
environment's kernel. Prints each notebook's execution time (to the terminal only).

The saved notebook is the same bytes every time an unchanged notebook is executed, so
`git diff` shows only real changes (issue 14):

- no widget views and no widget state: a dashboard's output keeps its static picture (a PNG
  with alt text, an HTML ``<img alt>`` and a plain-text description, from
  helpers.dashboard), which JupyterLab, GitHub, nbviewer and the site show; a widget view
  would carry a random model id and show "Error displaying widget" until the notebook runs;
- no execution timings in the cell metadata; adjacent prints saved as one stream output
  (whether the kernel flushed between them depends on the machine's load);
- pictures drawn deterministically (helpers.figures and helpers.dashboard write no
  version or date into their PNGs).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def pin_blas_kernel() -> None:
    """One OpenBLAS matrix-product kernel for every kernel started after this call.

    OpenBLAS picks its kernel by processor, and kernels round differently in the last bit,
    which a printed rounding error or a long training run shows. The outputs written here
    and the ones nbval computes (tests/conftest.py calls this too) use Haswell's kernel,
    which runs on every x86-64 processor with AVX2; elsewhere each machine keeps its own.
    """
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists() and "avx2" in cpuinfo.read_text():
        os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")


pin_blas_kernel()


def coalesce_streams(outputs: list) -> list:
    """Adjacent prints to the same stream as one output: the kernel may flush between them
    or not, depending on the machine's load, which would change the saved notebook."""
    merged: list = []
    for output in outputs:
        last = merged[-1] if merged else None
        if (
            last is not None
            and output.get("output_type") == last.get("output_type") == "stream"
            and output.get("name") == last.get("name")
        ):
            last["text"] += output["text"]
        else:
            merged.append(output)
    return merged


def static_outputs(nb) -> None:
    """Drop widget views (their static picture stays) and widget state from ``nb``, in place;
    merge adjacent stream outputs."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if "outputs" in cell:
            cell.outputs = coalesce_streams(cell.outputs)
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
            output.get("metadata", {}).pop(WIDGET_VIEW, None)
        cell.get("metadata", {}).pop("execution", None)  # timings, if a frontend added them


def execute(path: Path, timeout: int = 600) -> float:
    """Run ``path`` top to bottom in a fresh kernel, write it back, return the seconds taken."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=False,
        record_timing=False,
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    static_outputs(nb)
    nbformat.write(nb, path)
    return seconds


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    for name in argv:
        seconds = execute(Path(name))
        print(f"{name}: executed in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
