"""Web pages: the article's body chosen by trafilatura, headline and metadata by the toolkit.

One synthetic page per failure kind of the hand-written extractor (issue 11): a layout
wrapper named like a sidebar or a paywall, a form around the whole page, a list of links
at the end of the article, a table of figures, a bullet list closing the article, a site
logo in an <h1>. Each page is small and the right answer is obvious.
"""
from __future__ import annotations

import pytest

from toolkit import load_article

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
