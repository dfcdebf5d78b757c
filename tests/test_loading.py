"""toolkit.loading's public API end to end: the seeds, synthetic pages, the Article type, errors.

The jobs of the loader are tested in their own modules: decoding files and bytes
(test_loading_decode.py), plain-text scrapes (test_loading_plaintext.py), bylines, dates
and datelines (test_loading_metadata.py), web pages (test_loading_html.py), folders, globs
and lists (test_loading_sources.py), JSONL/CSV/Parquet/JSON records (test_loading_records.py).
"""
from __future__ import annotations

import dataclasses
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit
from toolkit import Article, ArticleError, articles_frame, load_article
from toolkit._text import tokenize
from toolkit.cli import main

from _loading_data import FIXTURES, SEED_000, SEED_002


# --------------------------------------------------------------------------- the seeds


def test_seed_000_headline_kicker_dateline():
    a = load_article(SEED_000)
    assert a.title == "Pentagon 'Worried' ISIS 'May Try and Establish a Foothold Somewhere Else'"
    assert a.section == "Homeland Security"
    assert a.dateline == "ARLINGTON, Va."
    assert a.subtitle is None
    assert a.text.startswith("The Pentagon today expressed concern that, pushed out of their strongholds,")
    assert a.text.endswith("including airstrikes for the GNA,” he said.")
    assert "Homeland Security" not in a.text and "ARLINGTON" not in a.text and a.title not in a.text
    assert "\xa0" not in a.text and "  " not in a.text  # no-break spaces of the scrape normalised
    assert a.removed == ()  # nothing on this page is boilerplate
    assert a.source == str(SEED_000) and a.id == "000_95ca8ba006298f6c"
    assert a.language == "en" and a.encoding == "utf-8"
    assert len(a.paragraphs) == 14  # 16 non-blank lines: kicker, headline, 14 paragraphs


def test_seed_002_pixel_menu_share_bar_removed():
    a = load_article(SEED_002)
    assert a.title == "What's next for ISIS after defeat in Mosul?"
    assert a.subtitle == "With ISIS out of Mosul, the White House says it's time to contain the terrorist group"
    assert a.section is None and a.dateline is None
    assert a.text.startswith("As the dust settles on Mosul and Iraqi soldiers celebrate")
    assert a.text.endswith('"Ultimately victory will accrue when we undermine the ideaology that drives these '
                           'organizations," he said.')
    for junk in ("<img", "facebook.com/tr", "About Our People", "Careers", "Read Comments", "Facebook Twitter",
                 "Grid Play", "Angle Down", "Bookmark", a.subtitle, a.title):
        assert junk not in a.text
    assert len(a.paragraphs) == 24  # 30 non-blank lines: 4 dropped, headline, subtitle
    assert len(a.removed) == 4
    assert a.removed[0].startswith('<img height="1" width="1"')
    assert a.removed[1] == "About Our People Legal Stuff Careers"
    assert a.removed[2] == "Read Comments"
    assert a.removed[3].startswith("Facebook Twitter Instagram") and a.removed[3].endswith("Bookmark")


@pytest.mark.parametrize("seed", [SEED_000, SEED_002])
def test_seed_paths_as_str_pathlike_and_bytes_agree(seed):
    by_path = load_article(seed)
    assert load_article(str(seed)) == by_path
    from_bytes = load_article(seed.read_bytes())
    assert (from_bytes.text, from_bytes.title, from_bytes.source, from_bytes.id) == (by_path.text, by_path.title,
                                                                                      None, None)
    assert "\n\n\n" not in by_path.text and by_path.text == by_path.text.strip()


# --------------------------------------------------------------------------- synthetic pages

