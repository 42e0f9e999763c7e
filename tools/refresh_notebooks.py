"""Re-execute notebooks and save their outputs, deterministically and without widget state.

    python tools/refresh_notebooks.py                  every notebook in notebooks/
    python tools/refresh_notebooks.py notebooks/01-*.ipynb

Run through ``python3 course.py refresh``. Each notebook runs in a fresh kernel with
its own folder as the working directory and PYTHONHASHSEED=0; execution metadata
(timestamps) and any stored widget state are removed, and widget model ids (random, and
useless without stored state) are numbered, so an unchanged lesson gives an unchanged file.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def refresh(path: Path) -> float:
    """Execute one notebook in place; return the seconds it took."""
    notebook = nbformat.read(path, as_version=4)
    os.environ["PYTHONHASHSEED"] = "0"
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=False,
        record_timing=False,
    )
    started = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - started
    notebook.metadata.pop("widgets", None)
    widget_number = 0
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            for output in cell.outputs:
                output.get("metadata", {}).pop("execution", None)
                view = output.get("data", {}).get("application/vnd.jupyter.widget-view+json")
                if view:  # random per run, and meaningless without stored state: number them
                    widget_number += 1
                    view["model_id"] = f"{widget_number:032x}"
    nbformat.validate(notebook)
    nbformat.write(notebook, path)
    return seconds


def main(arguments: list[str]) -> None:
    paths = [Path(arg) for arg in arguments] or sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    for path in paths:
        seconds = refresh(path.resolve())
        print(f"refreshed {path.relative_to(ROOT) if path.is_absolute() else path} in {seconds:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
