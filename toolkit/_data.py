"""The one reader of the package's data files (``toolkit/data/``: word lists, themes).

Every data file is read through here, as package data (so it works from a wheel or a zip):
whole (:func:`read_text`, :func:`read_bytes`) or as the line format the word lists share
(:func:`read_lines`, :func:`read_sections`): one entry a line, blank lines and lines
starting with ``#`` ignored, ``[name]`` lines opening a section.

Not for user files (see :mod:`toolkit.loading` and :func:`toolkit.load_themes`).
"""
from __future__ import annotations

from importlib import resources

__all__: list[str] = []  # internal module: nothing public


def read_bytes(name: str) -> bytes:
    """The bytes of ``toolkit/data/NAME``."""
    return resources.files("toolkit.data").joinpath(name).read_bytes()


def exists(name: str) -> bool:
    """Is there a file ``toolkit/data/NAME``?

    >>> exists("themes.toml"), exists("no_such_file.txt")
    (True, False)
    """
    return resources.files("toolkit.data").joinpath(name).is_file()


def read_text(name: str) -> str:
    """The UTF-8 text of ``toolkit/data/NAME``.

    >>> read_text("stopwords.txt").startswith("#")
    True
    """
    return resources.files("toolkit.data").joinpath(name).read_text(encoding="utf-8")


def read_lines(name: str) -> list[str]:
    """The entries of a line-format data file: its lines without trailing white space,
    blank lines and ``#`` comment lines left out.

    >>> read_lines("irregular_verbs.txt")[:1]
    ['arose arise']
    """
    return [line.rstrip() for line in read_text(name).splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def read_sections(name: str) -> dict[str, list[str]]:
    """The entries of a line-format data file by ``[section]`` ("" for those before any).

    >>> sorted(read_sections("abbreviations.txt"))[:3]
    ['', 'ambiguous', 'continuation']
    """
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for line in read_lines(name):
        entry = line.strip()
        if entry.startswith("[") and entry.endswith("]") and entry[1:-1].replace("_", "").isalnum():
            current = entry[1:-1]
            sections.setdefault(current, [])
        else:
            sections[current].append(line)
    return sections