PAGES = [
    # file, title, section, subtitle, byline, date as found, date, dateline, body start, strings that must be gone
    ("bbc_like.html", "Floods close river crossings across the valley", "England",
     "Residents are told to avoid travel as water levels keep rising after three days of rain",
     "Jane Doe, Environment correspondent", "2021-02-03T07:15:00Z", "2021-02-03", None,
     "Three river crossings in the valley have been closed",
     ["cookies", "Skip to content", "Sign in", "Share this page", "Image caption", "Advertisement", "newsletter",
      "Related stories", "Storm warnings", "All rights reserved", "dataLayer", "font-family", "Example News"]),
    ("cookie_newsletter.html", "Council approves new cycle lanes", None, None, None, None, None, None,
     "The city council voted on Monday",
     ["cookies", "newsletter", "Subscribe", "Enter your email", "Home | Local", "Read more", "All rights reserved",
      "The Daily Example"]),
    ("wire_byline.txt", "Ministers agree on a deal to cut shipping emissions", "World", None,
     "Jane Doe, Reuters", "Updated 5:32 PM ET, Wed March 8, 2023", "2023-03-08", "LONDON (Reuters)",
     "Ministers from 40 countries agreed on Wednesday",
     ["By Jane Doe", "Updated", "Reporting by", "Editing by", "Share this article", "Topics:"]),
    ("hard_wrapped.txt", "Harbour town votes to ban cruise ships", None, None, None, None, None, None,
     "The harbour town of Westport voted on Sunday", []),
    ("vertical_menu.txt", "Firefighters tackle blaze on the moors as heatwave continues", "Wildfires",
     "Crews from three counties called in after fire spreads across 200 hectares", None,
     "Wed 8 Mar 2023 09.15 GMT", "2023-03-08", None, "More than 100 firefighters are tackling",
     ["Skip to main content", "Sign in", "The Example Post", "Opinion", "Global development", "Photograph",
      "Jane Doe", "Share", "Explore more", "Heatwaves", "Reuse this content", "Most viewed"]),
    ("notes.md", "Library reopens after two-year renovation", None, None, None, None, None, None,
     "The central library reopened on Saturday after", ["#", "![", "](", "**", "images/reading-room.jpg"]),
]


@pytest.mark.parametrize("name, title, section, subtitle, byline, date_text, date, dateline, start, gone", PAGES)
def test_synthetic_pages(name, title, section, subtitle, byline, date_text, date, dateline, start, gone):
    a = load_article(FIXTURES / name)
    assert (a.title, a.section, a.subtitle, a.byline, a.date_text, a.date, a.dateline) == (
        title, section, subtitle, byline, date_text, date, dateline)
    assert a.text.startswith(start)
    for junk in gone:
        assert junk not in a.text, junk
    assert a.language == "en"

# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t \n"])
def test_empty_text_is_an_error(text):
    with pytest.raises(ArticleError, match="the text is empty"):
        load_article(text)


def test_article_error_is_a_value_error():
    assert issubclass(ArticleError, ValueError)

def test_html_without_body_is_an_error():
    with pytest.raises(ArticleError, match=r"HTML page with no body text \(its <title> is 'Page not found"):
        load_article(FIXTURES / "head_only.html")


def test_page_of_only_boilerplate_is_an_error_pointing_to_clean_false():
    page = "Facebook Twitter Email Share\nRead Comments\nAdvertisement"
    with pytest.raises(ArticleError, match="no article text left after cleaning .*clean=False"):
        load_article(page)
    assert load_article(page, clean=False).n_words == 7


def test_non_english_article_loads_with_a_warning():
    with pytest.warns(UserWarning, match=r"does not look like English: french \(French\).*stop words and stemmer"):
        a = load_article(FIXTURES / "french.txt")
    assert a.language == "fr"
    assert a.title == "La mairie ferme le pont pendant trois semaines"
    assert a.text.startswith("Le pont principal de la ville")


@pytest.mark.parametrize("command", ["summarize", "themes", "compare"])
def test_the_command_line_gives_the_not_english_warning_as_a_note(capsys, command):
    code = main([command, str(FIXTURES / "french.txt"), str(SEED_000)])
    err = capsys.readouterr().err
    assert code == 0
    assert err.count("does not look like English") == 1
    assert "newskit: note: 1 of 2 articles does not look like English: french (French)." in err


def test_english_article_gives_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_article(SEED_000).language == "en"


def test_short_text_has_no_language_guess():
    assert load_article("Too short to tell.").language is None


@pytest.mark.parametrize("arg", ["missing.txt", "./nowhere", "~/no/such/file.html", Path("missing.txt")])
def test_missing_path_is_file_not_found(arg):
    with pytest.raises(FileNotFoundError, match="no such file"):
        load_article(arg)


def test_a_sentence_is_text_not_a_path():
    a = load_article("The council met on Monday.")
    assert (a.text, a.title, a.source) == ("The council met on Monday.", None, None)


def test_folder_and_record_files_point_to_load_articles(tmp_path):
    with pytest.raises(IsADirectoryError, match="use load_articles"):
        load_article(tmp_path)
    records = tmp_path / "a.jsonl"
    records.write_text('{"text": "x"}\n')
    with pytest.raises(ArticleError, match=r"holds records \(\.jsonl\).*load_articles"):
        load_article(records)


@pytest.mark.parametrize("bad", [None, 12, ["a", "b"], {"text": "x"}])
def test_wrong_types_are_type_errors(bad):
    with pytest.raises(TypeError, match="load_article.. takes a path, a str of text or HTML, or bytes"):
        load_article(bad)


