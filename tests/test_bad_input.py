"""Bad input across the toolkit: a clear error or a documented result, never a deep traceback.

The developers' guide: "Bad input (empty, whitespace, binary, wrong encoding, HTML soup,
a 50 MB file, a non-English text, a folder with some broken files) gets a clear error or a
documented result, never a deep traceback, and never loses the good items in a batch".

This module is a matrix of bad inputs x public entry points. Every expectation comes from
a docstring (or API.md / the issue that asked for the function): either a specific
exception type raised by toolkit code (``_assert_toolkit_error``: the last traceback frame
is inside ``toolkit/``, not scikit-learn, numpy or pandas) with a message that says what
is wrong, or the documented result. Behaviour that breaks a documented promise is a
defect: its test is marked ``xfail(strict=True)`` with the reason, so that the owner of
the module can fix it and delete the mark (strict: a fixed defect fails the run until
the mark goes).

Fixtures (``tests/fixtures/bad_input/``, all small):

* ``mixed/``: a folder of good and broken articles; :data:`LOADS` and :data:`FAILS` say
  what each file must give (a test checks that every file is listed in one of them);
* ``broken.jsonl`` and ``broken.csv``: good records around malformed ones.

The 50 MB file is written to ``tmp_path`` by a module fixture, and the tests that use it
run under a generous hang guard (SIGALRM), not a timing assertion.
"""
from __future__ import annotations

import contextlib
import html
import json
import re
import signal
import threading
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit import (
    DEFAULT_THEMES,
    Article,
    ArticleError,
    Comparison,
    CorpusComparison,
    LoadFailure,
    Summary,
    compare,
    compare_many,
    iter_articles,
    load_article,
    load_articles,
    similarity,
    similarity_matrix,
    split_sentences,
    summarize,
    summarize_many,
    tag_themes,
)
from toolkit.cli import main

TOOLKIT_DIR = Path(toolkit.__file__).resolve().parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bad_input"
MIXED = FIXTURES / "mixed"
THEME_IDS = [t.id for t in DEFAULT_THEMES]

# ----------------------------------------------------------------------------- helpers


def _assert_toolkit_error(excinfo: pytest.ExceptionInfo[BaseException]) -> None:
    """The exception was raised by toolkit code, not deep inside a dependency."""
    entry = excinfo.traceback[-1]
    path = Path(str(entry.path)).resolve()
    assert TOOLKIT_DIR in path.parents, (
        f"{excinfo.typename} raised in {path}:{entry.lineno + 1}, not in toolkit/: {excinfo.value}")
    module = type(excinfo.value).__module__
    assert module == "builtins" or module.startswith("toolkit"), f"exception type from {module}"


def _raises(exc: type[BaseException], match: str, fn: Callable[..., Any], *args: Any,
            **kwargs: Any) -> pytest.ExceptionInfo[BaseException]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(exc, match=match) as excinfo:
            fn(*args, **kwargs)
    _assert_toolkit_error(excinfo)
    return excinfo


