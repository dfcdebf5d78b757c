"""Where a benchmark records what it printed: ``benchmarks/results/NAME.json``.

One small JSON file per benchmark, committed: the figures of its last run, the command that
produced them, the commit of the code measured, the date (UTC) and the machine.
``scripts/readme_figures.py`` writes the README's figure tables from these files
(``make readme-figures``), and ``tests/test_readme_figures.py`` checks that the README says
what they say.
"""
from __future__ import annotations

import datetime as _dt
import json
import math
import os
import platform
import shlex
import subprocess
import sys
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


def command() -> str:
    """The command line of this run, as a reader would type it from the repository root."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    module = spec.name if spec is not None else Path(sys.argv[0]).stem
    return shlex.join(["python", "-m", module, *sys.argv[1:]])


def commit() -> str | None:
    """The commit measured (``git rev-parse --short HEAD``), "+ local changes" when the code
    (toolkit/, benchmarks/, not the results) differs from it; None outside a git checkout."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True).stdout
    try:
        head = git("rev-parse", "--short=10", "HEAD").strip()
        changed = git("status", "--porcelain", "--untracked-files=no", "--", "toolkit", "benchmarks",
                      ":(exclude)benchmarks/results").strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + (" + local changes" if changed else "")


def _plain(value: object) -> object:
    """``value`` as JSON: numpy scalars as Python numbers, floats to 6 significant digits, NaN as None."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()  # numpy scalar
    if isinstance(value, float):
        return None if math.isnan(value) else float(f"{value:.6g}")
    return value


def write_results(name: str, figures: Mapping[str, object], *, packages: Iterable[str] = (),
                  folder: Path = RESULTS) -> Path:
    """Write ``figures`` to ``folder/NAME.json`` with the command, date and machine of this run.

    ``packages``: distributions whose installed versions the figures depend on (baselines).
    """
    versions = {}
    for package in packages:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    record = {
        "benchmark": name,
        "command": command(),
        "commit": commit(),
        "date": _dt.datetime.now(_dt.timezone.utc).date().isoformat(),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}",
        "versions": versions,
        "figures": figures,
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(json.dumps(_plain(record), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nfigures written to {path}")
    return path
