"""Record files and records: JSONL, CSV/TSV, Parquet and JSON, one article per record.

What it is for: streaming a record file row by row (bounded memory), choosing its text,
title, id, URL and date columns, and turning each record into an :class:`Article` or a
:class:`LoadFailure` that says which line or row was wrong. Not for: folders, globs and
lists (see ``_sources``), nor cleaning a text (see ``_parse``).
"""
from __future__ import annotations

import codecs
import csv
import gzip
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from ._article import Article, ArticleError, LoadFailure
from ._files import BOMS, CSV_SUFFIXES, JSONL_SUFFIXES, PARQUET_SUFFIXES, decode_bytes, read_file, suffix_of
from ._metadata import iso_date
from ._parse import parse


_TEXT_COLUMNS = ("text", "article", "body", "content", "story", "full_text")


_TITLE_COLUMNS = ("title", "headline")


_ID_COLUMNS = ("id", "article_id", "doc_id", "uid")


_URL_COLUMNS = ("url", "link")


_DATE_COLUMNS = ("date", "published", "published_at", "publish_date", "pubdate")


#: Rows of a Parquet file converted to Python at a time: a few MB of article text.
_PARQUET_BATCH_ROWS = 512


#: The most the csv module allows a field to hold (a C long on every platform).
_CSV_FIELD_LIMIT = 2**31 - 1


