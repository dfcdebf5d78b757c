"""Execute the analysis notebooks headless and write each as an HTML report.

Used by ``make demo`` (reports for a person to open in a browser) and by the test suite
(every notebook must run top to bottom). The notebooks in git are stored without outputs;
the executed copies live only in the report folder, which git ignores.

Usage::

    python notebooks/render.py [--out reports] [--timeout 900] [NOTEBOOK ...]

Notebook parameters are passed as environment variables (``TOOLKIT_CORPUS`` for
``03_corpus.ipynb``), so the same file runs unchanged in Jupyter and here. A relative path
in one is read from the folder this script is run from (the notebooks themselves run in
``notebooks/``), and a path that does not exist stops the run before any notebook starts.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

HERE = Path(__file__).resolve().parent
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")  # the kernel's colours in a traceback, unreadable in a log
PATH_VARIABLES = ("TOOLKIT_CORPUS",)  # the notebook parameters that name a file or folder


def resolve_paths(environ: dict[str, str] | None = None, *, cwd: Path | None = None) -> dict[str, str]:
    """The path parameters that are set, made absolute from ``cwd`` (default: the current folder).

    The notebooks run in ``notebooks/``: a relative path given from the project folder would
    be read from there and not be found.

    >>> resolve_paths({"TOOLKIT_CORPUS": "corpus"}, cwd=HERE.parent) == {"TOOLKIT_CORPUS": str(HERE.parent / "corpus")}
    True
    >>> resolve_paths({"TOOLKIT_CORPUS": "nothing.jsonl"}, cwd=Path("/tmp"))
    Traceback (most recent call last):
    FileNotFoundError: TOOLKIT_CORPUS: no such file or folder: 'nothing.jsonl' (resolved: /tmp/nothing.jsonl)
    """
    environ = os.environ if environ is None else environ
    out = {}
    for name in PATH_VARIABLES:
        given = environ.get(name)
        if not given:
            continue
        resolved = Path(cwd or Path.cwd(), Path(given).expanduser()).resolve()
        if not resolved.exists():
            raise FileNotFoundError(f"{name}: no such file or folder: {given!r} (resolved: {resolved})")
        out[name] = str(resolved)
    return out


def notebook_paths() -> list[Path]:
    """The project's notebooks, in reading order."""
    return sorted(HERE.glob("[0-9][0-9]_*.ipynb"))


def execute(path: Path, *, timeout: int = 900, env: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """Run ``path`` top to bottom in a fresh kernel, from the notebooks folder; raise on any error."""
    nb = nbformat.read(path, as_version=4)
    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        NotebookClient(
            nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
            # The kernel runs on this machine for this process only; its warning that local
            # TCP is unencrypted was printed three times per `make demo`.
            extra_arguments=["--log-level=ERROR"],
        ).execute()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return nb


def report_name(path: Path, environ: dict[str, str] | None = None) -> str:
    """The report's file name: the notebook's, and for a corpus given by ``TOOLKIT_CORPUS``
    the corpus's too, so that a run on your corpus does not overwrite the demo's report.

    >>> report_name(Path("03_corpus.ipynb"), {"TOOLKIT_CORPUS": "/data/bbc_news.jsonl"})
    '03_corpus-bbc_news.html'
    >>> report_name(Path("03_corpus.ipynb"), {}), report_name(Path("01_summaries.ipynb"), {"TOOLKIT_CORPUS": "x"})
    ('03_corpus.html', '01_summaries.html')
    """
    corpus = (os.environ if environ is None else environ).get("TOOLKIT_CORPUS")
    if corpus and path.stem == "03_corpus":
        name = Path(corpus.rstrip("/")).name.split(".")[0] or "corpus"
        return f"{path.stem}-{name}.html"
    return path.stem + ".html"


def to_html(nb: nbformat.NotebookNode, out: Path) -> Path:
    """Write an executed notebook as a standalone HTML page."""
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    out.write_text(body, encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: all)")
    parser.add_argument("--out", type=Path, default=Path("reports"), help="report folder (default: reports)")
    parser.add_argument("--timeout", type=int, default=900, help="seconds allowed per cell")
    args = parser.parse_args(argv)
    try:
        env = resolve_paths()
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for path in args.notebooks or notebook_paths():
        start = time.perf_counter()
        try:
            nb = execute(path, timeout=args.timeout, env=env)
        except Exception as exc:  # report every notebook, then fail
            failed += 1
            message = _ANSI.sub("", str(exc)).strip()
            print(f"FAILED {path.name}: {type(exc).__name__}: {message.splitlines()[-1] if message else ''}",
                  file=sys.stderr)
            continue
        report = to_html(nb, args.out / report_name(path))
        print(f"wrote {report.resolve()}  ({time.perf_counter() - start:.0f} s)")
    if failed:
        print(f"{failed} notebook(s) failed", file=sys.stderr)
    else:
        print(f"Open the reports in a browser: {args.out.resolve()}/")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
