"""Many articles: folders, globs, JSONL/CSV/Parquet/JSON records and data frames.

What it is for: expanding a source into items and loading each, reporting the broken
ones as :class:`LoadFailure`. Not for: cleaning one article (see ``_parse``).
"""
from __future__ import annotations

import codecs
import csv
import glob as _glob
import gzip
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

from ._article import Article, ArticleError, LoadFailure
from ._files import (
    ARTICLE_SUFFIXES,
    BOMS,
    CSV_SUFFIXES,
    JSONL_SUFFIXES,
    PARQUET_SUFFIXES,
    RECORD_SUFFIXES,
    as_path,
    decode_bytes,
    read_file,
    suffix_of,
)
from ._metadata import iso_date
from ._parse import load_one, parse


_TEXT_COLUMNS = ("text", "article", "body", "content", "story", "full_text")


_TITLE_COLUMNS = ("title", "headline")


_ID_COLUMNS = ("id", "article_id", "doc_id", "uid")


_URL_COLUMNS = ("url", "link")


_DATE_COLUMNS = ("date", "published", "published_at", "publish_date", "pubdate")


def describe(source: Any) -> str:
    if isinstance(source, (str, PathLike)):
        return repr(os.fspath(source)) if len(os.fspath(source)) < 200 else "the text"
    return f"the {type(source).__name__}"


def failure_text(failure: LoadFailure) -> str:
    return failure.reason if failure.source in failure.reason else f"{failure.source}: {failure.reason}"


@dataclass(frozen=True)
class RecordOptions:
    text_column: str | None
    title_column: str | None
    id_column: str | None
    max_bytes: int | None


_Unit = tuple


def expand_source(source: Any, caller: str) -> list[_Unit]:
    """The units to load from ``source``; ``caller`` ("load_articles()"...) is named in errors."""
    if isinstance(source, Article):
        return [("article", source)]
    if _is_frame(source):
        return [("frame", source)]
    if isinstance(source, (str, PathLike)):
        return _expand_path(source, caller)
    if isinstance(source, (bytes, bytearray)):
        raise TypeError(f"{caller} takes a folder, a file, a glob pattern, a list or a DataFrame; got bytes: "
                        "use load_article() for the bytes of one article")
    if isinstance(source, dict):
        return [("record", source, 1)]
    if isinstance(source, Iterable):
        units: list[_Unit] = []
        for n, item in enumerate(source, 1):
            if isinstance(item, Article):
                units.append(("article", item))
            elif isinstance(item, dict):
                units.append(("record", item, n))
            elif isinstance(item, (str, PathLike)):
                path = as_path(item)
                if isinstance(item, str) and re.search(r"[*?\[]", item) and (path is None or not path.exists()):
                    try:
                        units.extend(_expand_path(item, caller))
                    except FileNotFoundError as exc:
                        units.append(("missing", item, None, str(exc)))
                elif path is None:
                    units.append(("text", item, n))
                elif not path.exists():
                    units.append(("missing", str(path), path.stem, f"no such file: '{path}'"))
                elif path.is_dir():
                    units.extend(_expand_path(path, caller, allow_empty=True))
                else:
                    units.append(_file_unit(path))
            elif isinstance(item, (bytes, bytearray)):
                units.append(("text", bytes(item), n))
            else:
                raise TypeError(f"item {n} of the list is a {type(item).__name__}: {caller} takes paths, "
                                "texts, dicts or Article objects")
        return units
    raise TypeError(f"{caller} takes a folder, a file, a glob pattern, a list or a DataFrame; "
                    f"got {type(source).__name__}")


def _is_frame(obj: Any) -> bool:
    return type(obj).__name__ == "DataFrame" and hasattr(obj, "to_dict") and hasattr(obj, "columns")


def _file_unit(path: Path) -> _Unit:
    return ("records", path) if suffix_of(path) in RECORD_SUFFIXES else ("file", path)


def _expand_path(source: str | PathLike[str], caller: str, *, allow_empty: bool = False) -> list[_Unit]:
    s = os.fsdecode(os.fspath(source))
    path = Path(os.path.expanduser(s))
    try:
        exists = path.exists()
    except (OSError, ValueError):
        exists = False
    if exists and path.is_dir():
        files = sorted(p for p in path.iterdir()
                       if p.is_file() and not p.name.startswith(".") and suffix_of(p) in ARTICLE_SUFFIXES)
        if not files and not allow_empty:
            raise ArticleError(f"folder '{path}' has no article files ({', '.join('*' + x for x in ARTICLE_SUFFIXES)})")
        return [("file", p) for p in files]
    if exists:
        return [_file_unit(path)]
    if isinstance(source, str) and ("\n" in s or len(s) > 1024 or "<" in s):
        raise TypeError(f"{caller} got a text, not a folder, file or glob: use load_article(text) for one "
                        "article, or pass a list of texts")
    if isinstance(source, str) and re.search(r"[*?\[]", s):
        matches = sorted(Path(m) for m in _glob.glob(os.path.expanduser(s), recursive=True))
        files = [m for m in matches if m.is_file() and not m.name.startswith(".")]
        if not files:
            raise FileNotFoundError(f"no file matches the pattern {s!r}")
        return [_file_unit(m) for m in files]
    raise FileNotFoundError(f"no such file or folder: {s!r}")


