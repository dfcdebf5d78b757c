"""Tables of records on disk: JSONL, CSV and Parquet, written atomically and read in batches.

The corpus runner and the command line write their results through :class:`TableWriter`,
which writes to a temporary name next to the target and renames it into place only when
the table is complete, so a file with the final name is never half-written. Not for
loading articles (see :mod:`toolkit.loading`).

Columns are declared once as ``(name, kind)`` pairs; the kind drives the Parquet schema
and the CSV encoding (lists are JSON-encoded in CSV cells, since CSV has no lists).
"""
from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Literal

__all__: list[str] = []  # internal module: nothing public

Format = Literal["jsonl", "csv", "parquet"]
Kind = Literal["str", "int", "float", "list[int]", "list[str]"]
Columns = Sequence[tuple[str, Kind]]

FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet")
_EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
_LIST_KINDS = ("list[int]", "list[str]")


def table_format(path: str | os.PathLike | None, format: str | None = None) -> Format:
    """The table format: ``format`` when given, else from the extension of ``path``.

    >>> table_format("out/run.parquet"), table_format("x.data", "csv"), table_format("a.ndjson")
    ('parquet', 'csv', 'jsonl')
    """
    if format is not None:
        if format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}; got {format!r}")
        return format  # type: ignore[return-value]
    suffix = Path(path).suffix.lower() if path is not None else ""
    if suffix not in _EXTENSIONS:
        raise ValueError(
            f"cannot tell the output format from {str(path)!r}: use a .jsonl, .csv or .parquet "
            f"extension, or give format= one of {', '.join(FORMATS)}"
        )
    return _EXTENSIONS[suffix]  # type: ignore[return-value]


def _arrow_schema(columns: Columns):
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(),
             "list[int]": pa.list_(pa.int64()), "list[str]": pa.list_(pa.string())}
    return pa.schema([(name, types[kind]) for name, kind in columns])


def _csv_cell(value: Any, kind: str) -> Any:
    if kind in _LIST_KINDS:
        return json.dumps(list(value), ensure_ascii=False) if value is not None else ""
    return "" if value is None else value


class TableWriter:
    """Write rows batch by batch; the file appears under its name only on :meth:`commit`.

    ``path=None`` writes JSONL or CSV to ``stream`` (standard output by default) as the rows
    come, for pipes. Use as a context manager: the table is committed at the end of the
    block, or discarded on an exception (or after an explicit :meth:`abort`).

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with TableWriter(d / "t.csv", [("id", "str"), ("idx", "list[int]")]) as w:
    ...     w.write([{"id": "a", "idx": [0, 2]}])
    ...     (d / "t.csv").exists()
    False
    >>> (d / "t.csv").read_text().splitlines()
    ['id,idx', 'a,"[0, 2]"']
    """

    def __init__(self, path: str | os.PathLike | None, columns: Columns, *,
                 format: str | None = None, stream: IO[str] | None = None) -> None:
        self.columns = list(columns)
        self.names = [name for name, _ in self.columns]
        self.path = Path(path) if path is not None else None
        self.format = table_format(path, format) if (path is not None or format) else "jsonl"
        self.n_rows = 0
        self._finished = False
        self._parquet = None
        self._csv = None
        if self.path is None:
            if self.format == "parquet":
                raise ValueError("Parquet cannot be written to standard output: give an output path")
            self._tmp = None
            self._file: IO[str] | None = stream if stream is not None else sys.stdout
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
            _user_mode(fd)
            os.close(fd)
            self._tmp = Path(tmp)
            if self.format == "parquet":
                import pyarrow.parquet as pq

                self._schema = _arrow_schema(self.columns)
                self._parquet = pq.ParquetWriter(self._tmp, self._schema)
                self._file = None
            else:
                self._file = open(self._tmp, "w", encoding="utf-8", newline="")
        if self.format == "csv":
            self._csv = csv.writer(self._file, lineterminator="\n")
            self._csv.writerow(self.names)

    def write(self, rows: Sequence[dict[str, Any]]) -> None:
        """Append ``rows`` (dicts keyed by column name; missing keys are empty)."""
        if not rows:
            return
        if self.format == "parquet":
            import pyarrow as pa

            table = pa.Table.from_pylist([{n: r.get(n) for n in self.names} for r in rows], schema=self._schema)
            self._parquet.write_table(table)
        elif self.format == "csv":
            self._csv.writerows([[_csv_cell(r.get(n), k) for n, k in self.columns] for r in rows])
        else:
            self._file.write("".join(
                json.dumps({n: r.get(n) for n in self.names}, ensure_ascii=False) + "\n" for r in rows
            ))
        self.n_rows += len(rows)

    def commit(self) -> None:
        """Finish the table and move it to its final name in one step (``os.replace``)."""
        if self._finished:
            return
        self._finished = True
        if self._parquet is not None:
            self._parquet.close()
        elif self._tmp is not None and self._file is not None:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
        else:
            self._file.flush()
        if self._tmp is not None:
            os.replace(self._tmp, self.path)

    def abort(self) -> None:
        """Drop the temporary file: nothing appears under the final name."""
        if self._finished:
            return
        self._finished = True
        try:
            if self._parquet is not None:
                self._parquet.close()
            elif self._tmp is not None and self._file is not None:
                self._file.close()
        finally:
            if self._tmp is not None:
                self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


