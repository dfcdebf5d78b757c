"""Many articles: folders, globs, lists and data frames, expanded into items and loaded.

What it is for: expanding a source into work items (a file, a record file, a text, a
record, a data frame...) and loading each, reporting the broken ones as
:class:`LoadFailure`. Not for: reading record files (see ``_records``), nor cleaning one
article (see ``_parse``).
"""
from __future__ import annotations

import glob as _glob
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any, Union

from ._article import Article, ArticleError, LoadFailure
from ._files import ARTICLE_SUFFIXES, DEFAULT_MAX_BYTES, RECORD_SUFFIXES, as_path, suffix_of
from ._parse import load_one
from ._records import RecordOptions, iter_record_file, reason_of, record_article, resolve_columns


def describe(source: Any) -> str:
    if isinstance(source, (str, PathLike)):
        return repr(os.fspath(source)) if len(os.fspath(source)) < 200 else "the text"
    return f"the {type(source).__name__}"


def failure_text(failure: LoadFailure) -> str:
    return failure.reason if failure.source in failure.reason else f"{failure.source}: {failure.reason}"


# The work items a source expands to, each loaded by :func:`iterate`.

@dataclass(frozen=True)
class _Given:
    """An Article passed in: kept as it is."""

    article: Article


@dataclass(frozen=True)
class _Missing:
    """A path in a list that names nothing: a failure, not an error for the whole list."""

    source: str
    id: str | None
    reason: str


@dataclass(frozen=True)
class _File:
    """An article file (.txt, .html, .md...); ``id``: its article's id (None: the file's stem)."""

    path: Path
    id: str | None = None


@dataclass(frozen=True)
class _RecordFile:
    """A JSONL, CSV, Parquet or JSON file: one article per record."""

    path: Path


@dataclass(frozen=True)
class _Text:
    """A text (or bytes) in a list; ``n``: its 1-based place in the list."""

    value: str | bytes
    n: int


@dataclass(frozen=True)
class _Record:
    """A dict in a list (or passed alone); ``n``: its 1-based place."""

    record: dict[str, Any]
    n: int


@dataclass(frozen=True)
class _Frame:
    """A pandas DataFrame: one article per row."""

    frame: Any


_Item = Union[_Given, _Missing, _File, _RecordFile, _Text, _Record, _Frame]


def expand_source(source: Any, caller: str) -> list[_Item]:
    """The items to load from ``source``; ``caller`` ("load_articles()"...) is named in errors."""
    return _unique_file_ids(_expand_source(source, caller))


def _unique_file_ids(items: list[_Item]) -> list[_Item]:
    """Files whose stems collide ("a/story.txt", "b/story.txt") get ids from their paths.

    A file's id is its stem; where several files share one, each gets its path relative
    to their common folder, without the extension ("a/story", "b/story"), or with it when
    only the extension differs ("story.txt", "story.html"). Other files keep their stem.

    >>> items = _unique_file_ids([_File(Path("x/a/story.txt")), _File(Path("x/b/story.txt")),
    ...                           _File(Path("x/c/story.txt")), _File(Path("x/c/story.html")), _File(Path("x/c/y.md"))])
    >>> [item.id for item in items]
    ['a/story', 'b/story', 'c/story.txt', 'c/story.html', None]
    """
    by_stem: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        if isinstance(item, _File):
            by_stem.setdefault(item.path.stem, []).append(i)
    renamed = list(items)
    for places in by_stem.values():
        if len(places) < 2:
            continue
        paths = [items[i].path for i in places]  # type: ignore[union-attr]
        try:
            common = Path(os.path.commonpath([os.path.abspath(p.parent) for p in paths]))
            relative = [Path(os.path.abspath(p)).relative_to(common) for p in paths]
        except ValueError:  # paths on different drives (Windows): the whole path
            relative = paths
        ids = [(r.parent / r.stem).as_posix() for r in relative]
        ids = [r.as_posix() if ids.count(x) > 1 else x for r, x in zip(relative, ids)]
        for i, new_id in zip(places, ids):
            renamed[i] = _File(items[i].path, new_id)  # type: ignore[union-attr]
    return renamed