def iterate(units: list[_Unit], options: RecordOptions) -> Iterator[Article | LoadFailure]:
    for unit in units:
        kind = unit[0]
        if kind == "article":
            yield unit[1]
        elif kind == "missing":
            yield LoadFailure(unit[1], unit[2], unit[3])
        elif kind == "file":
            path = unit[1]
            try:
                yield load_one(path, title=None, id=None, format="auto", clean=True, max_bytes=options.max_bytes)
            except Exception as exc:  # noqa: BLE001 - reported as a LoadFailure, not lost
                yield LoadFailure(str(path), path.stem, _reason(exc))
        elif kind == "text":
            where = f"<text #{unit[2]}>"
            try:
                yield load_one(unit[1], title=None, id=None, format="auto", clean=True, max_bytes=options.max_bytes)
            except Exception as exc:  # noqa: BLE001
                yield LoadFailure(where, None, _reason(exc))
        elif kind == "record":
            yield _record_article(unit[1], options, source="<records>", default_id=str(unit[2]),
                                  where=f"record {unit[2]}")
        elif kind == "frame":
            frame = unit[1]
            columns = [str(c) for c in frame.columns]
            cols = _resolve_columns(columns, options)
            if isinstance(cols, str):
                yield LoadFailure("<DataFrame>", None, cols)
                continue
            for index, row in frame.iterrows():
                record = {str(k): v for k, v in row.items()}
                yield _record_article(record, options, source="<DataFrame>", default_id=str(index),
                                      where=f"row {index}", cols=cols)
        elif kind == "records":
            yield from _iter_record_file(unit[1], options)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, (ArticleError, FileNotFoundError, IsADirectoryError)):
        return str(exc)
    if isinstance(exc, OSError):
        return f"could not be read: {exc.strerror or exc}"
    return f"{type(exc).__name__}: {exc}"


@dataclass(frozen=True)
class _Columns:
    text: str | None
    title: str | None
    id: str | None
    url: str | None
    date: str | None


def _resolve_columns(keys: Iterable[str], options: RecordOptions) -> _Columns | str:
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
            raise KeyError(f"{name}={given!r} is not a column; the columns are {sorted(by_lower.values())}")
        return next((by_lower[d] for d in defaults if d in by_lower), None)

    try:
        text = pick(options.text_column, _TEXT_COLUMNS, "text_column")
        title = pick(options.title_column, _TITLE_COLUMNS, "title_column")
        id_ = pick(options.id_column, _ID_COLUMNS, "id_column")
    except KeyError as exc:
        return str(exc.args[0])
    if text is None:
        return (f"no text column (looked for {', '.join(map(repr, _TEXT_COLUMNS))}); the columns are "
                f"{sorted(by_lower.values())}: pass text_column=")
    return _Columns(text, title, id_, pick(None, _URL_COLUMNS, "url"), pick(None, _DATE_COLUMNS, "date"))


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from pandas
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    s = str(value).strip()
    return s or None


def _record_article(record: dict[str, Any], options: RecordOptions, *, source: str, default_id: str, where: str,
                    cols: _Columns | None = None) -> Article | LoadFailure:
    resolved = cols if cols is not None else _resolve_columns(record.keys(), options)
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
        return LoadFailure(source, rid, _reason(exc))
    url = _cell(record.get(resolved.url)) if resolved.url else None
    date = _cell(record.get(resolved.date)) if resolved.date else None
    if url or date:
        from dataclasses import replace

        article = replace(article, url=url or article.url,
                          date=(iso_date(date) if date else None) or article.date,
                          date_text=date or article.date_text)
    return article


def _iter_record_file(path: Path, options: RecordOptions) -> Iterator[Article | LoadFailure]:
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
        reason = str(exc) if isinstance(exc, ArticleError) else f"file '{path}' could not be read: {_reason(exc)}"
        yield LoadFailure(str(path), path.stem, reason)


def _open_binary(path: Path):  # noqa: ANN202
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
            yield _record_article(record, options, source=src, default_id=default_id, where=where)


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


def _iter_csv(path: Path, options: RecordOptions) -> Iterator[Article | LoadFailure]:
    src, stem = str(path), path.name.split(".")[0]
    encoding = _sniff_encoding(path)
    limit = max(csv.field_size_limit(), options.max_bytes or 2**31 - 1)
    csv.field_size_limit(min(limit, 2**31 - 1))  # only ever raised: article cells exceed 128 KiB
    delimiter = "\t" if ".tsv" in path.name.lower() else ","
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rt", encoding=encoding, errors="replace", newline="") as f:  # type: ignore[operator]
        reader = csv.reader(f, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            yield LoadFailure(src, stem, f"file '{path}' is empty: there is nothing to load")
            return
        cols = _resolve_columns(header, options)
        if isinstance(cols, str):
            yield LoadFailure(src, stem, f"file '{path}': {cols}")
            return
        n = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                n += 1
                yield LoadFailure(src, f"{stem}:{n}", f"line {reader.line_num}: malformed CSV ({exc})")
                continue
            if not row or not any(cell.strip() for cell in row):
                continue
            n += 1
            where = f"row {n} (line {reader.line_num})"
            if len(row) != len(header):
                yield LoadFailure(src, f"{stem}:{n}", f"{where}: {len(row)} fields, expected {len(header)}")
                continue
            yield _record_article(dict(zip(header, row)), options, source=src, default_id=f"{stem}:{n}",
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
    cols = _resolve_columns(names, options)
    if isinstance(cols, str):
        yield LoadFailure(src, stem, f"file '{path}': {cols}")
        return
    wanted = [c for c in dict.fromkeys((cols.text, cols.title, cols.id, cols.url, cols.date)) if c is not None]
    n = 0
    for batch in pf.iter_batches(batch_size=512, columns=wanted):
        for record in batch.to_pylist():
            n += 1
            yield _record_article(record, options, source=src, default_id=f"{stem}:{n}", where=f"row {n}",
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
        yield _record_article(record, options, source=src, default_id=f"{stem}:{n}" if len(records) > 1 else stem,
                              where=f"item {n}")
