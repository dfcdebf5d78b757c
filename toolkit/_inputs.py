"""The one rule for what a function takes as an article, implemented once.

Every public function that takes an article (``summarize``, ``similarity``, ``compare``,
``tag_themes`` ...) or a list of them follows it:

* a :class:`pathlib.Path` (any ``os.PathLike``) is a **file**, read with
  :func:`toolkit.load_article`;
* a ``str`` is the **text itself**. Only ``load_article``/``load_articles`` and the
  command line read a ``str`` as a file name. A ``str`` without white space that names an
  existing file is still used as text, with a ``UserWarning`` saying to pass a ``Path``;
* an :class:`~toolkit.Article` (or any object with a ``str`` attribute ``.text`` and,
  optionally, ``.title``) is its **title and body**: measures of the whole article
  (similarity, terms) read the title as the first paragraph; functions that work
  sentence by sentence (summaries, theme tags, sentence alignment) take their sentences
  from the body and use the title as context (a summary's profile);
* ``bytes`` and anything else are a ``TypeError`` that says what to pass.

A list of articles must be a list (any iterable but a single ``str``, ``bytes`` or
Article); each item follows the rule above.

Not for reading files (see :mod:`toolkit.loading`): this module only decides what a
value means and hands paths to ``load_article``.
"""
from __future__ import annotations

import os
import sys
import threading
import warnings
from collections.abc import Iterable
from typing import Any

from .loading import Article, load_article

__all__: list[str] = []  # internal module: nothing public

#: What the messages call an acceptable article.
ACCEPTED = "a str or an Article, or a pathlib.Path to read a file"

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_MAX_PATH = 260  # a longer str is never taken for a file name


def user_stacklevel() -> int:
    """The ``stacklevel`` that makes a warning point at the first caller outside the package.

    >>> user_stacklevel() >= 1
    True
    """
    return _user_frame(sys._getframe(1))[1]


def _user_frame(frame: Any) -> tuple[Any, int]:
    """The first frame from ``frame`` outward that is not the package's, and how many steps out it is."""
    level = 1
    while frame is not None and os.path.dirname(os.path.abspath(frame.f_code.co_filename)) == _PACKAGE_DIR:
        frame = frame.f_back
        level += 1
    return frame, level


def warn(message: str, category: type[Warning] = UserWarning) -> None:
    """``warnings.warn`` pointed at the user's line, however deep in the package it is raised."""
    warnings.warn(message, category, stacklevel=user_stacklevel())


#: The last file-name warning: the user's frame and instruction it was for, and its texts.
#: One call of the user's (compare reads its texts several ways) warns once per text, not once
#: per step. The frame itself is held (not its id, which a later frame may reuse).
_LAST_WARNING = threading.local()


def _warn_if_file_name(text: str, name: str) -> None:
    if (text and len(text) < _MAX_PATH and not any(c.isspace() for c in text)
            and os.path.isfile(text)):
        frame = _user_frame(sys._getframe(1))[0]
        at = frame.f_lasti if frame is not None else -1  # None: no caller outside the package
        last = getattr(_LAST_WARNING, "value", None)
        if last is not None and frame is not None and last[0] is frame and last[1] == at:
            if text in last[2]:
                return
            last[2].add(text)
        else:
            _LAST_WARNING.value = (frame, at, {text})
        del frame, last
        warn(f"{name} looks like a file name ({text!r}); a str is used as the text itself. "
             f"To read the file, pass pathlib.Path({text!r}) or load_article({text!r}).")


def _not_an_article(value: Any, name: str) -> TypeError:
    if isinstance(value, (bytes, bytearray)):
        return TypeError(f"{name} must be {ACCEPTED}, not bytes: decode it, or use load_article(data)")
    return TypeError(f"{name} must be {ACCEPTED}; got {type(value).__name__}")