def _expand_source(source: Any, caller: str) -> list[_Item]:
    if isinstance(source, Article):
        return [_Given(source)]
    if _is_frame(source):
        return [_Frame(source)]
    if isinstance(source, (str, PathLike)):
        return _expand_path(source, caller)
    if isinstance(source, (bytes, bytearray)):
        raise TypeError(f"{caller} takes a folder, a file, a glob pattern, a list or a DataFrame; got bytes: "
                        "use load_article() for the bytes of one article")
    if isinstance(source, dict):
        return [_Record(source, 1)]
    if isinstance(source, Iterable):
        items: list[_Item] = []
        for n, item in enumerate(source, 1):
            if isinstance(item, Article):
                items.append(_Given(item))
            elif isinstance(item, dict):
                items.append(_Record(item, n))
            elif isinstance(item, (str, PathLike)):
                path = as_path(item)
                if isinstance(item, str) and re.search(r"[*?\[]", item) and (path is None or not path.exists()):
                    try:
                        items.extend(_expand_path(item, caller))
                    except FileNotFoundError as exc:
                        items.append(_Missing(item, None, str(exc)))
                elif path is None:
                    items.append(_Text(item, n))
                elif not path.exists():
                    items.append(_Missing(str(path), path.stem, f"no such file: '{path}'"))
                elif path.is_dir():
                    items.extend(_expand_path(path, caller, allow_empty=True))
                else:
                    items.append(_file_item(path))
            elif isinstance(item, (bytes, bytearray)):
                items.append(_Text(bytes(item), n))
            else:
                raise TypeError(f"item {n} of the list is a {type(item).__name__}: {caller} takes paths, "
                                "texts, dicts or Article objects")
        return items
    raise TypeError(f"{caller} takes a folder, a file, a glob pattern, a list or a DataFrame; "
                    f"got {type(source).__name__}")


def _is_frame(obj: Any) -> bool:
    return type(obj).__name__ == "DataFrame" and hasattr(obj, "to_dict") and hasattr(obj, "columns")


def _file_item(path: Path) -> _File | _RecordFile:
    return _RecordFile(path) if suffix_of(path) in RECORD_SUFFIXES else _File(path)


def _expand_path(source: str | PathLike[str], caller: str, *, allow_empty: bool = False) -> list[_Item]:
    s = os.fsdecode(os.fspath(source))
    path = Path(os.path.expanduser(s))
    try:
        exists = path.exists()
    except (OSError, ValueError):
        exists = False
    if exists and path.is_dir():
        return _folder_items(path, allow_empty=allow_empty)
    if exists:
        return [_file_item(path)]
    if isinstance(source, str) and ("\n" in s or len(s) > 1024 or "<" in s):
        raise TypeError(f"{caller} got a text, not a folder, file or glob: use load_article(text) for one "
                        "article, or pass a list of texts")
    if isinstance(source, str) and re.search(r"[*?\[]", s):
        matches = sorted(Path(m) for m in _glob.glob(os.path.expanduser(s), recursive=True))
        files = [m for m in matches if m.is_file() and not m.name.startswith(".")]
        if not files:
            raise FileNotFoundError(f"no file matches the pattern {s!r}")
        return [_file_item(m) for m in files]
    raise FileNotFoundError(f"no such file or folder: {s!r}")


def _folder_items(path: Path, *, allow_empty: bool) -> list[_Item]:
    """The article files of a folder (not its sub-folders, tables or hidden files), by name;
    a link to nothing named like an article file is a failure, not skipped unseen."""
    items: list[_Item] = []
    others: list[Path] = []
    for p in sorted(path.iterdir()):
        if p.name.startswith("."):
            continue
        if suffix_of(p) in ARTICLE_SUFFIXES:
            if p.is_file():
                items.append(_File(p))
            elif p.is_symlink() and not p.exists():
                items.append(_Missing(str(p), p.stem, f"'{p}' is a symbolic link to nothing (it points to "
                                                      f"'{os.readlink(p)}')"))
        else:
            others.append(p)
    if not items and not allow_empty:
        raise ArticleError(f"folder '{path}' has no article files "
                           f"({', '.join('*' + x for x in ARTICLE_SUFFIXES)}){_folder_hint(path, others)}")
    return items


