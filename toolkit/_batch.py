"""What the batch runs share (``summarize_many``, the corpus run and the command line):
the progress bar, the one-line reason a failed item gets, and where an unfinished corpus
run keeps its parts.

Not for running a batch (see :mod:`toolkit.corpus`).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

__all__: list[str] = []  # internal module: nothing public

#: Suffix of the folder next to a corpus output where an unfinished run keeps its parts.
IN_PROGRESS_SUFFIX = ".in-progress"


def in_progress_path(output: Path) -> Path:
    """Where the unfinished run that writes ``output`` keeps its parts.

    >>> in_progress_path(Path("out/news.parquet")).as_posix()
    'out/news.parquet.in-progress'
    """
    return output.with_name(output.name + IN_PROGRESS_SUFFIX)


def error_reason(exc: BaseException) -> str:
    """A failure in one line: the exception's type and the first line of its message.

    >>> error_reason(ValueError("bad length\\nmore"))
    'ValueError: bad length'
    >>> error_reason(KeyError())
    'KeyError'
    """
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def auto_progress(progress: bool | None, n_items: int, *, min_items: int) -> bool:
    """Whether to show a bar: ``progress`` when given, else only for runs of at least
    ``min_items`` items when standard error is a terminal."""
    if progress is not None:
        return bool(progress)
    try:
        return n_items >= min_items and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class ProgressBar:
    """tqdm on standard error when ``show``; a do-nothing stand-in otherwise.

    A context manager with ``update(n)``. It is drawn only after ``delay`` seconds (by
    default 2, so short runs never show one).

    >>> with ProgressBar(False, "summarizing", total=3) as bar:
    ...     bar.update(3)
    """

    def __init__(self, show: bool, desc: str | None = None, *, total: int | None = None,
                 delay: float = 2.0) -> None:
        self.show, self.desc, self.total, self.delay, self.bar = show, desc, total, delay, None

    def __enter__(self) -> ProgressBar:
        if self.show:
            from tqdm.auto import tqdm

            self.bar = tqdm(desc=self.desc, total=self.total, unit=" articles", file=sys.stderr, delay=self.delay,
                            dynamic_ncols=True)
        return self

    def update(self, n: int) -> None:
        if self.bar is not None and n:
            self.bar.update(n)

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.close()
