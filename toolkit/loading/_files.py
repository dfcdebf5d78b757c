"""Paths, files and bytes: what names a file, reading it within a size limit, decoding, normalising.

What it is for: turning a path or bytes into clean Unicode text (any encoding, never a
crash; binary files refused) and knowing file kinds by suffix. Not for: cleaning lines.
"""
from __future__ import annotations

import codecs
import os
import re
import unicodedata
from os import PathLike
from pathlib import Path
from typing import Any

from ._article import ArticleError


#: Default of ``max_bytes``: files (and texts) larger than this are refused, not read.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


FORMATS = ("auto", "text", "html", "markdown")


ERRORS = ("warn", "raise", "ignore")


#: Files a folder or glob contributes one article each.
ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".md")


_EXTRA_ARTICLE_SUFFIXES = (".text", ".xhtml", ".markdown")


JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")


CSV_SUFFIXES = (".csv", ".tsv", ".csv.gz", ".tsv.gz")


PARQUET_SUFFIXES = (".parquet", ".pq")


RECORD_SUFFIXES = JSONL_SUFFIXES + CSV_SUFFIXES + PARQUET_SUFFIXES + (".json",)


_PATH_START = re.compile(r"^(?:~|\.{1,2}[/\\]|/|\\\\|[A-Za-z]:[/\\])")


def as_path(obj: Any) -> Path | None:
    """The file ``obj`` names, or None when ``obj`` is text (see load_article's doc)."""
    if isinstance(obj, PathLike):
        return Path(os.fsdecode(os.fspath(obj)))
    if not isinstance(obj, str):
        return None
    s = obj.strip()
    if not s or "\n" in s or "<" in s or len(s) > 1024:
        return None
    p = Path(os.path.expanduser(s))
    try:
        if p.exists():
            return p
    except (OSError, ValueError):  # a name too long for the file system, an embedded NUL
        return None
    low = s.lower()
    if low.endswith(ARTICLE_SUFFIXES + _EXTRA_ARTICLE_SUFFIXES + RECORD_SUFFIXES) or _PATH_START.match(s):
        return p
    return None


def suffix_of(path: Path) -> str:
    name = path.name.lower()
    for suffix in RECORD_SUFFIXES + _EXTRA_ARTICLE_SUFFIXES + ARTICLE_SUFFIXES:
        if name.endswith(suffix):
            return suffix
    return path.suffix.lower()


def read_file(path: Path, max_bytes: int | None) -> tuple[str, str]:
    what = f"file '{path}'"
    if not path.exists():
        raise FileNotFoundError(f"no such file: '{path}' (pass the text itself, or the path of an existing file)")
    if path.is_dir():
        raise IsADirectoryError(f"'{path}' is a folder: use load_articles('{path}') to load the articles in it")
    if not path.is_file():  # a device (/dev/zero), pipe or socket: its size says nothing of its length
        raise ArticleError(f"{what} is not a regular file (a device, pipe or socket): save the text to a file "
                           "and load that")
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise ArticleError(f"{what} is {size:,} bytes ({size / 2**20:.1f} MiB), more than max_bytes={max_bytes:,}: "
                           "pass a larger max_bytes (or max_bytes=None; newskit: --max-mb) to read it")
    with open(path, "rb") as f:  # bounded: the file may grow while it is read
        data = f.read() if max_bytes is None else f.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:
        raise ArticleError(f"{what} is more than max_bytes={max_bytes:,} bytes: pass a larger max_bytes "
                           "(or max_bytes=None) to read it")
    if not data.strip():
        raise ArticleError(f"{what} is empty: there is nothing to load")
    return decode_bytes(data, what)


_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.epub file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc/.xls)"),
    (b"PAR1", "a Parquet file (use load_articles)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)


BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""",
                       re.I)


#: NUL bytes (binary data, or UTF-16 without a BOM) are looked for in this many first bytes.
_SNIFF_BYTES = 65536

#: A page declares its charset in its <head>: <meta charset> is looked for this far.
_DECLARED_WITHIN = 4096

#: charset-normalizer reads this many first bytes: enough to tell a script, bounded for 20 MB files.
_GUESS_BYTES = 200_000


def decode_bytes(data: bytes, what: str) -> tuple[str, str]:
    """Decode ``data``; never fails on text, raises ArticleError on binary data."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise ArticleError(f"{subject_of(what, 'looks')} like a binary file ({kind}), not text: convert it to "
                               "text or HTML first")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"), what), encoding
    sample = data[:_SNIFF_BYTES]
    if b"\x00" in sample:
        encoding = _utf16_without_bom(sample)
        if encoding is None:
            raise ArticleError(f"{subject_of(what, 'looks')} like a binary file (it contains NUL bytes), not text")
        return _checked(data.decode(encoding, errors="replace"), what), encoding
    try:
        return _checked(data.decode("utf-8"), what), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _DECLARED.search(sample[:_DECLARED_WITHIN])
    if declared:
        name = (declared.group(1) or declared.group(2)).decode("ascii", "replace")
        try:
            codecs.lookup(name)
            return _checked(data.decode(name), what), name.lower()
        except (LookupError, UnicodeDecodeError):
            pass
    guess = _charset_guess(data)
    if guess is not None:
        try:
            text = data.decode(guess)
        except (LookupError, UnicodeDecodeError):
            text = ""
        if text and not mostly_latin(text):  # Cyrillic, Greek, Arabic, CJK...: trust the guess
            return _checked(text, what), guess
    # Latin-script legacy text: charset-normalizer often says cp1250 or mac_roman for short
    # English texts, where cp1252 (what browsers use for "latin-1" too) is far likelier;
    # latin-1 itself decodes any byte, so this never fails.
    try:
        return _checked(data.decode("cp1252"), what), "cp1252"
    except UnicodeDecodeError:
        return _checked(data.decode("latin-1"), what), "latin-1"