_COMPRESSED = (".gz", ".bz2", ".xz", ".zip", ".zst", ".7z", ".tgz")
_TABLES_TRIED = 3  # tables of a folder without articles opened to tell whether they hold articles


def _folder_hint(path: Path, others: list[Path]) -> str:
    """What a folder without article files holds instead, and what to do about it: its
    files counted by extension; a table named only when its first record is an article."""
    if not others:
        return ""
    folders = [p for p in others if p.is_dir()]
    files = [p for p in others if not p.is_dir()]
    counts = Counter(suffix_of(p) or "(no extension)" for p in files)
    parts = [f"{n} {x} file{'s' if n > 1 else ''}" for x, n in counts.most_common()]
    if folders:
        parts.append(f"{len(folders)} sub-folder{'s' if len(folders) > 1 else ''}")
    said = [f"it holds {', '.join(parts[:6])}" + (f" and {len(parts) - 6} more kinds" if len(parts) > 6 else "")]
    compressed = sorted(x for x in counts if x.endswith(_COMPRESSED) and x not in RECORD_SUFFIXES)
    if compressed:
        said.append(f"compressed files ({', '.join(compressed)}) are not read: decompress them first")
    tables = [p for p in files if suffix_of(p) in RECORD_SUFFIXES]
    if tables:
        readable = [p for p in tables[:_TABLES_TRIED] if _holds_articles(p)]
        tried = (tables[0].name + " does" if len(tables) == 1
                 else f"none of its first {len(tables[:_TABLES_TRIED])} tables does")
        said.append(f"the tables in it are read only when named: pass {readable[0]}" if readable else
                    f"{tried} not look like a table of articles (no article in its first record)")
    if folders:
        said.append(f"sub-folders are not read: pass a glob such as '{path / '**' / '*.html'}'")
    return "; " + "; ".join(said)


def _holds_articles(path: Path) -> bool:
    """Whether the first record of a table file is an article (a text column, some text)."""
    try:
        first = next(iter_record_file(path, RecordOptions(None, None, None, DEFAULT_MAX_BYTES)), None)
    except Exception:  # noqa: BLE001 - only a hint: a table that cannot be read holds no article here
        return False
    return isinstance(first, Article)


def iterate(items: list[_Item], options: RecordOptions) -> Iterator[Article | LoadFailure]:
    """Load each item in order: an Article, or a LoadFailure that says why not."""
    for item in items:
        if isinstance(item, _Given):
            yield item.article
        elif isinstance(item, _Missing):
            yield LoadFailure(item.source, item.id, item.reason)
        elif isinstance(item, (_File, _Text)):
            value = item.path if isinstance(item, _File) else item.value
            try:
                yield load_one(value, title=None, id=item.id if isinstance(item, _File) else None, format="auto",
                               clean=True, max_bytes=options.max_bytes)
            except Exception as exc:  # noqa: BLE001 - reported as a LoadFailure, not lost
                if isinstance(item, _File):
                    yield LoadFailure(str(item.path), item.id or item.path.stem, reason_of(exc))
                else:
                    yield LoadFailure(f"<text #{item.n}>", None, reason_of(exc))
        elif isinstance(item, _Record):
            yield record_article(item.record, options, source="<records>", default_id=str(item.n),
                                 where=f"record {item.n}")
        elif isinstance(item, _Frame):
            yield from _iter_frame(item.frame, options)
        else:
            yield from iter_record_file(item.path, options)


def _iter_frame(frame: Any, options: RecordOptions) -> Iterator[Article | LoadFailure]:
    cols = resolve_columns([str(c) for c in frame.columns], options)
    if isinstance(cols, str):
        yield LoadFailure("<DataFrame>", None, cols)
        return
    for index, row in frame.iterrows():
        record = {str(k): v for k, v in row.items()}
        yield record_article(record, options, source="<DataFrame>", default_id=str(index),
                             where=f"row {index}", cols=cols)
