"""Web pages: the article's body chosen by trafilatura, headline and metadata by the toolkit.

One synthetic page per failure kind of the hand-written extractor (issue 11): a layout
wrapper named like a sidebar or a paywall, a form around the whole page, a list of links
at the end of the article, a table of figures, a bullet list closing the article, a site
logo in an <h1>. Each page is small and the right answer is obvious.
"""
from __future__ import annotations

import pytest

from toolkit import load_article

from _loading_data import FIXTURES

STORY = [
    "The city council approved the new budget on Tuesday after a debate that lasted most of the night.",
    "The plan raises spending on schools and roads while cutting the cost of running the town hall.",
    "Opposition members said the savings were too optimistic and asked for an independent review.",
    "The mayor said the review would be published before the end of the year, as the law requires.",
]
PARAGRAPHS = "".join(f"<p>{p}</p>" for p in STORY)


def page(body: str, *, head: str = "<title>Council approves budget | The Example Times</title>") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


SIDEBAR_MENU = ("<aside><h3>Most read</h3><ul><li><a href='/a'>Storm closes the port</a></li>"
                "<li><a href='/b'>Mayor opens the new library</a></li></ul></aside>")


@pytest.mark.parametrize("wrapper", ["l-sidebar-fixed", "content-with-sidebar-wrp", "paywall"])
def test_a_wrapper_named_like_a_sidebar_or_paywall_keeps_the_story(wrapper):
    html = page(f"<div class='{wrapper}'><article><h1>Council approves budget</h1>{PARAGRAPHS}</article>"
                f"{SIDEBAR_MENU}</div>")
    a = load_article(html)
    assert a.title == "Council approves budget"
    assert a.paragraphs == tuple(STORY)
    assert "Storm closes the port" in a.removed


def test_a_form_around_the_whole_page_keeps_the_story():
    html = page(f"<form id='aspnetForm' method='post'><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
                f"<div id='content'><h1>Council approves budget</h1>{PARAGRAPHS}</div>"
                "<footer>Copyright 2024 The Example Times. All rights reserved.</footer></form>")
    a = load_article(html)
    assert a.title == "Council approves budget"
    assert a.paragraphs == tuple(STORY)
    assert not any("All rights reserved" in p for p in a.paragraphs)


def test_a_list_of_links_at_the_end_of_the_article_is_dropped():
    more = ("<h3>More great stories</h3><ul>"
            + "".join(f"<li><a href='/s{i}'>{t}</a></li>" for i, t in enumerate(
                ["Storm closes the port for a second day", "Police name the driver in the bridge crash",
                 "New library opens its doors to readers", "School buses to run on electricity by 2030"]))
            + "</ul>")
    html = page(f"<article><h1>Council approves budget</h1>{PARAGRAPHS}{more}</article>")
    a = load_article(html)
    assert a.paragraphs == tuple(STORY)
    assert "Police name the driver in the bridge crash" in a.removed


def test_a_table_of_figures_keeps_its_numbers():
    table = ("<table><tr><th>Department</th><th>2023</th><th>2024</th></tr>"
             "<tr><td>Schools</td><td>12,500</td><td>14,000</td></tr>"
             "<tr><td>Roads</td><td>8,200</td><td>9,100</td></tr></table>")
    html = page(f"<article><h1>Council approves budget</h1>{PARAGRAPHS}{table}"
                f"<p>Figures are in thousands of pounds, the council said in a statement on Wednesday.</p></article>")
    a = load_article(html)
    for cell in ("Schools", "12,500", "14,000", "Roads", "8,200", "9,100"):
        assert cell in a.text, cell
    assert a.paragraphs[0] == STORY[0]


def test_a_bullet_list_closing_the_article_is_kept():
    items = ["Schools: 14 million pounds", "Roads: 9 million pounds", "Libraries: 2 million pounds"]
    html = page(f"<article><h1>Council approves budget</h1>{PARAGRAPHS}"
                "<p>The main lines of the budget are:</p><ul>"
                + "".join(f"<li>{i}</li>" for i in items) + "</ul></article>")
    a = load_article(html)
    for item in items:
        assert item in a.text, item
    assert a.paragraphs[:4] == tuple(STORY)


def test_a_site_logo_h1_is_not_the_headline():
    html = page(f"<header><h1 class='logo'><a href='/'>The Example Times</a></h1>"
                "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav></header>"
                f"<main><h2>Council approves budget after all-night debate</h2>{PARAGRAPHS}</main>",
                head="<meta property='og:title' content='Council approves budget after all-night debate'>"
                     "<title>Council approves budget after all-night debate | The Example Times</title>")
    a = load_article(html)
    assert a.title == "Council approves budget after all-night debate"
    assert a.paragraphs == tuple(STORY)
    assert "The Example Times" not in a.text


def test_removed_holds_what_the_page_showed_and_the_article_does_not():
    html = page(f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
                f"<article><h1>Council approves budget</h1><p class='byline'>By Jane Doe</p>{PARAGRAPHS}</article>"
                "<footer><p>Copyright 2024 The Example Times. All rights reserved.</p></footer>")
    a = load_article(html)
    assert a.byline == "Jane Doe"
    assert "Copyright 2024 The Example Times. All rights reserved." in a.removed
    # Nothing of the body, headline or byline is listed as removed.
    assert not set(a.removed) & {*STORY, "Council approves budget", "By Jane Doe"}


@pytest.mark.parametrize("head, body, date, date_text", [
    ("<meta property='article:published_time' content='2024-03-05T08:00:00+00:00'>", "", "2024-03-05",
     "2024-03-05T08:00:00+00:00"),
    ("", "<p class='date'>Published 5 March 2024</p>", "2024-03-05", "Published 5 March 2024"),
    ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"datePublished\": \"2024-03-05\"}</script>",
     "", "2024-03-05", "2024-03-05"),
    ("", "", None, None),
])
def test_the_date_is_read_from_the_page_and_given_as_iso(head, body, date, date_text):
    html = page(f"<article><h1>Council approves budget</h1>{body}{PARAGRAPHS}</article>",
                head=head + "<title>Council approves budget</title>")
    a = load_article(html)
    assert (a.date, a.date_text) == (date, date_text)
    assert a.paragraphs == tuple(STORY)


def test_html_loading_needs_no_network(monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("the loader tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    a = load_article(page(f"<article><h1>Council approves budget</h1>{PARAGRAPHS}</article>"))
    assert a.paragraphs == tuple(STORY)


# --------------------------------------------------------------------------- pages, titles, inline tags

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


# --------------------------------------------------------------------------- comments (issue 15, item 13)


def test_text_in_a_comment_never_closed_is_hidden_as_in_a_browser():
    page = (f"<html><body><article><h1>Council approves budget</h1>{PARAGRAPHS}"
            "<!-- <p>Draft paragraph the editor hid from readers, never to be shown.</p>"
            "<p>Another hidden line.</p></article></body></html>")
    a = load_article(page)
    assert a.paragraphs == tuple(STORY)
    assert "hid" not in a.text + " ".join(a.removed) and "<!--" not in a.text


def test_a_comment_opened_inside_a_script_hides_nothing():
    page = (f"<html><body><script>var s = '<!-- not a comment';</script><article><h1>Council approves budget</h1>"
            f"{PARAGRAPHS}</article></body></html>")
    assert load_article(page).paragraphs == tuple(STORY)