@contextmanager
def atomic_text(path: str | os.PathLike) -> Iterator[IO[str]]:
    """A text file that appears under ``path`` only if the block finishes without error.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "notes.txt"
    >>> with atomic_text(target) as f:
    ...     _ = f.write("done")
    ...     target.exists()
    False
    >>> target.read_text()
    'done'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        _user_mode(fd)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            yield f
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _user_mode(fd: int) -> None:
    """Give a temporary file the permissions of a file the user creates (``mkstemp`` makes it 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    os.fchmod(fd, 0o666 & ~mask)


def _raise_csv_field_limit() -> None:
    # The toolkit's own cells (a summary, a long title) can exceed csv's 128 KiB default.
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))


def write_table(path: str | os.PathLike, columns: Columns, rows: Iterable[dict[str, Any]], *,
                format: str | None = None) -> int:
    """Write all ``rows`` atomically; returns the number of rows."""
    with TableWriter(path, columns, format=format) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 1000:
                writer.write(batch)
                batch = []
        writer.write(batch)
    return writer.n_rows


def read_table(path: str | os.PathLike, columns: Columns | None = None, *,
               format: str | None = None, batch_size: int = 1000) -> Iterator[list[dict[str, Any]]]:
    """Rows of a table written by :class:`TableWriter`, in batches, lists decoded.

    ``columns`` restricts (and, for CSV, types) the columns read; ``None`` reads all.
    """
    fmt = table_format(path, format)
    names = [n for n, _ in columns] if columns is not None else None
    if fmt == "parquet":
        import pyarrow.parquet as pq

        with pq.ParquetFile(path) as pf:
            for batch in pf.iter_batches(batch_size=batch_size, columns=names):
                yield batch.to_pylist()
    elif fmt == "csv":
        kinds = dict(columns) if columns is not None else {}
        _raise_csv_field_limit()
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            batch = []
            for raw in reader:
                batch.append({n: _from_csv(raw.get(n, ""), kinds.get(n, "str")) for n in (names or raw.keys())})
                if len(batch) >= batch_size:
                    yield batch
                    batch = []
            if batch:
                yield batch
    else:
        with open(path, encoding="utf-8") as f:
            batch = []
            for lineno, line in enumerate(f, 1):
                if line.strip():
                    try:
                        row = json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise ValueError(f"{path}, line {lineno}: not valid JSON ({exc.msg}): delete the "
                                         "file, or start over") from None
                    batch.append({n: row.get(n) for n in names} if names is not None else row)
                    if len(batch) >= batch_size:
                        yield batch
                        batch = []
            if batch:
                yield batch


def _from_csv(cell: str, kind: str) -> Any:
    if cell == "":
        return [] if kind in _LIST_KINDS else None
    if kind in _LIST_KINDS:
        return json.loads(cell)
    if kind == "int":
        return int(cell)
    if kind == "float":
        return float(cell)
    return cell


def table_columns(path: str | os.PathLike, *, format: str | None = None) -> list[str]:
    """Column names of an existing table (Parquet schema, CSV header or first JSONL row)."""
    fmt = table_format(path, format)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return list(pq.read_schema(path).names)
    _raise_csv_field_limit()
    with open(path, encoding="utf-8", newline="") as f:
        if fmt == "csv":
            return next(csv.reader(f), [])
        for line in f:
            if line.strip():
                return list(json.loads(line))
    return []


def format_text_table(rows: Sequence[dict[str, Any]], names: Sequence[str]) -> str:
    """A plain aligned text table for the terminal: text left, numbers right, no colours.

    >>> print(format_text_table([{"theme": "dispersal", "A": 0.25}, {"theme": "leadership", "A": 0.0}],
    ...                         ["theme", "A"]), end="")
    theme          A
    dispersal   0.25
    leadership  0.00
    """
    cells = [[_plain(r.get(n)) for n in names] for r in rows]
    numeric = [bool(rows) and all(isinstance(r.get(n), (int, float)) for r in rows) for n in names]
    widths = [max([len(n)] + [len(c[i]) for c in cells]) for i, n in enumerate(names)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)).rstrip()

    return "\n".join([line(list(names))] + [line(c) for c in cells]) + "\n"


def _plain(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return "" if value is None else str(value)
