"""Files and bytes: encodings, invisible characters, mojibake, binary files, ``max_bytes``
(``loading._files``)."""
from __future__ import annotations

import warnings

import pytest

from toolkit import ArticleError, load_article
from toolkit.loading import DEFAULT_MAX_BYTES

from _loading_data import BODY, as_cp1252


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"),
    ("cp1252", "cp1252"),
])
def test_encodings_are_decoded(tmp_path, encoding, expected):
    path = tmp_path / "a.txt"
    path.write_bytes(("Bridge repairs delayed\n\n" + BODY).encode(encoding))
    a = load_article(path)
    assert a.title == "Bridge repairs delayed"  # no BOM left in front of it
    assert a.text == BODY
    assert a.encoding == expected


def test_latin1_file_with_accents(tmp_path):
    path = tmp_path / "cafe.txt"
    path.write_bytes("Café owners protest\n\nThe café owners of the old town said the new règles were "
                     "unfair to them.".encode("latin-1"))
    a = load_article(path)
    assert a.title == "Café owners protest"
    assert "café owners" in a.text and "règles" in a.text


def test_html_meta_charset_is_honoured(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes('<html><head><meta charset="iso-8859-15"><title>Prix</title></head><body>'
                     "<p>Le prix est de 5 € pour un café, a dit le patron du bar.</p></body></html>"
                     .encode("iso-8859-15"))
    assert "5 € pour un café" in load_article(path, title="Prix").text


def test_cyrillic_legacy_encoding(tmp_path):
    path = tmp_path / "ru.txt"
    path.write_bytes("Новости дня\n\nПравительство объявило в понедельник, что мост будет закрыт на ремонт "
                     "в течение шести недель.".encode("cp1251"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = load_article(path)
    assert a.title == "Новости дня" and a.encoding == "cp1251"


@pytest.mark.parametrize("char", ["\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
                                  "\u2066", "\u2067", "\u2068", "\u2069"])
def test_bidi_controls_are_removed(char):
    a = load_article(f"Bridge repairs delayed\n\nOfficials said on {char}Monday{char} that the repairs would take "
                     "six weeks.")
    assert a.text == "Officials said on Monday that the repairs would take six weeks."


def test_joiners_are_kept():
    a = load_article("Emoji news\n\nThe family emoji \U0001F468\u200d\U0001F469\u200d\U0001F467 and the Persian "
                     "word \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 keep their joiners.")
    assert "\u200d" in a.text and "\u200c" in a.text


def test_mojibake_is_repaired():
    a = load_article("Bridge repairs delayed\n\n" + as_cp1252(BODY.encode("utf-8")))
    assert a.text == BODY

@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_empty_file_is_an_error(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=r"empty\.txt' is empty"):
        load_article(path)


@pytest.mark.parametrize("content, match", [
    (bytes(range(256)) * 4, "binary file .it contains NUL bytes"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", r"looks like a binary file \(a PDF document\)"),
    (b"\x89PNG\r\n\x1a\n" + b"\x01" * 40, r"looks like a binary file \(a PNG image\)"),
    (bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 50 + b"a few letters", "binary file .* control"),
])
def test_binary_files_are_refused(tmp_path, content, match):
    path = tmp_path / "data.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=match):
        load_article(path)


def test_binary_bytes_are_refused():
    with pytest.raises(ArticleError, match="the bytes look like a binary file"):
        load_article(b"\x00\x01\x02" * 100)


@pytest.mark.parametrize("data, match", [
    (b"   \n\t", "the bytes are empty"),
    (b"\xef\xbb\xbf\xe2\x80\x8b\n", "the bytes are empty"),  # a BOM and a zero-width space
    (b"<html><head><title>Gone</title></head><body><script>x()</script></body></html>",
     "the bytes are an HTML page with no body text"),
])
def test_bytes_errors_read_as_plural(data, match):
    with pytest.raises(ArticleError, match=match):
        load_article(data)


def test_file_over_max_bytes_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(50_000_000)  # sparse: no 50 MB written
    with pytest.raises(ArticleError, match=r"50,000,000 bytes .* more than max_bytes=20,971,520"):
        load_article(path)
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024


def test_max_bytes_option(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Headline\n\n" + BODY, encoding="utf-8")
    with pytest.raises(ArticleError, match="more than max_bytes=50"):
        load_article(path, max_bytes=50)
    with pytest.raises(ArticleError, match="the text is .* characters long, more than max_bytes=50"):
        load_article("Headline\n\n" + BODY, max_bytes=50)
    assert load_article(path, max_bytes=None).text == BODY


@pytest.mark.parametrize("bad", [0, -1, 1.5, "10", True])
def test_max_bytes_must_be_positive_int(bad):
    with pytest.raises(ValueError, match="max_bytes must be a positive int or None"):
        load_article("text", max_bytes=bad)