def _quiet(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, list[str]]:
    """Call ``fn`` and return its result and the messages of the warnings it emitted."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn(*args, **kwargs)
    return result, [str(w.message) for w in caught]


@contextlib.contextmanager
def _hang_guard(seconds: int = 120) -> Iterator[None]:
    """Fail (instead of hanging the suite) if the block runs for minutes: not a timing test."""
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise TimeoutError(f"still running after {seconds} s: the size limit did not stop the work")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _cli(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    """Run ``python -m toolkit ARGV`` in-process: exit code, stdout, stderr."""
    capsys.readouterr()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err, err
    return code, out, err


def _jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# ----------------------------------------------------------------------------- inputs

GOOD = (MIXED / "good_iraq.txt").read_text(encoding="utf-8")
GOOD2 = ("Foreign fighters head home\n\n"
         "Hundreds of foreign fighters are trying to return to Europe after the fall of Raqqa, officials said.\n"
         "Governments fear that some of them will plan attacks at home once they cross the border.\n"
         "The coalition said air strikes would continue against the remaining leaders of the group.\n")

#: Texts passed where a str of text is expected.
BAD_TEXTS: dict[str, str] = {
    "empty": "",
    "whitespace": "  \n\t \r\n \u00a0\u3000 \n",
    "html_tags_only": "<html><head></head><body><div><span></span><p></p></div><br></body></html>",
    "html_script_only": ("<html><head><script>var t = {id: 42};</script><style>p {color: red}</style></head>"
                         "<body><script>track(); alert('x')</script><img src=x onerror=alert(1)></body></html>"),
    "html_unclosed": ("<html><body><p>The fighters fled into the desert after the city fell. <p>Officials "
                      "said the group may regroup <b>in Libya<div>Attacks are likely, they said."),
    "html_entities_only": "&amp; &lt; &gt; &nbsp; &#160; &quot; &#x2014; &hellip;",
    "french": (MIXED / "french.txt").read_text(encoding="utf-8"),
    "german": (MIXED / "german.txt").read_text(encoding="utf-8"),
    "stopwords_only": (MIXED / "stopwords_only.txt").read_text(encoding="utf-8"),
    "punctuation_only": "... !!! ??? -- ; : ( ) [ ] ...",
    "emoji_only": "🔥🔥 💥 😱 👍🏽",
    "long_sentence": (MIXED / "long_sentence.txt").read_text(encoding="utf-8"),
    "emoji_control": ("🔥 Breaking 💥\x00\x07\x1b news: fighters 🏃 fled \u200b\u202e the city. "
                      "😱 Officials said \x0b they left for the desert."),
}
EMPTY = {"empty", "whitespace"}
#: Texts without a content word (documented: summaries/similarities treat them specially).
NO_CONTENT = EMPTY | {"stopwords_only", "punctuation_only", "emoji_only"}
#: Texts about none of the themes ("a sentence about none of the themes gets none").
NO_THEME = NO_CONTENT | {"html_tags_only", "html_script_only", "html_entities_only", "french", "german"}

TEXT_PARAMS = [pytest.param(text, id=name) for name, text in BAD_TEXTS.items()]
NOT_TEXT = [pytest.param(None, id="None"), pytest.param(42, id="int"), pytest.param(3.5, id="float")]


def _name(text: str) -> str:
    return next(k for k, v in BAD_TEXTS.items() if v == text)


#: The good and odd files of ``mixed/`` that load, with what their text must hold.
LOADS: dict[str, dict[str, Any]] = {
    "good_iraq.txt": {"title": "Militants lose their last stronghold in Iraq", "has": ["Mosul", "Libya"]},
    "good_syria.html": {"title": "Foreign fighters head home as the group loses Raqqa", "has": ["Raqqa"],
                        "not": ["Copyright", "Sport", "<p>"]},
    "cp1252.txt": {"title": "Café owners protest the new rules",
                   "has": ["café owners of Zürich", "“unfair”", "association’s", "Renée Müller",
                           "naïve — a blow"]},
    "latin1.txt": {"title": "Señor García opens a new café",
                   "has": ["Señor García", "Málaga", "crème brûlée", "jalapeño", "façade"]},
    "utf16_bom.txt": {"title": "Museum reopens after the flood", "has": ["Köln", "— all but two", "“new”"]},
    "french.txt": {"title": "Le gouvernement annonce un nouveau plan", "has": ["mise en œuvre"], "language": "fr"},
    "german.txt": {"title": "Die Regierung stellt ein neues Paket vor", "has": ["Maßnahmen"], "language": "de"},
    "stopwords_only.txt": {"has": ["It was the one that they had."]},
    "long_sentence.txt": {"has": ["Mosul"]},
    "emoji_control.txt": {"title": "🔥 Breaking news 💥",
                          "has": ["Fighters 🏃 fled the city on Monday 😱", "🙏"]},
    "soup_unclosed.html": {"has": ["The fighters fled into the desert after the city fell on Monday.",
                                   "Officials said the group may regroup in Libya within a few months.",
                                   "Analysts warned that the threat would not disappear soon.",
                                   "Attacks are likely, they said."], "not": ["<p>", "<div>"]},
    "soup_entities.html": {"title": "Fighters’ families flee — again",
                           "has": ["said & analysts", "group’s leaders", '"for good"', "Monday … for now",
                                   "said — and"],
                           "not": ["&amp;", "&rsquo;", "&nbsp;", "&hellip;", "&#x2014;", "&quot;"]},
}
#: The files of ``mixed/`` that must be refused, with what the reason must say.
FAILS: dict[str, str] = {
    "binary_png.txt": r"binary.*PNG",
    "binary_noise.txt": r"binary",
    "empty.txt": r"empty",
    "whitespace.txt": r"empty",
    "soup_tags_only.html": r"HTML page with no body text",
    "soup_script_only.html": r"HTML page with no body text",
}
LOAD_PARAMS = [pytest.param(name, id=name) for name in LOADS]
FAIL_PARAMS = [pytest.param(name, pattern, id=name) for name, pattern in FAILS.items()]


def test_every_fixture_file_has_an_expectation() -> None:
    files = {p.name for p in MIXED.iterdir()}
    assert files == set(LOADS) | set(FAILS)
    assert not set(LOADS) & set(FAILS)


# ============================================================================= load_article


@pytest.mark.parametrize("name, pattern", FAIL_PARAMS)
@pytest.mark.parametrize("as_", ["path", "str", "bytes"])
def test_load_article_refuses_broken_file(name: str, pattern: str, as_: str) -> None:
    path = MIXED / name
    arg = {"path": path, "str": str(path), "bytes": path.read_bytes()}[as_]
    if as_ == "bytes" and name in ("empty.txt", "whitespace.txt"):
        pattern = r"the bytes (are|is) empty"
    excinfo = _raises(ArticleError, pattern, load_article, arg)
    assert isinstance(excinfo.value, ValueError)  # documented: a ValueError subclass
    if as_ != "bytes":
        assert name in str(excinfo.value)  # the message names the file


@pytest.mark.parametrize("name", LOAD_PARAMS)
@pytest.mark.parametrize("as_", ["path", "bytes"])
def test_load_article_reads_odd_but_valid_file(name: str, as_: str) -> None:
    path = MIXED / name
    want = LOADS[name]
    article, messages = _quiet(load_article, path if as_ == "path" else path.read_bytes())
    assert isinstance(article, Article)
    if "title" in want:
        assert article.title == want["title"]
    for fragment in want["has"]:
        assert fragment in article.text
    for fragment in want.get("not", []):
        assert fragment not in article.text
    assert "\ufffd" not in article.text and "Ã" not in article.text  # decoded, not mangled
    if "language" in want:  # documented: loads, guesses the language, warns
        assert article.language == want["language"]
        assert any("not look like English" in m for m in messages), messages


def test_load_article_reports_encodings() -> None:
    encodings = {name: load_article(MIXED / name).encoding for name in ("cp1252.txt", "latin1.txt", "utf16_bom.txt")}
    assert encodings["utf16_bom.txt"] == "utf-16"
    assert encodings["cp1252.txt"] == "cp1252"
    assert encodings["latin1.txt"] in ("cp1252", "latin-1")  # documented: cp1252, then latin-1


@pytest.mark.parametrize("name", ["french.txt", "german.txt"])
def test_load_article_warns_about_language(name: str) -> None:
    label = {"french.txt": "French", "german.txt": "German"}[name]
    with pytest.warns(UserWarning, match=rf"not look like English.*{label}"):
        load_article(MIXED / name)


def test_load_article_drops_control_and_invisible_characters() -> None:
    article = load_article(MIXED / "emoji_control.txt")
    odd = {hex(ord(c)) for c in article.text if c in "\x07\x1b\u200b\u2060\ufeff\u00ad"}
    assert not odd
    assert article.n_words > 20


def test_load_article_drops_bidi_override_characters() -> None:
    article = load_article(MIXED / "emoji_control.txt")
    assert not [hex(ord(c)) for c in article.text if unicodedata.category(c) == "Cf" and c != "\u200d"]


@pytest.mark.parametrize("name, pattern", [
    ("empty", r"empty"),
    ("whitespace", r"empty"),
    ("html_tags_only", r"HTML page with no body text"),
    ("html_script_only", r"HTML page with no body text"),
    ("html_entities_only", r"no article text left|nothing left"),
])
def test_load_article_refuses_text_without_body(name: str, pattern: str) -> None:
    _raises(ArticleError, pattern, load_article, BAD_TEXTS[name])


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


def _visible_words(raw: str) -> set[str]:
    """The words a browser would show (scripts and styles dropped, tags removed, entities decoded)."""
    raw = re.sub(r"(?is)<(script|style|noscript)\b.*?</\1\s*>", " ", raw)
    return _words(html.unescape(re.sub(r"<[^>]*>", " ", raw)))


def _kept_words(article: Article) -> set[str]:
    """Words in the body, the metadata or ``removed``: what the loader accounts for."""
    fields = [article.text, article.title, article.subtitle, article.section, article.dateline, article.byline,
              article.date, *article.removed]
    return _words(" ".join(f for f in fields if f))


@pytest.mark.parametrize("name", [n for n in LOADS if not n.endswith(".html") or "soup" in n])
def test_load_article_loses_nothing_silently(name: str) -> None:
    # documented: what the cleaner dropped is kept in Article.removed so it can be checked
    article, _ = _quiet(load_article, MIXED / name)
    raw = (MIXED / name).read_bytes().decode(article.encoding or "utf-8")
    assert _visible_words(raw) - _kept_words(article) == set()


def test_load_article_unclosed_html_string() -> None:
    article = load_article(BAD_TEXTS["html_unclosed"])
    assert article.text.startswith("The fighters fled into the desert after the city fell.")
    assert article.text.endswith("Attacks are likely, they said.")
    assert "<" not in article.text
    assert _visible_words(BAD_TEXTS["html_unclosed"]) - _kept_words(article) == set()


def test_load_article_deeply_nested_and_stray_tags() -> None:
    # 20,000 nested elements and as many stray end tags: read in one pass, nothing lost.
    page = ("<html><body>" + "<div>" * 20_000 + "<p>The fighters fled into the desert.</p>"
            + "</span>" * 20_000 + "</div>" * 20_000 + "<p>Attacks are likely, they said.</p></body></html>")
    article = load_article(page)
    assert article.text == "The fighters fled into the desert.\n\nAttacks are likely, they said."


_INLINE_PAGE = """<html><body><article><h1>ISIS loses Mosul</h1>
<p>Iraqi forces retook the old city of Mosul on Monday after a siege of nine months.</p>
<p>Officials said {tag} the fighters fled into the desert and may regroup in Libya.</p>
<p>Analysts warned that the threat would not disappear soon.</p>
</article></body></html>"""


@pytest.mark.parametrize("tag, shown", [
    pytest.param("", "", id="no_inline_tag"),
    pytest.param("<!-- note -->", "", id="comment"),
    pytest.param("<img src='x.png'>", "", id="img"),
    pytest.param("<a href='/isis'>today</a>", "today ", id="a"),
    pytest.param("<b>today</b>", "today ", id="b"),
    pytest.param("<em>today</em>", "today ", id="em"),
    pytest.param("<span class='x'>today</span>", "today ", id="span"),
    pytest.param("<script>track()</script>", "", id="script"),
])
def test_load_article_keeps_paragraphs_with_inline_tags_whole(tag: str, shown: str) -> None:
    article = load_article(_INLINE_PAGE.format(tag=tag))
    assert article.paragraphs == (
        "Iraqi forces retook the old city of Mosul on Monday after a siege of nine months.",
        f"Officials said {shown}the fighters fled into the desert and may regroup in Libya.",
        "Analysts warned that the threat would not disappear soon.",
    )


def test_load_article_inline_tag_in_first_paragraph_keeps_its_words() -> None:
    page = _INLINE_PAGE.replace("Iraqi forces retook", "Iraqi forces, <a href='/x'>backed by the coalition</a>, retook")
    article = load_article(page)
    assert article.subtitle is None
    assert article.text.startswith("Iraqi forces, backed by the coalition, retook the old city of Mosul")


@pytest.mark.parametrize("value", NOT_TEXT)
def test_load_article_rejects_non_text(value: Any) -> None:
    _raises(TypeError, r"load_article\(\) takes a path, a str", load_article, value)


def test_load_article_rejects_list_with_hint() -> None:
    _raises(TypeError, r"use load_articles\(\)", load_article, [GOOD])


def test_load_article_missing_file() -> None:
    _raises(FileNotFoundError, r"no such file", load_article, str(MIXED / "missing.txt"))


# ============================================================================= load_articles / iter_articles


def test_iter_articles_mixed_folder_loses_nothing() -> None:
    items = list(iter_articles(MIXED))
    assert len(items) == len(LOADS) + len(FAILS)
    names = [Path(i.source).name for i in items]
    assert names == sorted(names)  # documented: sorted by name, in source order
    for item in items:
        name = Path(item.source).name
        if name in LOADS:
            assert isinstance(item, Article), (name, item)
            assert item.id == Path(name).stem
        else:
            assert isinstance(item, LoadFailure), (name, item)
            assert item.id == Path(name).stem
            assert re.search(FAILS[name], item.reason), item.reason


def test_load_articles_mixed_folder_keeps_good_and_warns_once() -> None:
    articles, messages = _quiet(load_articles, MIXED)
    assert sorted(a.id for a in articles) == sorted(Path(n).stem for n in LOADS)
    failures = [m for m in messages if "could not be loaded" in m]
    assert len(failures) == 1
    assert f"{len(FAILS)} of {len(FAILS) + len(LOADS)} items" in failures[0]
    assert any("not look like English" in m for m in messages)  # documented second warning


def test_load_articles_errors_raise_and_ignore() -> None:
    first_bad = sorted(FAILS)[0]
    excinfo = _raises(ArticleError, "binary", load_articles, MIXED, errors="raise")
    assert first_bad in str(excinfo.value)
    articles, messages = _quiet(load_articles, MIXED, errors="ignore")
    assert len(articles) == len(LOADS)
    assert not [m for m in messages if "could not be loaded" in m]


def test_load_articles_folder_of_only_broken_files(tmp_path: Path) -> None:
    for name in FAILS:
        (tmp_path / name).write_bytes((MIXED / name).read_bytes())
    _raises(ArticleError, r"no article could be loaded.*6 failed", load_articles, tmp_path)


def test_load_articles_list_with_bad_texts_keeps_good() -> None:
    texts = [GOOD, "", "   ", BAD_TEXTS["html_script_only"], GOOD2]
    articles, messages = _quiet(load_articles, texts)
    assert [a.title for a in articles] == ["Militants lose their last stronghold in Iraq", "Foreign fighters head home"]
    assert any("3 of 5 items could not be loaded" in m for m in messages), messages


def test_iter_articles_broken_jsonl() -> None:
    items = list(iter_articles(FIXTURES / "broken.jsonl"))
    good = [i.id for i in items if isinstance(i, Article)]
    bad = {i.id: i.reason for i in items if isinstance(i, LoadFailure)}
    assert good == ["r1", "r6"]
    assert len(bad) == 5
    assert "malformed JSON" in bad["broken:2"]
    assert "empty" in bad["r3"]
    assert "not a string" in bad["r4"]
    assert "expected a JSON object" in bad["broken:5"]
    assert "binary" in bad["broken:6"]
    assert all(r.startswith("line ") for r in bad.values())  # each with its line number


def test_iter_articles_broken_csv() -> None:
    items = list(iter_articles(FIXTURES / "broken.csv"))
    good = {i.id: i for i in items if isinstance(i, Article)}
    bad = {i.id: i.reason for i in items if isinstance(i, LoadFailure)}
    assert sorted(good) == ["c1", "c4"]
    assert "café" in good["c4"].text  # the file is latin-1: decoded, not mangled
    assert "fields, expected 3" in bad["broken:2"]
    assert "empty" in bad["c3"]


@pytest.mark.parametrize("fn", [load_articles, iter_articles])
@pytest.mark.parametrize("value", NOT_TEXT)
def test_load_articles_rejects_non_source(fn: Callable[[Any], Any], value: Any) -> None:
    _raises(TypeError, r"takes a folder, a file, a glob", fn, value)


@pytest.mark.parametrize("fn", [load_articles, iter_articles])
def test_load_articles_rejects_text(fn: Callable[[Any], Any]) -> None:
    _raises(TypeError, r"got a text.*use load_article", fn, GOOD)


def test_iter_articles_error_names_itself() -> None:
    with pytest.raises(TypeError, match=r"iter_articles\(\)"):
        iter_articles(None)


def test_load_articles_one_line_sentence_is_a_clear_error() -> None:
    # A single-line str reads as a path: not found, and the message quotes it.
    _raises((TypeError, FileNotFoundError), r"Fighters fled the city\.", load_articles, "Fighters fled the city.")


def test_load_articles_list_with_none_names_the_item() -> None:
    _raises(TypeError, r"item 2 of the list is a NoneType", load_articles, [GOOD, None])


# ============================================================================= split_sentences


@pytest.mark.parametrize("text", TEXT_PARAMS)
def test_split_sentences_documented_result(text: str) -> None:
    sentences = split_sentences(text)
    assert isinstance(sentences, list) and all(isinstance(s, str) for s in sentences)
    assert all(s and s == s.strip() for s in sentences)
    # documented: together they hold every non-blank character of the text, in order
    assert "".join("".join(s.split()) for s in sentences) == "".join(text.split())
    if _name(text) in EMPTY:
        assert sentences == []
    if _name(text) == "long_sentence":
        assert sentences == [text.strip()]


@pytest.mark.parametrize("value", NOT_TEXT + [pytest.param(b"One. Two.", id="bytes"),
                                              pytest.param([GOOD], id="list")])
def test_split_sentences_rejects_non_str(value: Any) -> None:
    _raises(TypeError, r"split_sentences\(\) expects text as a str", split_sentences, value)


# ============================================================================= summarize


def _check_summary(summary: Summary, text: str) -> None:
    sentences = split_sentences(text)
    assert isinstance(summary, Summary)
    assert summary.indices == sorted(summary.indices)
    assert all(0 <= i < len(sentences) for i in summary.indices)
    assert summary.sentences == [sentences[i] for i in summary.indices]
    assert len(summary.scores) == len(summary.indices)
    assert all(np.isfinite(summary.scores))
    frame = summary.to_frame()
    assert isinstance(frame, pd.DataFrame) and len(frame) == len(sentences)
    assert int(frame["selected"].sum()) == len(summary.indices)
    page = summary._repr_html_()
    assert "<script" not in page and "<img" not in page  # article text is escaped


@pytest.mark.parametrize("text", TEXT_PARAMS)
def test_summarize_documented_result(text: str) -> None:
    summary, messages = _quiet(summarize, text)
    _check_summary(summary, text)
    name = _name(text)
    if name in EMPTY:  # documented: an empty Summary and a warning
        assert summary.sentences == [] and summary.indices == []
        assert any("empty" in m for m in messages), messages
    elif name in NO_CONTENT:  # documented: its first sentences, all scores 0, a warning
        assert summary.indices == list(range(len(summary.indices))) and summary.indices
        assert all(s == 0 for s in summary.scores)
        assert any("no content words" in m for m in messages), messages
    elif name == "long_sentence":  # documented: a one-sentence text gives that sentence
        assert summary.sentences == [text.strip()]
    else:
        assert summary.sentences


@pytest.mark.parametrize("value", NOT_TEXT)
def test_summarize_rejects_non_text(value: Any) -> None:
    _raises(TypeError, r"text_or_article must be a str or an Article", summarize, value)


def test_summarize_rejects_bytes() -> None:
    _raises(TypeError, r"not bytes: decode it", summarize, GOOD.encode())


def test_summarize_path_like_string_is_text_with_a_warning() -> None:
    # documented: a str is always text, never a file name
    with pytest.warns(UserWarning, match="looks like a file name"):
        summary = summarize(str(MIXED / "good_iraq.txt"))
    assert summary.sentences == [str(MIXED / "good_iraq.txt")]


@pytest.mark.parametrize("background, exc, pattern", [
    ("just one text", TypeError, r"^background must be a list of texts or Articles, not a single str"),
    ([GOOD, None], TypeError, r"^background\[1\] must be a str or an Article"),
    ([GOOD, b"bytes"], TypeError, r"^background\[1\] must be a str or an Article"),
])
def test_summarize_bad_background_names_background(background: Any, exc: type[Exception], pattern: str) -> None:
    _raises(exc, pattern, summarize, GOOD, background=background)
    _raises(exc, pattern, summarize_many, [GOOD, GOOD2], background=background)


def test_summarize_empty_background_names_background() -> None:
    with pytest.raises(ValueError, match="background"):
        summarize(GOOD, background=[])


def test_summarize_background_without_content_words_is_a_clear_error() -> None:
    _raises(ValueError, r"no content words", summarize, GOOD, background=["", "the and of"])


# ============================================================================= summarize_many


@pytest.mark.parametrize("text", TEXT_PARAMS)
def test_summarize_many_bad_item_does_not_hurt_the_good_ones(text: str) -> None:
    summaries, messages = _quiet(summarize_many, [GOOD, text, GOOD2])
    assert len(summaries) == 3
    for got, source in zip(summaries, [GOOD, text, GOOD2]):
        alone, _ = _quiet(summarize, source)  # documented: the same result as summarize on each
        assert got.indices == alone.indices and got.sentences == alone.sentences
        assert got.scores == pytest.approx(alone.scores)
    assert summaries[0].sentences and summaries[2].sentences
    if _name(text) in EMPTY:
        assert any("1 of 3 items" in m for m in messages), messages


def test_summarize_many_on_the_loaded_mixed_folder() -> None:
    articles, _ = _quiet(load_articles, MIXED)
    summaries, _ = _quiet(summarize_many, articles)
    assert len(summaries) == len(articles) == len(LOADS)
    for article, summary in zip(articles, summaries):
        _check_summary(summary, article.text)


@pytest.mark.parametrize("value", NOT_TEXT)
def test_summarize_many_bad_item_type_names_its_position(value: Any) -> None:
    _raises(TypeError, r"texts_or_articles\[1\] must be a str or an Article", summarize_many, [GOOD, value, GOOD2])


@pytest.mark.parametrize("value", [pytest.param(GOOD, id="str"), pytest.param(GOOD.encode(), id="bytes")])
def test_summarize_many_rejects_a_single_text(value: Any) -> None:
    _raises(TypeError, r"not a single (str|bytes): wrap it in a list", summarize_many, value)


@pytest.mark.parametrize("value", NOT_TEXT)
def test_summarize_many_rejects_non_list(value: Any) -> None:
    _raises(TypeError, r"texts_or_articles must be a list of texts", summarize_many, value)


# ============================================================================= similarity


@pytest.mark.parametrize("text", TEXT_PARAMS)
def test_similarity_documented_result(text: str) -> None:
    ab, messages = _quiet(similarity, text, GOOD)
    ba, _ = _quiet(similarity, GOOD, text)
    same, _ = _quiet(similarity, text, text)
    assert isinstance(ab, float) and 0.0 <= ab <= 1.0
    assert ab == pytest.approx(ba)  # symmetric
    assert same == 1.0  # documented: every text with itself
    if _name(text) in NO_CONTENT:  # documented: 0.0 with any other text, and a warning
        assert ab == 0.0
        assert any("no content words" in m for m in messages), messages


@pytest.mark.parametrize("value", NOT_TEXT + [pytest.param(b"bytes", id="bytes")])
@pytest.mark.parametrize("position", ["a", "b"])
def test_similarity_rejects_non_text(value: Any, position: str) -> None:
    args = (value, GOOD) if position == "a" else (GOOD, value)
    _raises(TypeError, rf"^{position} must be a str or an Article", similarity, *args)


def test_similarity_background_str_is_type_error() -> None:
    _raises(TypeError, r"background must be a list of texts or Articles, not a single str", similarity, GOOD, GOOD2,
            background="one text")


# ============================================================================= similarity_matrix


@pytest.mark.parametrize("text", TEXT_PARAMS)
def test_similarity_matrix_documented_result(text: str) -> None:
    S, messages = _quiet(similarity_matrix, [GOOD, text, GOOD2])
    assert isinstance(S, np.ndarray) and S.shape == (3, 3)
    assert np.allclose(S, S.T)
    assert np.all(S.diagonal() == 1.0)
    assert np.all((S >= 0) & (S <= 1))
    assert S[0, 2] > 0  # the good pair is still compared
    if _name(text) in NO_CONTENT:
        assert S[1, 0] == S[1, 2] == 0.0
        assert any("no content words" in m for m in messages), messages


def test_similarity_matrix_rejects_a_single_text() -> None:
    _raises(TypeError, r"texts must be a list of texts or Articles, not a single str", similarity_matrix, GOOD)


@pytest.mark.parametrize("value", NOT_TEXT)
def test_similarity_matrix_rejects_non_list(value: Any) -> None:
    _raises(TypeError, r"texts must be a list of texts", similarity_matrix, value)


@pytest.mark.parametrize("value", NOT_TEXT)
def test_similarity_matrix_rejects_bad_item(value: Any) -> None:
    _raises(TypeError, r"texts\[1\] must be a str or an Article", similarity_matrix, [GOOD, value])


# ============================================================================= tag_themes


@pytest.mark.parametrize("text", TEXT_PARAMS)
def test_tag_themes_documented_result(text: str) -> None:
    frame = tag_themes(text)
    assert isinstance(frame, pd.DataFrame)
    assert {"sentence", "themes", "evidence", *THEME_IDS} <= set(frame.columns)
    expected = split_sentences(text) if text.strip() else []
    assert frame["sentence"].tolist() == expected  # one row per sentence, in order
    assert all(isinstance(t, list) for t in frame["themes"])
    assert (frame[THEME_IDS].to_numpy() >= 0).all()
    if _name(text) in NO_THEME:  # documented: a sentence about none of the themes gets none
        assert all(t == [] for t in frame["themes"])


def test_tag_themes_on_article_from_each_loadable_file() -> None:
    for name in LOADS:
        article, _ = _quiet(load_article, MIXED / name)
        frame = tag_themes(article)
        assert frame["sentence"].tolist() == split_sentences(article.text), name


@pytest.mark.parametrize("value", NOT_TEXT + [pytest.param(b"bytes", id="bytes")])
def test_tag_themes_rejects_non_text(value: Any) -> None:
    _raises(TypeError, r"text_or_article must be a str or an Article", tag_themes, value)


@pytest.mark.parametrize("themes, exc, pattern", [
    (None, TypeError, r"themes must be a sequence of Theme"),
    (42, TypeError, r"themes must be a sequence of Theme"),
    ([], ValueError, r"themes is empty"),
    ("no_such_themes.toml", FileNotFoundError, r"theme file not found"),
])
def test_tag_themes_rejects_bad_theme_set(themes: Any, exc: type[Exception], pattern: str) -> None:
    _raises(exc, pattern, tag_themes, GOOD, themes=themes)


# ============================================================================= compare


def _check_comparison(c: Comparison, *, other_empty: bool) -> None:
    assert isinstance(c, Comparison)
    assert 0.0 <= c.similarity <= 1.0
    scores = c.theme_scores()
    assert list(scores.index) == THEME_IDS and scores.shape[1] == 2
    assert (scores.to_numpy() >= 0).all()
    if other_empty:
        assert (scores.iloc[:, 0] == 0).all()
    assert isinstance(c.summary(), str) and c.summary()
    assert isinstance(c.to_frame(), pd.DataFrame)
    assert isinstance(c.alignment(), pd.DataFrame)
    page = c._repr_html_()
    assert "<script" not in page and "<img" not in page  # article text is escaped


@pytest.mark.parametrize("text", TEXT_PARAMS)
def test_compare_documented_result(text: str) -> None:
    name = _name(text)
    if name in EMPTY:  # documented: ValueError when an article is empty
        _raises(ValueError, r"^a is empty", compare, text, GOOD)
        _raises(ValueError, r"^b is empty", compare, GOOD, text)
        return
    c, messages = _quiet(compare, text, GOOD)
    _check_comparison(c, other_empty=name in NO_THEME)
    if name in NO_CONTENT:
        assert c.similarity == 0.0
        assert any("no content words" in m for m in messages), messages


@pytest.mark.parametrize("name", LOAD_PARAMS)
def test_compare_loads_odd_files(name: str) -> None:
    c, _ = _quiet(compare, MIXED / name, MIXED / "good_iraq.txt")
    _check_comparison(c, other_empty=False)
    if name == "good_iraq.txt":
        assert c.similarity == 1.0


@pytest.mark.parametrize("name, pattern", FAIL_PARAMS)
def test_compare_refuses_broken_file(name: str, pattern: str) -> None:
    excinfo = _raises(ArticleError, pattern, compare, MIXED / name, MIXED / "good_iraq.txt")
    assert name in str(excinfo.value)


def test_compare_path_like_string_is_text_with_a_warning() -> None:
    # the input rule: a str is text everywhere but load_* and the CLI; a Path is a file
    name = str(MIXED / "binary_png.txt")
    with pytest.warns(UserWarning, match=r"looks like a file name.*pathlib\.Path"):
        c = compare(name, MIXED / "good_iraq.txt")
    assert c.articles[0].text == name


@pytest.mark.parametrize("value", NOT_TEXT + [pytest.param(b"bytes", id="bytes")])
@pytest.mark.parametrize("position", ["a", "b"])
def test_compare_rejects_non_text(value: Any, position: str) -> None:
    args = (value, GOOD) if position == "a" else (GOOD, value)
    _raises(TypeError, rf"^{position} must be a str or an Article", compare, *args)


@pytest.mark.parametrize("background, pattern", [
    ("one text", r"background must be a list of texts or Articles, not a single str"),
    ([GOOD, None], r"background\[1\] must be a str or an Article, or a pathlib.Path to read a file; got NoneType"),
])
def test_compare_rejects_bad_background(background: Any, pattern: str) -> None:
    _raises(TypeError, pattern, compare, GOOD, GOOD2, background=background)


# ============================================================================= compare_many


@pytest.mark.parametrize("text", TEXT_PARAMS)
def test_compare_many_documented_result(text: str) -> None:
    name = _name(text)
    if name in EMPTY:  # a clear error naming the empty article (not in the docstring: see report)
        _raises(ValueError, r"articles \[1\] is empty", compare_many, [GOOD, text, GOOD2])
        return
    cc, messages = _quiet(compare_many, [GOOD, text, GOOD2])
    assert isinstance(cc, CorpusComparison)
    S = cc.similarity_matrix().to_numpy()
    assert S.shape == (3, 3) and np.allclose(S, S.T) and np.all(S.diagonal() == 1.0)
    assert np.all((S >= 0) & (S <= 1)) and S[0, 2] > 0
    themes = cc.theme_matrix()
    assert list(themes.columns) == THEME_IDS and len(themes) == 3
    if name in NO_THEME:
        assert (themes.iloc[1] == 0).all()
    if name in NO_CONTENT:
        assert S[1, 0] == S[1, 2] == 0.0
    assert isinstance(cc.to_frame(), pd.DataFrame)
    page = cc._repr_html_()
    assert "<script" not in page and "<img" not in page


def test_compare_many_documents_its_errors() -> None:
    assert re.search(r"Raises\s*-+\s*ValueError", compare_many.__doc__ or "")


def test_compare_many_on_the_loaded_mixed_folder() -> None:
    articles, _ = _quiet(load_articles, MIXED)
    cc, _ = _quiet(compare_many, articles)
    assert cc.similarity_matrix().shape == (len(LOADS), len(LOADS))
    assert len(cc.names) == len(set(cc.names)) == len(LOADS)


@pytest.mark.parametrize("value", [pytest.param(GOOD, id="str"), pytest.param(b"x", id="bytes")] + NOT_TEXT)
def test_compare_many_rejects_non_list(value: Any) -> None:
    _raises(TypeError, r"articles must be a list of texts or Articles", compare_many, value)


@pytest.mark.parametrize("value", NOT_TEXT)
def test_compare_many_bad_item_names_its_position(value: Any) -> None:
    _raises(TypeError, r"articles\[1\] must be a str or an Article", compare_many, [GOOD, value, GOOD2])


@pytest.mark.parametrize("articles", [[], [GOOD]], ids=["none", "one"])
def test_compare_many_needs_two(articles: list[str]) -> None:
    _raises(ValueError, r"at least two articles", compare_many, articles)


def test_compare_many_broken_path_names_the_file() -> None:
    excinfo = _raises(ArticleError, "binary", compare_many, [MIXED / "good_iraq.txt", MIXED / "binary_png.txt"])
    assert "binary_png.txt" in str(excinfo.value)


# ============================================================================= CLI


@pytest.mark.parametrize("command", ["summarize", "themes"])
@pytest.mark.parametrize("name", LOAD_PARAMS)
def test_cli_reads_odd_but_valid_file(capsys: pytest.CaptureFixture[str], command: str, name: str) -> None:
    code, out, err = _cli(capsys, command, MIXED / name, "--format", "jsonl")
    assert code == 0, err
    rows = _jsonl(out)
    assert rows and {r["id"] for r in rows} == {Path(name).stem}


@pytest.mark.parametrize("command", ["summarize", "themes"])
@pytest.mark.parametrize("name, pattern", FAIL_PARAMS)
def test_cli_reports_broken_file(capsys: pytest.CaptureFixture[str], command: str, name: str, pattern: str) -> None:
    code, out, err = _cli(capsys, command, MIXED / name)
    assert code == 1  # documented: some items failed
    assert name in err and "skipped" in err
    assert re.search(pattern, err), err
    assert out.strip() == ""


@pytest.mark.parametrize("command", ["summarize", "themes"])
def test_cli_mixed_folder_processes_every_good_file(capsys: pytest.CaptureFixture[str], command: str) -> None:
    code, out, err = _cli(capsys, command, MIXED, "--format", "jsonl")
    assert code == 1
    assert {r["id"] for r in _jsonl(out)} == {Path(n).stem for n in LOADS}
    for name in FAILS:
        assert name in err
    assert err.count("skipped") == len(FAILS)


def test_cli_summarize_mixed_folder_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _cli(capsys, "summarize", MIXED)
    assert code == 1
    for name in LOADS:
        assert str(MIXED / name) in out
    for name in FAILS:
        assert str(MIXED / name) not in out and name in err


def test_cli_compare_mixed_folder(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _cli(capsys, "compare", MIXED)
    assert code == 1
    assert "Similarity" in out
    header = out.split("\n\n", 1)[0].splitlines()
    assert header[0] == "Articles"
    assert sum(1 for line in header if line.lstrip().startswith("[")) == len(LOADS)
    for name in FAILS:
        assert name in err


def test_cli_compare_with_a_broken_second_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _cli(capsys, "compare", MIXED / "good_iraq.txt", MIXED / "binary_png.txt")
    assert code == 1
    assert "binary_png.txt" in err and "need at least two readable articles, got 1" in err


def test_cli_corpus_mixed_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    code, out, err = _cli(capsys, "corpus", MIXED, "--output", output, "--no-progress")
    assert code == 1
    assert {r["id"] for r in _jsonl(output.read_text(encoding="utf-8"))} == {Path(n).stem for n in LOADS}
    errors = {r["id"]: r["reason"] for r in _jsonl(output.with_name(output.name + ".errors.jsonl").read_text(encoding="utf-8"))}
    assert set(errors) == {Path(n).stem for n in FAILS}
    for name, pattern in FAILS.items():
        assert re.search(pattern, errors[Path(name).stem])
    assert "failed" in err


def test_cli_corpus_broken_jsonl(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    output = tmp_path / "out.csv"
    code, out, err = _cli(capsys, "corpus", FIXTURES / "broken.jsonl", "--output", output, "--no-progress")
    assert code == 1
    rows = pd.read_csv(output)
    assert sorted(rows["id"]) == ["r1", "r6"]
    errors = _jsonl(output.with_name(output.name + ".errors.jsonl").read_text(encoding="utf-8"))
    assert len(errors) == 5 and all(e["reason"] for e in errors)


def test_cli_summarize_broken_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _cli(capsys, "summarize", FIXTURES / "broken.csv", "--format", "jsonl")
    assert code == 1
    assert [r["id"] for r in _jsonl(out)] == ["c1", "c4"]
    assert err.count("skipped") == 2


@pytest.mark.parametrize("command", ["summarize", "themes", "compare", "corpus"])
def test_cli_missing_input_is_a_usage_error(capsys: pytest.CaptureFixture[str], command: str, tmp_path: Path) -> None:
    extra = ["--output", str(tmp_path / "o.jsonl")] if command == "corpus" else []
    code, out, err = _cli(capsys, command, tmp_path / "nope.txt", *extra)
    assert code == 2
    assert "no such file or folder" in err


def test_cli_does_not_leak_raw_python_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code = main(["summarize", str(MIXED / "stopwords_only.txt")])
    assert code == 0
    assert [str(w.message) for w in caught] == []


# ============================================================================= a 50 MB file

_BIG_LINE = b"The fighters fled into the desert after the city fell, officials said on Monday.\n"
_BIG_BYTES = 50 * 2**20


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a 50 MiB text file and a small good one."""
    folder = tmp_path_factory.mktemp("big")
    with open(folder / "huge.txt", "wb") as f:
        f.write(_BIG_LINE * (_BIG_BYTES // len(_BIG_LINE) + 1))
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def big_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JSONL file whose second line is a 50 MiB record."""
    path = tmp_path_factory.mktemp("big_records") / "records.jsonl"
    with open(path, "wb") as f:
        f.write(b'{"id": "small", "text": "The fighters fled into the desert. Officials said so."}\n')
        f.write(b'{"id": "huge", "text": "' + _BIG_LINE.strip() * (_BIG_BYTES // len(_BIG_LINE)) + b'"}\n')
        f.write(b'{"id": "small2", "text": "The group lost the city. Its leaders fled."}\n')
    return path


def test_big_file_is_50_mb(big_folder: Path) -> None:
    assert (big_folder / "huge.txt").stat().st_size >= _BIG_BYTES


@pytest.mark.parametrize("as_", ["path", "str", "bytes", "text"])
def test_load_article_refuses_50_mb(big_folder: Path, as_: str) -> None:
    path = big_folder / "huge.txt"
    with _hang_guard():
        arg = {"path": lambda: path, "str": lambda: str(path), "bytes": path.read_bytes,
               "text": lambda: path.read_text(encoding="utf-8")}[as_]()
        excinfo = _raises(ArticleError, r"more than max_bytes=", load_article, arg)
    assert "max_bytes=None" in str(excinfo.value)  # says how to read it anyway


def test_load_articles_50_mb_keeps_the_good_file(big_folder: Path) -> None:
    with _hang_guard():
        articles, messages = _quiet(load_articles, big_folder)
        items = list(iter_articles(big_folder))
    assert [a.id for a in articles] == ["good"]
    assert any("max_bytes" in m and "huge.txt" in m for m in messages), messages
    failures = [i for i in items if isinstance(i, LoadFailure)]
    assert [f.id for f in failures] == ["huge"] and "max_bytes" in failures[0].reason


def test_iter_articles_50_mb_jsonl_line(big_jsonl: Path) -> None:
    with _hang_guard():
        items = list(iter_articles(big_jsonl))
    assert [i.id for i in items if isinstance(i, Article)] == ["small", "small2"]
    failures = [i for i in items if isinstance(i, LoadFailure)]
    assert len(failures) == 1 and "max_bytes" in failures[0].reason and "line 2" in failures[0].reason


@pytest.mark.parametrize("fn", [lambda p, g: compare(p, g), lambda p, g: compare_many([g, p])],
                         ids=["compare", "compare_many"])
def test_compare_refuses_50_mb_path(big_folder: Path, fn: Callable[[Path, Path], Any]) -> None:
    with _hang_guard():
        _raises(ArticleError, r"huge\.txt.*more than max_bytes=", fn, big_folder / "huge.txt",
                big_folder / "good.txt")


@pytest.mark.parametrize("command", ["summarize", "themes", "corpus"])
def test_cli_50_mb_file_is_reported_and_the_rest_done(capsys: pytest.CaptureFixture[str], big_folder: Path,
                                                     tmp_path: Path, command: str) -> None:
    output = tmp_path / "out.jsonl"
    args = ["--output", output, "--no-progress"] if command == "corpus" else ["--format", "jsonl"]
    with _hang_guard():
        code, out, err = _cli(capsys, command, big_folder, *args)
    assert code == 1
    if command == "corpus":
        assert [r["id"] for r in _jsonl(output.read_text(encoding="utf-8"))] == ["good"]
        errors = _jsonl(output.with_name(output.name + ".errors.jsonl").read_text(encoding="utf-8"))
        assert [e["id"] for e in errors] == ["huge"] and "max_bytes" in errors[0]["reason"]
    else:
        assert {r["id"] for r in _jsonl(out)} == {"good"}
        assert "huge.txt" in err and "max_bytes" in err
