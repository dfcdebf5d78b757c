"""toolkit.loading: reading, decoding and cleaning articles, one or many."""
from __future__ import annotations

import dataclasses
import gzip
import json
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit
from toolkit import Article, ArticleError, LoadFailure, articles_frame, iter_articles, load_article, load_articles
from toolkit._text import tokenize
from toolkit.loading import DEFAULT_MAX_BYTES, _boilerplate_kind, _byline_of, _date_of, _split_dateline

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "loading"
SEED_000 = SEEDS / "000_95ca8ba006298f6c.txt"
SEED_002 = SEEDS / "002_1210b5e7193b114a.txt"

BODY = ("Officials said on Monday that the bridge’s repairs would take “at least six weeks” — "
        "longer than the council had planned.")


def as_cp1252(data: bytes) -> str:
    """How a UTF-8 file looks when read as cp1252 (the bytes cp1252 lacks kept as latin-1)."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


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


def test_html_page_entities_metadata_and_removed_lines():
    a = load_article(FIXTURES / "bbc_like.html")
    assert "night – the highest" in a.text  # &nbsp;&ndash;
    assert "“We have never seen it rise this quickly,” said Tom O’Neill, who runs a café" in a.text
    assert "falls & the council" in a.text
    assert a.url == "https://news.example.org/uk/floods-valley-123"
    assert "Schools closed" in a.paragraphs  # a crosshead inside the article stays
    assert a.paragraphs[-1].startswith("Engineers will inspect the bridges")
    assert "We use cookies to give you the best online experience." in a.removed[7]
    assert "Copyright © 2021 Example News. All rights reserved." == a.removed[-1]


def test_vertical_menu_page_keeps_only_the_story():
    a = load_article(FIXTURES / "vertical_menu.txt")
    assert len(a.paragraphs) == 3 and a.paragraphs[-1].endswith("a spokesperson said.")
    assert a.removed[:4] == ("Skip to main content", "Sign in", "The Example Post", "News")
    assert a.removed[-1] == "Most viewed"


def test_lists_are_content():
    a = load_article("Ten things to do this weekend\n\n1. Visit the market\n2. See a film\n3. Walk by the river\n"
                     "4. Watch the fireworks at the harbour, which start at nine on Saturday evening.\n\n"
                     "What to bring:\n- Sun cream\n- Water")
    assert a.title == "Ten things to do this weekend" and a.subtitle is None
    assert a.paragraphs == ("1. Visit the market", "2. See a film", "3. Walk by the river",
                            "4. Watch the fireworks at the harbour, which start at nine on Saturday evening.",
                            "What to bring:", "- Sun cream", "- Water")
    assert a.removed == ()


def test_html_br_separated_page_without_article_element():
    page = """<html><head><title>Mayor resigns after audit | Town Crier</title></head><body>
    <div id="menu"><a>Home</a> <a>News</a> <a>Contact</a></div>
    <div class="main-col"><b>Mayor resigns after audit</b><br><i>Posted on 3 May 2019 by admin</i><br><br>
    The mayor resigned on Friday after an audit found that 40,000 pounds had been spent without approval.<br><br>
    Her deputy will run the council until an election is held in the autumn, officials said.<br><br>
    Tags: council, audit</div></body></html>"""
    a = load_article(page)
    assert (a.title, a.date_text, a.subtitle) == ("Mayor resigns after audit", "Posted on 3 May 2019 by admin", None)
    assert a.date == "2019-05-03"
    assert a.paragraphs[0].startswith("The mayor resigned on Friday") and len(a.paragraphs) == 2
    assert a.removed == ("Home News Contact", "Tags: council, audit")  # inline links make one line


def test_site_h1_loses_to_og_title_and_comments_are_dropped():
    page = """<html><head><meta property="og:title" content="Police close the bridge after crash"></head><body>
    <header><h1>Daily Bugle</h1><nav>News Sport</nav></header>
    <div class="entry-content"><h2>Police close the bridge after crash</h2>
    <p>Police closed the bridge on Monday evening after a lorry crashed into the railings.</p>
    <p>No one was injured, a spokesman said.</p></div>
    <section class="comments"><p>Great article! I drive that road every day.</p></section></body></html>"""
    a = load_article(page)
    assert a.title == "Police close the bridge after crash"
    assert a.paragraphs == ("Police closed the bridge on Monday evening after a lorry crashed into the railings.",
                            "No one was injured, a spokesman said.")
    assert "Great article! I drive that road every day." in a.removed


def test_wrapper_class_names_do_not_hide_or_relabel_the_story():
    page = """<html><body><div class="page has-author with-share-bar"><h1>Title of the story here</h1>
    <div class="byline"><p>By Jane Doe</p></div>
    <p>The first paragraph of the story is long enough to be running text, with a period.</p>
    <p>The second paragraph says more about what happened on the day, officials said.</p></div>
    <footer><p>Some footer text that is also a sentence, with a period at the end.</p></footer></body></html>"""
    a = load_article(page)
    assert (a.title, a.byline) == ("Title of the story here", "Jane Doe")
    assert a.paragraphs == ("The first paragraph of the story is long enough to be running text, with a period.",
                            "The second paragraph says more about what happened on the day, officials said.")
    assert a.removed == ("Some footer text that is also a sentence, with a period at the end.",)


def test_hard_wrapped_paragraphs_are_joined():
    a = load_article(FIXTURES / "hard_wrapped.txt")
    assert len(a.paragraphs) == 3
    assert "from\nits" not in a.text and "ships from its port" in a.text


def test_markdown_link_text_kept_image_dropped():
    a = load_article(FIXTURES / "notes.md")
    assert "the city council said." in a.text
    assert a.removed == ("![The new reading room](images/reading-room.jpg)",)
    assert a.paragraphs[1] == "A bigger children's section"


def test_html_title_falls_back_to_og_title_then_title_tag():
    body = "<p>" + "</p><p>".join(["The first paragraph of the story is here and it is long enough."] * 2) + "</p>"
    og = f'<html><head><meta property="og:title" content="From og | Site"><title>From title - Site</title></head>' \
         f"<body>{body}</body></html>"
    assert load_article(og).title == "From og"
    plain = f"<html><head><title>Storm hits the coast - The Example Times</title></head><body>{body}</body></html>"
    assert load_article(plain).title == "Storm hits the coast"


def test_html_largest_article_wins_and_body_class_names_do_not_hide_it():
    page = """<html><body class="page-with-sidebar has-nav">
    <article><h1>Teaser</h1><p>A short teaser for another story.</p></article>
    <article><h1>Main story headline</h1>
      <p>The main story has a first paragraph that is clearly the longest text on the page.</p>
      <p>It also has a second paragraph, which makes it longer still than the teaser above it.</p>
      <p style="display:none">Hidden text that readers never see.</p>
    </article></body></html>"""
    a = load_article(page)
    assert a.title == "Main story headline"
    assert a.text.startswith("The main story has")
    assert "A short teaser" not in a.text and "Hidden" not in a.text
    assert "A short teaser for another story." in a.removed


def test_html_fragment_of_paragraphs_is_html():
    a = load_article("<p>Storm closes the port</p><p>The port was closed on Friday after the storm hit.</p>"
                     "<p>Ferries will resume on Sunday, the operator said.</p>")
    assert a.title == "Storm closes the port"
    assert a.paragraphs == ("The port was closed on Friday after the storm hit.",
                            "Ferries will resume on Sunday, the operator said.")


_INLINE_PAGE = """<html><body><article><h1>Mosul falls</h1>
<p>{first}</p>
<p>The second paragraph is long enough to be running text, and it ends with a period.</p>
</article></body></html>"""


@pytest.mark.parametrize("html_text, text", [
    ("Officials said <b>today</b> the fighters fled.", "Officials said today the fighters fled."),
    ("Officials said <a href='/x'>today</a> the fighters fled.", "Officials said today the fighters fled."),
    ("Officials <em>said</em> <strong>today</strong> the fighters fled.", "Officials said today the fighters fled."),
    ("Officials said <span class='x'><i>to</i>day</span> the fighters fled.", "Officials said today the fighters fled."),
    ("The <abbr title='United Nations'>UN</abbr> said<sup>1</sup> the fighters fled.",
     "The UN said1 the fighters fled."),
    ("Officials said on <time datetime='2017-07-10'>Monday</time> the fighters fled.",
     "Officials said on Monday the fighters fled."),
    ("Officials said\n<b>today</b>\nthe fighters fled.", "Officials said today the fighters fled."),
    ("Officials said <script>track('x')</script>the fighters fled.", "Officials said the fighters fled."),
    ("Officials said <style>b { }</style> the fighters <!-- c -->fled.", "Officials said the fighters fled."),
    ("Officials said <b><a href='/x'><em>today</em></a> that</b> the fighters fled.",
     "Officials said today that the fighters fled."),
], ids=["b", "a", "em_strong", "no_space_between_inline_tags", "abbr_sup", "time", "newlines", "script", "style",
        "nested"])
def test_html_inline_tags_keep_the_paragraph_whole(html_text, text):
    a = load_article(_INLINE_PAGE.format(first=html_text))
    assert a.paragraphs == (text, "The second paragraph is long enough to be running text, and it ends with a period.")
    assert a.subtitle is None
    # A <time> inside a sentence is not a date line; htmldate still reads its datetime as the page's date.
    assert a.date_text is None or "datetime='2017-07-10'" in html_text


def test_html_inline_tag_in_first_paragraph_is_not_a_subtitle():
    a = load_article(_INLINE_PAGE.format(first="The group, <a href='/isis'>known as ISIS</a>, lost Mosul on Monday."))
    assert a.subtitle is None
    assert a.text.startswith("The group, known as ISIS, lost Mosul on Monday.")


@pytest.mark.parametrize("html_text, words", [
    ("<b>Mayor</b> <i>resigns</i>", "Mayor resigns"),
    ("<b>to</b>day", "today"),
    ("<b>to</b> day", "to day"),
])
def test_html_inline_tags_join_as_the_source_spaces_them(html_text, words):
    a = load_article(f"<html><body><h1>{html_text} after audit</h1><p>The mayor resigned on Friday after an "
                     "audit, officials said.</p></body></html>")
    assert a.title == f"{words} after audit"


def test_html_block_tags_inside_a_paragraph_still_break_it():
    a = load_article(_INLINE_PAGE.format(first="The first line of the poem ends here.<br>The second line of the "
                                               "poem is on its own."))
    assert a.paragraphs[:2] == ("The first line of the poem ends here.", "The second line of the poem is on its own.")


_REALISTIC_PAGE = """<!doctype html><html lang="en"><head><title>Iraq retakes Mosul | Example News</title>
<script>window.dataLayer = [];</script><style>p { color: red }</style></head><body>
<nav class="site-nav"><a href="/">Home</a> <a href="/world">World</a></nav>
<main><article>
<header><h1>Iraq <em>retakes</em> Mosul from ISIS</h1>
<div class="meta">By <a rel="author" href="/jane">Jane Doe</a> | <time datetime="2017-07-10">10 July 2017</time></div>
</header>
<p>Iraqi forces <strong>retook</strong> the old city of <a href="/mosul">Mosul</a> on Monday, ending a
<span class="highlight">nine-month</span> siege, the prime minister <em>said</em>.</p>
<p>The group, <a href="/isis" class="related-link">known as ISIS</a>, lost its largest city in Iraq after
fighting that <abbr title="United Nations">UN</abbr> officials said killed thousands of civilians.</p>
<p>Officials said on <time datetime="2017-07-10">Monday</time> that the fighters fled into the desert
<span class="sr-only">(opens in a new window)</span>and may regroup in Libya.<script>track("p3")</script></p>
<p>Analysts, including <span class="author-name">John Smith</span> of the Example Institute, warned that the
threat would <i>not</i> disappear soon.</p>
<div class="share-bar"><a>Facebook</a> <a>Twitter</a></div>
</article></main>
<footer><p>Copyright 2017 Example News.</p></footer></body></html>"""


def test_html_realistic_page_keeps_whole_sentences():
    a = load_article(_REALISTIC_PAGE)
    assert (a.title, a.byline, a.date, a.subtitle) == ("Iraq retakes Mosul from ISIS", "Jane Doe", "2017-07-10", None)
    assert a.paragraphs == (
        "Iraqi forces retook the old city of Mosul on Monday, ending a nine-month siege, the prime minister said.",
        "The group, known as ISIS, lost its largest city in Iraq after fighting that UN officials said killed "
        "thousands of civilians.",
        # a date, an author name and a "related-link" class inside a sentence are part of it;
        # screen-reader-only text is not
        "Officials said on Monday that the fighters fled into the desert and may regroup in Libya.",
        "Analysts, including John Smith of the Example Institute, warned that the threat would not disappear soon.",
    )
    assert "(opens in a new window)" in a.removed and "Facebook Twitter" in a.removed
    assert "Home World" in a.removed and "Copyright 2017 Example News." in a.removed


def test_inline_tags_and_entities_in_plain_text():
    a = load_article("Budget vote delayed\n\nThe <b>vote</b> was delayed &amp; rescheduled for Friday, "
                     "officials said.<img src='x.gif' width='1'>")
    assert a.text == "The vote was delayed & rescheduled for Friday, officials said."
    assert a.removed == ("<img src='x.gif' width='1'>",)


def test_given_title_overrides_and_headline_line_leaves_the_body():
    a = load_article("Some headline here\n\nThe body sentence is right here today.", title="My title")
    assert a.title == "My title"
    assert a.text == "The body sentence is right here today."


@pytest.mark.parametrize("text, title", [
    # BBC entertainment 160: the headline starts with a name written in lower case first.
    ("iTunes now selling Band Aid song\n\nIpod owners can now download the Band Aid single "
     "from iTunes after Apple reached agreement with the charity.", "iTunes now selling Band Aid song"),
    ("eBay profits rise again\n\nThe online auction site said on Monday that profits rose.",
     "eBay profits rise again"),
    # A line in plain lower case is still not taken for a headline.
    ("more on this story\n\nThe online auction site said on Monday that profits rose.", None),
])
def test_headline_starting_with_a_lower_case_name(text, title):
    a = load_article(text)
    assert a.title == title
    if title:
        assert not a.text.startswith(title)


def test_clean_false_keeps_every_line():
    text = "Home News Sport Weather Contact Careers\nSome headline\n\nThe body is here now.\n\nRead Comments"
    a = load_article(text, clean=False)
    assert a.title is None
    assert a.paragraphs == ("Home News Sport Weather Contact Careers", "Some headline", "The body is here now.",
                            "Read Comments")
    assert a.removed == ()


def test_kicker_needs_a_longer_line_below_it():
    a = load_article("Analysis\n\nWhy the vote matters for the region\n\nThe vote on Sunday is the first in years.")
    assert (a.section, a.title) == ("Analysis", "Why the vote matters for the region")
    b = load_article("Breaking\n\nThe vote on Sunday is the first in a decade, officials said.")
    assert (b.section, b.title) == (None, "Breaking")


def test_repeated_paragraphs_are_dropped():
    p = "The council met on Monday to discuss the plan in detail."
    a = load_article(f"Council meets\n\n{p}\n\nCouncil meets\n\n{p}\n\nIt will meet again next week to vote.")
    assert a.paragraphs == (p, "It will meet again next week to vote.")
    assert a.removed == ("Council meets", p)


def test_menu_words_in_a_lone_headline_are_kept():
    # Looks like a menu (Capitalised, "About", "Legal"), but it is the only headline.
    a = load_article("Business Leaders Warn About Legal Costs\n\nCompanies said on Monday that legal costs rose.")
    assert a.title == "Business Leaders Warn About Legal Costs"


@pytest.mark.parametrize("line", [
    "Share on Facebook",
    "Facebook Twitter WhatsApp Email",
    "Advertisement",
    "ADVERTISEMENT",
    "Story continues below advertisement",
    "Sign up for our newsletter and get the top stories in your inbox every weekday morning.",
    "We use cookies to improve your experience on our site. By continuing you agree to our cookie policy.",
    "Copyright © 2020 Example Media Ltd. All rights reserved.",
    "Image copyright Getty Images",
    "Image caption Fire crews at the scene on Monday",
    "(Photo: John Smith/Getty Images)",
    "3 min read",
    "Read more: Rail strike called off",
    "Related articles",
    "Follow us on Instagram",
    "Skip to main content",
    "https://www.example.com/story/123",
    "* * *",
    "12 Comments",
    "Subscribe now for unlimited access",
])
def test_boilerplate_lines_are_dropped(line):
    assert _boilerplate_kind(line) == "drop"


@pytest.mark.parametrize("line", [
    "Facebook and Twitter ban the group's accounts",
    "Left Behind",
    "Homeland Security",
    "Share prices tumble in Asia",
    '"If you subscribe to that theory, you will be disappointed," the minister told the newsletter\'s editor.',
    "The company said its new privacy policy would take effect in March after regulators raised concerns about "
    "how it used the data it collected from millions of users.",
    "Officials said the cookies sold at the fair had been recalled.",
])
def test_ordinary_lines_are_kept(line):
    assert _boilerplate_kind(line) is None


@pytest.mark.parametrize("line, who, date", [
    ("By Jane Doe, Reuters", "Jane Doe, Reuters", None),
    ("BY JOHN SMITH", "JOHN SMITH", None),
    ("By Jane Doe and John Smith, CNN | Updated 1:15 PM ET", "Jane Doe and John Smith, CNN", "Updated 1:15 PM ET"),
    ("By the time we arrived, they had gone.", None, None),
    ("By Monday ISIS had fled the city", None, None),
])
def test_bylines(line, who, date):
    found = _byline_of(line)
    assert (found[0], found[1]) == (who, date) if who else found is None


@pytest.mark.parametrize("line, is_date", [
    ("Updated 5:32 PM ET", True),
    ("Published 12 July 2017", True),
    ("July 12, 2017", True),
    ("Wed 8 Mar 2023 09.15 GMT", True),
    ("2017-07-12T09:00:00Z", True),
    ("Posted on 3 May 2019 by admin", True),
    ("3 hours ago", True),
    ("Published 12 July 2017 | 3 min read", True),
    ("The vote is on July 12, 2017", False),
    ("Mosul falls on May 5", False),
])
def test_date_lines(line, is_date):
    assert (_date_of(line) is not None) is is_date


@pytest.mark.parametrize("paragraph, dateline, rest", [
    ("ARLINGTON, Va. — The Pentagon said it was worried.", "ARLINGTON, Va.", "The Pentagon said it was worried."),
    ("WASHINGTON — The Senate voted on Tuesday.", "WASHINGTON", "The Senate voted on Tuesday."),
    ("LONDON, July 12 (Reuters) - Shares fell sharply today.", "LONDON, July 12 (Reuters)",
     "Shares fell sharply today."),
    ("NEW YORK (AP) -- A fire broke out downtown.", "NEW YORK (AP)", "A fire broke out downtown."),
    ("(CNN) -- A fire broke out downtown.", "(CNN)", "A fire broke out downtown."),
    ("Mosul, Iraq (CNN) — Troops entered the city.", "Mosul, Iraq (CNN)", "Troops entered the city."),
    ("ISIS — the group that held Mosul — is scattered.", None, "ISIS — the group that held Mosul — is scattered."),
    ("Officials said — in a statement — that it was over.", None,
     "Officials said — in a statement — that it was over."),
])
def test_datelines(paragraph, dateline, rest):
    assert _split_dateline(paragraph) == (dateline, rest)


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


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t \n"])
def test_empty_text_is_an_error(text):
    with pytest.raises(ArticleError, match="the text is empty"):
        load_article(text)


def test_article_error_is_a_value_error():
    assert issubclass(ArticleError, ValueError)


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


# --------------------------------------------------------------------------- many articles


@pytest.fixture()
def mixed_folder(tmp_path):
    (tmp_path / "b_good.txt").write_text("Second headline\n\nThe second body is here.", encoding="utf-8")
    (tmp_path / "a_good.html").write_text("<html><body><h1>First headline</h1><p>The first body is here and long."
                                          "</p></body></html>", encoding="utf-8")
    (tmp_path / "c_empty.txt").write_bytes(b"")
    (tmp_path / "d_binary.txt").write_bytes(b"\x00\x01" * 100)
    (tmp_path / "e_notes.md").write_text("# Third headline\n\nThe third body is here.", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")  # not an article file: not even tried
    (tmp_path / ".hidden.txt").write_text("hidden")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text("Not loaded\n\nSub-folders are not read.")
    return tmp_path


def test_folder_keeps_good_files_and_warns_once_about_broken_ones(mixed_folder):
    with pytest.warns(UserWarning, match=r"2 of 5 items could not be loaded.*c_empty\.txt' is empty.*d_binary") as rec:
        articles = load_articles(mixed_folder)
    assert len(rec) == 1
    assert [a.id for a in articles] == ["a_good", "b_good", "e_notes"]
    assert [a.title for a in articles] == ["First headline", "Second headline", "Third headline"]


def test_iter_articles_reports_each_failure(mixed_folder):
    items = list(iter_articles(mixed_folder))
    failures = [i for i in items if isinstance(i, LoadFailure)]
    assert [(f.id, f.source) for f in failures] == [("c_empty", str(mixed_folder / "c_empty.txt")),
                                                     ("d_binary", str(mixed_folder / "d_binary.txt"))]
    assert "binary" in failures[1].reason
    with pytest.raises(dataclasses.FrozenInstanceError):
        failures[0].reason = "x"  # type: ignore[misc]


def test_errors_raise_and_ignore(mixed_folder):
    with pytest.raises(ArticleError, match=r"c_empty\.txt' is empty"):
        load_articles(mixed_folder, errors="raise")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(load_articles(mixed_folder, errors="ignore")) == 3
    with pytest.raises(ValueError, match="errors must be one of 'warn', 'raise', 'ignore'; got 'skip'"):
        load_articles(mixed_folder, errors="skip")  # type: ignore[arg-type]


def test_nothing_loadable_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    with pytest.raises(ArticleError, match="no article could be loaded from .*1 failed"):
        load_articles(tmp_path)
    assert load_articles(tmp_path, errors="ignore") == []


def test_empty_folder_is_an_error(tmp_path):
    with pytest.raises(ArticleError, match=r"has no article files \(\*\.txt, \*\.html, \*\.htm, \*\.md\)"):
        load_articles(tmp_path)


def test_glob_and_list_sources(mixed_folder):
    assert [a.id for a in load_articles(str(mixed_folder / "*_good.*"))] == ["a_good", "b_good"]
    assert [a.id for a in load_articles(str(mixed_folder / "**" / "x.txt"))] == ["x"]
    with pytest.raises(FileNotFoundError, match="no file matches the pattern"):
        load_articles(str(mixed_folder / "*.nothing"))
    items = [mixed_folder / "b_good.txt", str(mixed_folder / "e_notes.md"), "Raw headline\n\nA raw text body.",
             mixed_folder / "gone.txt", Article(text="ready", id="r"), {"text": "From a dict.", "id": "d"}]
    out = list(iter_articles(items))
    assert [getattr(o, "id", None) for o in out] == ["b_good", "e_notes", None, "gone", "r", "d"]
    assert isinstance(out[3], LoadFailure) and "no such file" in out[3].reason
    assert out[2].title == "Raw headline"
    globbed = list(iter_articles([str(mixed_folder / "*_good.txt"), str(mixed_folder / "*.none")]))
    assert [getattr(o, "id", None) for o in globbed] == ["b_good", None]
    assert isinstance(globbed[1], LoadFailure) and "no file matches the pattern" in globbed[1].reason


def test_source_level_problems_raise_at_call_time(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        iter_articles(tmp_path / "nope")
    with pytest.raises(TypeError, match="use load_article.text."):
        load_articles("Headline\n\nA whole article passed as a string.")
    with pytest.raises(TypeError, match="takes a folder, a file, a glob pattern, a list or a DataFrame"):
        load_articles(42)


@pytest.mark.parametrize("source, match", [
    (None, r"takes a folder, a file, a glob pattern, a list or a DataFrame; got NoneType"),
    (b"Headline\n\nBody.", r"got bytes: use load_article\(\)"),
    ("Headline\n\nA whole article passed as a string.", r"got a text.*use load_article\(text\)"),
    ([None], r"item 1 of the list is a NoneType: {fn}\(\) takes paths"),
])
@pytest.mark.parametrize("fn", [load_articles, iter_articles])
def test_source_errors_name_the_function_called(fn, source, match):
    with pytest.raises(TypeError, match=match.format(fn=fn.__name__)) as info:
        fn(source)
    assert f"{fn.__name__}()" in str(info.value)
    other = "iter_articles()" if fn is load_articles else "load_articles()"
    assert other not in str(info.value)


def test_jsonl_good_lines_load_and_bad_lines_are_reported_with_line_numbers(tmp_path):
    path = tmp_path / "news.jsonl"
    lines = [
        json.dumps({"id": "a1", "title": "Given title", "text": "Body one is here.", "url": "https://x.org/1"}),
        "{this is not json",
        "",
        json.dumps({"id": "a3", "text": "   "}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "a5", "summary": "no text field"}),
        json.dumps({"article": "Auto headline\n\nBody found under 'article'.", "headline": "H"}),
        json.dumps({"id": 7, "text": 12}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = list(iter_articles(path))
    kinds = [type(o).__name__ for o in out]
    assert kinds == ["Article", "LoadFailure", "LoadFailure", "LoadFailure", "LoadFailure", "Article",
                     "LoadFailure"]
    assert (out[0].id, out[0].title, out[0].text, out[0].url) == ("a1", "Given title", "Body one is here.",
                                                                  "https://x.org/1")
    assert out[1].reason == "line 2: malformed JSON (Expecting property name enclosed in double quotes, column 2)"
    assert out[1].id == "news:2" and out[1].source == str(path)
    assert out[2].reason == "line 4: the text field 'text' is empty" and out[2].id == "a3"
    assert out[3].reason == "line 5: expected a JSON object, got list"
    assert out[4].reason.startswith("line 6: no text column (looked for 'text', 'article'")
    assert (out[5].id, out[5].title, out[5].text) == ("news:7", "H", "Body found under 'article'.")
    assert out[6].reason == "line 8: the text field 'text' is a int, not a string"
    with pytest.warns(UserWarning, match="5 of 7 items could not be loaded.*line 2: malformed JSON"):
        assert len(load_articles(path)) == 2


def test_jsonl_gz_and_columns(tmp_path):
    path = tmp_path / "news.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"key": "k1", "name": "Named", "story_text": "The body text."}) + "\n")
    (a,) = load_articles(path, text_column="story_text", title_column="name", id_column="key")
    assert (a.id, a.title, a.text) == ("k1", "Named", "The body text.")
    with pytest.raises(ArticleError, match=r"text_column='body' is not a column; the columns are \['key', 'name'"):
        load_articles(path, text_column="body")


def test_csv_with_quotes_newlines_cp1252_and_a_bad_row(tmp_path):
    path = tmp_path / "news.csv"
    rows = ('id,headline,body\n'
            '1,Caf\xe9 opens,"The caf\xe9 \x93opened\x94 on Monday.\n\nIt was busy, owners said."\n'
            '2,Too many,a,b,c\n'
            '3,Second,Second body here.\n')
    path.write_bytes(rows.encode("latin-1"))
    out = list(iter_articles(path))
    assert [type(o).__name__ for o in out] == ["Article", "LoadFailure", "Article"]
    assert out[0].title == "Café opens" and out[0].text == "The café “opened” on Monday.\n\nIt was busy, owners said."
    assert out[1].reason == "row 2 (line 5): 5 fields, expected 3" and out[1].id == "news:2"
    assert out[2].id == "3"


def test_tsv_and_missing_text_column(tmp_path):
    tsv = tmp_path / "news.tsv"
    tsv.write_text("title\ttext\nT\tThe tab body.\n", encoding="utf-8")
    assert load_articles(tsv)[0].text == "The tab body."
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    (failure,) = list(iter_articles(bad))
    assert "no text column" in failure.reason and "['a', 'b']" in failure.reason


def test_parquet_by_batches_and_dataframe(tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    frame = pd.DataFrame({"id": [f"r{i}" for i in range(600)],
                          "content": [f"Story number {i} is here." for i in range(600)],
                          "other": range(600)})
    frame.loc[5, "content"] = None
    path = tmp_path / "news.parquet"
    frame.to_parquet(path)
    out = list(iter_articles(path))
    assert len(out) == 600
    assert isinstance(out[5], LoadFailure) and out[5].id == "r5" and "empty" in out[5].reason
    assert out[599].id == "r599" and out[599].text == "Story number 599 is here."
    from_frame = load_articles(frame.head(3))
    assert [a.id for a in from_frame] == ["r0", "r1", "r2"]


def test_json_array_file(tmp_path):
    path = tmp_path / "news.json"
    path.write_text(json.dumps([{"text": "One body."}, {"text": "Two body."}]), encoding="utf-8")
    assert [a.id for a in load_articles(path)] == ["news:1", "news:2"]


def test_load_articles_warns_once_about_non_english(tmp_path):
    (tmp_path / "en.txt").write_bytes(SEED_000.read_bytes())
    (tmp_path / "fr.txt").write_bytes((FIXTURES / "french.txt").read_bytes())
    with pytest.warns(UserWarning, match=r"1 articles do not look like English: fr \(French\)") as rec:
        load_articles(tmp_path)
    assert len(rec) == 1


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