def text_and_title(value: Any, name: str) -> tuple[str, str | None]:
    """The body and the title (None for a plain text) of one article, per the rule.

    >>> text_and_title("Rain fell.", "text")
    ('Rain fell.', None)
    >>> text_and_title(Article(text="Rain fell.", title="Weather"), "text")
    ('Rain fell.', 'Weather')
    >>> text_and_title(b"Rain", "text")
    Traceback (most recent call last):
    TypeError: text must be a str or an Article, or a pathlib.Path to read a file, not bytes: ...
    """
    if isinstance(value, str):
        _warn_if_file_name(value, name)
        return value, None
    if isinstance(value, os.PathLike):
        value = load_article(value)
    text = getattr(value, "text", None)
    if not isinstance(text, str):
        raise _not_an_article(value, name)
    title = getattr(value, "title", None)
    return text, title if isinstance(title, str) and title.strip() else None


def join_title(text: str, title: str | None) -> str:
    """The whole article as one text: the title as its first paragraph.

    >>> join_title("Rain fell.", "Weather")
    'Weather\\n\\nRain fell.'
    >>> join_title("Rain fell.", None)
    'Rain fell.'
    """
    return f"{title}\n\n{text}" if title else text


def as_text(value: Any, name: str) -> str:
    """One article as one text (title, blank line, body): what whole-article measures read.

    >>> as_text(Article(text="Rain fell.", title="Weather"), "a")
    'Weather\\n\\nRain fell.'
    """
    return join_title(*text_and_title(value, name))


def as_article(value: Any, name: str) -> Article:
    """One article as an :class:`~toolkit.Article` (a ``str`` becomes an untitled Article).

    >>> as_article("Rain fell.", "a").text
    'Rain fell.'
    """
    if isinstance(value, Article):
        return value
    if isinstance(value, os.PathLike):
        return load_article(value)
    if isinstance(value, str):
        _warn_if_file_name(value, name)
        return Article(text=value)
    text = getattr(value, "text", None)
    if not isinstance(text, str):
        raise _not_an_article(value, name)
    title = getattr(value, "title", None)
    ident = getattr(value, "id", None)
    return Article(text=text, title=title if isinstance(title, str) else None,
                   id=ident if isinstance(ident, str) else None)


def as_list(values: Any, name: str) -> list[Any]:
    """``values`` as a list, refusing a single article or text where a list is expected.

    >>> as_list(("a", "b"), "texts")
    ['a', 'b']
    >>> as_list("a text", "texts")
    Traceback (most recent call last):
    TypeError: texts must be a list of texts or Articles, not a single str: wrap it in a list
    """
    if isinstance(values, (str, bytes, bytearray, Article, os.PathLike)):
        hint = ", or read a folder or data file with load_articles(path)" if isinstance(values, os.PathLike) else ""
        raise TypeError(f"{name} must be a list of texts or Articles, not a single {type(values).__name__}: "
                        f"wrap it in a list{hint}")
    if not isinstance(values, Iterable):
        raise TypeError(f"{name} must be a list of texts or Articles; got {type(values).__name__}")
    return list(values)


def as_texts(values: Any, name: str) -> list[str]:
    """Each article of a list as one text (see :func:`as_text`).

    >>> as_texts(["Rain.", Article(text="Sun.", title="Weather")], "texts")
    ['Rain.', 'Weather\\n\\nSun.']
    """
    return [as_text(v, f"{name}[{i}]") for i, v in enumerate(as_list(values, name))]


def texts_and_titles(values: Any, name: str) -> list[tuple[str, str | None]]:
    """Each article of a list as (body, title) (see :func:`text_and_title`)."""
    return [text_and_title(v, f"{name}[{i}]") for i, v in enumerate(as_list(values, name))]


def as_articles(values: Any, name: str) -> list[Article]:
    """Each article of a list as an :class:`~toolkit.Article` (see :func:`as_article`)."""
    return [as_article(v, f"{name}[{i}]") for i, v in enumerate(as_list(values, name))]
