"""Plain-text scrapes: lines and paragraphs, headers and tails, boilerplate lines (``loading._plaintext``,
``loading._cleaning``), through :func:`toolkit.load_article`."""
from __future__ import annotations

import pytest

from toolkit import load_article

from _loading_data import BODY, FIXTURES

HEADLINE = "Bridge repairs will take longer than planned"
BODY_2 = "The council will meet again next week to discuss the cost of the work, a spokesman said."


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

def test_hard_wrapped_paragraphs_are_joined():
    a = load_article(FIXTURES / "hard_wrapped.txt")
    assert len(a.paragraphs) == 3
    assert "from\nits" not in a.text and "ships from its port" in a.text


def test_markdown_link_text_kept_image_dropped():
    a = load_article(FIXTURES / "notes.md")
    assert "the city council said." in a.text
    assert a.removed == ("![The new reading room](images/reading-room.jpg)",)
    assert a.paragraphs[1] == "A bigger children's section"

def test_inline_tags_and_entities_in_plain_text():
    a = load_article("Budget vote delayed\n\nThe <b>vote</b> was delayed &amp; rescheduled for Friday, "
                     "officials said.<img src='x.gif' width='1'>")
    assert a.text == "The vote was delayed & rescheduled for Friday, officials said."
    assert a.removed == ("<img src='x.gif' width='1'>",)


def test_given_title_overrides_and_headline_line_leaves_the_body():
    a = load_article("Some headline here\n\nThe body sentence is right here today.", title="My title")
    assert a.title == "My title"
    assert a.text == "The body sentence is right here today."


def test_clean_false_keeps_every_line():
    text = "Home News Sport Weather Contact Careers\nSome headline\n\nThe body is here now.\n\nRead Comments"
    a = load_article(text, clean=False)
    assert a.title is None
    assert a.paragraphs == ("Home News Sport Weather Contact Careers", "Some headline", "The body is here now.",
                            "Read Comments")
    assert a.removed == ()


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
    # Issue 14.7: "iTunes now selling Band Aid song" gave title=None and stayed in the body.
    a = load_article(text)
    assert a.title == title
    if title:
        assert not a.text.startswith(title)


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
    # Between two paragraphs, where only the boilerplate rules (not the header or tail rules) apply.
    a = load_article(f"{HEADLINE}\n\n{BODY}\n\n{line}\n\n{BODY_2}")
    assert a.paragraphs == (BODY, BODY_2)
    assert a.removed == (line,)


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
    a = load_article(f"{HEADLINE}\n\n{BODY}\n\n{line}\n\n{BODY_2}")
    assert a.paragraphs == (BODY, line, BODY_2)
    assert a.removed == ()


def test_markup_comments_are_dropped_even_when_never_closed():
    a = load_article(f"{HEADLINE}\n\n{BODY}\n\n<!-- an editor's note -->\n\n{BODY_2}\n\n<!-- a note never closed\n\n"
                     "with a paragraph after it that a browser would not show.")
    assert a.paragraphs == (BODY, BODY_2)
    assert a.removed == ("<!-- an editor's note -->",
                         "<!-- a note never closed with a paragraph after it that a browser would not show.")