_LETTER = re.compile(r"[^\W\d_]")


_NON_LATIN_LETTER = re.compile(r"(?![A-Za-z\u00aa\u00b5\u00ba\u00c0-\u024f])[^\W\d_]")


#: A text's script is read from its first characters (a page's Latin markup words are gone by then).
_SCRIPT_SAMPLE = 5000

#: A text with at least this share of non-Latin letters is in another script (Cyrillic, Greek,
#: CJK...): a Russian article quoting "ISIS" or "NATO" still is.
_NON_LATIN_SHARE = 0.5


def mostly_latin(text: str) -> bool:
    sample = text[:_SCRIPT_SAMPLE]
    non_latin = len(_NON_LATIN_LETTER.findall(sample))
    return non_latin == 0 or non_latin / len(_LETTER.findall(sample)) < _NON_LATIN_SHARE


def _charset_guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a pinned dependency
        return None
    best = from_bytes(data[:_GUESS_BYTES]).best()
    return None if best is None else best.encoding


#: UTF-16 of Latin text has a NUL in every other byte: above this share of NULs on one side ...
_UTF16_NULS = 0.4

#: ... and below this share on the other side (binary data has NULs on both).
_UTF16_OTHER_NULS = 0.05

#: Fewer byte pairs than this are too few to tell UTF-16 from binary data.
_UTF16_MIN_PAIRS = 8


def _utf16_without_bom(sample: bytes) -> str | None:
    even, odd = sample[0::2], sample[1::2]
    if len(odd) < _UTF16_MIN_PAIRS:
        return None
    zero_even, zero_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zero_odd > _UTF16_NULS and zero_even < _UTF16_OTHER_NULS:
        return "utf-16-le"
    if zero_even > _UTF16_NULS and zero_odd < _UTF16_OTHER_NULS:
        return "utf-16-be"
    return None


_PLURAL_VERBS = {"is": "are", "has": "have", "looks": "look"}


def subject_of(what: str, verb: str) -> str:
    """``what`` with ``verb`` agreeing: "file 'a.txt' is", but "the bytes are"."""
    return f"{what} {_PLURAL_VERBS[verb] if what == 'the bytes' else verb}"


#: Decoded text is checked for control characters in this many first characters.
_CONTROL_SAMPLE = 20000

#: Text with more than this share of control or undecodable characters (and at least
#: _MIN_CONTROL of them) is binary data: a scrape has a stray one or two, never 2%.
_CONTROL_SHARE = 0.02
_MIN_CONTROL = 5


def _checked(text: str, what: str) -> str:
    """Refuse decoded text that is mostly control characters (binary data)."""
    sample = text[:_CONTROL_SAMPLE]
    bad = sum(1 for ch in sample if (unicodedata.category(ch) in ("Cc", "Cs", "Co") and ch not in "\t\n\r\f\v")
              or ch == "\ufffd")
    if sample and bad >= _MIN_CONTROL and bad / len(sample) > _CONTROL_SHARE:
        raise ArticleError(f"{subject_of(what, 'looks')} like a binary file ({bad / len(sample):.0%} control or "
                           "undecodable characters), not text")
    return text


_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\x0b\x0c]+")


_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e"
                        r"\u2060\u2066-\u2069\ufeff]+")


def _mojibake_chars(first: range) -> str:
    chars = set()
    for b in first:
        try:
            chars.add(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.add(chr(b))
    return "".join(sorted(chars))


_CONT = re.escape(_mojibake_chars(range(0x80, 0xC0)))


_MOJIBAKE = re.compile(
    f"[{re.escape(_mojibake_chars(range(0xC2, 0xE0)))}][{_CONT}]"
    f"|[{re.escape(_mojibake_chars(range(0xE0, 0xF0)))}][{_CONT}]{{2}}"
    f"|[{re.escape(_mojibake_chars(range(0xF0, 0xF5)))}][{_CONT}]{{3}}"
)


def _unmojibake(match: re.Match[str]) -> str:
    s = match.group()
    try:
        raw = b"".join(ch.encode("cp1252") if ch.encode("cp1252", errors="ignore") else ch.encode("latin-1")
                       for ch in s)
        return raw.decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return s


def normalize(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    if _MOJIBAKE.search(text):
        text = _MOJIBAKE.sub(_unmojibake, text)
    text = _INVISIBLE.sub("", _ODD_SPACES.sub(" ", text))
    text = unicodedata.normalize("NFC", text)
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))