def test_format_is_validated():
    with pytest.raises(ValueError, match="format must be one of 'auto', 'text', 'html', 'markdown'; got 'pdf'"):
        load_article("text", format="pdf")


def test_format_text_keeps_tags_out_of_html_mode():
    html_text = "<p>Storm closes the port</p><p>The port was closed on Friday after the storm.</p>" * 2
    assert load_article(html_text, format="html").title == "Storm closes the port"

# --------------------------------------------------------------------------- Article


def test_article_repr_is_one_line_with_title_and_length():
    a = load_article(SEED_002)
    assert repr(a) == "Article(id='002_1210b5e7193b114a', title=\"What's next for ISIS after defeat in Mosul?\", " \
                      f"{a.n_words} words)"
    long = Article(text="a b c", title="x" * 100)
    assert repr(long) == f"Article(title='{'x' * 57}...', 3 words)"
    assert "\n" not in repr(long)


def test_article_is_frozen_and_keeps_placeholder_fields():
    a = Article(text="t")
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.text = "u"  # type: ignore[misc]
    names = [f.name for f in dataclasses.fields(Article)]
    assert names[:8] == ["text", "title", "source", "id", "dateline", "subtitle", "section", "removed"]


def test_article_html_is_escaped():
    a = Article(text="x < y & z\n\nsecond", title="<script>alert(1)</script>", removed=("junk",))
    out = a._repr_html_()
    assert out == a.to_html()
    assert "<script>" not in out and "&lt;script&gt;" in out and "x &lt; y &amp; z" in out
    assert "(1 boilerplate line removed)" in out


def test_article_to_frame_and_articles_frame():
    a = load_article(SEED_000)
    df = a.to_frame()
    assert list(df.columns) == ["paragraph", "n_words"] and len(df) == len(a.paragraphs)
    assert df["n_words"].sum() == a.n_words
    frame = articles_frame([a, load_article(SEED_002)])
    assert list(frame["id"]) == ["000_95ca8ba006298f6c", "002_1210b5e7193b114a"]
    assert list(frame["n_removed"]) == [0, 4]
    with pytest.raises(TypeError, match="wrap it in a list"):
        articles_frame(a)  # type: ignore[arg-type]


def test_public_names_are_exported():
    for name in ("iter_articles", "LoadFailure", "ArticleError", "articles_frame"):
        assert name in toolkit.__all__ and name in toolkit.loading.__all__

# --------------------------------------------------------------------------- properties

_WORDS = st.sampled_from(["The", "council", "met", "on", "Monday", "Share", "Facebook", "By", "Jane", "said",
                          "vote", "ISIS", "WASHINGTON", "—", "Read", "Comments", "2017", "5:32", "PM", "ET"])
_LINES = st.lists(st.tuples(st.lists(_WORDS, min_size=1, max_size=25), st.sampled_from(["", ".", "?", ","])),
                  min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(_LINES, st.booleans())
def test_cleaning_never_invents_words_and_text_is_tidy(lines, blank_lines):
    raw = ("\n\n" if blank_lines else "\n").join(" ".join(words) + end for words, end in lines)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # word salad is "not English"
            a = load_article(raw)
    except ArticleError:
        return  # only boilerplate, or nothing left: a clear error is a valid outcome
    assert a.text and a.text == a.text.strip() and "\n\n\n" not in a.text
    assert set(tokenize(a.text)) <= set(tokenize(raw))
    flat = " ".join(raw.split())  # hard-wrapped lines may be joined
    for part in (a.title, a.subtitle, a.section):
        assert part is None or part in flat


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' &;#abcdpht1\n")), max_size=200))
def test_any_markup_gives_an_article_or_a_clear_error(text):
    try:
        a = load_article("Headline\n\n" + text)
    except ArticleError:
        return
    assert isinstance(a, Article) and a.text.strip() == a.text


def test_the_loaders_word_lists_and_trafilatura_settings_are_registered_caches():
    from toolkit._cache import cache_sizes, clear_caches

    names = ["toolkit.loading._vocabulary.vocab", "toolkit.loading._vocabulary._language_words",
             "toolkit.loading._main_text._trafilatura_config"]
    load_article(FIXTURES / "bbc_like.html")  # an English page: all three are used
    assert [cache_sizes().get(name) for name in names] == [1, 1, 1]
    clear_caches()
    assert [cache_sizes().get(name) for name in names] == [0, 0, 0]
    assert load_article(FIXTURES / "bbc_like.html").title == "Floods close river crossings across the valley"