@dataclass(frozen=True)
class RecordOptions:
    """The column choices and the size limit of one loading call."""

    text_column: str | None
    title_column: str | None
    id_column: str | None
    max_bytes: int | None

    def __post_init__(self) -> None:
        # Checked when the call is made: a number here gave a LoadFailure per file with
        # "AttributeError: 'int' object has no attribute 'lower'".
        for name in ("text_column", "title_column", "id_column"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise TypeError(f"{name} must be a column name (a str) or None; got {value!r} "
                                f"({type(value).__name__})")


@dataclass(frozen=True)
class Columns:
    """The columns a record file's articles are read from (None: the file has none)."""

    text: str | None
    title: str | None
    id: str | None
    url: str | None
    date: str | None


def reason_of(exc: BaseException) -> str:
    """What went wrong with an item, in words, for its :class:`LoadFailure`."""
    if isinstance(exc, (ArticleError, FileNotFoundError, IsADirectoryError)):
        return str(exc)
    if isinstance(exc, OSError):
        return f"could not be read: {exc.strerror or exc}"
    return f"{type(exc).__name__}: {exc}"


def resolve_columns(keys: Iterable[str], options: RecordOptions) -> Columns | str:
    """The columns to use, or a failure reason when the text column is missing."""
    by_lower: dict[str, str] = {}
    for k in keys:
        by_lower.setdefault(str(k).lower(), str(k))

    def pick(given: str | None, defaults: tuple[str, ...], name: str) -> str | None:
        if given is not None:
            if given in by_lower.values():
                return given
            if given.lower() in by_lower:
                return by_lower[given.lower()]
            raise KeyError(f"{name}={given!r} is not a column; the columns are {_names(by_lower.values())}"
                           f"{_separator_hint(by_lower.values())}")
        return next((by_lower[d] for d in defaults if d in by_lower), None)

    try:
        text = pick(options.text_column, _TEXT_COLUMNS, "text_column")
        title = pick(options.title_column, _TITLE_COLUMNS, "title_column")
        id_ = pick(options.id_column, _ID_COLUMNS, "id_column")
    except KeyError as exc:
        return str(exc.args[0])
    if text is None:
        return (f"no text column (looked for {', '.join(map(repr, _TEXT_COLUMNS))}); the columns are "
                f"{_names(by_lower.values())}{_separator_hint(by_lower.values()) or ': pass text_column='}")
    return Columns(text, title, id_, pick(None, _URL_COLUMNS, "url"), pick(None, _DATE_COLUMNS, "date"))


_NAMES_SHOWN = 10  # column names listed in a message (a JSON object's keys can be hundreds)


def _names(names: Iterable[str]) -> str:
    """Column names for a message, sorted, the first few only.

    >>> _names(["b", "a"])
    "['a', 'b']"
    >>> _names(str(n) for n in range(100, 112))
    "['100', '101', '102', '103', '104', '105', '106', '107', '108', '109', ... 2 more]"
    """
    ordered = sorted(names)
    shown = ", ".join(map(repr, ordered[:_NAMES_SHOWN]))
    return f"[{shown}, ... {len(ordered) - _NAMES_SHOWN} more]" if len(ordered) > _NAMES_SHOWN else f"[{shown}]"


def _separator_hint(names: Iterable[str]) -> str:
    """A CSV written with ';' (Excel in many locales) reads as one column named "id;text"."""
    names = list(names)
    if len(names) == 1 and ";" in names[0]:
        return ("; the header holds ';': the file may use ';' as its separator (only ',' is read, tab in .tsv): "
                "save it with ','")
    return ""


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from pandas
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    s = str(value).strip()
    return s or None


def record_article(record: dict[str, Any], options: RecordOptions, *, source: str, default_id: str, where: str,
                   cols: Columns | None = None) -> Article | LoadFailure:
    """One record (a dict of fields) as an Article, or the LoadFailure that says why not."""
    resolved = cols if cols is not None else resolve_columns(record.keys(), options)
    if isinstance(resolved, str):
        return LoadFailure(source, default_id, f"{where}: {resolved}")
    rid = _cell(record.get(resolved.id)) if resolved.id else None
    rid = rid or default_id
    value = record.get(resolved.text)
    if isinstance(value, float) and value != value:  # NaN: pandas' empty cell
        value = None
    if value is not None and not isinstance(value, (str, bytes)):
        return LoadFailure(source, rid, f"{where}: the text field {resolved.text!r} is a {type(value).__name__}, "
                                        "not a string")
    text = _cell(value)
    if text is None:
        return LoadFailure(source, rid, f"{where}: the text field {resolved.text!r} is empty")
    if options.max_bytes is not None and len(text) > options.max_bytes:
        return LoadFailure(source, rid, f"{where}: the text is {len(text):,} characters, more than "
                                        f"max_bytes={options.max_bytes:,}")
    title = _cell(record.get(resolved.title)) if resolved.title else None
    try:
        article = parse(text, what=where, source=source, id=rid, title=title, format="auto", clean=True,
                         encoding=None)
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return LoadFailure(source, rid, reason_of(exc))
    url = _cell(record.get(resolved.url)) if resolved.url else None
    date = _cell(record.get(resolved.date)) if resolved.date else None
    if url or date:
        article = replace(article, url=url or article.url,
                          date=(iso_date(date) if date else None) or article.date,
                          date_text=date or article.date_text)
    return article


def iter_record_file(path: Path, options: RecordOptions) -> Iterator[Article | LoadFailure]:
    """The articles of a JSONL, CSV/TSV, Parquet or JSON file, a LoadFailure for each bad record."""
    suffix = suffix_of(path)
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _iter_jsonl(path, options)
        elif suffix in CSV_SUFFIXES:
            yield from _iter_csv(path, options)
        elif suffix in PARQUET_SUFFIXES:
            yield from _iter_parquet(path, options)
        else:
            yield from _iter_json(path, options)
    except Exception as exc:  # noqa: BLE001 - the whole file is unreadable: one failure
        reason = str(exc) if isinstance(exc, ArticleError) else f"file '{path}' could not be read: {reason_of(exc)}"
        yield LoadFailure(str(path), path.stem, reason)


def _open_binary(path: Path) -> IO[bytes]:
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")  # noqa: SIM115


def _iter_jsonl(path: Path, options: RecordOptions) -> Iterator[Article | LoadFailure]:
    src, stem = str(path), path.name.split(".")[0]
    with _open_binary(path) as f:
        for lineno, raw in enumerate(f, 1):
            if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
            if not raw.strip():
                continue
            where = f"line {lineno}"
            default_id = f"{stem}:{lineno}"
            if options.max_bytes is not None and len(raw) > options.max_bytes:
                yield LoadFailure(src, default_id, f"{where}: {len(raw):,} bytes, more than "
                                                   f"max_bytes={options.max_bytes:,}")
                continue
            try:
                line, _ = decode_bytes(raw, where)
                record = json.loads(line)
            except ArticleError as exc:
                yield LoadFailure(src, default_id, str(exc))
                continue
            except json.JSONDecodeError as exc:
                message = re.sub(r"\s+at$", "", exc.msg)  # "Invalid control character at"
                yield LoadFailure(src, default_id, f"{where}: malformed JSON ({message}, column {exc.colno})")
                continue
            if isinstance(record, str):
                record = {"text": record}
            if not isinstance(record, dict):
                yield LoadFailure(src, default_id, f"{where}: expected a JSON object, got {type(record).__name__}")
                continue
            yield record_article(record, options, source=src, default_id=default_id, where=where)


def _sniff_encoding(path: Path) -> str:
    with _open_binary(path) as f:
        sample = f.read(65536)
    for bom, encoding in BOMS:
        if sample.startswith(bom):
            return encoding
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return decode_bytes(sample, f"file '{path}'")[1]


class _Lines:
    """A text file's lines for :func:`csv.reader`, keeping those of the record being read.

    A record that a stray quote breaks (a quote opened and never closed swallows the rows
    after it) is reported, and its lines after the first are handed out again so that the
    rows they hold are read as rows of their own.
    """

    def __init__(self, f: Iterable[str]) -> None:
        self._f = iter(f)
        self._again: list[str] = []  # lines to hand out again, last first
        self.taken: list[str] = []  # the lines of the record being read
        self.line = 0  # the number of the last line handed out

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._again.pop() if self._again else next(self._f)
        self.taken.append(line)
        self.line += 1
        return line

    def new_record(self) -> int:
        """Start a record; its first line's number."""
        self.taken = []
        return self.line + 1

    def read_again(self, lines: list[str]) -> None:
        self._again.extend(reversed(lines))
        self.line -= len(lines)


def _bad_quote(exc: csv.Error, first: int, last: int, kind: str) -> str:
    """Why a record of a CSV (``kind``: "CSV" or "TSV") failed to parse, and what was done about it."""
    again = (f"line {last} is read again as a row" if last == first + 1
             else f"lines {first + 1}-{last} are read again as rows")
    after = "; the row is skipped" + (f" and {again}" if last > first else "")
    if "unexpected end of data" in str(exc):
        return f"malformed {kind}: a quote opened on line {first} is never closed{after}"
    if "expected after" in str(exc):
        return (f"malformed {kind}: a quoted field that starts on line {first} has text after its closing quote on "
                f"line {last} (a quote left open?){after}")
    return f"malformed {kind} ({exc}){after}"


def _iter_csv(path: Path, options: RecordOptions) -> Iterator[Article | LoadFailure]:
    src, stem = str(path), path.name.split(".")[0]
    encoding = _sniff_encoding(path)
    # Only ever raised: article cells exceed the default 128 KiB.
    csv.field_size_limit(min(max(csv.field_size_limit(), options.max_bytes or _CSV_FIELD_LIMIT), _CSV_FIELD_LIMIT))
    delimiter = "\t" if ".tsv" in path.name.lower() else ","
    kind = "TSV" if delimiter == "\t" else "CSV"
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rt", encoding=encoding, errors="replace", newline="") as f:  # type: ignore[operator]
        lines = _Lines(f)
        # strict: a quote never closed is an error at the end of the file, not a field that
        # silently holds every row after it.
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            yield LoadFailure(src, stem, f"file '{path}' is empty: there is nothing to load")
            return
        except csv.Error as exc:
            problem = ("has a quote that is never closed" if "unexpected end of data" in str(exc)
                       else f"is malformed ({exc})")
            yield LoadFailure(src, stem, f"file '{path}': its header row (line 1) {problem}: fix it to read the file")
            return
        cols = resolve_columns(header, options)
        if isinstance(cols, str):
            yield LoadFailure(src, stem, f"file '{path}': {cols}")
            return
        n = 0
        while True:
            first = lines.new_record()
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                taken = lines.taken
                if len(taken) == 1 and "expected after" in str(exc):
                    # '"Quoted" then more' on one line: read as the lenient reader always did.
                    row = next(csv.reader(taken, delimiter=delimiter))
                else:
                    n += 1
                    reason = _bad_quote(exc, first, lines.line, kind)
                    yield LoadFailure(src, f"{stem}:{n}", f"row {n} (line {first}): {reason}")
                    lines.read_again(taken[1:])
                    continue
            if not row or not any(cell.strip() for cell in row):
                continue
            n += 1
            where = f"row {n} (line {first})"
            if len(row) != len(header):
                yield LoadFailure(src, f"{stem}:{n}", f"{where}: {len(row)} fields, expected {len(header)}")
                continue
            yield record_article(dict(zip(header, row)), options, source=src, default_id=f"{stem}:{n}",
                                 where=where, cols=cols)


def _iter_parquet(path: Path, options: RecordOptions) -> Iterator[Article | LoadFailure]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield LoadFailure(str(path), path.stem, "reading Parquet needs pyarrow: pip install pyarrow")
        return
    src, stem = str(path), path.stem
    pf = pq.ParquetFile(path)
    names = list(pf.schema_arrow.names)
    cols = resolve_columns(names, options)
    if isinstance(cols, str):
        yield LoadFailure(src, stem, f"file '{path}': {cols}")
        return
    wanted = [c for c in dict.fromkeys((cols.text, cols.title, cols.id, cols.url, cols.date)) if c is not None]
    n = 0
    for batch in pf.iter_batches(batch_size=_PARQUET_BATCH_ROWS, columns=wanted):
        for record in batch.to_pylist():
            n += 1
            yield record_article(record, options, source=src, default_id=f"{stem}:{n}", where=f"row {n}",
                                 cols=cols)


def _iter_json(path: Path, options: RecordOptions) -> Iterator[Article | LoadFailure]:
    src, stem = str(path), path.stem
    text, _ = read_file(path, options.max_bytes)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield LoadFailure(src, stem, f"file '{path}' is not valid JSON ({exc.msg} at line {exc.lineno})")
        return
    records = data if isinstance(data, list) else [data]
    for n, record in enumerate(records, 1):
        if isinstance(record, str):
            record = {"text": record}
        if not isinstance(record, dict):
            yield LoadFailure(src, f"{stem}:{n}", f"item {n}: expected a JSON object, got {type(record).__name__}")
            continue
        yield record_article(record, options, source=src, default_id=f"{stem}:{n}" if len(records) > 1 else stem,
                             where=f"item {n}")
